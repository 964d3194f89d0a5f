package generator_test

import (
	"fmt"

	"github.com/quizdeck/quizdeck/generator"
)

// A question's GUID depends only on its id, so editing the fact's text and
// re-importing updates the Anki note instead of adding a new one.
func ExampleGUID() {
	id := generator.QuestionID("eurasian-union", "gyumri-base", generator.BaseCountry)
	fmt.Println(id)
	fmt.Println(generator.GUID(id) == generator.GUID("eurasian-union/gyumri-base/base-country"))
	// Output:
	// eurasian-union/gyumri-base/base-country
	// true
}

func ExampleNormalize() {
	fmt.Println(generator.Normalize("  Nagorno-Karabakh’s "))
	// Output: nagorno karabakh s
}

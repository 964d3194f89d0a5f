package grounding_test

import (
	"fmt"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grounding"
)

func ExampleCheck() {
	source := []byte("As Jane Roe observed in 1999, “Small is beautiful.”¹\n\n¹ Jane Roe, Essays, 2001.\n")
	d := &generator.Deck{ID: "demo", Facts: []*generator.Fact{{
		ID: "roe-small", Kind: generator.Quote, Speaker: "Jane Roe", Year: 1998,
		Said: "Small is beautiful.", Direct: true,
		Source: generator.Citation{Footnote: 1, Excerpt: `"Small is beautiful."`},
		Pos:    generator.Pos{File: "decks/demo/quotes.yaml", Line: 3, Col: 5},
	}}}
	for _, err := range grounding.Check(d, source) {
		fmt.Println(err)
	}
	// Output:
	// decks/demo/quotes.yaml:3:5: fact "roe-small": year "1998" is not in the excerpt or within 200 characters of it
}

func ExampleNormalize() {
	fmt.Println(grounding.Normalize("the “Cus-\ntoms Union”,³ *not*   the EU—yet"))
	// Output:
	// the "Customs Union", not the EU-yet
}

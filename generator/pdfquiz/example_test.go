package pdfquiz_test

import (
	"fmt"

	"github.com/quizdeck/quizdeck/generator/pdfquiz"
	"github.com/quizdeck/quizdeck/generator/render"
)

// The CLI hands these formats to generator.Build with the others; a build
// picks them by name in its formats list.
func ExampleNew() {
	tmpl, err := render.New("")
	if err != nil {
		panic(err)
	}
	for _, f := range pdfquiz.New(tmpl) {
		fmt.Println(f.Name())
	}
	// Output:
	// quiz-pdf
	// key-pdf
	// key-csv
	// answer-sheet-pdf
}

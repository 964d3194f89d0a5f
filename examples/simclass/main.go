// Simclass writes a simulated class's responses to a built quiz, for trying
// `quizdeck grade` before a real class sits it.
//
// Usage:
//
//	go run ./examples/simclass -build out [-quiz NAME] [-students 120] [-seed 1] [-plant] > responses.csv
//
// The responses come from a known item-response model (see package
// generator/grade/simclass). With -plant, the first three questions of
// version A get a fault each: a miskey, a dead distractor and an ambiguous
// item; the planted faults are printed to standard error, so the grade
// report's flags can be checked against them.
package main

import (
	"log"
	"os"

	"github.com/quizdeck/quizdeck/generator/grade/simclass"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("simclass: ")
	if err := simclass.Run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// Command measurelint judges the wrong options of an exported question bank
// (quizdeck export --format json) by the embedded deck's declared people,
// places and year limits, as check's implausible-distractor rule does: it
// measures a bank made by an earlier release or another tool. With a second
// argument it lists every implausible option and why.
//
//	go run ./generator/internal/measurelint questions.json [-v]
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/spec"
)

func main() {
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		panic(err)
	}
	d := ds[0]
	facts := map[string]*generator.Fact{}
	for _, f := range d.Facts {
		facts[f.ID] = f
	}
	var bank struct{ Questions []generator.Question }
	b, _ := os.ReadFile(os.Args[1])
	if err := json.Unmarshal(b, &bank); err != nil {
		panic(err)
	}
	total, bad, guessable := 0, 0, 0
	for i := range bank.Questions {
		q := &bank.Questions[i]
		f := facts[q.Fact]
		if f == nil {
			fmt.Println("no fact", q.Fact)
			continue
		}
		n := 0
		for _, x := range q.Distractors {
			total++
			if why := question.Implausible(d, f, q, x); why != "" {
				bad++
				n++
				if len(os.Args) > 2 {
					fmt.Printf("%s: %q %s\n", q.ID, x, why)
				}
			}
		}
		if n >= 2 {
			guessable++
		}
	}
	fmt.Printf("%d questions, %d distractors, %d implausible (%.0f%% plausible), %d guessable\n", len(bank.Questions), total, bad, 100*float64(total-bad)/float64(total), guessable)
}

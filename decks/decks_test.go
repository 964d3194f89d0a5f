package decks_test

import (
	"fmt"
	"testing"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

func bank(t *testing.T, seed uint64) *generator.Bank {
	t.Helper()
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	qs, warns, err := question.Generate(ds, seed, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warns {
		t.Errorf("the default deck drops a question: %v", w)
	}
	return &generator.Bank{Decks: ds, Questions: qs}
}

// TestDefaultQuizHasNoGiveAways draws the default 20-question quiz for
// seeds 1-20: no two questions from one passage, no prompt holding another
// question's answer, and every section represented.
func TestDefaultQuizHasNoGiveAways(t *testing.T) {
	var quiz generator.BuildOptions
	for _, b := range generator.DefaultBuilds() {
		if b.Count > 0 {
			quiz = b
		}
	}
	if quiz.Count == 0 {
		t.Fatal("no sampled build among the default builds")
	}
	for seed := uint64(1); seed <= 20; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			b := bank(t, seed)
			qs, err := generator.Select(b, quiz, seed)
			if err != nil {
				t.Fatal(err)
			}
			if len(qs) != quiz.Count {
				t.Fatalf("%d questions, want %d", len(qs), quiz.Count)
			}
			sections := map[string]int{}
			for i := range qs {
				sections[qs[i].Section]++
				for j := i + 1; j < len(qs); j++ {
					if generator.GiveAway(&qs[i], &qs[j]) {
						t.Errorf("%s and %s help with each other (passages %q, %q)", qs[i].ID, qs[j].ID, qs[i].Passage, qs[j].Passage)
					}
				}
			}
			if len(sections) < 2 {
				t.Errorf("sections drawn: %v", sections)
			}
		})
	}
}

// TestDefaultDeckLintsClean generates the default bank under several seeds
// (each seed picks other options) and runs the item-writing lint: no
// implausible, guessable or cued question under any of them.
func TestDefaultDeckLintsClean(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 7, 42, 1000} {
		b := bank(t, seed)
		for _, f := range question.Lint(b.Decks, b.Questions) {
			t.Errorf("seed %d: %v", seed, f)
		}
	}
}

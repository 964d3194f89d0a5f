package grounding_test

import (
	"os"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grounding"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// secondText is the example deck curated from an encyclopedia article
// with [n] references (see its README).
const secondText = "../../examples/cuban-missile-crisis"

func loadSecondText(t *testing.T) (*generator.Deck, []byte) {
	t.Helper()
	src, err := os.ReadFile(secondText + "/source.txt")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := spec.Load(os.DirFS(secondText+"/decks"), "decks")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 {
		t.Fatalf("%d decks, want 1", len(ds))
	}
	return ds[0], src
}

// TestSecondTextGrounded checks the example deck against the article as
// published, and that the check still catches what it must there.
func TestSecondTextGrounded(t *testing.T) {
	d, src := loadSecondText(t)
	for _, err := range grounding.Check(d, src) {
		t.Error(err)
	}
	fact := func(id string) *generator.Fact {
		for _, f := range d.Facts {
			if f.ID == id {
				g := *f
				return &g
			}
		}
		t.Fatalf("no fact %s", id)
		return nil
	}
	one := func(f *generator.Fact) *generator.Deck {
		return &generator.Deck{ID: d.ID, Source: d.Source, Pools: d.Pools, Facts: []*generator.Fact{f}}
	}

	t.Run("the year needs its grounded_by", func(t *testing.T) {
		f := fact("quarantine-ordered")
		f.GroundedBy = nil
		checkOne(t, "without grounded_by", grounding.Check(one(f), src), `year "1962" is not in the excerpt`)
	})
	t.Run("the grounded_by passage has no footnote of its own", func(t *testing.T) {
		f := fact("quarantine-ordered")
		f.GroundedBy = []generator.Citation{{Excerpt: f.GroundedBy[0].Excerpt}}
		checkOne(t, "without footnote: none", grounding.Check(one(f), src), "grounded_by 1: the source prints footnote 4 for this passage, but the fact gives none")
	})
	t.Run("either number of [7][8]", func(t *testing.T) {
		f := fact("dobrynin-humiliation")
		f.Source.Footnote = 8
		checkOne(t, "footnote 8", grounding.Check(one(f), src), "")
		f.Source.Footnote = 6
		checkOne(t, "footnote 6", grounding.Check(one(f), src), "the first footnote marker after the excerpt is 7")
	})
	t.Run("the wrong Kennedy", func(t *testing.T) {
		f := fact("dobrynin-humiliation")
		f.Direct, f.Source.Footnote = false, 5
		f.Source.Excerpt = "After careful consideration, President Kennedy chose a less aggressive course of action"
		f.Speaker = "John F. Kennedy"
		checkOne(t, "John F. Kennedy", grounding.Check(one(f), src), "")
		f.Speaker = "Robert F. Kennedy"
		checkOne(t, "Robert F. Kennedy", grounding.Check(one(f), src), `speaker "Robert F. Kennedy" is not in the excerpt or within 200 characters of it (the surname alone does not count`)
	})
}

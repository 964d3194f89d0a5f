package spec_test

import (
	"testing"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator/spec"
)

func TestEmbeddedDecksLoad(t *testing.T) {
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		t.Logf("%s: %d facts", d.ID, len(d.Facts))
	}
}

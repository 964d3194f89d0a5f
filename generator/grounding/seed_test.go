package grounding_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator/grounding"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// seedPath is the essay the embedded deck is curated from. It lives in
// shared/, the folder beside the repository, and is never copied into it.
var seedPath = filepath.Join("..", "..", "..", "shared", "seed", "000_8af92da305f5700c.txt")

// TestEmbeddedDeckGrounded checks the embedded decks against the essay.
func TestEmbeddedDeckGrounded(t *testing.T) {
	src, err := os.ReadFile(seedPath)
	if errors.Is(err, os.ErrNotExist) {
		if os.Getenv("CI") != "" {
			t.Fatalf("source text %s is missing (CI is set)", seedPath)
		}
		t.Skipf("source text %s is missing; skipping the grounding check", seedPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		n := 0
		for _, err := range grounding.Check(d, src) {
			t.Error(err)
			n++
		}
		t.Logf("%s: %d facts, %d grounding problems", d.ID, len(d.Facts), n)
	}
}

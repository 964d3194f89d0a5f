package pdfquiz

import (
	"context"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/memcache"
)

// TestSubsetCache: a build whose font subsets come from the cache writes
// the same bytes as one that cuts them, and a second run cuts none.
func TestSubsetCache(t *testing.T) {
	build := func(formats []generator.Format) *generator.Manifest {
		t.Helper()
		opts := generator.DefaultOptions()
		opts.Out, opts.Seed, opts.Builds = t.TempDir(), 7, []generator.BuildOptions{quizBuild()}
		m, err := generator.Build(context.Background(), testBank(), opts, formats, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	want := build(New(testTemplates(t)))
	c := &memcache.Cache{}
	for _, round := range []string{"cold", "warm"} {
		got := build(NewCached(testTemplates(t), c, "test"))
		for i := range want.Files {
			if got.Files[i] != want.Files[i] {
				t.Errorf("%s: %s differs from an uncached build", round, want.Files[i].Path)
			}
		}
	}
	hits, puts := c.Counts()
	if puts == 0 || hits != puts {
		t.Errorf("%d subsets cached, %d taken from the cache on the second run", puts, hits)
	}
	// Another salt (another binary) takes nothing from these entries.
	build(NewCached(testTemplates(t), c, "other"))
	if again, _ := c.Counts(); again != hits {
		t.Errorf("another salt hit %d entries", again-hits)
	}
}

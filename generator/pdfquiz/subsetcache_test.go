package pdfquiz

import (
	"context"
	"sync"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
)

// memCache is a Cache in memory that counts hits and entries.
type memCache struct {
	mu         sync.Mutex
	m          map[[32]byte][]byte
	hits, puts int
}

func (c *memCache) Get(k [32]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[k]
	if ok {
		c.hits++
	}
	return b, ok
}

func (c *memCache) Put(k [32]byte, b []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[[32]byte][]byte{}
	}
	c.m[k] = b
	c.puts++
	return nil
}

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
	c := &memCache{}
	for _, round := range []string{"cold", "warm"} {
		got := build(NewCached(testTemplates(t), c, "test"))
		for i := range want.Files {
			if got.Files[i] != want.Files[i] {
				t.Errorf("%s: %s differs from an uncached build", round, want.Files[i].Path)
			}
		}
	}
	if c.puts == 0 || c.hits != c.puts {
		t.Errorf("%d subsets cached, %d taken from the cache on the second run", c.puts, c.hits)
	}
	// Another salt (another binary) takes nothing from these entries.
	hits := c.hits
	build(NewCached(testTemplates(t), c, "other"))
	if c.hits != hits {
		t.Errorf("another salt hit %d entries", c.hits-hits)
	}
}

package spec_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/quizdeck/quizdeck/generator/filecache"
	"github.com/quizdeck/quizdeck/generator/internal/synthdeck"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// BenchmarkLoad loads a synthetic deck by parsing its YAML ("parse") and
// from a filled spec cache on disk ("cache"), as a second build does.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1000, 10_000} {
		dir := b.TempDir()
		if _, err := synthdeck.Write(dir, "synth", n, 1); err != nil {
			b.Fatal(err)
		}
		c, err := filecache.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		for _, tc := range []struct {
			name   string
			loader spec.Loader
		}{{"parse", spec.Loader{}}, {"cache", spec.Loader{Cache: c}}} {
			b.Run(strconv.Itoa(n)+"facts/"+tc.name, func(b *testing.B) {
				if _, err := tc.loader.Load(context.Background(), os.DirFS(dir), "decks"); err != nil {
					b.Fatal(err) // and fills the cache
				}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := tc.loader.Load(context.Background(), os.DirFS(dir), "decks"); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

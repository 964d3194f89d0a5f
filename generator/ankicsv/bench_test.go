package ankicsv_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/ankicsv"
	"github.com/quizdeck/quizdeck/generator/internal/synthdeck"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// BenchmarkBuild measures what `quizdeck build` does for a CSV build of a
// synthetic deck: load the specs, generate the questions, write the Anki
// CSV and the manifest.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 100_000} {
		b.Run(strconv.Itoa(n)+"facts", func(b *testing.B) {
			dir := b.TempDir()
			decksDir := filepath.Join(dir, "decks")
			if _, err := synthdeck.Write(decksDir, "synth", n, 1); err != nil {
				b.Fatal(err)
			}
			tmpl, err := render.New("")
			if err != nil {
				b.Fatal(err)
			}
			opts := generator.DefaultOptions()
			opts.Out = filepath.Join(dir, "out")
			opts.Builds = []generator.BuildOptions{{Name: "deck", Formats: []string{generator.FormatAnkiCSV}}}
			b.ReportAllocs()
			for b.Loop() {
				ds, err := spec.Load(os.DirFS(decksDir), decksDir)
				if err != nil {
					b.Fatal(err)
				}
				qs, _, err := question.Generate(ds, opts.Seed, tmpl)
				if err != nil {
					b.Fatal(err)
				}
				bank := &generator.Bank{Decks: ds, Questions: qs}
				if _, err := generator.Build(context.Background(), bank, opts, []generator.Format{ankicsv.New(tmpl)}, "", nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

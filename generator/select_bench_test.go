package generator_test

import (
	"os"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/synthdeck"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// BenchmarkSelect500 samples a 500-question quiz from a 1,000-fact bank:
// one question per fact and passage, none giving another away.
func BenchmarkSelect500(b *testing.B) {
	dir := b.TempDir()
	if _, err := synthdeck.Write(dir, "synth", 1000, 1); err != nil {
		b.Fatal(err)
	}
	ds, err := spec.Load(os.DirFS(dir), dir)
	if err != nil {
		b.Fatal(err)
	}
	tmpl, err := render.New("")
	if err != nil {
		b.Fatal(err)
	}
	qs, _, err := question.Generate(ds, 1, tmpl)
	if err != nil {
		b.Fatal(err)
	}
	bank := &generator.Bank{Decks: ds, Questions: qs}
	build := generator.BuildOptions{Name: "quiz", Count: 500}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := generator.Select(bank, build, 1); err != nil {
			b.Fatal(err)
		}
	}
}

package pdfquiz

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/synthdeck"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// TestSyntheticDeckPrints builds every question of a synthetic deck (the
// one the benchmarks use) as quiz, key and answer-sheet PDFs: each name,
// place and phrase it uses must be drawable in the Go fonts.
func TestSyntheticDeckPrints(t *testing.T) {
	dir := t.TempDir()
	decks := filepath.Join(dir, "decks")
	if _, err := synthdeck.Write(decks, "synth", 500, 1); err != nil {
		t.Fatal(err)
	}
	ds, err := spec.Load(os.DirFS(decks), decks)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := testTemplates(t)
	qs, _, err := question.Generate(ds, 1, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	b := generator.BuildOptions{Name: "synth", Title: "Synthetic", Formats: []string{generator.FormatQuizPDF, generator.FormatKeyPDF, generator.FormatAnswerSheet},
		Quiz: generator.DefaultQuizOptions()}
	b.Quiz.Versions = 1
	b.FillDefaults()
	opts := generator.DefaultOptions()
	opts.Out = filepath.Join(dir, "out")
	opts.Builds = []generator.BuildOptions{b}
	m, err := generator.Build(context.Background(), &generator.Bank{Decks: ds, Questions: qs}, opts, New(tmpl), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Quizzes) != 1 || len(m.Quizzes[0].Questions) != len(qs) {
		t.Errorf("the quiz holds %d of %d questions", len(m.Quizzes[0].Questions), len(qs))
	}
}

package pdfquiz

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
)

// benchBuild runs a whole build as the CLI would: templates, formats (so
// font parsing counts), selection, every quiz format and the commit.
func benchBuild(b *testing.B, bank *generator.Bank, build generator.BuildOptions) {
	b.Helper()
	tmpl := testTemplates(b)
	b.ReportAllocs()
	for b.Loop() {
		opts := generator.DefaultOptions()
		opts.Out = b.TempDir()
		opts.Builds = []generator.BuildOptions{build}
		if _, err := generator.Build(context.Background(), bank, opts, New(tmpl), "", io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func benchOptions(n int, formats ...string) generator.BuildOptions {
	b := generator.BuildOptions{Name: "bench", Title: "Benchmark Quiz", Count: n, Formats: formats, Quiz: generator.DefaultQuizOptions()}
	b.Quiz.Versions = 3
	b.FillDefaults()
	return b
}

// BenchmarkQuiz50x3 is 50 questions in 3 versions with keys (PDF and CSV).
func BenchmarkQuiz50x3(b *testing.B) {
	benchBuild(b, bigBank(60), benchOptions(50, generator.FormatQuizPDF, generator.FormatKeyPDF, generator.FormatKeyCSV))
}

// BenchmarkQuiz500x3 is 500 questions in 3 versions with keys (PDF and CSV).
func BenchmarkQuiz500x3(b *testing.B) {
	benchBuild(b, bigBank(520), benchOptions(500, generator.FormatQuizPDF, generator.FormatKeyPDF, generator.FormatKeyCSV))
}

// BenchmarkQuiz20x2Default is the default build: 20 questions, 2 versions,
// every quiz format.
func BenchmarkQuiz20x2Default(b *testing.B) {
	o := benchOptions(20, generator.QuizFormats()...)
	o.Quiz.Versions = 2
	benchBuild(b, bigBank(40), o)
}

// BenchmarkStudents1000 writes 1,000 per-student copies of a 40-question quiz.
func BenchmarkStudents1000(b *testing.B) {
	roster := filepath.Join(b.TempDir(), "roster.csv")
	var sb strings.Builder
	sb.WriteString("name,id\n")
	for i := range 1000 {
		fmt.Fprintf(&sb, "Student Núñez-%04d,s%04d\n", i, i)
	}
	if err := os.WriteFile(roster, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	o := benchOptions(40, generator.FormatQuizPDF, generator.FormatKeyPDF)
	o.Quiz.Roster = roster
	benchBuild(b, bigBank(60), o)
}

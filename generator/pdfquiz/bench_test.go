package pdfquiz

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quizdeck/quizdeck/generator"
)

// benchBuild runs a whole build as the CLI would: templates, formats (so
// font parsing counts), selection, every quiz format and the commit.
func benchBuild(b *testing.B, bank *generator.Bank, build generator.BuildOptions) {
	b.Helper()
	tmpl := testTemplates(b)
	b.ReportAllocs()
	// CPU time (user + system) per op is reported too: on a shared machine
	// wall time says more about the neighbours than about the code.
	start := cpuTime()
	for b.Loop() {
		opts := generator.DefaultOptions()
		opts.Out = b.TempDir()
		opts.Builds = []generator.BuildOptions{build}
		if _, err := generator.Build(context.Background(), bank, opts, New(tmpl), "", io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// cpuTime is the process's user plus system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
	benchBuild(b, bigBank(700), benchOptions(500, generator.FormatQuizPDF, generator.FormatKeyPDF, generator.FormatKeyCSV))
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

// BenchmarkLayoutQuiz50 lays out one 50-question quiz version (no PDF).
func BenchmarkLayoutQuiz50(b *testing.B) {
	e := &engine{tmpl: testTemplates(b), fonts: newFontCache()}
	p, err := e.plan(testJob(b, bigBank(60), benchOptions(50, generator.FormatQuizPDF)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := quizDoc(p.setup(e), p.q.Versions[0], nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDrawQuiz50 draws one laid-out 50-question quiz version with fpdf.
func BenchmarkDrawQuiz50(b *testing.B) {
	e := &engine{tmpl: testTemplates(b), fonts: newFontCache()}
	p, err := e.plan(testJob(b, bigBank(60), benchOptions(50, generator.FormatQuizPDF)))
	if err != nil {
		b.Fatal(err)
	}
	d, err := quizDoc(p.setup(e), p.q.Versions[0], nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := draw(d, p.job.Epoch, io.Discard, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDrawEmpty draws a one-line page in both fonts: the fixed cost
// of a PDF (it was about 7 ms with fpdf's UTF-8 font path).
func BenchmarkDrawEmpty(b *testing.B) {
	fonts, err := newFontCache().get("")
	if err != nil {
		b.Fatal(err)
	}
	d := &Doc{Title: "t", W: 210, H: 297, fonts: fonts, Pages: []*Page{{Elems: []Elem{
		{Op: OpText, X: 20, Y: 20, Size: 11, Text: "Name"}, {Op: OpText, X: 20, Y: 30, Size: 11, Style: Bold, Text: "1."}}}}}
	b.ReportAllocs()
	for b.Loop() {
		if err := draw(d, time.Unix(0, 0), io.Discard, false); err != nil {
			b.Fatal(err)
		}
	}
}

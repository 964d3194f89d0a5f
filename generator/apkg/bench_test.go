package apkg_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/apkg"
)

// benchmarkPackage builds and writes one package of n questions per
// iteration: notes, SQLite collection in a temporary file, zip.
func benchmarkPackage(b *testing.B, n int, mc bool) {
	bank := bigBank(n)
	w := apkg.New(templates(b))
	job := &generator.Job{Build: generator.BuildOptions{Name: "bench"}, Decks: bank.Decks,
		Questions: bank.Questions, Seed: 1, Epoch: time.Unix(epoch, 0), Log: io.Discard,
		Anki: generator.AnkiOptions{MultipleChoice: mc}}
	b.ReportAllocs()
	for b.Loop() {
		p, err := w.Package(job, bank.Decks[0])
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	// The peer benchmark (docs/benchmarks.md) has genanki write these
	// very notes: QUIZDECK_BENCH_APKG names where to keep a copy.
	if path := os.Getenv("QUIZDECK_BENCH_APKG"); path != "" {
		p, err := w.Package(job, bank.Decks[0])
		if err != nil {
			b.Fatal(err)
		}
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Write(f); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPackage10k writes 10,000 facts of one question each: 10,000
// notes, 10,000 cards.
func BenchmarkPackage10k(b *testing.B) { benchmarkPackage(b, 10000, false) }

// BenchmarkPackage10kWithMultipleChoice writes the same notes with the
// lettered options on each front (anki.multiple_choice).
func BenchmarkPackage10kWithMultipleChoice(b *testing.B) { benchmarkPackage(b, 10000, true) }

// BenchmarkStampFrom10k reads a previous package of 10,000 notes and
// stamps a new one from it: the extra cost of a rebuild into the same
// output folder.
func BenchmarkStampFrom10k(b *testing.B) {
	bank := bigBank(10000)
	w := apkg.New(templates(b))
	job := &generator.Job{Build: generator.BuildOptions{Name: "bench"}, Decks: bank.Decks,
		Questions: bank.Questions, Seed: 1, Epoch: time.Unix(epoch, 0), Log: io.Discard}
	p, err := w.Package(job, bank.Decks[0])
	if err != nil {
		b.Fatal(err)
	}
	prev := filepath.Join(b.TempDir(), "prev.apkg")
	f, err := os.Create(prev)
	if err != nil {
		b.Fatal(err)
	}
	if err := p.Write(f); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ReportAllocs()
	for b.Loop() {
		if err := p.StampFrom(prev); err != nil {
			b.Fatal(err)
		}
	}
}

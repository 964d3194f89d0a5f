package apkg_test

import (
	"io"
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
	w.MultipleChoice, w.Cloze = mc, false
	job := &generator.Job{Build: generator.BuildOptions{Name: "bench"}, Decks: bank.Decks,
		Questions: bank.Questions, Seed: 1, Epoch: time.Unix(epoch, 0), Log: io.Discard}
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
}

// BenchmarkPackage10k writes 10,000 basic notes (10,000 cards).
func BenchmarkPackage10k(b *testing.B) { benchmarkPackage(b, 10000, false) }

// BenchmarkPackage10kWithMultipleChoice writes 10,000 questions as 20,000
// notes: a basic and a multiple-choice note each.
func BenchmarkPackage10kWithMultipleChoice(b *testing.B) { benchmarkPackage(b, 10000, true) }

// Package jsonbank writes the question bank as JSON, the form other tools
// (and quizdeck's own tests) read: every question with its id, deck, fact,
// kind, prompt, answer, distractors, source, tags and Anki GUID.
package jsonbank

import (
	"bufio"
	"context"
	"encoding/json"
	"io"

	"github.com/quizdeck/quizdeck/generator"
)

// Bank is the JSON document.
type Bank struct {
	Tool      string               `json:"tool"`
	Version   string               `json:"version"`
	Seed      uint64               `json:"seed"`
	Questions []generator.Question `json:"questions"`
}

// Write writes qs as an indented JSON Bank, one question object at a time.
func Write(w io.Writer, seed uint64, qs []generator.Question) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	b := Bank{Tool: "quizdeck", Version: generator.Version, Seed: seed, Questions: qs}
	if b.Questions == nil {
		b.Questions = []generator.Question{}
	}
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(b); err != nil {
		return err
	}
	return bw.Flush()
}

// Format is the json build format: <build>/questions.json.
type Format struct{}

// Name implements generator.Format.
func (Format) Name() string { return generator.FormatJSON }

// Write implements generator.Format.
func (f Format) Write(_ context.Context, job *generator.Job, out *generator.Output) error {
	return out.WriteFile(job.Build.Name, job.Build.Name+"/questions.json", f.Name(), func(w io.Writer) error {
		return Write(w, job.Seed, job.Questions)
	})
}

// Package examples holds example configs; this test keeps them loadable.
package examples

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// declaredFormats are the format names generator declares; a build may
// name one before its writer is registered in KnownFormats.
var declaredFormats = []string{
	generator.FormatAnkiCSV, generator.FormatJSON, generator.FormatAnkiClozeCSV, generator.FormatAnkiAPKG,
	generator.FormatQuizPDF, generator.FormatKeyPDF, generator.FormatKeyCSV, generator.FormatAnswerSheet,
}

// TestExamplesDecode decodes every example into generator.Options with
// unknown keys rejected (Options' json names equal its mapstructure keys)
// and validates it.
func TestExamplesDecode(t *testing.T) {
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples found (%v)", err)
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var raw any
			if err := yaml.Unmarshal(data, &raw); err != nil {
				t.Fatal(err)
			}
			js, err := json.Marshal(raw)
			if err != nil {
				t.Fatal(err)
			}
			opts := generator.DefaultOptions()
			dec := json.NewDecoder(bytes.NewReader(js))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&opts); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if opts.DecksDir != "" {
				t.Errorf("decks_dir = %q; examples use the embedded decks", opts.DecksDir)
			}
			for i := range opts.Builds {
				opts.Builds[i].FillDefaults()
				checkSelects(t, ds, opts.Builds[i], opts.Seed)
			}
			for _, err := range unwrapJoined(opts.Validate()) {
				var fe *generator.FieldError
				if errors.As(err, &fe) && strings.Contains(fe.Key, ".formats.") && slices.ContainsFunc(declaredFormats, func(f string) bool {
					return strings.Contains(fe.Err.Error(), `"`+f+`"`)
				}) {
					t.Logf("%v (declared, not yet registered)", err)
					continue
				}
				t.Error(err)
			}
		})
	}
}

func unwrapJoined(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// checkSelects reports build decks and tags that match nothing in the
// embedded decks, and a count larger than the facts the filters keep.
func checkSelects(t *testing.T, ds []*generator.Deck, b generator.BuildOptions, seed uint64) {
	t.Helper()
	facts := 0
	tagged := map[string]bool{}
	for _, d := range ds {
		if len(b.Decks) > 0 && !slices.Contains(b.Decks, d.ID) {
			continue
		}
		for _, f := range d.Facts {
			for _, tag := range f.Tags {
				tagged[tag] = true
			}
			if len(b.Tags) == 0 || slices.ContainsFunc(f.Tags, func(tag string) bool { return slices.Contains(b.Tags, tag) }) {
				facts++
			}
		}
	}
	for _, id := range b.Decks {
		if !slices.ContainsFunc(ds, func(d *generator.Deck) bool { return d.ID == id }) {
			t.Errorf("build %s: no embedded deck %q", b.Name, id)
		}
	}
	for _, tag := range b.Tags {
		if !tagged[tag] {
			t.Errorf("build %s: no fact is tagged %q", b.Name, tag)
		}
	}
	if b.Count > facts {
		t.Errorf("build %s: count %d but only %d facts pass its filters", b.Name, b.Count, facts)
	}
	// The sampler's own rules (one question per passage, no give-aways)
	// may allow fewer: draw the selection as a build would.
	tmpl, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	qs, _, err := question.Generate(ds, seed, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Select(&generator.Bank{Decks: ds, Questions: qs}, b, seed); err != nil {
		t.Errorf("build %s: %v", b.Name, err)
	}
}

// TestReadmeTags checks that every tag the examples README names as a tag
// of the embedded deck is one, so a reader copying it into a build's tags
// gets questions.
func TestReadmeTags(t *testing.T) {
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	tagged := map[string]bool{}
	for _, d := range ds {
		for _, f := range d.Facts {
			for _, tag := range f.Tags {
				tagged[tag] = true
			}
		}
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, para, ok := strings.Cut(string(readme), "Tags in the embedded deck include")
	if !ok {
		t.Fatal(`README.md has no "Tags in the embedded deck include" paragraph`)
	}
	para, _, _ = strings.Cut(para, "\n\n")
	names := 0
	for i, part := range strings.Split(para, "`") {
		if i%2 == 1 {
			names++
			if !tagged[part] {
				t.Errorf("README.md names tag %q, which no fact of the embedded deck has", part)
			}
		}
	}
	if names == 0 {
		t.Error("the README's tag paragraph names no tag")
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// TestSecondText runs the example deck curated from an encyclopedia
// article (examples/cuban-missile-crisis) the way a user would: check it
// against the article as published, then build it in every format.
func TestSecondText(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "examples", "cuban-missile-crisis"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, e := range []string{"QUIZDECK_OUT", "QUIZDECK_SEED", "QUIZDECK_DECKS_DIR", "QUIZDECK_TEMPLATES", "QUIZDECK_EPOCH", "SOURCE_DATE_EPOCH"} {
		t.Setenv(e, "")
		os.Unsetenv(e)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"check", "--source", "source.txt"}, &stdout, &stderr); code != 0 {
		t.Fatalf("check --source exited %d:\n%s", code, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "ok: 1 deck(s)") || !strings.Contains(stdout.String(), " 0 warning(s)") {
		t.Errorf("check said %q (stderr %q), want ok with no warnings", stdout.String(), stderr.String())
	}

	out := t.TempDir()
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"build", "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr.String())
	}
	var m struct {
		Files []struct {
			Path   string `json:"path"`
			Format string `json:"format"`
		} `json:"files"`
	}
	data, err := os.ReadFile(filepath.Join(out, generator.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var written []string
	for _, f := range m.Files {
		written = append(written, f.Format)
		if st, err := os.Stat(filepath.Join(out, f.Path)); err != nil || st.Size() == 0 {
			t.Errorf("%s: missing or empty (%v)", f.Path, err)
		}
	}
	for _, f := range formats(nil, spec.Loader{}) {
		if !slices.Contains(written, f.Name()) {
			t.Errorf("the example wrote nothing in format %s", f.Name())
		}
	}
	// No author: card backs cite the title alone.
	basic, err := os.ReadFile(filepath.Join(out, "deck", "cuban-missile-crisis.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(basic), "<small>, ") || !strings.Contains(string(basic), "<small>“Cuban Missile Crisis”, n. 7: ") {
		t.Errorf("card backs do not cite the title alone:\n%s", basic)
	}
	// The year of the quarantine stands in a grounded_by excerpt: the card
	// cites it too.
	if !strings.Contains(string(basic), "&#34;blockade&#34;”; also: “was a 13-day (October 16 – October 29, 1962) confrontation") {
		t.Errorf("the quarantine card does not cite its grounded_by excerpt:\n%s", basic)
	}
	cloze, err := os.ReadFile(filepath.Join(out, "deck", "cuban-missile-crisis.cloze.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(cloze), "essay") || !strings.Contains(string(cloze), "According to the article, ") {
		t.Errorf("cloze notes do not speak of the article:\n%s", cloze)
	}
}

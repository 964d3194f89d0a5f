package apkg_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/apkg"
	"github.com/quizdeck/quizdeck/generator/render"
)

// TestWriterOptions checks what each Anki switch makes, in the ostpolitik
// deck (4 facts: 6 questions, 1 quotation with a who-said question and a
// year, 1 without; a base asked both ways) and the pacific deck (1 base
// asked only for its country).
func TestWriterOptions(t *testing.T) {
	tests := []struct {
		name         string
		opts         generator.AnkiOptions
		facts, cards int // ostpolitik quizdeck Fact notes and their cards
		clozeN       int
		pacificCards int
		mcFronts     int // fronts with lettered options
	}{
		{"default", generator.AnkiOptions{}, 4, 6, 0, 1, 0},
		{"cloze", generator.AnkiOptions{Cloze: true}, 4, 6, 2, 1, 0},
		{"reversed", generator.AnkiOptions{Reversed: true}, 4, 6, 0, 2, 0},
		{"multiple choice", generator.AnkiOptions{MultipleChoice: true}, 4, 6, 0, 1, 6},
		{"everything", generator.AnkiOptions{MultipleChoice: true, Cloze: true, Reversed: true}, 4, 6, 2, 2, 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			buildWith(t, testBank(), out, apkg.New(templates(t)), epoch, tc.opts)
			count := func(pkg, q string, args ...any) int {
				var n int
				if err := openCollection(t, filepath.Join(out, "deck", pkg)).QueryRow(q, args...).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			const ost = "ostpolitik.apkg"
			if got := count(ost, `SELECT count(*) FROM notes WHERE mid = ?`, apkg.FactID); got != tc.facts {
				t.Errorf("%d fact notes, want %d", got, tc.facts)
			}
			if got := count(ost, `SELECT count(*) FROM notes WHERE mid = ?`, apkg.ClozeID); got != tc.clozeN {
				t.Errorf("%d cloze notes, want %d", got, tc.clozeN)
			}
			if got := count(ost, `SELECT count(*) FROM cards`); got != tc.cards+tc.clozeN {
				t.Errorf("%d cards, want %d", got, tc.cards+tc.clozeN)
			}
			const ol = `<ol class="options"`
			if got := count(ost, `SELECT coalesce(sum((length(flds) - length(replace(flds, ?, ''))) / length(?)), 0) FROM notes`, ol, ol); got != tc.mcFronts {
				t.Errorf("%d fronts with options, want %d", got, tc.mcFronts)
			}
			if got := count("pacific.apkg", `SELECT count(*) FROM cards`); got != tc.pacificCards {
				t.Errorf("pacific: %d cards, want %d", got, tc.pacificCards)
			}
		})
	}
}

// TestCSSOverride checks that an overriding anki-css template reaches the
// note types and makes them newer than in the previous package, so a
// re-import restyles the cards; the notes themselves stay as they were.
func TestCSSOverride(t *testing.T) {
	out := t.TempDir()
	pkg := filepath.Join(out, "deck", "ostpolitik.apkg")
	build(t, testBank(), out, apkg.New(templates(t)), epoch)
	before := readNotes(t, openCollection(t, pkg))

	css := `{{define "anki-css"}}.card { font-family: "Fira Sans"; }{{end}}`
	set, err := render.NewFS(fstest.MapFS{"anki-card.css.tmpl": {Data: []byte(css)}}, "override")
	if err != nil {
		t.Fatal(err)
	}
	build(t, testBank(), out, apkg.New(set), epoch)
	db := openCollection(t, pkg)
	var models string
	if err := db.QueryRow(`SELECT models FROM col`).Scan(&models); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"css":".card { font-family: \"Fira Sans\"; }"`, `"mod":1735689601`} {
		if !bytes.Contains([]byte(models), []byte(want)) {
			t.Errorf("note types lack %s:\n%.400s", want, models)
		}
	}
	for g, n := range readNotes(t, db) {
		if n.mod != before[g].mod {
			t.Errorf("note %s: mod %d, was %d; only the CSS changed", g, n.mod, before[g].mod)
		}
	}
}

// TestUnreadablePrevious checks that a damaged previous package is logged
// and replaced, with every note stamped with the epoch.
func TestUnreadablePrevious(t *testing.T) {
	out := t.TempDir()
	pkg := filepath.Join(out, "deck", "ostpolitik.apkg")
	if err := os.MkdirAll(filepath.Dir(pkg), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pkg, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	// An earlier build wrote it (a folder without a manifest is refused).
	manifest := `{"files": [{"path": "deck/ostpolitik.apkg"}]}`
	if err := os.WriteFile(filepath.Join(out, generator.ManifestName), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	opts := generator.DefaultOptions()
	opts.Out, opts.Epoch = out, epoch
	opts.Builds = []generator.BuildOptions{{Name: "deck", Formats: []string{generator.FormatAnkiAPKG}}}
	if _, err := generator.Build(t.Context(), testBank(), opts, []generator.Format{apkg.New(templates(t))}, "", &log); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(log.Bytes(), []byte("deck/ostpolitik.apkg: reading the previous package")) {
		t.Errorf("log does not mention the damaged package:\n%s", log.Bytes())
	}
	for g, n := range readNotes(t, openCollection(t, pkg)) {
		if n.mod != epoch {
			t.Errorf("note %s: mod %d, want the epoch", g, n.mod)
		}
	}
}

// TestOddPaths builds twice with '#' and spaces in the temporary folder
// and the output folder: SQLite must open the scratch collection and the
// previous package by plain path, never as a "file:" URI where '#' would
// end the name.
func TestOddPaths(t *testing.T) {
	tmp := filepath.Join(t.TempDir(), "scratch #1")
	out := filepath.Join(t.TempDir(), "out #2 ü")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	bank := testBank()
	w := apkg.New(templates(t))
	build(t, bank, out, w, epoch)
	bank.Questions[0].Prompt += " (edited)"
	build(t, bank, out, w, epoch)
	notes := readNotes(t, openCollection(t, filepath.Join(out, "deck", "ostpolitik.apkg")))
	if got := notes[bank.Questions[0].GUID].mod; got != epoch+1 {
		t.Errorf("edited note: mod %d, want %d (the previous package was not read)", got, epoch+1)
	}
}

package apkg_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/ankicsv"
	"github.com/quizdeck/quizdeck/generator/apkg"
)

// readAnkiFile reads a text-import file by Anki's rules (tab, quotes,
// '#' records dropped) and returns its header lines and records.
func readAnkiFile(t *testing.T, path string) (map[string]string, [][]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		k, v, _ := strings.Cut(line[1:], ":")
		head[k] = v
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.Comment, r.FieldsPerRecord = '\t', '#', -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return head, recs
}

// TestCSVAndPackageAgree builds one bank as the CSV, the cloze CSV and
// the package, and checks that every CSV row is the package's note: same
// GUID, same note type (named by id in #notetype), same fields, same deck.
func TestCSVAndPackageAgree(t *testing.T) {
	bank := testBank()
	tmpl := templates(t)
	out := t.TempDir()
	opts := generator.DefaultOptions()
	opts.Out, opts.Epoch, opts.Seed = out, epoch, 7
	opts.Anki = generator.AnkiOptions{MultipleChoice: true, Cloze: true, Reversed: true}
	opts.Builds = []generator.BuildOptions{{Name: "deck", Formats: []string{generator.FormatAnkiCSV, generator.FormatAnkiClozeCSV, generator.FormatAnkiAPKG}}}
	formats := []generator.Format{ankicsv.New(tmpl), ankicsv.NewCloze(tmpl), apkg.New(tmpl)}
	if _, err := generator.Build(context.Background(), bank, opts, formats, "", nil); err != nil {
		t.Fatal(err)
	}
	notes := readNotes(t, openCollection(t, filepath.Join(out, "deck", "ostpolitik.apkg")))
	decks := deckNames(t, filepath.Join(out, "deck", "ostpolitik.apkg"))

	for _, tc := range []struct {
		file     string
		typeID   int64
		wantRows int
	}{
		{"ostpolitik.tsv", apkg.FactID, 4},
		{"ostpolitik.cloze.tsv", apkg.ClozeID, count(bank, "ostpolitik", generator.WhoSaid)},
	} {
		t.Run(tc.file, func(t *testing.T) {
			head, recs := readAnkiFile(t, filepath.Join(out, "deck", tc.file))
			if head["notetype"] != strconv.FormatInt(tc.typeID, 10) {
				t.Errorf("#notetype:%s, want the package's type id %d", head["notetype"], tc.typeID)
			}
			if !decks[head["deck"]] {
				t.Errorf("#deck:%s is not a deck of the package (%v)", head["deck"], decks)
			}
			if len(recs) != tc.wantRows {
				t.Fatalf("%d rows, want %d", len(recs), tc.wantRows)
			}
			for _, r := range recs {
				n, ok := notes[r[0]]
				if !ok {
					t.Errorf("row GUID %q is no note of the package", r[0])
					continue
				}
				if n.mid != tc.typeID {
					t.Errorf("GUID %q: package note type %d, CSV names %d", r[0], n.mid, tc.typeID)
				}
				if fields := strings.Join(r[1:len(r)-1], "\x1f"); fields != n.flds {
					t.Errorf("GUID %q: CSV fields %q differ from the package's %q", r[0], fields, n.flds)
				}
				if got := strings.Fields(n.tags); strings.Join(got, " ") != r[len(r)-1] {
					t.Errorf("GUID %q: CSV tags %q, package tags %q", r[0], r[len(r)-1], n.tags)
				}
			}
		})
	}
}

// count counts deck's questions of kind k ("" for any kind).
func count(b *generator.Bank, deck string, k generator.Kind) int {
	n := 0
	for _, q := range b.Questions {
		if q.Deck == deck && (k == "" || q.Kind == k) {
			n++
		}
	}
	return n
}

func deckNames(t *testing.T, path string) map[string]bool {
	t.Helper()
	var raw string
	if err := openCollection(t, path).QueryRow(`SELECT decks FROM col`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, part := range strings.Split(raw, `"name":"`)[1:] {
		name, _, _ := strings.Cut(part, `"`)
		names[name] = true
	}
	return names
}

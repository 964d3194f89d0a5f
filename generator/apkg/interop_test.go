package apkg_test

import (
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/apkg"
	"github.com/quizdeck/quizdeck/generator/cloze"
	"github.com/quizdeck/quizdeck/generator/internal/testtool"
)

// ReaderDirEnv names the folder holding node_modules/anki-reader, the npm
// package the interop test reads our packages with. CI installs it with
//
//	npm install --prefix "$dir" anki-reader@0.3.0
//
// and sets QUIZDECK_ANKI_READER_DIR=$dir.
const ReaderDirEnv = "QUIZDECK_ANKI_READER_DIR"

// ankiReader returns node and the anki-reader folder, or fails under CI
// and skips elsewhere when either is missing.
func ankiReader(t *testing.T) (node, dir string) {
	t.Helper()
	node = testtool.Require(t, "node")
	dir = os.Getenv(ReaderDirEnv)
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "anki-reader", "package.json")); dir == "" || err != nil {
		msg := "anki-reader is not installed: set " + ReaderDirEnv + " to a folder where `npm install --prefix DIR anki-reader` ran"
		if os.Getenv("CI") != "" {
			t.Fatalf("%s (required under CI)", msg)
		}
		t.Skip("skipping: " + msg)
	}
	return node, dir
}

type readerOutput struct {
	Version int `json:"version"`
	Models  map[string]struct {
		Name      string   `json:"name"`
		Type      int      `json:"type"`
		Fields    []string `json:"fields"`
		Templates []string `json:"templates"`
	} `json:"models"`
	Decks []struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Cards []struct {
			NoteID    string            `json:"noteId"`
			Ord       int               `json:"ord"`
			Model     string            `json:"model"`
			Fields    map[string]string `json:"fields"`
			Questions []struct {
				Q string `json:"q"`
				A string `json:"a"`
			} `json:"questions"`
		} `json:"cards"`
	} `json:"decks"`
	Media []string `json:"media"`
	Notes []struct {
		ID   string `json:"id"`
		GUID string `json:"guid"`
		Mid  string `json:"mid"`
	} `json:"notes"`
}

// TestAnkiReader reads a package with anki-reader, a reader no one here
// wrote, and checks that it sees our note types, decks, cards and GUIDs,
// and renders each fact note's cards from its templates.
func TestAnkiReader(t *testing.T) {
	node, dir := ankiReader(t)
	bank := testBank()
	out := t.TempDir()
	buildWith(t, bank, out, apkg.New(templates(t)), epoch, generator.AnkiOptions{Cloze: true, Reversed: true})

	cmd := exec.Command(node, filepath.Join("testdata", "read-apkg.mjs"), dir, filepath.Join(out, "deck", "ostpolitik.apkg"))
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("anki-reader: %v", err)
	}
	var got readerOutput
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("anki-reader output: %v\n%s", err, b)
	}

	if got.Version != 11 || len(got.Media) != 0 {
		t.Errorf("version %d, media %v; want 11 and none", got.Version, got.Media)
	}
	for id, want := range map[string]string{
		"1384720616": "quizdeck Fact: Front, Back, Front 2, Back 2, Front 3, Back 3",
		"1384720615": "quizdeck Cloze: Text, Back Extra",
	} {
		m := got.Models[id]
		if s := m.Name + ": " + strings.Join(m.Fields, ", "); s != want {
			t.Errorf("note type %s: %q, want %q", id, s, want)
		}
	}
	if len(got.Models) != 2 {
		t.Errorf("%d note types, want 2", len(got.Models))
	}

	// The GUIDs anki-reader sees are the facts' GUIDs; each fact's
	// questions, in kind order, are its note's card faces.
	byGUID := map[string][]generator.Question{}
	kindOf := map[string]string{}
	for _, q := range bank.Questions {
		if q.Deck != "ostpolitik" {
			continue
		}
		byGUID[q.GUID], kindOf[q.GUID] = append(byGUID[q.GUID], q), "fact"
		if q.Kind == generator.WhoSaid {
			g := cloze.GUID(q.Deck, q.Fact)
			byGUID[g], kindOf[g] = []generator.Question{q}, "cloze"
		}
	}
	guidOf := map[string]string{}
	var guids []string
	for _, n := range got.Notes {
		guidOf[n.ID] = n.GUID
		guids = append(guids, n.GUID)
	}
	want := slices.Sorted(maps.Keys(byGUID))
	if slices.Sort(guids); !slices.Equal(guids, want) {
		t.Errorf("GUIDs\n got %q\nwant %q", guids, want)
	}

	cardsIn := map[string]int{}
	for _, d := range got.Decks {
		for _, c := range d.Cards {
			cardsIn[d.Name]++
			guid := guidOf[c.NoteID]
			qs, kind := byGUID[guid], kindOf[guid]
			switch kind {
			case "fact":
				if d.Name != "Geschichte::Ostpolitik" || c.Model != "quizdeck Fact" || c.Fields["Front"] != csvFront(qs[0].Prompt) {
					t.Errorf("card of fact %s in %q: model %q, Front %q", qs[0].Fact, d.Name, c.Model, c.Fields["Front"])
				}
				// anki-reader renders every template, empty fronts included.
				var faces []string
				for _, f := range c.Questions {
					if f.Q != "" {
						faces = append(faces, f.Q)
					}
				}
				if len(faces) != len(qs) {
					t.Errorf("fact %s renders %d non-empty fronts, want %d: %+v", qs[0].Fact, len(faces), len(qs), c.Questions)
					continue
				}
				for i, q := range qs {
					a := c.Questions[i].A
					if faces[i] != csvFront(q.Prompt) || !strings.Contains(a, "<hr id=answer>") || !strings.Contains(a, "<b>"+q.Answer+"</b>") {
						t.Errorf("card %d of fact %s renders as %+v", i+1, q.Fact, c.Questions[i])
					}
				}
			case "cloze":
				q := qs[0]
				if d.Name != "Geschichte::Ostpolitik::Cloze" || c.Model != "quizdeck Cloze" ||
					!strings.Contains(c.Fields["Text"], "{{c1::"+q.Answer+"}}") || c.Fields["Back Extra"] == "" {
					t.Errorf("cloze card of %s in %q: %+v", q.ID, d.Name, c.Fields)
				}
			default:
				t.Errorf("card of unknown note %s in %q", c.NoteID, d.Name)
			}
		}
	}
	wantCards := map[string]int{"Geschichte::Ostpolitik": 6, "Geschichte::Ostpolitik::Cloze": 2}
	if !maps.Equal(cardsIn, wantCards) {
		t.Errorf("cards in decks %v, want %v", cardsIn, wantCards)
	}
}

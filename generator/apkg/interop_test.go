package apkg_test

import (
	"encoding/json"
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
// and renders the basic and multiple-choice cards from their templates.
func TestAnkiReader(t *testing.T) {
	node, dir := ankiReader(t)
	bank := testBank()
	out := t.TempDir()
	w := apkg.New(templates(t))
	w.Reversed = true
	build(t, bank, out, w, epoch)

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
		"1384720613": "quizdeck Basic: Front, Back, Reverse Front, Reverse Back",
		"1384720614": "quizdeck Multiple Choice: Question, Options, Answer, Back",
		"1384720615": "quizdeck Cloze: Text, Back Extra",
	} {
		m := got.Models[id]
		if s := m.Name + ": " + strings.Join(m.Fields, ", "); s != want {
			t.Errorf("note type %s: %q, want %q", id, s, want)
		}
	}

	// The GUIDs anki-reader sees are the questions' GUIDs.
	byGUID := map[string]generator.Question{}
	kindOf := map[string]string{}
	for _, q := range bank.Questions {
		if q.Deck != "ostpolitik" {
			continue
		}
		byGUID[q.GUID], kindOf[q.GUID] = q, "basic"
		g := generator.GUID(q.ID, "multiple-choice")
		byGUID[g], kindOf[g] = q, "mc"
		if q.Kind == generator.WhoSaid {
			byGUID[cloze.GUID(q.ID)], kindOf[cloze.GUID(q.ID)] = q, "cloze"
		}
	}
	guidOf := map[string]string{}
	var guids []string
	for _, n := range got.Notes {
		guidOf[n.ID] = n.GUID
		guids = append(guids, n.GUID)
	}
	want := slices.Sorted(func(yield func(string) bool) {
		for g := range byGUID {
			if !yield(g) {
				return
			}
		}
	})
	if slices.Sort(guids); !slices.Equal(guids, want) {
		t.Errorf("GUIDs\n got %q\nwant %q", guids, want)
	}

	cardsIn := map[string]int{}
	for _, d := range got.Decks {
		for _, c := range d.Cards {
			cardsIn[d.Name]++
			guid := guidOf[c.NoteID]
			q, kind := byGUID[guid], kindOf[guid]
			front := csvFront(q.Prompt)
			switch kind {
			case "basic":
				if d.Name != "Geschichte::Ostpolitik" || c.Model != "quizdeck Basic" || c.Fields["Front"] != front {
					t.Errorf("basic card of %s in %q: model %q, Front %q", q.ID, d.Name, c.Model, c.Fields["Front"])
				}
				if len(c.Questions) == 0 || c.Questions[0].Q != front ||
					!strings.Contains(c.Questions[0].A, "<hr id=answer>") || !strings.Contains(c.Questions[0].A, "<b>"+q.Answer+"</b>") {
					t.Errorf("basic card of %s renders as %+v", q.ID, c.Questions)
				}
				if wantQs := map[bool]int{true: 2, false: 1}[q.Kind == generator.BaseCountry]; len(c.Questions) != wantQs {
					t.Errorf("basic note of %s renders %d card faces, want %d", q.ID, len(c.Questions), wantQs)
				}
			case "mc":
				if d.Name != "Geschichte::Ostpolitik::Multiple choice" || c.Fields["Question"] != front ||
					strings.Count(c.Fields["Options"], "<li>") != 1+len(q.Distractors) {
					t.Errorf("multiple-choice card of %s in %q: %+v", q.ID, d.Name, c.Fields)
				}
				if len(c.Questions) != 1 || !strings.Contains(c.Questions[0].Q, "<ol class=\"options\"") ||
					!strings.Contains(c.Questions[0].A, ". "+q.Answer) {
					t.Errorf("multiple-choice card of %s renders as %+v", q.ID, c.Questions)
				}
			case "cloze":
				if d.Name != "Geschichte::Ostpolitik::Cloze" || c.Model != "quizdeck Cloze" ||
					!strings.Contains(c.Fields["Text"], "{{c1::"+q.Answer+"}}") || c.Fields["Back Extra"] == "" {
					t.Errorf("cloze card of %s in %q: %+v", q.ID, d.Name, c.Fields)
				}
			default:
				t.Errorf("card of unknown note %s in %q", c.NoteID, d.Name)
			}
		}
	}
	wantCards := map[string]int{"Geschichte::Ostpolitik": 6 + 1, "Geschichte::Ostpolitik::Multiple choice": 6,
		"Geschichte::Ostpolitik::Cloze": 2}
	for name, n := range wantCards {
		if cardsIn[name] != n {
			t.Errorf("deck %q: %d cards, want %d", name, cardsIn[name], n)
		}
	}
	if len(cardsIn) != len(wantCards) {
		t.Errorf("cards in decks %v, want %v", cardsIn, wantCards)
	}
}

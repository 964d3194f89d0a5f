package apkg_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"html"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/ankicsv"
	"github.com/quizdeck/quizdeck/generator/apkg"
	"github.com/quizdeck/quizdeck/generator/internal/testtool"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// This file is the Anki conformance suite: it builds the embedded deck
// with quizdeck, imports the files into fresh collections with Anki's own
// library (the `anki` package from PyPI: the Rust import code the desktop
// app and AnkiDroid run) through testdata/anki_conformance.py, and checks
// what Anki reports and stores against what the README and docs/anki.md
// promise.

// PythonEnv names a Python interpreter that can import Anki's library. CI
// creates a virtual environment, runs `pip install anki==<pin>` in it and
// sets QUIZDECK_ANKI_PYTHON to its python.
const PythonEnv = "QUIZDECK_ANKI_PYTHON"

type ankiSession struct {
	t      *testing.T
	python string
	steps  []map[string]any
}

func newAnkiSession(t *testing.T) *ankiSession {
	t.Helper()
	py := testtool.RequireEnv(t, PythonEnv, "a Python with Anki's library (pip install anki)")
	return &ankiSession{t: t, python: py}
}

// step queues one step; run executes the queue in one fresh collection.
func (s *ankiSession) step(op string, kv ...any) *ankiSession {
	m := map[string]any{"op": op}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	s.steps = append(s.steps, m)
	return s
}

func (s *ankiSession) run() []json.RawMessage {
	t := s.t
	t.Helper()
	plan := filepath.Join(t.TempDir(), "steps.json")
	b, err := json.Marshal(s.steps)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plan, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(s.python, filepath.Join("testdata", "anki_conformance.py"), plan)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("anki: %v\n%s", err, stderr.String())
	}
	var res []json.RawMessage
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("anki output: %v\n%.2000s", err, out)
	}
	s.steps = nil
	return res
}

func decode[T any](t *testing.T, raw json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%v: %.500s", err, raw)
	}
	return v
}

// ankiLog is an import's log: the GUIDs of the notes in each category
// (for a text import, unchanged rows carry no note: "" each).
type ankiLog struct {
	New             []string `json:"new"`
	Updated         []string `json:"updated"`
	Duplicate       []string `json:"duplicate"`
	Conflicting     []string `json:"conflicting"`
	FirstFieldMatch []string `json:"first_field_match"`
	MissingNotetype []string `json:"missing_notetype"`
	MissingDeck     []string `json:"missing_deck"`
	EmptyFirstField []string `json:"empty_first_field"`
	FoundNotes      int      `json:"found_notes"`
}

// counts summarises a log as "new 3, updated 1, …" (zero categories left out).
func (l ankiLog) counts() string {
	var parts []string
	for _, c := range []struct {
		name string
		n    []string
	}{{"new", l.New}, {"updated", l.Updated}, {"duplicate", l.Duplicate}, {"conflicting", l.Conflicting},
		{"first field match", l.FirstFieldMatch}, {"missing note type", l.MissingNotetype},
		{"missing deck", l.MissingDeck}, {"empty first field", l.EmptyFirstField}} {
		if len(c.n) > 0 {
			parts = append(parts, c.name+" "+strconv.Itoa(len(c.n)))
		}
	}
	return strings.Join(parts, ", ")
}

type csvMeta struct {
	NotetypeID   int64    `json:"notetype_id"`
	Notetype     string   `json:"notetype"`
	FieldColumns []int    `json:"field_columns"`
	Deck         string   `json:"deck"`
	GUIDColumn   int      `json:"guid_column"`
	TagsColumn   int      `json:"tags_column"`
	IsHTML       bool     `json:"is_html"`
	Columns      []string `json:"columns"`
}

type csvImport struct {
	Metadata csvMeta `json:"metadata"`
	Log      ankiLog `json:"log"`
}

type ankiState struct {
	Notes     []ankiNote `json:"notes"`
	Notetypes []struct {
		ID        int64    `json:"id"`
		Name      string   `json:"name"`
		Fields    []string `json:"fields"`
		Templates []string `json:"templates"`
		Qfmts     []string `json:"qfmts"`
		CSS       string   `json:"css"`
		Mod       int64    `json:"mod"`
	} `json:"notetypes"`
	Decks  []string `json:"decks"`
	Revlog int      `json:"revlog"`
}

type ankiNote struct {
	GUID       string            `json:"guid"`
	Notetype   string            `json:"notetype"`
	NotetypeID int64             `json:"notetype_id"`
	Fields     map[string]string `json:"fields"`
	Tags       []string          `json:"tags"`
	Mod        int64             `json:"mod"`
	Cards      []ankiCard        `json:"cards"`
}

type ankiCard struct {
	ID       int64  `json:"id"`
	Ord      int    `json:"ord"`
	Deck     string `json:"deck"`
	Queue    int    `json:"queue"`
	Reps     int    `json:"reps"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

func (s ankiState) byGUID() map[string]ankiNote {
	m := make(map[string]ankiNote, len(s.Notes))
	for _, n := range s.Notes {
		m[n.GUID] = n
	}
	return m
}

func (s ankiState) cards() int {
	n := 0
	for _, note := range s.Notes {
		n += len(note.Cards)
	}
	return n
}

// ours are the names of the note types that are not Anki's stock ones.
func (s ankiState) ours() []string {
	var names []string
	for _, nt := range s.Notetypes {
		if strings.HasPrefix(nt.Name, "quizdeck") {
			names = append(names, nt.Name)
		}
	}
	slices.Sort(names)
	return names
}

// conformanceBank loads the embedded decks and generates their questions,
// as `quizdeck build` does; edit may change the decks first. The bank holds
// what the default deck build takes: month and date questions, which a
// build takes only when its kinds list them, are left out.
func conformanceBank(t *testing.T, tmpl *render.Set, edit func([]*generator.Deck)) *generator.Bank {
	t.Helper()
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(ds)
	}
	qs, _, err := question.Generate(ds, 1, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	qs = slices.DeleteFunc(qs, func(q generator.Question) bool { return generator.Precise(q.Kind) })
	return &generator.Bank{Decks: ds, Questions: qs}
}

// buildAnki builds bank's Anki files into out/deck with quizdeck's formats
// and returns the paths of the package, the CSV and the cloze CSV.
func buildAnki(t *testing.T, bank *generator.Bank, tmpl *render.Set, out string, e int64, a generator.AnkiOptions) (pkg, tsv, cloze string) {
	t.Helper()
	opts := generator.DefaultOptions()
	opts.Out, opts.Epoch, opts.Anki = out, e, a
	formats := []string{generator.FormatAnkiCSV, generator.FormatAnkiAPKG}
	if a.Cloze {
		formats = append(formats, generator.FormatAnkiClozeCSV)
	}
	opts.Builds = []generator.BuildOptions{{Name: "deck", Formats: formats}}
	fs := []generator.Format{ankicsv.New(tmpl), ankicsv.NewCloze(tmpl), apkg.New(tmpl)}
	if _, err := generator.Build(context.Background(), bank, opts, fs, "", nil); err != nil {
		t.Fatal(err)
	}
	id := bank.Decks[0].ID
	dir := filepath.Join(out, "deck")
	return filepath.Join(dir, apkg.FileName(id)), filepath.Join(dir, id+".tsv"), filepath.Join(dir, id+".cloze.tsv")
}

// snapshot copies a built file aside, since the next build replaces it.
func snapshot(t *testing.T, path, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	copyFile(t, path, dst)
	return dst
}

// factsOf returns each fact note GUID's questions in card order (kind order).
func factsOf(bank *generator.Bank) map[string][]generator.Question {
	rank := map[generator.Kind]int{}
	for i, k := range generator.Kinds() {
		rank[k] = i
	}
	m := map[string][]generator.Question{}
	for _, q := range bank.Questions {
		m[q.GUID] = append(m[q.GUID], q)
	}
	for _, qs := range m {
		slices.SortStableFunc(qs, func(a, b generator.Question) int { return rank[a.Kind] - rank[b.Kind] })
	}
	return m
}

var (
	styleRE = regexp.MustCompile(`(?s)<style>.*?</style>`)
	tagRE   = regexp.MustCompile(`(?s)<[^>]*>`)
)

// visible is a rendered card face as text: CSS and tags removed, entities decoded.
func visible(s string) string {
	s = tagRE.ReplaceAllString(styleRE.ReplaceAllString(s, ""), " ")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

func plainText(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestAnkiConformance is the suite: each case starts from a fresh collection.
func TestAnkiConformance(t *testing.T) {
	newAnkiSession(t) // skip (or fail under CI) before building anything
	tmpl := templates(t)
	bank := conformanceBank(t, tmpl, nil)
	facts := factsOf(bank)
	allGUIDs := slices.Sorted(maps.Keys(facts))
	d := bank.Decks[0]
	all := generator.AnkiOptions{MultipleChoice: true, Cloze: true, Reversed: true}

	out := t.TempDir()
	pkg, tsv, _ := buildAnki(t, bank, tmpl, out, epoch, generator.AnkiOptions{})
	v1, v1csv := snapshot(t, pkg, "v1.apkg"), snapshot(t, tsv, "v1.tsv")
	allPkg, _, allCloze := buildAnki(t, bank, tmpl, t.TempDir(), epoch, all)

	// 1. The default package: one quizdeck Fact note per fact, one card
	// per question, in the deck the spec names; Check Database is clean.
	t.Run("1 default package", func(t *testing.T) {
		res := newAnkiSession(t).step("import_apkg", "path", v1).step("check").step("state").run()
		log, st := decode[ankiLog](t, res[0]), decode[ankiState](t, res[2])
		t.Logf("anki: import: %s; %d notes, %d cards, decks %q, note types %q", log.counts(), len(st.Notes), st.cards(), st.Decks, st.ours())
		if got := slices.Sorted(slices.Values(log.New)); !slices.Equal(got, allGUIDs) {
			t.Errorf("import log: %s; want every fact's note new (%d)", log.counts(), len(allGUIDs))
		}
		if len(log.Updated)+len(log.Duplicate)+len(log.Conflicting)+len(log.FirstFieldMatch)+len(log.MissingNotetype)+len(log.MissingDeck)+len(log.EmptyFirstField) != 0 {
			t.Errorf("import log: %s; want only new notes", log.counts())
		}
		if p := decode[struct{ Problems []string }](t, res[1]).Problems; len(p) != 0 {
			t.Errorf("Check Database found problems: %q", p)
		}
		if len(st.Notes) != len(facts) || st.cards() != len(bank.Questions) {
			t.Errorf("%d notes, %d cards; want %d facts' notes, %d questions' cards", len(st.Notes), st.cards(), len(facts), len(bank.Questions))
		}
		if got := st.ours(); !slices.Equal(got, []string{"quizdeck Fact"}) {
			t.Errorf("note types %q, want quizdeck Fact only", got)
		}
		parts := strings.Split(d.AnkiDeck, "::")
		want := []string{"Default"}
		for i := range parts {
			want = append(want, strings.Join(parts[:i+1], "::"))
		}
		if !slices.Equal(st.Decks, want) {
			t.Errorf("decks %q, want %q", st.Decks, want)
		}
		for _, n := range st.Notes {
			qs := facts[n.GUID]
			if n.Notetype != "quizdeck Fact" || n.NotetypeID != apkg.FactID || len(n.Cards) != len(qs) {
				t.Errorf("note %s: %s (%d), %d cards; want quizdeck Fact, %d cards", n.GUID, n.Notetype, n.NotetypeID, len(n.Cards), len(qs))
			}
			for _, c := range n.Cards {
				if c.Deck != d.AnkiDeck {
					t.Errorf("note %s card %d in %q, want %q", n.GUID, c.Ord, c.Deck, d.AnkiDeck)
				}
			}
		}

		t.Run("every switch on", func(t *testing.T) {
			res := newAnkiSession(t).step("import_apkg", "path", allPkg).step("check").step("state").run()
			st := decode[ankiState](t, res[2])
			t.Logf("anki: import: %s; %d notes, %d cards, decks %q", decode[ankiLog](t, res[0]).counts(), len(st.Notes), st.cards(), st.Decks)
			if p := decode[struct{ Problems []string }](t, res[1]).Problems; len(p) != 0 {
				t.Errorf("Check Database found problems: %q", p)
			}
			quotes := 0
			for _, q := range bank.Questions {
				if q.Kind == generator.WhoSaid {
					quotes++
				}
			}
			if got := st.ours(); !slices.Equal(got, []string{"quizdeck Cloze", "quizdeck Fact"}) {
				t.Errorf("note types %q", got)
			}
			if len(st.Notes) != len(facts)+quotes || !slices.Contains(st.Decks, d.AnkiDeck+"::Cloze") {
				t.Errorf("%d notes in decks %q; want %d fact and %d cloze notes", len(st.Notes), st.Decks, len(facts), quotes)
			}
		})
	})

	// 2. Every card as Anki renders it: no template syntax, nothing
	// escaped twice, no empty front; the answer and its source on the back.
	t.Run("2 rendering", func(t *testing.T) {
		res := newAnkiSession(t).step("import_apkg", "path", v1).step("state").run()
		st := decode[ankiState](t, res[1])
		res = newAnkiSession(t).step("import_apkg", "path", allPkg).step("state").run()
		stAll := decode[ankiState](t, res[1])
		checkFace := func(n ankiNote, c ankiCard) {
			for side, s := range map[string]string{"question": c.Question, "answer": c.Answer} {
				body := styleRE.ReplaceAllString(s, "")
				if strings.Contains(body, "{{") || strings.Contains(body, "}}") {
					t.Errorf("note %s card %d %s: raw template syntax: %.300q", n.GUID, c.Ord, side, body)
				}
				if m := regexp.MustCompile(`&amp;(#?\w+;)`).FindString(body); m != "" {
					t.Errorf("note %s card %d %s: escaped twice (%s): %.300q", n.GUID, c.Ord, side, m, body)
				}
			}
			if visible(c.Question) == "" {
				t.Errorf("note %s card %d: empty front", n.GUID, c.Ord)
			}
		}
		for _, n := range st.Notes {
			qs := facts[n.GUID]
			for _, c := range n.Cards {
				checkFace(n, c)
				if c.Ord >= len(qs) {
					t.Errorf("note %s: card %d, the fact has %d questions", n.GUID, c.Ord, len(qs))
					continue
				}
				q := qs[c.Ord]
				if got := visible(c.Question); got != plainText(q.Prompt) {
					t.Errorf("note %s card %d front %q, want the %s prompt %q", n.GUID, c.Ord, got, q.Kind, q.Prompt)
				}
				a := visible(c.Answer)
				for _, want := range []string{q.Answer, plainText(q.Source.Excerpt), d.Source.Author} {
					if !strings.Contains(a, want) {
						t.Errorf("note %s card %d: the back lacks %q: %q", n.GUID, c.Ord, want, a)
					}
				}
			}
		}
		clozes := 0
		for _, n := range stAll.Notes {
			for _, c := range n.Cards {
				checkFace(n, c)
				if n.Notetype != "quizdeck Cloze" {
					continue
				}
				clozes++
				if !strings.Contains(c.Question, `<span class="cloze"`) || !strings.Contains(visible(c.Question), "[...]") ||
					!strings.Contains(c.Answer, `<span class="cloze"`) || !strings.Contains(c.Answer, "<small>") {
					t.Errorf("cloze note %s: question %.200q answer %.300q", n.GUID, visible(c.Question), visible(c.Answer))
				}
			}
		}
		if clozes == 0 {
			t.Error("no cloze card rendered")
		}
	})

	// 3. Importing the same package again changes nothing.
	t.Run("3 reimport", func(t *testing.T) {
		res := newAnkiSession(t).step("import_apkg", "path", v1).step("state").
			step("import_apkg", "path", v1).step("state").run()
		again := decode[ankiLog](t, res[2])
		t.Logf("anki: second import: %s", again.counts())
		if len(again.New)+len(again.Updated)+len(again.Conflicting) != 0 || len(again.Duplicate) != len(allGUIDs) {
			t.Errorf("second import: %s; want every note a duplicate, nothing new or updated", again.counts())
		}
		if a, b := string(res[1]), string(res[3]); a != b {
			t.Error("the collection changed on the second import")
		}
	})

	// 4. Edit one fact and rebuild: into the same folder, only that note is
	// newer and Anki updates exactly it; reviews made before survive; a
	// note the student edited is kept ("if newer"). Into a fresh folder
	// with the same epoch, nothing is newer and Anki updates nothing.
	t.Run("4 edit one fact", func(t *testing.T) {
		edited, studentEdited := d.Facts[0].ID, ""
		for _, f := range d.Facts[1:] {
			if len(facts[generator.NoteGUID(d.ID, f.ID)]) > 0 && f.ID != edited {
				studentEdited = f.ID
				break
			}
		}
		editFacts := func(ds []*generator.Deck) {
			for _, f := range ds[0].Facts {
				if f.ID == edited || f.ID == studentEdited {
					f.Note = "Corrected after review: " + f.ID
				}
			}
		}
		bank2 := conformanceBank(t, tmpl, editFacts)
		buildAnki(t, bank2, tmpl, out, epoch, generator.AnkiOptions{})
		v2 := snapshot(t, pkg, "v2.apkg")
		fresh, _, _ := buildAnki(t, bank2, tmpl, t.TempDir(), epoch, generator.AnkiOptions{})
		later, _, _ := buildAnki(t, bank2, tmpl, t.TempDir(), epoch+86400, generator.AnkiOptions{})
		buildAnki(t, bank, tmpl, out, epoch, generator.AnkiOptions{}) // back to v1 for the other cases
		eg, sg := generator.NoteGUID(d.ID, edited), generator.NoteGUID(d.ID, studentEdited)

		res := newAnkiSession(t).step("import_apkg", "path", v1).
			step("review", "deck", d.AnkiDeck, "count", 10).
			step("edit", "guid", sg, "field", "Back", "value", "my own note").
			step("state").
			step("import_apkg", "path", v2).
			step("state").run()
		reviewed := decode[struct {
			Answered []int64 `json:"answered"`
			Revlog   int     `json:"revlog"`
		}](t, res[1])
		before, log, after := decode[ankiState](t, res[3]), decode[ankiLog](t, res[4]), decode[ankiState](t, res[5])
		t.Logf("anki: same-folder rebuild: %s; revlog %d before, %d after", log.counts(), before.Revlog, after.Revlog)
		if len(reviewed.Answered) != 10 || reviewed.Revlog != 10 {
			t.Fatalf("reviewed %d cards, revlog %d; want 10", len(reviewed.Answered), reviewed.Revlog)
		}
		if !slices.Equal(log.Updated, []string{eg}) || len(log.New)+len(log.Conflicting) != 0 || len(log.Duplicate) != len(allGUIDs)-1 {
			t.Errorf("same-folder rebuild: %s (updated %q); want exactly %s updated, the rest duplicates", log.counts(), log.Updated, eg)
		}
		b, a := before.byGUID(), after.byGUID()
		for g, n := range b {
			m := a[g]
			switch g {
			case eg:
				if !strings.Contains(m.Fields["Back"], "Corrected after review") || m.Mod <= n.Mod {
					t.Errorf("edited fact: Back %q, mod %d → %d", m.Fields["Back"], n.Mod, m.Mod)
				}
			case sg:
				if m.Fields["Back"] != "my own note" {
					t.Errorf("the student's edit was overwritten: Back %q", m.Fields["Back"])
				}
			default:
				if m.Mod != n.Mod || !maps.Equal(m.Fields, n.Fields) {
					t.Errorf("note %s changed though its fact did not", g)
				}
			}
			for i, c := range n.Cards {
				if i >= len(m.Cards) || m.Cards[i].ID != c.ID || m.Cards[i].Reps != c.Reps || m.Cards[i].Queue != c.Queue {
					t.Errorf("note %s card %d: scheduling changed by the import", g, c.Ord)
				}
			}
		}
		if after.Revlog != 10 {
			t.Errorf("revlog %d after the import, want the 10 reviews kept", after.Revlog)
		}

		res = newAnkiSession(t).step("import_apkg", "path", v1).step("import_apkg", "path", fresh).
			step("import_apkg", "path", later).run()
		t.Logf("anki: fresh folder, same epoch: %s; later epoch: %s", decode[ankiLog](t, res[1]).counts(), decode[ankiLog](t, res[2]).counts())
		if l := decode[ankiLog](t, res[1]); len(l.Updated) != 0 || len(l.Duplicate) != len(allGUIDs) {
			t.Errorf("fresh folder, same epoch: %s; want nothing updated (docs/anki.md: keep the output folder)", l.counts())
		}
		if l := decode[ankiLog](t, res[2]); len(l.Updated) != len(allGUIDs) {
			t.Errorf("fresh folder, later epoch: %s; want every note updated", l.counts())
		}
	})

	// 5. A changed CSS updates the note type in place; a changed card back
	// updates every note; neither makes conflicts or a second note type.
	t.Run("5 note type change", func(t *testing.T) {
		css := `{{define "anki-css"}}.card { font-family: serif; }{{end}}`
		back := `{{define "card-back"}}<b>{{.Question.Answer}}</b><br><small>{{.Deck.Source.Author}}: “{{.Question.Source.Excerpt}}”</small>{{end}}`
		set, err := render.NewFS(fstest.MapFS{"anki-card.css.tmpl": {Data: []byte(css)}}, "override")
		if err != nil {
			t.Fatal(err)
		}
		set2, err := render.NewFS(fstest.MapFS{"anki-card.css.tmpl": {Data: []byte(css)}, "card-back.html.tmpl": {Data: []byte(back)}}, "override")
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		p, _, _ := buildAnki(t, bank, tmpl, dir, epoch, generator.AnkiOptions{})
		p1 := snapshot(t, p, "p1.apkg")
		buildAnki(t, bank, set, dir, epoch, generator.AnkiOptions{})
		p2 := snapshot(t, p, "p2.apkg")
		buildAnki(t, bank, set2, dir, epoch, generator.AnkiOptions{})
		res := newAnkiSession(t).step("import_apkg", "path", p1).step("import_apkg", "path", p2).step("state").
			step("import_apkg", "path", p).step("state").run()
		l2, st2, l3, st3 := decode[ankiLog](t, res[1]), decode[ankiState](t, res[2]), decode[ankiLog](t, res[3]), decode[ankiState](t, res[4])
		t.Logf("anki: CSS change: %s; card-back change: %s", l2.counts(), l3.counts())
		if len(l2.Updated)+len(l2.New)+len(l2.Conflicting) != 0 {
			t.Errorf("CSS change: %s; want no note touched", l2.counts())
		}
		for _, st := range []ankiState{st2, st3} {
			if got := st.ours(); !slices.Equal(got, []string{"quizdeck Fact"}) {
				t.Errorf("note types %q: want the one quizdeck Fact, updated in place", got)
			}
			for _, nt := range st.Notetypes {
				if nt.Name == "quizdeck Fact" && !strings.Contains(nt.CSS, "serif") {
					t.Errorf("quizdeck Fact kept its old CSS: %.80q", nt.CSS)
				}
			}
		}
		if len(l3.Updated) != len(allGUIDs) || len(l3.Conflicting)+len(l3.New) != 0 {
			t.Errorf("card-back change: %s; want every note updated, none conflicting", l3.counts())
		}
		for _, n := range st3.Notes {
			if !strings.HasSuffix(n.Fields["Back"], "”</small>") || strings.Contains(n.Fields["Back"], "<i>Note:") {
				t.Errorf("note %s: Back %.120q is not the new card-back template's", n.GUID, n.Fields["Back"])
			}
		}
	})

	// 5b. What a later quizdeck release may do to quizdeck Fact itself,
	// written into the package the way the writer would (the type's JSON
	// changed, its mod one second newer): new template text updates the
	// type in place; a renamed field is a new schema, which Anki imports
	// as a second type, leaving the notes un-updated (docs/anki.md's
	// reason to keep the fields fixed).
	t.Run("5b card template and field changes", func(t *testing.T) {
		qfmt := rewriteModel(t, v1, func(m map[string]any) {
			for _, tm := range m["tmpls"].([]any) {
				tm := tm.(map[string]any)
				tm["qfmt"] = `<div class="front">` + tm["qfmt"].(string) + `</div>`
			}
		})
		field := rewriteModel(t, v1, func(m map[string]any) {
			m["flds"].([]any)[4].(map[string]any)["name"] = "Front three"
		})
		res := newAnkiSession(t).step("import_apkg", "path", v1).step("import_apkg", "path", qfmt).step("state").
			step("import_apkg", "path", field).step("state").run()
		l1, st1, l2, st2 := decode[ankiLog](t, res[1]), decode[ankiState](t, res[2]), decode[ankiLog](t, res[3]), decode[ankiState](t, res[4])
		t.Logf("anki: template text changed: %s, note types %q; field renamed: %s, note types %q", l1.counts(), st1.ours(), l2.counts(), st2.ours())
		if len(l1.Conflicting)+len(l1.New) != 0 || !slices.Equal(st1.ours(), []string{"quizdeck Fact"}) {
			t.Errorf("template text change: %s, note types %q; want the type updated in place", l1.counts(), st1.ours())
		}
		for _, nt := range st1.Notetypes {
			if nt.Name == "quizdeck Fact" && (len(nt.Qfmts) == 0 || !strings.HasPrefix(nt.Qfmts[0], `<div class="front">`)) {
				t.Errorf("quizdeck Fact's templates not updated: %q", nt.Qfmts)
			}
		}
		if len(st2.ours()) != 2 {
			t.Errorf("renamed field: note types %q; docs/anki.md says Anki adds a second type", st2.ours())
		}
	})

	// 6. The text file with its own headers and no manual mapping: after
	// the package it updates the same notes; into an empty collection it
	// makes one stock Basic note per fact from the fact's first question.
	t.Run("6 text import", func(t *testing.T) {
		bank2 := conformanceBank(t, tmpl, func(ds []*generator.Deck) { ds[0].Facts[0].Note = "Corrected in the CSV" })
		_, tsv2, _ := buildAnki(t, bank2, tmpl, t.TempDir(), epoch, generator.AnkiOptions{})
		eg := generator.NoteGUID(d.ID, d.Facts[0].ID)
		res := newAnkiSession(t).step("import_apkg", "path", v1).step("import_csv", "path", v1csv).
			step("import_csv", "path", tsv2).step("state").run()
		same, changed, st := decode[csvImport](t, res[1]), decode[csvImport](t, res[2]), decode[ankiState](t, res[3])
		m := same.Metadata
		t.Logf("anki: dialog after the package: %+v; same CSV: %s; edited CSV: %s", m, same.Log.counts(), changed.Log.counts())
		if m.NotetypeID != apkg.FactID || m.Deck != d.AnkiDeck || m.GUIDColumn != 1 || m.TagsColumn != 8 ||
			!slices.Equal(m.FieldColumns, []int{2, 3, 4, 5, 6, 7}) || !m.IsHTML {
			t.Errorf("dialog after the package: %+v; want quizdeck Fact, deck %q, fields from columns 2–7 by name", m, d.AnkiDeck)
		}
		if l := same.Log; len(l.New)+len(l.Updated)+len(l.Conflicting) != 0 || len(l.Duplicate) != len(allGUIDs) {
			t.Errorf("the same build's CSV after its package: %s; want every row a duplicate", l.counts())
		}
		if l := changed.Log; len(l.Updated) != 1 || len(l.New)+len(l.Conflicting) != 0 {
			t.Errorf("an edited fact's CSV: %s; want its one note updated", l.counts())
		}
		if n := st.byGUID()[eg]; len(st.Notes) != len(allGUIDs) || !strings.Contains(n.Fields["Back"], "Corrected in the CSV") {
			t.Errorf("%d notes; edited note's Back %q", len(st.Notes), n.Fields["Back"])
		}

		res = newAnkiSession(t).step("import_csv", "path", v1csv).step("state").run()
		empty, st := decode[csvImport](t, res[0]), decode[ankiState](t, res[1])
		t.Logf("anki: dialog in an empty collection: %+v; import: %s", empty.Metadata, empty.Log.counts())
		if m := empty.Metadata; m.Notetype != "Basic" || !slices.Equal(m.FieldColumns, []int{2, 3}) || m.Deck != d.AnkiDeck+" (new)" {
			t.Errorf("dialog in an empty collection: %+v; want stock Basic with Front, Back from columns 2, 3 and a new deck", m)
		}
		if len(empty.Log.New) != len(allGUIDs) || len(st.Notes) != len(allGUIDs) || st.cards() != len(allGUIDs) {
			t.Errorf("CSV into an empty collection: %s, %d notes, %d cards; want one Basic note and card per fact", empty.Log.counts(), len(st.Notes), st.cards())
		}
		for _, n := range st.Notes {
			q := facts[n.GUID][0]
			if n.Notetype != "Basic" || visible(n.Fields["Front"]) != plainText(q.Prompt) || n.Cards[0].Deck != d.AnkiDeck {
				t.Errorf("note %s: %s, Front %q in %q; want Basic asking %q in %q", n.GUID, n.Notetype, n.Fields["Front"], n.Cards[0].Deck, q.Prompt, d.AnkiDeck)
			}
		}

		// The path docs/anki.md gives a student who started with the CSV:
		// the package's notes conflict (same GUIDs, stock Basic), but it
		// brings quizdeck Fact; Change Note Type, then "Update notes:
		// Always" turns the Basic notes into the package's, reviews kept.
		t.Run("CSV first, then the package", func(t *testing.T) {
			res := newAnkiSession(t).step("import_csv", "path", v1csv).
				step("review", "deck", d.AnkiDeck, "count", 5).
				step("import_apkg", "path", v1).
				step("change_notetype", "from", "Basic", "to", "quizdeck Fact").
				step("import_apkg", "path", v1, "update", "always").
				step("state").run()
			conflict, always, st := decode[ankiLog](t, res[2]), decode[ankiLog](t, res[4]), decode[ankiState](t, res[5])
			t.Logf("anki: package after the CSV: %s; after Change Note Type, with Always: %s", conflict.counts(), always.counts())
			if len(conflict.Conflicting) != len(allGUIDs) || len(conflict.New)+len(conflict.Updated) != 0 {
				t.Errorf("package after a CSV into stock Basic: %s; want every note conflicting", conflict.counts())
			}
			if len(always.Updated) != len(allGUIDs) || len(st.Notes) != len(allGUIDs) || st.cards() != len(bank.Questions) || st.Revlog != 5 {
				t.Errorf("after Change Note Type and Always: %s, %d notes, %d cards, revlog %d; want %d notes, %d cards, 5 reviews",
					always.counts(), len(st.Notes), st.cards(), st.Revlog, len(allGUIDs), len(bank.Questions))
			}
			for _, n := range st.Notes {
				if n.Notetype != "quizdeck Fact" {
					t.Errorf("note %s is %s", n.GUID, n.Notetype)
				}
			}
		})

		t.Run("cloze file", func(t *testing.T) {
			res := append(newAnkiSession(t).step("import_apkg", "path", allPkg).step("import_csv", "path", allCloze).
				step("csv_metadata", "path", allCloze).run(), nil)
			res[3] = newAnkiSession(t).step("csv_metadata", "path", allCloze).run()[0]
			after := decode[csvImport](t, res[1])
			t.Logf("anki: cloze CSV after a cloze package: %+v, %s; in an empty collection: %s", after.Metadata, after.Log.counts(), res[3])
			if after.Metadata.NotetypeID != apkg.ClozeID || len(after.Log.New)+len(after.Log.Updated)+len(after.Log.Conflicting) != 0 {
				t.Errorf("cloze CSV after a cloze package: %+v, %s; want quizdeck Cloze, every row a duplicate", after.Metadata, after.Log.counts())
			}
			// Without the package Anki falls back to its default type,
			// whose fields match no column name: docs/anki.md tells the
			// student to pick the stock Cloze in the dialog.
			if m := decode[csvMeta](t, res[3]); m.Notetype != "Basic" {
				t.Errorf("cloze CSV in an empty collection: %+v", m)
			}
		})
	})

	// 7. A renamed deck, an added and a retired fact.
	t.Run("7 deck rename, add, retire", func(t *testing.T) {
		renamed := d.AnkiDeck + " (2nd edition)"
		var retired, added string
		bank2 := conformanceBank(t, tmpl, func(ds []*generator.Deck) {
			d := ds[0]
			d.AnkiDeck = renamed
			retired = d.Facts[len(d.Facts)-1].ID
			f := *d.Facts[0]
			f.ID, added = "conformance-added-fact", "conformance-added-fact"
			f.Note = "added for the conformance suite"
			d.Facts = append(d.Facts[:len(d.Facts)-1], &f)
		})
		p2, _, _ := buildAnki(t, bank2, tmpl, t.TempDir(), epoch, generator.AnkiOptions{})
		res := newAnkiSession(t).step("import_apkg", "path", v1).step("import_apkg", "path", p2).step("state").run()
		log, st := decode[ankiLog](t, res[1]), decode[ankiState](t, res[2])
		t.Logf("anki: renamed deck, one fact added, one retired: %s; decks %q", log.counts(), st.Decks)
		ag, rg := generator.NoteGUID(d.ID, added), generator.NoteGUID(d.ID, retired)
		if !slices.Equal(log.New, []string{ag}) {
			t.Errorf("new notes %q, want only the added fact's %s (%s)", log.New, ag, log.counts())
		}
		notes := st.byGUID()
		if _, ok := notes[rg]; !ok {
			t.Errorf("the retired fact's note %s left the collection", rg)
		}
		for g, n := range notes {
			want := d.AnkiDeck // Anki never moves a card it already has
			if g == ag {
				want = renamed
			}
			for _, c := range n.Cards {
				if c.Deck != want {
					t.Errorf("note %s card %d in %q, want %q", g, c.Ord, c.Deck, want)
				}
			}
		}
		if !slices.Contains(st.Decks, renamed) || !slices.Contains(st.Decks, d.AnkiDeck) {
			t.Errorf("decks %q", st.Decks)
		}

		// Renaming the deck in Anki to the new name first keeps every card
		// in one deck.
		res = newAnkiSession(t).step("import_apkg", "path", v1).step("rename_deck", "from", d.AnkiDeck, "to", renamed).
			step("import_apkg", "path", p2).step("state").run()
		st = decode[ankiState](t, res[3])
		for _, n := range st.Notes {
			for _, c := range n.Cards {
				if c.Deck != renamed {
					t.Errorf("after renaming the deck in Anki: note %s card %d in %q, want %q", n.GUID, c.Ord, c.Deck, renamed)
				}
			}
		}
	})

	// 8. Bury siblings on: one card per fact per day. Off: a fact's
	// questions come up together.
	t.Run("8 siblings", func(t *testing.T) {
		type day struct {
			Shown []struct {
				GUID string `json:"guid"`
				Ord  int    `json:"ord"`
			} `json:"shown"`
		}
		for _, bury := range []bool{true, false} {
			res := newAnkiSession(t).step("import_apkg", "path", v1).step("study_day", "bury", bury, "deck", d.AnkiDeck).run()
			seen := map[string]int{}
			for _, s := range decode[day](t, res[1]).Shown {
				seen[s.GUID]++
			}
			t.Logf("anki: bury %v: %d cards shown for %d facts", bury, len(decode[day](t, res[1]).Shown), len(seen))
			twice := 0
			for _, n := range seen {
				if n > 1 {
					twice++
				}
			}
			switch {
			case bury && (twice != 0 || len(seen) != len(allGUIDs)):
				t.Errorf("bury on: %d facts seen, %d of them more than once; want each of %d once", len(seen), twice, len(allGUIDs))
			case !bury && twice == 0:
				t.Errorf("bury off: no fact came up twice; the test cannot tell burying from not")
			}
		}
	})

	// 9. The one change of every GUID: a collection holding the package of
	// the note-per-question layout (testdata/note-per-question-0.1.0.apkg,
	// built by quizdeck 0.1.0 before this change) gets the new notes beside
	// the old ones, with no conflict; the search docs/anki.md gives deletes
	// exactly the old notes.
	t.Run("9 migration from note per question", func(t *testing.T) {
		old := filepath.Join("testdata", "note-per-question-0.1.0.apkg")
		res := newAnkiSession(t).step("import_apkg", "path", old).step("import_apkg", "path", v1).
			step("delete", "query", migrationSearch).step("check").step("state").run()
		first, log := decode[ankiLog](t, res[0]), decode[ankiLog](t, res[1])
		deleted := decode[struct{ Deleted int }](t, res[2]).Deleted
		st := decode[ankiState](t, res[4])
		t.Logf("anki: old package: %s; new package: %s; the search deleted %d notes", first.counts(), log.counts(), deleted)
		if !slices.Equal(slices.Sorted(slices.Values(log.New)), allGUIDs) || len(log.Conflicting)+len(log.Updated)+len(log.Duplicate) != 0 {
			t.Errorf("new package over the old one: %s; want every fact note new, nothing else", log.counts())
		}
		if deleted != len(first.New) || len(st.Notes) != len(allGUIDs) || st.cards() != len(bank.Questions) {
			t.Errorf("deleted %d of %d old notes; %d notes, %d cards left, want %d and %d", deleted, len(first.New), len(st.Notes), st.cards(), len(allGUIDs), len(bank.Questions))
		}
		if p := decode[struct{ Problems []string }](t, res[3]).Problems; len(p) != 0 {
			t.Errorf("Check Database after the migration: %q", p)
		}
	})
}

// migrationSearch is the Anki browser search docs/anki.md gives for the
// notes of the note-per-question layout (quizdeck 0.1.0), run before
// importing a package with anki.cloze on (its cloze notes are new notes of
// the same note type).
const migrationSearch = `note:"quizdeck Basic" OR note:"quizdeck Multiple Choice" OR note:"quizdeck Cloze"`

// rewriteModel copies package src with its quizdeck Fact note type changed
// by edit and made one second newer, as a later build would write it, and
// returns the copy's path.
func rewriteModel(t *testing.T, src string, edit func(map[string]any)) string {
	t.Helper()
	db := openCollection(t, src)
	var raw string
	if err := db.QueryRow(`SELECT models FROM col`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	var models map[string]map[string]any
	if err := json.Unmarshal([]byte(raw), &models); err != nil {
		t.Fatal(err)
	}
	m := models[strconv.FormatInt(apkg.FactID, 10)]
	edit(m)
	m["mod"] = m["mod"].(float64) + 1
	b, err := json.Marshal(models)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE col SET models = ?`, string(b)); err != nil {
		t.Fatal(err)
	}
	var name string
	if err := db.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	coll, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "rewritten.apkg")
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for entry, data := range map[string][]byte{"collection.anki2": coll, "media": []byte("{}")} {
		w, err := zw.Create(entry)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

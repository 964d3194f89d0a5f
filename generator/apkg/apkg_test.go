package apkg_test

import (
	"archive/zip"
	"context"
	"crypto/sha1"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"html"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/apkg"
	"github.com/quizdeck/quizdeck/generator/cloze"
)

const epoch = 1735689600 // 2025-01-01T00:00:00Z

// build runs generator.Build over bank with the anki-apkg format into out
// and returns the manifest's entry per written path.
func build(t *testing.T, bank *generator.Bank, out string, w *apkg.Writer, e int64) map[string]generator.FileEntry {
	t.Helper()
	return buildWith(t, bank, out, w, e, generator.AnkiOptions{})
}

// buildWith is build with the Anki switches a.
func buildWith(t *testing.T, bank *generator.Bank, out string, w *apkg.Writer, e int64, a generator.AnkiOptions) map[string]generator.FileEntry {
	t.Helper()
	opts := generator.DefaultOptions()
	opts.Out, opts.Epoch, opts.Seed, opts.Anki = out, e, 7, a
	opts.Builds = []generator.BuildOptions{{Name: "deck", Formats: []string{generator.FormatAnkiAPKG}}}
	m, err := generator.Build(context.Background(), bank, opts, []generator.Format{w}, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]generator.FileEntry{}
	for _, f := range m.Files {
		files[f.Path] = f
	}
	return files
}

// plain is the text Anki compares for a field we wrote from plain text:
// our fields only hold escaped text, <br> and simple tags.
func plainCsum(text string) int64 {
	sum := sha1.Sum([]byte(text))
	return int64(binary.BigEndian.Uint32(sum[:4]))
}

type noteRow struct {
	id, mid, mod, csum int64
	guid, tags, flds   string
	sfld               any
}

func readNotes(t *testing.T, db *sql.DB) map[string]noteRow {
	t.Helper()
	rows, err := db.Query(`SELECT id, guid, mid, mod, tags, flds, sfld, csum FROM notes`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	notes := map[string]noteRow{}
	for rows.Next() {
		var n noteRow
		if err := rows.Scan(&n.id, &n.guid, &n.mid, &n.mod, &n.tags, &n.flds, &n.sfld, &n.csum); err != nil {
			t.Fatal(err)
		}
		if _, dup := notes[n.guid]; dup {
			t.Errorf("GUID %s appears twice", n.guid)
		}
		notes[n.guid] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return notes
}

// TestBuild builds the synthetic bank through generator.Build and checks
// the package the way Anki reads it, straight from SQLite: the schema,
// the note types, decks, one card per card, field counts, GUIDs against
// the questions, sfld and csum recomputed from the plain text.
func TestBuild(t *testing.T) {
	bank := testBank()
	out := t.TempDir()
	w := apkg.New(templates(t))
	files := buildWith(t, bank, out, w, epoch, generator.AnkiOptions{Cloze: true, Reversed: true})

	if got, want := slices.Sorted(maps.Keys(files)), []string{"deck/ostpolitik.apkg", "deck/pacific.apkg"}; !slices.Equal(got, want) {
		t.Fatalf("files = %v, want %v", got, want)
	}
	for _, f := range files {
		if f.Format != "anki-apkg" || f.Build != "deck" {
			t.Errorf("manifest entry %+v", f)
		}
	}

	path := filepath.Join(out, "deck", "ostpolitik.apkg")
	t.Run("zip", func(t *testing.T) {
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		var names []string
		for _, f := range zr.File {
			names = append(names, f.Name)
			if !f.Modified.Equal(time.Unix(epoch, 0)) {
				t.Errorf("%s modified %v, want the epoch", f.Name, f.Modified)
			}
		}
		if !slices.Equal(names, []string{"collection.anki2", "media"}) {
			t.Errorf("entries %v", names)
		}
		r, err := zr.Open("media")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		if string(b) != "{}" {
			t.Errorf("media = %q, want {}", b)
		}
	})

	db := openCollection(t, path)
	t.Run("schema", func(t *testing.T) {
		want := map[string]string{
			"col":    "id crt mod scm ver dty usn ls conf models decks dconf tags",
			"notes":  "id guid mid mod usn tags flds sfld csum flags data",
			"cards":  "id nid did ord mod usn type queue due ivl factor reps lapses left odue odid flags data",
			"revlog": "id cid usn ease ivl lastIvl factor time type",
			"graves": "usn oid type",
		}
		for table, cols := range want {
			rows, err := db.Query(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var c string
				rows.Scan(&c)
				got = append(got, c)
			}
			rows.Close()
			if strings.Join(got, " ") != cols {
				t.Errorf("table %s columns %q, want %q", table, got, cols)
			}
		}
		var idx string
		db.QueryRow(`SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type='index' ORDER BY name)`).Scan(&idx)
		if idx != "ix_cards_nid ix_cards_sched ix_cards_usn ix_notes_csum ix_notes_usn ix_revlog_cid ix_revlog_usn" {
			t.Errorf("indexes %q", idx)
		}
		var ver, n int
		db.QueryRow(`SELECT ver, (SELECT count(*) FROM col) FROM col`).Scan(&ver, &n)
		if ver != 11 || n != 1 {
			t.Errorf("col: ver %d in %d rows, want 11 in 1", ver, n)
		}
	})

	var modelsJSON, decksJSON string
	if err := db.QueryRow(`SELECT models, decks FROM col`).Scan(&modelsJSON, &decksJSON); err != nil {
		t.Fatal(err)
	}
	var models map[string]struct {
		ID    int64  `json:"id"`
		Name  string `json:"name"`
		Type  int    `json:"type"`
		Mod   int64  `json:"mod"`
		CSS   string `json:"css"`
		Sortf int    `json:"sortf"`
		Flds  []struct {
			Name string `json:"name"`
		} `json:"flds"`
		Tmpls []struct {
			Name string `json:"name"`
			Qfmt string `json:"qfmt"`
		} `json:"tmpls"`
	}
	var decks map[string]struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(modelsJSON), &models); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(decksJSON), &decks); err != nil {
		t.Fatal(err)
	}
	fieldCount := map[int64]int{}
	t.Run("note types", func(t *testing.T) {
		want := map[int64]string{
			1384720616: "quizdeck Fact|0|Front,Back,Front 2,Back 2,Front 3,Back 3|Card 1,Card 2,Card 3",
			1384720615: "quizdeck Cloze|1|Text,Back Extra|Cloze",
		}
		if len(models) != len(want) {
			t.Errorf("%d note types, want %d", len(models), len(want))
		}
		for key, m := range models {
			var fl, tl []string
			for _, f := range m.Flds {
				fl = append(fl, f.Name)
			}
			for _, tm := range m.Tmpls {
				tl = append(tl, tm.Name)
			}
			got := m.Name + "|" + strconv.Itoa(m.Type) + "|" + strings.Join(fl, ",") + "|" + strings.Join(tl, ",")
			if key != strconv.FormatInt(m.ID, 10) || got != want[m.ID] {
				t.Errorf("note type %s: %s, want %s", key, got, want[m.ID])
			}
			if m.Mod != epoch || !strings.Contains(m.CSS, ".card") {
				t.Errorf("note type %s: mod %d, css %.30q", m.Name, m.Mod, m.CSS)
			}
			fieldCount[m.ID] = len(m.Flds)
		}
	})

	deckName := map[int64]string{}
	t.Run("decks", func(t *testing.T) {
		var names []string
		for key, d := range decks {
			if key != strconv.FormatInt(d.ID, 10) {
				t.Errorf("deck key %s, id %d", key, d.ID)
			}
			deckName[d.ID] = d.Name
			names = append(names, d.Name)
		}
		slices.Sort(names)
		want := []string{"Default", "Geschichte", "Geschichte::Ostpolitik", "Geschichte::Ostpolitik::Cloze"}
		if !slices.Equal(names, want) {
			t.Errorf("decks %q, want %q", names, want)
		}
	})

	notes := readNotes(t, db)
	t.Run("notes", func(t *testing.T) {
		type want struct {
			mid   int64
			plain string // first field as text
			deck  string
			cards int
			tags  string
		}
		// One note per fact: its questions are its cards, in kind order.
		wants := map[string]want{}
		for _, q := range bank.Questions {
			if q.Deck != "ostpolitik" {
				continue
			}
			w, ok := wants[q.GUID]
			if !ok {
				w = want{apkg.FactID, ankiText(q.Prompt), "Geschichte::Ostpolitik", 0, " ostpolitik::" + string(q.Kind)}
			} else {
				w.tags += " ostpolitik::" + string(q.Kind)
			}
			w.cards++
			wants[q.GUID] = w
			if q.Kind == generator.WhoSaid {
				var f *generator.Fact
				for _, c := range bank.Decks[0].Facts {
					if c.ID == q.Fact {
						f = c
					}
				}
				text := cloze.Text(bank.Decks[0].Source.Noun(), f.Speaker, f.Said, f.Direct)
				wants[cloze.GUID(q.Deck, q.Fact)] = want{apkg.ClozeID, html.UnescapeString(text), "Geschichte::Ostpolitik::Cloze", 1, " ostpolitik::who-said"}
			}
		}
		for g, w := range wants {
			w.tags += " ostpolitik "
			wants[g] = w
		}
		if len(notes) != len(wants) || len(wants) != 4+2 {
			t.Errorf("%d notes, want %d (4 facts, 2 cloze)", len(notes), len(wants))
		}
		for guid, w := range wants {
			n, ok := notes[guid]
			if !ok {
				t.Errorf("no note with GUID %s (%s)", guid, w.plain)
				continue
			}
			if n.mid != w.mid {
				t.Errorf("note %s: note type %d, want %d", guid, n.mid, w.mid)
			}
			if got := strings.Count(n.flds, "\x1f") + 1; got != fieldCount[n.mid] {
				t.Errorf("note %s: %d fields, its note type has %d", guid, got, fieldCount[n.mid])
			}
			if n.csum != plainCsum(w.plain) {
				t.Errorf("note %s: csum %d, want %d = sha1(%q)", guid, n.csum, plainCsum(w.plain), w.plain)
			}
			if n.sfld != w.plain {
				t.Errorf("note %s: sfld %q, want %q", guid, n.sfld, w.plain)
			}
			// The CSV's tags cell: "<deck>::<kind>" per card, then the fact's tags.
			if n.mod != epoch || n.tags != w.tags {
				t.Errorf("note %s: mod %d tags %q, want %q", guid, n.mod, n.tags, w.tags)
			}
			rows, err := db.Query(`SELECT ord, did, type, queue FROM cards WHERE nid = ? ORDER BY ord`, n.id)
			if err != nil {
				t.Fatal(err)
			}
			cards := 0
			for rows.Next() {
				var ord, typ, queue int
				var did int64
				rows.Scan(&ord, &did, &typ, &queue)
				if ord != cards || deckName[did] != w.deck || typ != 0 || queue != 0 {
					t.Errorf("note %s card %d: ord %d deck %q type %d queue %d, want deck %q", guid, cards, ord, deckName[did], typ, queue, w.deck)
				}
				cards++
			}
			rows.Close()
			if cards != w.cards {
				t.Errorf("note %s: %d cards, want %d", guid, cards, w.cards)
			}
		}
		var orphans int
		db.QueryRow(`SELECT count(*) FROM cards WHERE nid NOT IN (SELECT id FROM notes)`).Scan(&orphans)
		if orphans != 0 {
			t.Errorf("%d cards without a note", orphans)
		}
	})

	t.Run("escaping", func(t *testing.T) {
		gorb := notes[generator.NoteGUID("ostpolitik", "gorbachev-home")]
		front := strings.Split(gorb.flds, "\x1f")[0]
		if want := "Who, according to the essay, held that Europe is our «common home» &amp; &lt;no one&gt; may wall it off?"; front != want {
			t.Errorf("front %q, want %q", front, want)
		}
		// As the CSV writes it: html.EscapeString, line breaks as <br>;
		// the which-year card is the dated quotation's second card.
		brandt := strings.Split(notes[generator.NoteGUID("ostpolitik", "brandt-kniefall")].flds, "\x1f")
		if want := "In which year did Willy Brandt say &#34;Ich tat, was Menschen tun …&#34; at the ghetto&#39;s memorial?<br>(Warsaw)"; brandt[2] != want {
			t.Errorf("Front 2 %q, want %q", brandt[2], want)
		}
		if brandt[4] != "" || brandt[5] != "" {
			t.Errorf("Front 3, Back 3 = %q, want empty", brandt[4:])
		}
		camRanh := strings.Split(notes[generator.NoteGUID("ostpolitik", "cam-ranh")].flds, "\x1f")
		if camRanh[0] != "Which base or facility in Việt Nam is the naval base Moscow leased until 2002?" || !strings.Contains(camRanh[3], "<b>Việt Nam</b>") {
			t.Errorf("base fields %q", camRanh[:4])
		}
	})
}

// TestRebuild checks the two halves of the mod rule: an unchanged rebuild
// gives the same bytes (also into a fresh folder), and a changed fact
// makes its notes' mod newer while every GUID stays.
func TestRebuild(t *testing.T) {
	bank := testBank()
	out := t.TempDir()
	w := apkg.New(templates(t))
	first := build(t, bank, out, w, epoch)

	if again := build(t, bank, out, w, epoch); again["deck/ostpolitik.apkg"].SHA256 != first["deck/ostpolitik.apkg"].SHA256 {
		t.Fatal("an unchanged rebuild into the same folder changed the package")
	}
	if fresh := build(t, bank, t.TempDir(), w, epoch); fresh["deck/ostpolitik.apkg"].SHA256 != first["deck/ostpolitik.apkg"].SHA256 {
		t.Fatal("an unchanged build into a new folder gave other bytes")
	}

	pkg := filepath.Join(out, "deck", "ostpolitik.apkg")
	before := readNotes(t, openCollection(t, pkg))
	changed := "ostpolitik/joint-declaration/which-year"
	changedGUID := generator.NoteGUID("ostpolitik", "joint-declaration")
	edit := func(prompt string) {
		for i := range bank.Questions {
			if bank.Questions[i].ID == changed {
				bank.Questions[i].Prompt = prompt
			}
		}
	}
	mods := func(e int64) map[string]int64 {
		build(t, bank, out, w, e)
		m := map[string]int64{}
		for g, n := range readNotes(t, openCollection(t, pkg)) {
			m[g] = n.mod
		}
		return m
	}

	edit("In which year, according to the essay, was 日ソ共同宣言 signed?")
	after := mods(epoch)
	if len(after) != len(before) {
		t.Fatalf("%d notes after the edit, %d before: GUIDs changed", len(after), len(before))
	}
	for g, n := range before {
		want := n.mod
		if g == changedGUID {
			want = epoch + 1
		}
		if after[g] != want {
			t.Errorf("note %s: mod %d after the edit, want %d", g, after[g], want)
		}
	}

	edit("In which year was the Soviet–Japanese Joint Declaration signed?")
	if got := mods(epoch)[changedGUID]; got != epoch+2 {
		t.Errorf("second edit: mod %d, want %d", got, epoch+2)
	}
	later := int64(epoch + 86400)
	m := mods(later)
	if m[changedGUID] != epoch+2 || m[generator.NoteGUID("ostpolitik", "brandt-kniefall")] != epoch {
		t.Errorf("a later epoch with no edit changed mods: %v", m)
	}
	edit("日ソ共同宣言: which year?")
	if got := mods(later)[changedGUID]; got != later {
		t.Errorf("edit under a later epoch: mod %d, want the epoch %d", got, later)
	}
}

// TestNoCollectionApkg checks that a deck called "collection" is not
// written as collection.apkg, which Anki would import as a whole collection.
func TestNoCollectionApkg(t *testing.T) {
	for _, tc := range []struct{ id, want string }{
		{"collection", "collection-deck.apkg"},
		{"eurasian-union", "eurasian-union.apkg"},
		{"collections", "collections.apkg"},
	} {
		if got := apkg.FileName(tc.id); got != tc.want {
			t.Errorf("FileName(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
	bank := testBank()
	bank.Decks[1].ID = "collection"
	for i := range bank.Questions {
		if bank.Questions[i].Deck == "pacific" {
			bank.Questions[i].Deck = "collection"
		}
	}
	out := t.TempDir()
	files := build(t, bank, out, apkg.New(templates(t)), epoch)
	if _, ok := files["deck/collection-deck.apkg"]; !ok {
		t.Errorf("files %v", slices.Sorted(maps.Keys(files)))
	}
	if _, err := os.Stat(filepath.Join(out, "deck", "collection.apkg")); err == nil {
		t.Error("collection.apkg written")
	}
}

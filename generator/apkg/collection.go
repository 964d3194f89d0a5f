package apkg

import (
	"archive/zip"
	"bytes"
	"cmp"
	"compress/flate"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, pure Go
)

// Entry names inside a package.
const (
	CollectionEntry = "collection.anki2" // schema 11, read by every Anki since 2.1
	MediaEntry      = "media"            // JSON map of zip entry → file name
)

// schemaTables and schemaIndexes are Anki's legacy collection schema (rslib schema11.sql, genanki
// apkg_schema.py). sfld is declared integer on purpose: numeric sort
// fields sort as numbers.
const schemaTables = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null,
  left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
`

// schemaIndexes are schema 11's indexes, created once the rows are in.
const schemaIndexes = `
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`

// dconf is genanki's known-good schema-11 deck options group "Default";
// Anki parses it strictly on import.
const dconf = `{"1":{"autoplay":true,"id":1,"lapse":{"delays":[10],"leechAction":0,"leechFails":8,` +
	`"minInt":1,"mult":0},"maxTaken":60,"mod":0,"name":"Default","new":{"bury":true,"delays":[1,10],` +
	`"initialFactor":2500,"ints":[1,4,7],"order":1,"perDay":20,"separate":true},"replayq":true,` +
	`"rev":{"bury":true,"ease4":1.3,"fuzz":0.05,"ivlFct":1,"maxIvl":36500,"minSpace":1,"perDay":100},` +
	`"timer":0,"usn":0}}`

// Write writes the package as a zip to w. The collection is built in a
// temporary SQLite file, then streamed into the zip.
func (p *Package) Write(w io.Writer) error {
	if err := p.check(); err != nil {
		return err
	}
	dir, err := os.MkdirTemp(p.TempDir, "quizdeck-apkg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, CollectionEntry)
	if err := p.writeCollection(db); err != nil {
		return fmt.Errorf("build collection: %w", err)
	}
	f, err := os.Open(db)
	if err != nil {
		return err
	}
	defer f.Close()

	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	cw, err := zw.CreateHeader(&zip.FileHeader{Name: CollectionEntry, Method: zip.Deflate, Modified: p.Epoch})
	if err != nil {
		return err
	}
	if _, err := io.Copy(cw, f); err != nil {
		return err
	}
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: MediaEntry, Method: zip.Deflate, Modified: p.Epoch})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(mw, "{}"); err != nil {
		return err
	}
	return zw.Close()
}

// marshal is json.Marshal without HTML escaping, so templates stay readable.
func marshal(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// deckID derives a deck's id from its name; Anki matches decks by name,
// so the id only has to be stable and unique in the package.
func deckID(s *ids, name string) int64 { return s.next("anki-deck", name) }

func (p *Package) colJSON(deckIDs map[string]int64, names []string) (models, decks, conf string, err error) {
	epoch := p.Epoch.Unix()
	first := deckIDs[p.Notes[0].Cards[0].Deck] // the deck of the first card: the main deck
	used := map[int64]bool{}
	for _, n := range p.Notes {
		used[n.TypeID] = true
	}
	m := map[string]any{}
	for _, nt := range NoteTypes() {
		if used[nt.ID] { // only the types the notes use reach the student's collection
			m[strconv.FormatInt(nt.ID, 10)] = nt.modelJSON(p.CSS, p.ModelMods[nt.ID], first)
		}
	}
	if models, err = marshal(m); err != nil {
		return "", "", "", err
	}
	today := []int{0, 0}
	deck := func(id int64, name string) map[string]any {
		return map[string]any{"id": id, "name": name, "desc": "", "conf": 1, "dyn": 0, "collapsed": false,
			"browserCollapsed": false, "usn": -1, "mod": epoch, "extendNew": 0, "extendRev": 50,
			"newToday": today, "revToday": today, "lrnToday": today, "timeToday": today}
	}
	d := map[string]any{"1": deck(1, "Default")}
	for _, name := range names {
		d[strconv.FormatInt(deckIDs[name], 10)] = deck(deckIDs[name], name)
	}
	if decks, err = marshal(d); err != nil {
		return "", "", "", err
	}
	conf, err = marshal(map[string]any{"activeDecks": []int64{first}, "curDeck": first,
		"curModel": strconv.FormatInt(FactID, 10), "nextPos": 1, "sortType": "noteFld", "sortBackwards": false,
		"addToCur": true, "collapseTime": 1200, "dueCounts": true, "estTimes": true, "newBury": true,
		"newSpread": 0, "timeLim": 0})
	return models, decks, conf, err
}

// writeCollection writes the notes and cards to a new SQLite file at name
// in one transaction, with journaling and syncing off (the file is a
// scratch copy until it is zipped), rows inserted in batches, and the
// indexes built after the rows.
func (p *Package) writeCollection(name string) error {
	ctx := context.Background()
	db, err := sql.Open("sqlite", name)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, pragma := range []string{"PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF",
		"PRAGMA locking_mode=EXCLUSIVE", "PRAGMA temp_store=MEMORY", "PRAGMA page_size=16384"} {
		if _, err := conn.ExecContext(ctx, pragma); err != nil {
			return fmt.Errorf("%s: %w", pragma, err)
		}
	}
	if _, err := conn.ExecContext(ctx, schemaTables); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}

	names := p.deckNames()
	deckIDs := make(map[string]int64, len(names))
	dids := newIDs(p.Epoch, len(names))
	dids.used[1] = true
	for _, n := range names {
		deckIDs[n] = deckID(dids, n)
	}
	models, decks, conf, err := p.colJSON(deckIDs, names)
	if err != nil {
		return err
	}

	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ms := p.Epoch.UnixMilli()
	if _, err := tx.Exec(`INSERT INTO col VALUES (1,?,?,?,11,0,0,0,?,?,?,?,'{}')`,
		p.Epoch.Unix(), ms, ms, conf, models, decks, dconf); err != nil {
		return fmt.Errorf("insert col: %w", err)
	}
	notes := &batch{tx: tx, table: "notes", row: "(?,?,?,?,-1,?,?,?,?,0,'')", params: 8}
	cards := &batch{tx: tx, table: "cards", row: "(?,?,?,?,?,-1,0,0,?,0,0,0,0,0,0,0,0,'')", params: 6}
	defer notes.close()
	defer cards.close()

	// Rows go in by id: appending to the tables' b-trees is much cheaper
	// than inserting at random places.
	type noteRow struct {
		id         int64
		n          *Note
		flds, sfld string
		csum       uint32
	}
	type cardRow struct{ id, nid, did, ord, mod, due int64 }
	noteRows := make([]noteRow, 0, len(p.Notes))
	cardRows := make([]cardRow, 0, len(p.Notes))
	noteIDs, cardIDs := newIDs(p.Epoch, len(p.Notes)), newIDs(p.Epoch, len(p.Notes))
	for i := range p.Notes {
		n := &p.Notes[i]
		nid := noteIDs.next("anki-note", n.GUID)
		sfld := StripHTML(n.Fields[0]) // sortf is 0 in every note type, so csum's field too
		noteRows = append(noteRows, noteRow{nid, n, strings.Join(n.Fields, fieldSep), sfld, checksumText(sfld)})
		for _, c := range n.Cards {
			cid := cardIDs.next("anki-card", n.GUID, strconv.Itoa(c.Ord))
			cardRows = append(cardRows, cardRow{cid, nid, deckIDs[c.Deck], int64(c.Ord), n.Mod, int64(i + 1)})
		}
	}
	slices.SortFunc(noteRows, func(a, b noteRow) int { return cmp.Compare(a.id, b.id) })
	slices.SortFunc(cardRows, func(a, b cardRow) int { return cmp.Compare(a.id, b.id) })
	for _, r := range noteRows {
		if err := notes.add(r.id, r.n.GUID, r.n.TypeID, r.n.Mod, tagString(r.n.Tags), r.flds, r.sfld, int64(r.csum)); err != nil {
			return fmt.Errorf("insert note %s: %w", r.n.GUID, err)
		}
	}
	for _, r := range cardRows {
		if err := cards.add(r.id, r.nid, r.did, r.ord, r.mod, r.due); err != nil {
			return fmt.Errorf("insert card %d of note %d: %w", r.ord, r.nid, err)
		}
	}
	if err := notes.flush(); err != nil {
		return fmt.Errorf("insert notes: %w", err)
	}
	if err := cards.flush(); err != nil {
		return fmt.Errorf("insert cards: %w", err)
	}
	if _, err := tx.Exec(schemaIndexes); err != nil {
		return fmt.Errorf("create indexes: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if err := conn.Close(); err != nil {
		return err
	}
	return db.Close()
}

// batchRows is how many rows one INSERT statement carries.
const batchRows = 64

// batch inserts rows into a table batchRows at a time through one
// prepared multi-row statement, which costs far fewer driver calls than a
// statement per row.
type batch struct {
	tx     *sql.Tx
	table  string
	row    string // "(?,?,…)" with params placeholders
	params int
	stmt   *sql.Stmt
	args   []any
}

func (b *batch) add(args ...any) error {
	b.args = append(b.args, args...)
	if len(b.args) < batchRows*b.params {
		return nil
	}
	if b.stmt == nil {
		stmt, err := b.tx.Prepare(b.insert(batchRows))
		if err != nil {
			return err
		}
		b.stmt = stmt
	}
	_, err := b.stmt.Exec(b.args...)
	b.args = b.args[:0]
	return err
}

func (b *batch) flush() error {
	if len(b.args) == 0 {
		return nil
	}
	_, err := b.tx.Exec(b.insert(len(b.args)/b.params), b.args...)
	b.args = b.args[:0]
	return err
}

func (b *batch) insert(rows int) string {
	return "INSERT INTO " + b.table + " VALUES " + strings.Repeat(b.row+",", rows-1) + b.row
}

func (b *batch) close() {
	if b.stmt != nil {
		b.stmt.Close()
	}
}

package apkg

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, pure Go
)

// Entry names inside a package.
const (
	CollectionEntry = "collection.anki2" // schema 11, read by every Anki since 2.1
	MediaEntry      = "media"            // JSON map of zip entry → file name
)

// schema11 is Anki's legacy collection schema (rslib schema11.sql, genanki
// apkg_schema.py). sfld is declared integer on purpose: numeric sort
// fields sort as numbers.
const schema11 = `
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
	dir, err := os.MkdirTemp("", "quizdeck-apkg-")
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
	m := map[string]any{}
	for _, nt := range NoteTypes() {
		m[strconv.FormatInt(nt.ID, 10)] = nt.modelJSON(p.CSS, p.ModelMods[nt.ID], first)
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
		"curModel": strconv.FormatInt(BasicID, 10), "nextPos": 1, "sortType": "noteFld", "sortBackwards": false,
		"addToCur": true, "collapseTime": 1200, "dueCounts": true, "estTimes": true, "newBury": true,
		"newSpread": 0, "timeLim": 0})
	return models, decks, conf, err
}

// writeCollection writes the notes and cards to a new SQLite file at name
// in one transaction, with journaling and syncing off: the file is a
// scratch copy until it is zipped.
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
		"PRAGMA locking_mode=EXCLUSIVE", "PRAGMA temp_store=MEMORY"} {
		if _, err := conn.ExecContext(ctx, pragma); err != nil {
			return fmt.Errorf("%s: %w", pragma, err)
		}
	}
	if _, err := conn.ExecContext(ctx, schema11); err != nil {
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
	noteStmt, err := tx.Prepare(`INSERT INTO notes VALUES (?,?,?,?,-1,?,?,?,?,0,'')`)
	if err != nil {
		return err
	}
	defer noteStmt.Close()
	cardStmt, err := tx.Prepare(`INSERT INTO cards VALUES (?,?,?,?,?,-1,0,0,?,0,0,0,0,0,0,0,0,'')`)
	if err != nil {
		return err
	}
	defer cardStmt.Close()

	noteIDs, cardIDs := newIDs(p.Epoch, len(p.Notes)), newIDs(p.Epoch, len(p.Notes))
	due := 0
	for _, n := range p.Notes {
		nid := noteIDs.next("anki-note", n.GUID)
		if _, err := noteStmt.Exec(nid, n.GUID, n.TypeID, n.Mod, tagString(n.Tags),
			strings.Join(n.Fields, fieldSep), StripHTML(n.Fields[0]), int64(Checksum(n.Fields[0]))); err != nil {
			return fmt.Errorf("insert note %s: %w", n.GUID, err)
		}
		due++
		for _, c := range n.Cards {
			cid := cardIDs.next("anki-card", n.GUID, strconv.Itoa(c.Ord))
			if _, err := cardStmt.Exec(cid, nid, deckIDs[c.Deck], c.Ord, n.Mod, due); err != nil {
				return fmt.Errorf("insert card %d of note %s: %w", c.Ord, n.GUID, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if err := conn.Close(); err != nil {
		return err
	}
	return db.Close()
}

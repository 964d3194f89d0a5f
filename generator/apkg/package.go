package apkg

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/quizdeck/quizdeck/generator/anki"
)

// fieldSep separates a note's fields in notes.flds.
const fieldSep = "\x1f"

// Package is the content of one .apkg: notes with their cards, in the
// order they are written, and the note types' CSS.
type Package struct {
	Epoch time.Time
	CSS   string
	Notes []Note
	// ModelMods is each note type's mod (seconds), the epoch unless
	// StampFrom found the type unchanged or changed in a previous package.
	ModelMods map[int64]int64
	// TempDir is where Write and StampFrom keep their scratch SQLite files;
	// empty means the system's. Format writers set it to the output's own
	// scratch folder, so a killed run leaves nothing in $TMPDIR.
	TempDir string
}

// Note is one note of a package.
type Note struct {
	GUID   string
	TypeID int64
	Fields []string // HTML, as many as the note type has
	Tags   []string
	Cards  []Card
	// Mod is the note's modification time in seconds: Anki updates a note
	// already in the collection only if this is newer than its own.
	Mod int64
}

// Card is one card of a note: its template (or cloze number - 1) and the
// deck it is created in.
type Card struct {
	Ord  int
	Deck string
}

func newPackage(epoch time.Time, css string) *Package {
	p := &Package{Epoch: epoch.UTC(), CSS: css, ModelMods: map[int64]int64{}}
	for _, nt := range NoteTypes() {
		p.ModelMods[nt.ID] = p.Epoch.Unix()
	}
	return p
}

func (p *Package) add(n Note) {
	n.Mod = p.Epoch.Unix()
	for i, f := range n.Fields {
		n.Fields[i] = stripControl(f)
	}
	p.Notes = append(p.Notes, n)
}

// stripControl removes the ASCII control characters other than tab, LF
// and CR, as Anki does when it saves a note. One of them, 0x1F, separates
// fields in notes.flds: left in, it would split a field in two and make
// Anki reject the whole package.
func stripControl(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// Cards counts the package's cards.
func (p *Package) Cards() int {
	n := 0
	for _, note := range p.Notes {
		n += len(note.Cards)
	}
	return n
}

// tagString is notes.tags: space-separated with a space on either side,
// or empty. Anki tags cannot hold spaces, so any inside a tag become '_'.
func tagString(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte(' ')
	for _, t := range tags {
		t = strings.Join(strings.Fields(t), "_")
		if t == "" {
			continue
		}
		b.WriteString(t)
		b.WriteByte(' ')
	}
	if b.Len() == 1 {
		return ""
	}
	return b.String()
}

// contentSum identifies what an import of the note would write: its note
// type, fields and tags.
func contentSum(mid int64, flds, tags string) [32]byte {
	h := sha256.New()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(mid))
	h.Write(b[:])
	h.Write([]byte(flds))
	h.Write([]byte{0})
	h.Write([]byte(tags))
	var s [32]byte
	h.Sum(s[:0])
	return s
}

// idSpan is the width of the id range below the epoch that note, card and
// deck ids are drawn from (about 12 days in milliseconds).
const idSpan = 1 << 30

// ids hands out distinct ms-style ids derived from keys: base minus a hash
// of the key, stepping down past any id already taken, so an id stays the
// same however other notes come and go.
type ids struct {
	base int64
	used map[int64]bool
}

func newIDs(epoch time.Time, n int) *ids {
	base := max(epoch.UnixMilli(), 1<<31+idSpan)
	return &ids{base: base, used: make(map[int64]bool, n)}
}

func (s *ids) next(key ...string) int64 {
	id := s.base - 1 - int64(anki.Hash64(0, key...)%idSpan)
	for s.used[id] {
		id--
	}
	s.used[id] = true
	return id
}

// deckNames returns every deck the cards go into plus their parents,
// sorted, since Anki needs a subdeck's parents.
func (p *Package) deckNames() []string {
	seen := map[string]bool{}
	for _, n := range p.Notes {
		for _, c := range n.Cards {
			parts := strings.Split(c.Deck, "::")
			for i := range parts {
				seen[strings.Join(parts[:i+1], "::")] = true
			}
		}
	}
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// check reports notes that Anki would reject: a field count other than
// the note type's, a card ord the type does not have, or a repeated GUID.
func (p *Package) check() error {
	types := map[int64]NoteType{}
	for _, nt := range NoteTypes() {
		types[nt.ID] = nt
	}
	if len(p.Notes) == 0 {
		return errors.New("no notes")
	}
	guids := make(map[string]bool, len(p.Notes))
	for _, n := range p.Notes {
		nt, ok := types[n.TypeID]
		switch {
		case !ok:
			return fmt.Errorf("note %s: unknown note type %d", n.GUID, n.TypeID)
		case len(n.Fields) != len(nt.Fields):
			return fmt.Errorf("note %s: %d fields, note type %s has %d", n.GUID, len(n.Fields), nt.Name, len(nt.Fields))
		case n.GUID == "":
			return fmt.Errorf("note of type %s has no GUID", nt.Name)
		case guids[n.GUID]:
			return fmt.Errorf("note %s: GUID used twice", n.GUID)
		case len(n.Cards) == 0:
			return fmt.Errorf("note %s: no card", n.GUID)
		}
		guids[n.GUID] = true
		for _, c := range n.Cards {
			if c.Ord < 0 || (!nt.Cloze && c.Ord >= len(nt.Templates)) || c.Deck == "" {
				return fmt.Errorf("note %s: bad card ord %d in deck %q", n.GUID, c.Ord, c.Deck)
			}
		}
	}
	return nil
}

// Package generator holds quizdeck's domain types (decks, facts, questions),
// the build options and the build runner that hands selected questions to
// output formats, and Output, which replaces an output folder all at once.
// Besides the standard library it imports golang.org/x/text (Unicode
// normalisation of answers), golang.org/x/sys (the atomic folder exchange
// on Linux) and generator/inputfile (bounded reads); spec loading, question
// generation and each output format live in sub-packages.
package generator

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Version is the tool version recorded in every manifest.
const Version = "0.1.0"

// Pos is a position in an input file. Line and Col are 1-based; zero means unknown.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// PosError is an input problem at a position: "file:line:col: message".
type PosError struct {
	Pos Pos
	Err error
}

func (e *PosError) Error() string { return e.Pos.String() + ": " + e.Err.Error() }
func (e *PosError) Unwrap() error { return e.Err }

// Errorf returns a *PosError at pos.
func Errorf(pos Pos, format string, args ...any) *PosError {
	return &PosError{Pos: pos, Err: fmt.Errorf(format, args...)}
}

// FactKind says which of the three fact shapes a fact has.
type FactKind string

// The fact kinds of the spec format.
const (
	Quote FactKind = "quote" // who said what
	Event FactKind = "event" // which year
	Base  FactKind = "base"  // which base
)

// Citation locates a fact in the deck's source text.
type Citation struct {
	// Footnote is the footnote number as the source prints it; 0 when the
	// passage carries none.
	Footnote int `json:"footnote,omitempty"`
	// Excerpt is a short verbatim passage of the source that shows the fact.
	Excerpt string `json:"excerpt"`
}

// String renders the citation as "n. 12: “excerpt”".
func (c Citation) String() string {
	if c.Footnote == 0 {
		return "“" + c.Excerpt + "”"
	}
	return fmt.Sprintf("n. %d: “%s”", c.Footnote, c.Excerpt)
}

// Fact is one curated statement of a deck. Which fields are set depends on Kind.
type Fact struct {
	ID     string
	Kind   FactKind
	Tags   []string
	Source Citation
	Note   string
	// Exclude lists values never to offer as wrong options for this fact's
	// questions: someone who said it too, another name for the same place.
	Exclude []string
	Year    int // quote (optional), event (required), base (optional)
	Month   int // event, optional
	Day     int // event, optional

	// Quote fields.
	Speaker string
	Role    string
	Said    string
	Direct  bool   // a direct quotation rather than a paraphrase or claim
	Via     string // the author or outlet who reports a second-hand quotation

	// Event fields.
	Event string

	// Base fields.
	Base    string
	Country string
	Detail  string

	// Pos is where the fact starts; FieldPos holds each spec key's value position.
	Pos      Pos
	FieldPos Positions
}

// At returns the position of the fact's key, or of the fact when the key is absent.
func (f *Fact) At(key string) Pos {
	if p, ok := f.FieldPos.Get(key); ok {
		return p
	}
	return f.Pos
}

// KeyPos is the position of one key's value in a spec file.
type KeyPos struct {
	Key string
	Pos Pos
}

// Positions are the value positions of a mapping's keys, in file order. A
// short slice is lighter than a map for the handful of keys a fact has.
type Positions []KeyPos

// Get returns the position of key's value.
func (ps Positions) Get(key string) (Pos, bool) {
	for _, kp := range ps {
		if kp.Key == key {
			return kp.Pos, true
		}
	}
	return Pos{}, false
}

// Has reports whether the mapping had key.
func (ps Positions) Has(key string) bool {
	_, ok := ps.Get(key)
	return ok
}

// EntityKind says what sort of speaker an entity is. Distractors never mix
// kinds: a body is never offered among people.
type EntityKind string

// The entity kinds of the spec format.
const (
	Person EntityKind = "person" // one named individual
	Body   EntityKind = "body"   // a government, ministry, newspaper: one institution speaking
	Group  EntityKind = "group"  // an unnamed collective ("Turkish officials", "Russian analysts")
)

// Entity is a speaker a deck declares once under people: and facts name.
type Entity struct {
	Name string
	Kind EntityKind
	// Role is the role class distractors prefer to share: official, scholar,
	// analyst, journalist, historical (figure), or a class the deck names.
	Role string
	// Affiliation is the country, side or organisation the entity speaks for.
	Affiliation string
	// Active are the first and last years the entity was active; 0 = unknown.
	ActiveFrom, ActiveTo int
	// Aka are other names the source uses for the entity (grounding accepts
	// any of them; distractors never equal one).
	Aka []string
	Pos Pos
}

// PlaceType says what sort of place a place entity is: base, airfield,
// airport, naval-base, port, city, region.
type PlaceType string

// Place is a location a deck declares once under places: and base facts name.
type Place struct {
	Name    string
	Type    PlaceType
	Country string // empty when the source states none
	Aka     []string
	Pos     Pos
}

// Pools are a deck's extra distractor candidates, named by the attribute they serve.
type Pools struct {
	Speakers  []string
	Years     []int
	Bases     []string
	Countries []string
}

// Deck is a loaded, validated deck spec.
type Deck struct {
	ID       string
	Title    string
	AnkiDeck string // Anki deck name; "::" separates subdecks
	Source   SourceInfo
	Pools    Pools
	People   []*Entity // declared speakers; empty when the deck declares none
	Places   []*Place  // declared places; empty when the deck declares none
	Facts    []*Fact
	Files    []string // spec files, in load order
	Digest   string   // sha256 of the spec files' names and bytes
	Pos      Pos
}

// SourceInfo names the text a deck is curated from.
type SourceInfo struct {
	Title  string
	Author string // optional: many articles have several
	// Kind is what sort of text it is (essay, article, book, report,
	// chapter); prompts and keys say "according to the <kind>".
	Kind string
	// Year is when the source was written: no which-year distractor is later.
	Year int
}

// Kind names a question kind.
type Kind string

// The question kinds quizdeck generates.
const (
	WhoSaid     Kind = "who-said"     // quote → speaker
	WhichYear   Kind = "which-year"   // event or dated quote → year
	WhichBase   Kind = "which-base"   // country + detail → base
	BaseCountry Kind = "base-country" // base → country
)

// Kinds lists every question kind in a fixed order.
func Kinds() []Kind { return []Kind{WhoSaid, WhichYear, WhichBase, BaseCountry} }

// Question is one generated multiple-choice question with its answer,
// three distractors and the evidence for the answer. Text is plain (not HTML).
type Question struct {
	ID          string   `json:"id"` // <deck>/<fact>/<kind>
	Deck        string   `json:"deck"`
	Fact        string   `json:"fact"`
	Kind        Kind     `json:"kind"`
	Prompt      string   `json:"prompt"`
	Answer      string   `json:"answer"`
	Distractors []string `json:"distractors"`
	Attribution string   `json:"attribution,omitempty"` // role, year, via whom
	Note        string   `json:"note,omitempty"`
	Source      Citation `json:"source"`
	Tags        []string `json:"tags"`
	GUID        string   `json:"guid"`
	// Section is the source heading the fact comes from; Passage names the
	// group of facts drawn from one passage (a quiz takes at most one of each).
	Section string `json:"section,omitempty"`
	Passage string `json:"passage,omitempty"`
}

// QuestionID is the stable id of the question of kind k about a fact.
func QuestionID(deck, fact string, k Kind) string { return deck + "/" + fact + "/" + string(k) }

// base91 is the alphabet of Anki's and genanki's GUIDs.
const base91 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"

// GUID returns a stable Anki note GUID for key: the first 8 bytes of its
// SHA-256 written in base 91 as genanki's guid_for does. Keys are identities
// (a question id, plus a note type where one question yields several notes),
// never content, so editing a fact's text keeps its notes' GUIDs.
func GUID(key ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(key, "__")))
	n := binary.BigEndian.Uint64(sum[:8])
	if n == 0 {
		return ""
	}
	var b []byte
	for n > 0 {
		b = append(b, base91[n%91])
		n /= 91
	}
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// Normalize folds s for equality checks: NFKC, case-folded, with runs of
// space and punctuation reduced, so "Putin" and " putin." compare equal.
func Normalize(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		s = norm.NFKC.String(s) // ASCII is already in NFKC
	}
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		switch {
		case r < 0x80 && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
		case r < 0x80 && 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			r = unicode.ToLower(r)
		default:
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// quizdeck's own Anki note types, by fixed id. The package writer defines
// them; the CSV files name them in #notetype so rows and package notes
// (one GUID each) are the same notes of the same type. See docs/anki.md.
const (
	AnkiBasicTypeID          int64 = 1384720613 // quizdeck Basic: Front, Back, Reverse Front, Reverse Back
	AnkiMultipleChoiceTypeID int64 = 1384720614 // quizdeck Multiple Choice
	AnkiClozeTypeID          int64 = 1384720615 // quizdeck Cloze: Text, Back Extra
)

// AnkiHTML makes plain text safe for an Anki HTML field: & < > " ' become
// entities and CR LF, CR and LF become <br>. The CSV files and the package
// both store text this way, so a note's fields are the same in both.
func AnkiHTML(s string) string {
	s = html.EscapeString(s)
	if strings.ContainsAny(s, "\r\n") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
		s = strings.ReplaceAll(s, "\n", "<br>")
	}
	return s
}

// AnkiTags are the Anki tags of every note made from q, in the CSV files and
// the package alike: "<deck>::<kind>", then the question's tags.
func AnkiTags(q *Question) []string {
	return append([]string{q.Deck + "::" + string(q.Kind)}, q.Tags...)
}

// AnkiClozeDeckName is the sub-deck of a deck's cloze cards, in the package
// and the cloze CSV alike.
func AnkiClozeDeckName(b BuildOptions, d *Deck) string { return AnkiDeckName(b, d) + "::Cloze" }

// AnkiDeckName is the Anki deck a build's cards of deck d go into: the
// deck's own name, under the build's title when the build has one. Every
// Anki format uses it, so CSV and package land in the same deck.
func AnkiDeckName(b BuildOptions, d *Deck) string {
	if b.Title == "" {
		return d.AnkiDeck
	}
	return d.AnkiDeck + "::" + b.Title
}

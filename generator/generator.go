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
	"errors"
	"fmt"
	"html"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
	"unique"

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
	// NoFootnote says the curator checked that the passage has no footnote
	// of its own, though a later sentence of its paragraph may carry one.
	NoFootnote bool `json:"no_footnote,omitempty"`
	// MarkerLost says the source text lost the footnote's marker (an OCR
	// slip the curator read past): no other marker may stand in its place.
	MarkerLost bool `json:"marker_lost,omitempty"`
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
	Year    int // quote, event, base: optional
	Month   int // quote or event, optional: asks which-month
	Day     int // quote or event, optional: asks which-date
	// GroundedBy are further excerpts the curator confirms an answer by
	// (a year the text states a page earlier): answers may stand next to
	// any of them as well as next to Source.
	GroundedBy []Citation

	// Quote fields.
	Speaker string
	Role    string
	Said    string
	Direct  bool   // a direct quotation rather than a paraphrase or claim
	Via     string // the author or outlet who reports a second-hand quotation
	// SpeakerAka are other names the source uses for the speaker (the
	// declared entity's aka): grounding accepts any of them.
	SpeakerAka []string

	// Event fields.
	Event string

	// Base fields.
	Base    string
	Country string
	Detail  string
	// BaseAka are other names the source uses for the base (the declared
	// place's aka): grounding accepts any of them.
	BaseAka []string

	// Bound says how the year bounds what the fact states: "" (in that
	// year), since, until or before. Prompts ask "Since which year …?".
	Bound string
	// Section is the source heading the fact comes from; Passage names a
	// group of facts read from one passage. A quiz takes one of each passage.
	Section string
	Passage string
	// Kinds, when not empty, are the only question kinds the fact yields.
	Kinds []Kind
	// Prompts override the template's prompt for a kind.
	Prompts map[Kind]string
	// Who and Where are the declared entities the fact names as speaker and
	// base; nil when the deck declares none.
	Who   *Entity
	Where *Place

	// Pos is where the fact starts; FieldPos holds each spec key's value position.
	Pos      Pos
	FieldPos FieldPositions
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

// GobEncode writes ps compactly for the spec cache: one byte string
// rather than a struct per key, which gob decoded six times slower.
func (ps Positions) GobEncode() ([]byte, error) {
	b := binary.AppendUvarint(nil, uint64(len(ps)))
	for _, kp := range ps {
		b = binary.AppendUvarint(b, uint64(len(kp.Key)))
		b = append(b, kp.Key...)
		b = binary.AppendUvarint(b, uint64(len(kp.Pos.File)))
		b = append(b, kp.Pos.File...)
		b = binary.AppendVarint(b, int64(kp.Pos.Line))
		b = binary.AppendVarint(b, int64(kp.Pos.Col))
	}
	return b, nil
}

// GobDecode reads what GobEncode wrote.
func (ps *Positions) GobDecode(b []byte) error {
	bad := errors.New("positions: malformed encoding")
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return bad
	}
	b = b[k:]
	str := func() (string, bool) {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return "", false
		}
		s := string(b[k : k+int(l)])
		b = b[k+int(l):]
		return s, true
	}
	num := func() (int, bool) {
		v, k := binary.Varint(b)
		if k <= 0 {
			return 0, false
		}
		b = b[k:]
		return int(v), true
	}
	out := make(Positions, 0, n)
	for range n {
		key, ok1 := str()
		file, ok2 := str()
		line, ok3 := num()
		col, ok4 := num()
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return bad
		}
		out = append(out, KeyPos{Key: key, Pos: Pos{File: file, Line: line, Col: col}})
	}
	if len(b) != 0 {
		return bad
	}
	*ps = out
	return nil
}

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

// FieldPositions are the value positions of a fact's keys, kept compactly:
// a large deck holds millions of them, and []KeyPos took a third of a
// 100,000-fact deck's memory. The file is the one a fact's keys are in;
// keys are interned.
type FieldPositions struct {
	file string
	keys []fieldPos
}

type fieldPos struct {
	key       string
	line, col int32
}

// NewFieldPositions keeps ps compactly. Every position of ps must be in
// one file (a fact's keys are); lines and columns beyond 2³¹ are not kept.
func NewFieldPositions(ps Positions) FieldPositions {
	if len(ps) == 0 {
		return FieldPositions{}
	}
	fp := FieldPositions{file: ps[0].Pos.File, keys: make([]fieldPos, 0, len(ps))}
	for _, kp := range ps {
		if kp.Pos.Line > math.MaxInt32 || kp.Pos.Col > math.MaxInt32 || kp.Pos.File != fp.file {
			continue
		}
		fp.keys = append(fp.keys, fieldPos{unique.Make(kp.Key).Value(), int32(kp.Pos.Line), int32(kp.Pos.Col)})
	}
	return fp
}

// Get returns the position of key's value.
func (fp FieldPositions) Get(key string) (Pos, bool) {
	for _, k := range fp.keys {
		if k.key == key {
			return Pos{File: fp.file, Line: int(k.line), Col: int(k.col)}, true
		}
	}
	return Pos{}, false
}

// Has reports whether the fact had key.
func (fp FieldPositions) Has(key string) bool {
	_, ok := fp.Get(key)
	return ok
}

// Positions returns every key's position, in file order.
func (fp FieldPositions) Positions() Positions {
	out := make(Positions, len(fp.keys))
	for i, k := range fp.keys {
		out[i] = KeyPos{Key: k.key, Pos: Pos{File: fp.file, Line: int(k.line), Col: int(k.col)}}
	}
	return out
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

// Noun is what prompts and keys call the source ("according to the
// article"): its Kind, or "source" when the deck names none.
func (s SourceInfo) Noun() string {
	if s.Kind == "" {
		return "source"
	}
	return s.Kind
}

// Kind names a question kind.
type Kind string

// The question kinds quizdeck generates.
const (
	WhoSaid     Kind = "who-said"     // quote → speaker
	WhichYear   Kind = "which-year"   // event or dated quote → year
	WhichMonth  Kind = "which-month"  // event or quote dated to the month → month and year
	WhichDate   Kind = "which-date"   // event or quote dated to the day → day, month and year
	WhichBase   Kind = "which-base"   // country + detail → base
	BaseCountry Kind = "base-country" // base → country
)

// KindsOf lists the question kinds a fact of kind k can yield.
func KindsOf(k FactKind) []Kind {
	switch k {
	case Quote:
		return []Kind{WhoSaid, WhichYear, WhichMonth, WhichDate}
	case Event:
		return []Kind{WhichYear, WhichMonth, WhichDate}
	case Base:
		return []Kind{WhichBase, BaseCountry}
	}
	return nil
}

// Kinds lists every question kind in a fixed order.
func Kinds() []Kind {
	return []Kind{WhoSaid, WhichYear, WhichBase, BaseCountry, WhichMonth, WhichDate}
}

// Precise reports whether k asks a date more precisely than its year. The
// bank holds such questions for every fact dated that precisely, but a
// build takes them only when its kinds list them.
func Precise(k Kind) bool { return k == WhichMonth || k == WhichDate }

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
	// GUID is the Anki note the question is a card of: NoteGUID of its
	// deck and fact, shared by every question about the fact.
	GUID string `json:"guid"`
	// Section is the source heading the fact comes from; Passage names the
	// group of facts drawn from one passage (a quiz takes at most one of each).
	Section string `json:"section,omitempty"`
	Passage string `json:"passage,omitempty"`
	// Quotation is the quoted words of a who-said question about a direct
	// quotation, for formats that print the quotation alone (matching).
	Quotation string `json:"quotation,omitempty"`
	// GroundedBy are the fact's further excerpts that confirm the answer
	// (a year printed away from Source).
	GroundedBy []Citation `json:"grounded_by,omitempty"`
}

// SourceText renders the question's evidence for keys: its citation, then
// each confirming one: "n. 5: “…”; also n. 2: “…”".
func (q *Question) SourceText() string {
	s := q.Source.String()
	for _, c := range q.GroundedBy {
		s += "; also " + c.String()
	}
	return s
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
	if folded(s) {
		return s // names and answers are often normalised twice: no copy
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			s = norm.NFKC.String(s) // ASCII is already in NFKC
			break
		}
	}
	// Byte by byte: runs of lower-case letters and digits are copied
	// whole, and only what lies beyond ASCII is decoded.
	var b strings.Builder // its String does not copy
	b.Grow(len(s))
	space := false // a separator is pending
	sep := func() {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case lowerOrDigit(c):
			j := i + 1
			for j < len(s) && lowerOrDigit(s[j]) {
				j++
			}
			sep()
			b.WriteString(s[i:j])
			i = j
			continue
		case 'A' <= c && c <= 'Z':
			sep()
			b.WriteByte(c + 'a' - 'A')
		case c < utf8.RuneSelf:
			space = true
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				sep()
				b.WriteRune(unicode.ToLower(r))
			} else {
				space = true
			}
			i += size
			continue
		}
		i++
	}
	return b.String()
}

func lowerOrDigit(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// folded reports whether s is its own Normalize: ASCII lower-case letters
// and digits in words one space apart. It stops at the first byte that is
// not, which for a prompt is the first.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !lowerOrDigit(c) && (c != ' ' || i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// Squash is strings.Join(strings.Fields(s), " "): s with its runs of white
// space made single spaces and its ends trimmed. Text that is already so
// (most of it) comes back as is, not copied.
func Squash(s string) string {
	space := true // before the first rune: a leading space is not clean
	for i := 0; i < len(s); {
		sp, size := asciiSpace(s[i]), 1
		if s[i] >= utf8.RuneSelf {
			sp, size = spaceRune(s[i:])
		}
		if sp && (space || s[i] != ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
		space = sp
		i += size
	}
	if space && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// WordCount is len(strings.Fields(s)), counted without making the fields.
func WordCount(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		sp, size := asciiSpace(s[i]), 1
		if s[i] >= utf8.RuneSelf {
			sp, size = spaceRune(s[i:])
		}
		if sp {
			in = false
		} else if !in {
			in = true
			n++
		}
		i += size
	}
	return n
}

// asciiSpace reports whether the ASCII byte c is white space as
// strings.Fields sees it; spaceRune decides for the rune that starts s and
// gives its length. The loops call asciiSpace (inlined) for most bytes.
func asciiSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

func spaceRune(s string) (bool, int) {
	r, n := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r), n
}

// NoteGUID is the GUID of the Anki note of fact in deck: every card
// asked about the fact is a card of that one note. It derives from the
// ids only, never the text, so editing a fact keeps its note.
func NoteGUID(deck, fact string) string { return GUID(deck + "/" + fact) }

// ContainsPhrase reports whether the normalised text holds the normalised
// phrase as whole words.
func ContainsPhrase(text, phrase string) bool {
	if phrase == "" {
		return false
	}
	// " "+text+" " holding " "+phrase+" ", without building either.
	for off := 0; off <= len(text)-len(phrase); {
		i := strings.Index(text[off:], phrase)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(phrase)
		if (i == 0 || text[i-1] == ' ') && (end == len(text) || text[end] == ' ') {
			return true
		}
		off = i + 1
	}
	return false
}

// quizdeck's own Anki note types, by fixed id. The package writer defines
// them; the CSV files name them in #notetype so rows and package notes
// (one GUID each) are the same notes of the same type. See docs/anki.md.
// Ids 1384720613 (quizdeck Basic) and 1384720614 (quizdeck Multiple
// Choice) belonged to the note-per-question layout and are retired.
const (
	AnkiFactTypeID  int64 = 1384720616 // quizdeck Fact: Front, Back, Front 2, Back 2, Front 3, Back 3
	AnkiClozeTypeID int64 = 1384720615 // quizdeck Cloze: Text, Back Extra
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

// AnkiTags are the Anki tags of a note made from questions of one fact of
// deck, in the CSV files and the package alike: "<deck>::<kind>" for each
// kind it asks, then the fact's tags.
func AnkiTags(deck string, kinds []Kind, tags []string) []string {
	out := make([]string, 0, len(kinds)+len(tags))
	for _, k := range kinds {
		out = append(out, deck+"::"+string(k))
	}
	return append(out, tags...)
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

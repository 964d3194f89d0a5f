// Package spec loads curated deck specs: YAML files under decks/<deck-id>/.
//
// Decoding is strict (unknown keys, wrong types and missing keys are errors)
// and semantic checks follow (duplicate ids, implausible years, empty
// excerpts, two facts asking the same question). Every problem in every
// file is reported at once as "file:line:col: message", sorted.
//
// A deck file looks like this; a deck may spread its facts over several
// files in its folder, and exactly one of them holds id, title and source:
//
//	id: eurasian-union
//	title: The Intellectual Origins of the Eurasian Union Project
//	anki_deck: quizdeck::Eurasian Union      # optional
//	source:                                  # the text the deck is curated from
//	  title: "..."
//	  author: Stephen Blank                  # optional (articles with many authors)
//	  kind: essay                            # optional: article, book, report, chapter ...;
//	                                         # prompts say "according to the <kind>"
//	  year: 2014                             # optional: when it was written
//	excerpt_words: 50                        # optional: the longest excerpt (1-200, default 50)
//	pools:                                   # optional extra distractors
//	  speakers: [Jeffrey Mankoff]
//	  years: [1991]
//	  bases: [Navoi]
//	  countries: [Kyrgyzstan]
//	quotes:
//	  - id: mankoff-reintegration
//	    speaker: Jeffrey Mankoff
//	    role: analyst                        # optional
//	    year: 2013                           # optional
//	    said: re-integrating the states ... has been on Russia's agenda
//	    form: direct                         # or paraphrase
//	    via: ...                             # optional: who reports it
//	    tags: [integration]
//	    source: {footnote: 2, excerpt: "..."}  # footnote: a number, none (the passage
//	                                         # has none of its own) or absent;
//	                                         # marker: lost when the text lost its marker
//	    grounded_by:                         # optional: further excerpts confirming an
//	      - {footnote: 1, excerpt: "..."}    # answer printed away from the excerpt
//	    note: ...                            # optional curator's note
//	    exclude: [Iwona Wisniewska]          # optional: never offer these as wrong options
//	events:
//	  - {id: ..., event: ..., year: 1992, month: 5, day: 15, tags: [...], source: {...}}
//	bases:
//	  - {id: ..., base: Gyumri, country: Armenia, detail: ..., year: 2044, tags: [...], source: {...}}
package spec

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/inputfile"
	"github.com/quizdeck/quizdeck/generator/yamlpos"
)

type deckFile struct {
	facts    []*generator.Fact // converted from Quotes, Events and Bases
	ID       string            `yaml:"id"`
	Title    string            `yaml:"title"`
	AnkiDeck string            `yaml:"anki_deck"`
	Source   *sourceInfo       `yaml:"source"`
	Pools    *pools            `yaml:"pools"`
	People   []person          `yaml:"people"`
	Places   []place           `yaml:"places"`
	Quotes   []quote           `yaml:"quotes"`
	Events   []event           `yaml:"events"`
	Bases    []base            `yaml:"bases"`
	Pos      generator.Pos
	At       generator.Positions

	// ExcerptWords overrides MaxExcerptWords for the deck.
	ExcerptWords int          `yaml:"excerpt_words"`
	excerpts     []excerptLen // every excerpt's length, checked once the deck's limit is known
}

type sourceInfo struct {
	Title  string `yaml:"title,required"`
	Author string `yaml:"author"`
	Kind   string `yaml:"kind"`
	Year   int    `yaml:"year"`
	At     generator.Positions
}

// person is one entry of a deck's people: a speaker facts name, or a
// plausible wrong answer the source need not name.
type person struct {
	Name        string   `yaml:"name,required"`
	Kind        string   `yaml:"kind"` // person (default), body or group
	Role        string   `yaml:"role"`
	Affiliation string   `yaml:"affiliation"`
	Active      []int    `yaml:"active"` // [from] or [from, to]
	Aka         []string `yaml:"aka"`
	Pos         generator.Pos
	At          generator.Positions
}

// place is one entry of a deck's places.
type place struct {
	Name    string   `yaml:"name,required"`
	Type    string   `yaml:"type,required"`
	Country string   `yaml:"country"`
	Aka     []string `yaml:"aka"`
	Pos     generator.Pos
	At      generator.Positions
}

// excerptLen is the length in words of one excerpt, at its position.
type excerptLen struct {
	pos   generator.Pos
	fact  string
	words int
}

type pools struct {
	Speakers  []string `yaml:"speakers"`
	Years     []int    `yaml:"years"`
	Bases     []string `yaml:"bases"`
	Countries []string `yaml:"countries"`
	At        generator.Positions
}

type citation struct {
	// Footnote is a number, or "none" for a passage the curator checked
	// has no footnote of its own.
	Footnote string `yaml:"footnote"`
	Excerpt  string `yaml:"excerpt,required"`
	// Marker "lost" says the source text lost this footnote's marker (an
	// OCR slip): the footnote is the curator's reading of the original.
	Marker string `yaml:"marker"`
	Pos    generator.Pos
	At     generator.Positions
}

type quote struct {
	ID      string   `yaml:"id,required"`
	Speaker string   `yaml:"speaker,required"`
	Role    string   `yaml:"role"`
	Year    int      `yaml:"year"`
	Month   int      `yaml:"month"`
	Day     int      `yaml:"day"`
	Said    string   `yaml:"said,required"`
	Form    string   `yaml:"form,required"`
	Via     string   `yaml:"via"`
	Keys    factKeys `yaml:",inline"`
	Pos     generator.Pos
	At      generator.Positions
}

// factKeys are the keys quotes, events and bases share.
type factKeys struct {
	Tags    []string          `yaml:"tags"`
	Source  citation          `yaml:"source,required"`
	Note    string            `yaml:"note"`
	Exclude []string          `yaml:"exclude"`
	Section string            `yaml:"section"`
	Passage string            `yaml:"passage"`
	Kinds   []string          `yaml:"kinds"`
	Prompts map[string]string `yaml:"prompts"`
	Bound   string            `yaml:"bound"`
	// GroundedBy are further excerpts that confirm an answer, such as a
	// year the text prints a page away.
	GroundedBy []citation `yaml:"grounded_by"`
}

type event struct {
	ID    string   `yaml:"id,required"`
	Event string   `yaml:"event,required"`
	Year  int      `yaml:"year"` // optional: an undated event asks no which-year question
	Month int      `yaml:"month"`
	Day   int      `yaml:"day"`
	Keys  factKeys `yaml:",inline"`
	Pos   generator.Pos
	At    generator.Positions
}

type base struct {
	ID      string   `yaml:"id,required"`
	Base    string   `yaml:"base,required"`
	Country string   `yaml:"country"`
	Detail  string   `yaml:"detail,required"`
	Year    int      `yaml:"year"`
	Keys    factKeys `yaml:",inline"`
	Pos     generator.Pos
	At      generator.Positions
}

// Plausible years for facts: anything outside is a typo.
const (
	MinYear = 1000
	MaxYear = 2100
)

// MaxExcerptWords bounds an excerpt: it quotes the evidence, not the page.
// A deck may set its own bound with excerpt_words, up to
// MaxExcerptWordsLimit.
const (
	MaxExcerptWords      = 50
	MaxExcerptWordsLimit = 200
)

var (
	// kindRE is a source kind: "essay", "book chapter", "encyclopedia article".
	kindRE = regexp.MustCompile(`^[a-z][a-z-]*( [a-z][a-z-]*){0,3}$`)
)

// IsSpecFile reports whether name is a deck spec file by its extension.
func IsSpecFile(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// Load loads every deck in fsys: each top-level folder holding spec files is
// one deck whose id is the folder's name. prefix is prepended to file names
// in errors and in Deck.Files ("decks" gives "decks/<id>/deck.yaml").
// The error, if any, joins every problem sorted by position.
func Load(fsys fs.FS, prefix string) ([]*generator.Deck, error) {
	return Loader{}.Load(context.Background(), fsys, prefix)
}

// LoadContext is Load that stops early, with ctx's error, once ctx is done.
func LoadContext(ctx context.Context, fsys fs.FS, prefix string) ([]*generator.Deck, error) {
	return Loader{}.Load(ctx, fsys, prefix)
}

// Load is the package's Load, stopping early with ctx's error once ctx is
// done.
func (l Loader) Load(ctx context.Context, fsys fs.FS, prefix string) ([]*generator.Deck, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read decks: %w", err)
	}
	var decks []*generator.Deck
	var errs []error
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		files, err := specFiles(fsys, e.Name())
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(files) == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, derrs := l.LoadFiles(ctx, fsys, files, prefix, e.Name())
		errs = append(errs, derrs...)
		if d != nil {
			decks = append(decks, d)
		}
	}
	if len(decks) == 0 && len(errs) == 0 {
		errs = append(errs, generator.Errorf(generator.Pos{File: prefix}, "no deck found (a deck is a folder of .yaml files)"))
	}
	return decks, generator.JoinErrors(errs)
}

func specFiles(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read deck %s: %w", dir, err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && IsSpecFile(e.Name()) {
			files = append(files, path.Join(dir, e.Name()))
		}
	}
	return files, nil
}

// LoadFiles loads one deck from the named files of fsys. dirID, when not
// empty, is the folder the deck lives in and must equal its id.
func LoadFiles(fsys fs.FS, files []string, prefix, dirID string) (*generator.Deck, []error) {
	return Loader{}.LoadFiles(context.Background(), fsys, files, prefix, dirID)
}

// LoadFiles is the package's LoadFiles, stopping early with ctx's error
// once ctx is done.
func (l Loader) LoadFiles(ctx context.Context, fsys fs.FS, files []string, prefix, dirID string) (*generator.Deck, []error) {
	var errs []error
	var parsed []*deckFile
	h := sha256.New()
	display := func(name string) string {
		if prefix == "" {
			return name
		}
		return path.Join(prefix, name)
	}
	names := make([]string, len(files))
	datas := make([][]byte, len(files))
	for i, name := range files {
		names[i] = display(name)
		data, err := readLimited(fsys, name)
		if err != nil {
			errs = append(errs, generator.Errorf(generator.Pos{File: names[i]}, "%v", err))
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		datas[i] = data
	}
	// Parsing dominates loading; files are independent, so parse them in parallel.
	decoded := make([]*deckFile, len(files))
	fileErrs := make([][]error, len(files))
	var keyPrefix string
	if l.Cache != nil {
		keyPrefix = l.keyPrefix()
	}
	if err := generator.ForChunks(ctx, len(files), 1, func(i, _ int) error {
		if datas[i] == nil {
			return nil
		}
		shown := names[i]
		var k [32]byte
		var f *deckFile
		if l.Cache != nil {
			k = key(keyPrefix, datas[i])
			f = l.cached(k, shown)
		}
		if f == nil {
			node, err := yamlpos.Parse(shown, datas[i])
			if err != nil {
				datas[i] = nil
				fileErrs[i] = []error{err}
				return nil
			}
			f = &deckFile{}
			fileErrs[i] = explainRanges(yamlpos.Decode(shown, node, f))
			if l.Cache != nil && len(fileErrs[i]) == 0 {
				l.store(k, f, shown)
			}
		}
		datas[i] = nil
		if f.Pos.File == "" {
			f.Pos = generator.Pos{File: shown, Line: 1, Col: 1}
		}
		// Converting and checking each fact needs only its own file: do it here, in parallel.
		fileErrs[i] = append(fileErrs[i], f.convert()...)
		decoded[i] = f
		return nil
	}); err != nil {
		return nil, []error{err}
	}
	for i := range files {
		errs = append(errs, fileErrs[i]...)
		if decoded[i] != nil {
			parsed = append(parsed, decoded[i])
		}
	}
	d := &generator.Deck{Files: names, Digest: hex.EncodeToString(h.Sum(nil))}
	errs = append(errs, assemble(d, parsed, dirID)...)
	if len(errs) > 0 {
		return nil, errs
	}
	return d, nil
}

// yearRangeRE is a year written as a range: "1961-62", "1961–1962".
var yearRangeRE = regexp.MustCompile(`^"year" must be a whole number, not the text "(\d{4}) ?[-–] ?\d{2,4}"$`)

// explainRanges rewrites the decoder's error for a year written as a range
// into what to do about it: a question asks one year.
func explainRanges(errs []error) []error {
	for i, err := range errs {
		var pe *generator.PosError
		if errors.As(err, &pe) {
			if m := yearRangeRE.FindStringSubmatch(pe.Err.Error()); m != nil {
				errs[i] = generator.Errorf(pe.Pos, "year is a range: a question asks for one year; give the first (%s) with bound: since, or leave the fact undated and keep the range in its text", m[1])
			}
		}
	}
	return errs
}

// readLimited reads a spec with a bound that holds for a FIFO or a device
// too (their Stat size says nothing).
func readLimited(fsys fs.FS, name string) ([]byte, error) {
	if st, err := fs.Stat(fsys, name); err == nil && st.Mode().IsRegular() && st.Size() > yamlpos.MaxSize {
		return nil, fmt.Errorf("file is %d bytes; specs are limited to %d", st.Size(), yamlpos.MaxSize)
	}
	b, err := inputfile.ReadFS(fsys, name, yamlpos.MaxSize)
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		return nil, pe.Err // the position names the file already
	}
	return b, err
}

// assemble merges a deck's files into d and runs the semantic checks.
func assemble(d *generator.Deck, files []*deckFile, dirID string) []error {
	var errs []error
	bad := func(p generator.Pos, format string, args ...any) {
		errs = append(errs, generator.Errorf(p, format, args...))
	}
	var head *deckFile
	for _, f := range files {
		if f.ID == "" && f.Title == "" && f.Source == nil && f.Pools == nil && f.AnkiDeck == "" && f.ExcerptWords == 0 {
			continue
		}
		if head != nil {
			bad(f.Pos, "deck id, title and source are already given in %s", head.Pos.File)
			continue
		}
		head = f
	}
	if head == nil {
		if len(files) > 0 {
			bad(files[0].Pos, "no file of this deck gives its id, title and source")
		}
		return errs
	}
	d.Pos = head.Pos
	d.ID, d.Title, d.AnkiDeck = head.ID, strings.TrimSpace(head.Title), strings.TrimSpace(head.AnkiDeck)
	at := func(key string) generator.Pos {
		if p, ok := head.At.Get(key); ok {
			return p
		}
		return head.Pos
	}
	switch {
	case d.ID == "":
		bad(head.Pos, "deck is missing required key \"id\"")
	case !generator.ValidName(d.ID):
		bad(at("id"), "deck id %q must be lower-case letters, digits, '.', '_' or '-'", d.ID)
	case dirID != "" && d.ID != dirID:
		bad(at("id"), "deck id %q differs from its folder name %q", d.ID, dirID)
	}
	if d.Title == "" {
		bad(at("title"), "deck is missing a title")
	}
	if d.AnkiDeck == "" {
		d.AnkiDeck = "quizdeck::" + d.Title
	}
	if strings.ContainsFunc(d.AnkiDeck, unicode.IsControl) {
		bad(at("anki_deck"), "anki_deck must not hold tabs, newlines or other control characters")
	}
	for _, part := range strings.Split(d.AnkiDeck, "::") {
		if strings.TrimSpace(part) == "" {
			bad(at("anki_deck"), "anki_deck %q has an empty part between \"::\"", d.AnkiDeck)
			break
		}
	}
	if head.Source == nil {
		bad(head.Pos, "deck is missing required key \"source\" (title; optional author, kind, year)")
	} else {
		src := head.Source
		d.Source = generator.SourceInfo{Title: clean(src.Title), Author: clean(src.Author), Kind: clean(src.Kind), Year: src.Year}
		if d.Source.Title == "" {
			bad(atOr(src.At, "title", head.Pos), "source title is empty")
		}
		if k := d.Source.Kind; k != "" && !kindRE.MatchString(k) {
			bad(atOr(src.At, "kind", head.Pos), "source kind %q must be a lower-case noun such as essay, article, book, report or chapter", k)
		}
		if src.At.Has("year") && (src.Year < MinYear || src.Year > MaxYear) {
			bad(atOr(src.At, "year", head.Pos), "source year %d is not a plausible year (%d-%d)", src.Year, MinYear, MaxYear)
		}
	}
	limit := MaxExcerptWords
	if head.At.Has("excerpt_words") {
		limit = head.ExcerptWords
		if limit < 1 || limit > MaxExcerptWordsLimit {
			bad(at("excerpt_words"), "excerpt_words must be 1-%d, not %d", MaxExcerptWordsLimit, limit)
			limit = MaxExcerptWords
		}
	}
	for _, f := range files {
		for _, e := range f.excerpts {
			if e.words > limit {
				bad(e.pos, "excerpt of fact %q is %d words; keep it to %d (an excerpt quotes the evidence, not the page: cut it, confirm a distant answer with grounded_by, or raise the deck's excerpt_words)", e.fact, e.words, limit)
			}
		}
		f.excerpts = nil
	}
	if p := head.Pools; p != nil {
		d.Pools = generator.Pools{Speakers: p.Speakers, Years: p.Years, Bases: p.Bases, Countries: p.Countries}
		for key, list := range map[string][]string{"speakers": p.Speakers, "bases": p.Bases, "countries": p.Countries} {
			seen := map[string]bool{}
			for _, s := range list {
				n := generator.Normalize(s)
				if n == "" {
					bad(atOr(p.At, key, head.Pos), "pools.%s has an empty entry", key)
				} else if seen[n] {
					bad(atOr(p.At, key, head.Pos), "pools.%s lists %q twice", key, s)
				}
				seen[n] = true
			}
		}
		for _, y := range p.Years {
			if y < MinYear || y > MaxYear {
				bad(atOr(p.At, "years", head.Pos), "pools.years: %d is not a plausible year (%d-%d)", y, MinYear, MaxYear)
			}
		}
	}
	for _, f := range files {
		d.Facts = append(d.Facts, f.facts...)
	}
	errs = append(errs, entities(d, files, head)...)
	if len(d.Facts) == 0 {
		bad(head.Pos, "deck %q has no facts (quotes, events or bases)", d.ID)
	}
	errs = append(errs, checkFacts(d)...)
	return errs
}

type badFunc func(p generator.Pos, format string, args ...any)

// convert turns the file's quotes, events and bases into facts and returns
// the problems of each on its own. A fact with no position was not a
// mapping; its error is already reported.
func (f *deckFile) convert() []error {
	var errs []error
	bad := func(p generator.Pos, format string, args ...any) {
		errs = append(errs, generator.Errorf(p, format, args...))
	}
	f.facts = make([]*generator.Fact, 0, len(f.Quotes)+len(f.Events)+len(f.Bases))
	for i := range f.Quotes {
		if q := &f.Quotes[i]; q.Pos.File != "" {
			f.addFact(quoteFact(q, bad), &q.Keys, bad)
		}
	}
	for i := range f.Events {
		if e := &f.Events[i]; e.Pos.File != "" {
			f.addFact(eventFact(e, bad), &e.Keys, bad)
		}
	}
	for i := range f.Bases {
		if b := &f.Bases[i]; b.Pos.File != "" {
			f.addFact(baseFact(b, bad), &b.Keys, bad)
		}
	}
	f.Quotes, f.Events, f.Bases = nil, nil, nil // the facts hold what is needed
	return errs
}

// addFact adds fact with its grounded_by citations and notes the length
// of each excerpt, checked against the deck's limit in assemble.
func (f *deckFile) addFact(fact *generator.Fact, k *factKeys, bad badFunc) {
	f.facts = append(f.facts, fact)
	f.excerpts = append(f.excerpts, excerptLen{atOr(k.Source.At, "excerpt", fact.At("source")), fact.ID, generator.WordCount(k.Source.Excerpt)})
	for _, g := range k.GroundedBy {
		if g.Pos.File == "" {
			continue // not a mapping: already reported
		}
		c := cite(g, fact.At("grounded_by"), fact.ID, bad)
		fact.GroundedBy = append(fact.GroundedBy, c)
		f.excerpts = append(f.excerpts, excerptLen{atOr(g.At, "excerpt", g.Pos), fact.ID, generator.WordCount(g.Excerpt)})
	}
}

// cite converts a citation: its footnote is a number or "none".
func cite(src citation, at generator.Pos, id string, bad badFunc) generator.Citation {
	c := generator.Citation{Excerpt: generator.Squash(src.Excerpt)}
	fn := strings.TrimSpace(src.Footnote)
	switch n, err := strconv.Atoi(fn); {
	case fn == "":
	case fn == "none":
		c.NoFootnote = true
	case err != nil:
		bad(atOr(src.At, "footnote", at), "footnote must be a number or none, not %q", fn)
	case n < 0:
		bad(atOr(src.At, "footnote", at), "footnote must not be negative (give none for a passage without one)")
	default:
		c.Footnote = n
	}
	switch src.Marker {
	case "":
	case "lost":
		c.MarkerLost = true
		if c.Footnote == 0 {
			bad(atOr(src.At, "marker", at), "marker: lost needs the footnote's number")
		}
	default:
		bad(atOr(src.At, "marker", at), "marker must be lost (the source text lost the footnote's marker), not %q", src.Marker)
	}
	if src.At.Has("excerpt") && c.Excerpt == "" {
		bad(atOr(src.At, "excerpt", at), "fact %q has an empty excerpt", id)
	}
	return c
}

// common checks and stores the keys every kind of fact has.
func common(f *generator.Fact, k *factKeys, bad badFunc) {
	f.Tags = k.Tags
	f.Exclude = k.Exclude
	for _, x := range k.Exclude {
		if generator.Normalize(x) == "" {
			bad(f.At("exclude"), "exclude has an empty entry")
		}
	}
	f.Note = strings.TrimSpace(k.Note)
	f.Source = cite(k.Source, f.At("source"), f.ID, bad)
	for _, t := range k.Tags {
		if !validTag(t) {
			bad(f.At("tags"), "tag %q must be lower-case letters, digits, '-' or '_' (\"::\" for hierarchy)", t)
		}
	}
	if f.ID != "" && !validID(f.ID) {
		bad(f.At("id"), "fact id %q must be lower-case letters, digits and '-'", f.ID)
	}
	extras(f, k.Section, k.Passage, k.Kinds, k.Prompts, k.Bound, bad)
}

// Bounds a dated fact may carry: the year is when it happened (""), or a
// bound of what it states.
var bounds = []string{"", "since", "until", "before"}

// extras checks and stores the keys that shape a fact's questions.
func extras(f *generator.Fact, section, passage string, kinds []string, prompts map[string]string, bound string, bad badFunc) {
	f.Section, f.Passage = clean(section), clean(passage)
	if f.Passage != "" && !validID(f.Passage) {
		bad(f.At("passage"), "passage %q must be lower-case letters, digits and '-'", f.Passage)
	}
	allowed := generator.KindsOf(f.Kind)
	for _, k := range kinds {
		if !slices.Contains(allowed, generator.Kind(k)) {
			bad(f.At("kinds"), "kinds: a %s fact yields %s, not %q", f.Kind, joinKinds(allowed), k)
			continue
		}
		if slices.Contains(f.Kinds, generator.Kind(k)) {
			bad(f.At("kinds"), "kinds lists %q twice", k)
			continue
		}
		f.Kinds = append(f.Kinds, generator.Kind(k))
	}
	if f.FieldPos.Has("kinds") && len(kinds) == 0 {
		bad(f.At("kinds"), "kinds is empty: list the question kinds to ask, or leave the key out")
	}
	if len(prompts) > 0 {
		f.Prompts = make(map[generator.Kind]string, len(prompts))
		for _, k := range slices.Sorted(maps.Keys(prompts)) { // sorted: errors in a stable order
			text := prompts[k]
			switch {
			case !slices.Contains(allowed, generator.Kind(k)):
				bad(f.At("prompts"), "prompts: a %s fact yields %s, not %q", f.Kind, joinKinds(allowed), k)
			case clean(text) == "":
				bad(f.At("prompts"), "prompts.%s is empty", k)
			case !strings.HasSuffix(clean(text), "?"):
				bad(f.At("prompts"), "prompts.%s must be a question ending in \"?\"", k)
			default:
				f.Prompts[generator.Kind(k)] = clean(text)
			}
		}
	}
	f.Bound = strings.TrimSpace(bound)
	if f.Bound == "in" {
		f.Bound = ""
	}
	if !slices.Contains(bounds, f.Bound) {
		bad(f.At("bound"), "bound must be since, until or before, not %q", bound)
	} else if f.Bound != "" && f.Year == 0 {
		bad(f.At("bound"), "bound %q needs a year", f.Bound)
	}
}

func joinKinds(ks []generator.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// required reports each named text (key, value pairs) that is empty or
// only spaces: it would print as "Who said: “”?" or an empty Anki answer.
func required(f *generator.Fact, bad badFunc, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" && f.FieldPos.Has(pairs[i]) { // a missing key is reported by the decoder
			bad(f.At(pairs[i]), "fact %q: %s must not be empty", f.ID, pairs[i])
		}
	}
}

func atOr(m generator.Positions, key string, def generator.Pos) generator.Pos {
	if p, ok := m.Get(key); ok {
		return p
	}
	return def
}

func quoteFact(q *quote, bad badFunc) *generator.Fact {
	f := &generator.Fact{ID: q.ID, Kind: generator.Quote, Speaker: clean(q.Speaker), Role: clean(q.Role),
		Year: q.Year, Month: q.Month, Day: q.Day, Said: clean(q.Said), Via: clean(q.Via), Pos: q.Pos, FieldPos: generator.NewFieldPositions(q.At)}
	common(f, &q.Keys, bad)
	required(f, bad, "speaker", f.Speaker, "said", f.Said)
	switch q.Form {
	case "direct":
		f.Direct = true
		if f.Bound != "" && slices.Contains(bounds, f.Bound) {
			bad(f.At("bound"), "bound on a quote needs form: paraphrase: its year bounds what the quote claims (\"never a state before 1991\"), which a paraphrase says")
		}
	case "paraphrase":
	case "":
	default:
		bad(f.At("form"), "form must be direct or paraphrase, not %q", q.Form)
	}
	switch {
	case q.Year != 0:
		checkYear(f, bad)
	case q.Month != 0 || q.Day != 0:
		bad(f.At("month"), "fact %q has a month or day but no year", f.ID)
	}
	return f
}

func eventFact(e *event, bad badFunc) *generator.Fact {
	f := &generator.Fact{ID: e.ID, Kind: generator.Event, Event: clean(e.Event), Year: e.Year, Month: e.Month, Day: e.Day,
		Pos: e.Pos, FieldPos: generator.NewFieldPositions(e.At)}
	common(f, &e.Keys, bad)
	required(f, bad, "event", f.Event)
	switch {
	case e.Year != 0: // 0, or a year that did not decode (already reported): undated
		checkYear(f, bad)
	case e.Month != 0 || e.Day != 0:
		bad(f.At("month"), "fact %q has a month or day but no year", f.ID)
	}
	return f
}

func baseFact(b *base, bad badFunc) *generator.Fact {
	f := &generator.Fact{ID: b.ID, Kind: generator.Base, Base: clean(b.Base), Country: clean(b.Country),
		Detail: clean(b.Detail), Year: b.Year, Pos: b.Pos, FieldPos: generator.NewFieldPositions(b.At)}
	common(f, &b.Keys, bad)
	required(f, bad, "base", f.Base, "country", f.Country, "detail", f.Detail)
	if b.Year != 0 {
		checkYear(f, bad)
	}
	return f
}

func clean(s string) string { return generator.Squash(s) }

func checkYear(f *generator.Fact, bad badFunc) {
	if f.Year < MinYear || f.Year > MaxYear {
		bad(f.At("year"), "year %d is not a plausible year (%d-%d)", f.Year, MinYear, MaxYear)
		return
	}
	if f.Month != 0 && (f.Month < 1 || f.Month > 12) {
		bad(f.At("month"), "month %d is not 1-12", f.Month)
		return
	}
	if f.Day != 0 {
		if f.Month == 0 {
			bad(f.At("day"), "day needs a month")
			return
		}
		last := time.Date(f.Year, time.Month(f.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if f.Day < 1 || f.Day > last {
			bad(f.At("day"), "day %d is not in %s %d", f.Day, time.Month(f.Month), f.Year)
		}
	}
}

// checkFacts finds duplicate ids and facts that would ask the same question.
func checkFacts(d *generator.Deck) []error {
	var errs []error
	ids := make(map[string]*generator.Fact, len(d.Facts))
	type key struct{ what, text string }
	asked := make(map[key]*generator.Fact, len(d.Facts))
	dup := func(f *generator.Fact, k key, field string) {
		if k.text == "" {
			return
		}
		if prev, ok := asked[k]; ok {
			errs = append(errs, generator.Errorf(f.At(field), "fact %q asks the same question as %q (%s): %s", f.ID, prev.ID, prev.At(field), k.what))
			return
		}
		asked[k] = f
	}
	// The texts compared, normalised in parallel (most of the work); the
	// maps are filled in fact order, so the errors are too.
	texts := make([][2]string, len(d.Facts))
	generator.ForChunks(context.Background(), len(d.Facts), 2048, func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			switch f := d.Facts[i]; f.Kind {
			case generator.Quote:
				texts[i][0] = generator.Normalize(f.Said)
			case generator.Event:
				texts[i][0] = generator.Normalize(f.Event)
			case generator.Base:
				texts[i] = [2]string{generator.Normalize(f.Base), generator.Normalize(f.Country + " " + f.Detail)}
			}
		}
		return nil
	})
	for i, f := range d.Facts {
		if f.ID != "" {
			if prev, ok := ids[f.ID]; ok {
				errs = append(errs, generator.Errorf(f.At("id"), "fact id %q is already used at %s", f.ID, prev.At("id")))
			}
			ids[f.ID] = f
		}
		switch f.Kind {
		case generator.Quote:
			dup(f, key{"the same words", texts[i][0]}, "said")
		case generator.Event:
			dup(f, key{"the same event", texts[i][0]}, "event")
		case generator.Base:
			dup(f, key{"the same base", texts[i][0]}, "base")
			dup(f, key{"the same country and detail", texts[i][1]}, "detail")
		}
	}
	return errs
}

// validID reports whether s is an id: a lower-case letter or digit, then
// up to 79 of those and hyphens (the expression ^[a-z0-9][a-z0-9-]{0,79}$,
// checked by hand: every fact has one, and the expression was a tenth of
// loading a cached deck).
func validID(s string) bool {
	if len(s) == 0 || len(s) > 80 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// validTag reports whether s is a tag: words of lower-case letters, digits,
// _ and -, each starting with a letter or digit, joined by :: (the
// expression ^[a-z0-9][a-z0-9_-]*(::[a-z0-9][a-z0-9_-]*)*$).
func validTag(s string) bool {
	for {
		word, rest, nested := strings.Cut(s, "::")
		if len(word) == 0 || word[0] == '-' || word[0] == '_' {
			return false
		}
		for i := 0; i < len(word); i++ {
			if c := word[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
		if !nested {
			return true
		}
		s = rest
	}
}

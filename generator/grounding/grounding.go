// Package grounding checks a deck against the source text it was curated
// from, so every card can be traced to the page.
//
// For each fact it checks that:
//
//   - the excerpt occurs in the source. Both are compared after Normalize:
//     whitespace, curly and straight quotes, dash variants, footnote
//     markers in any style the package reads (MarkerStyles: superscripts,
//     [12], ^12, <sup>12</sup>, lists and ranges, and (12) in a text
//     that prints no marker of another style), light markup
//     (HTML tags and entities, Markdown emphasis, links and escapes) and
//     words hyphenated across a line break do not matter; case and wording
//     do. Footnotes are lifted out of the running text first, so an
//     excerpt may run across a marker, or across a page break whose
//     footnotes the OCR text prints in between. An excerpt that copies a
//     marker or markup is found but reported, since keys would print it;
//   - the answer occurs in the excerpt, at most Window characters from
//     it, or next to one of the fact's grounded_by excerpts (which must
//     occur too, with their own footnotes): a quote's speaker, a dated
//     fact's year, a base's name and country, a quote's role, and a
//     direct quotation's words (capitals aside). A speaker counts by the
//     full name, the first name and surname, any alias (Fact.SpeakerAka,
//     or the aka given to CheckFact; a base by Fact.BaseAka), or the
//     surname alone: the real
//     surname, past particles and suffixes ("de Gaulle", "Schlesinger" of
//     "Arthur M. Schlesinger Jr."), and only when neither the deck nor the
//     text names another person of that surname ("John F. Kennedy" beside
//     "Robert F. Kennedy"). A role counts in its common abbreviation
//     ("Sen.", "Gen.", "Adm.", "Amb."), a country by its adjective
//     ("Cuban", "Soviet"). A block quotation counts as next to its
//     lead-in ("As X has written,"). Whoever a quote comes via must be
//     named somewhere in the source, usually a footnote;
//   - the footnote number, or its absence, is the one the source prints
//     for the passage: the first footnote marker after the excerpt's
//     start in its paragraph (any number of a cluster such as "[7][8]",
//     or the number set in plain digits after punctuation as OCR often
//     leaves it). A paragraph that stops mid-sentence, at a page break or
//     before a block quotation, carries on into the next only as far as
//     the excerpt's sentence does. An excerpt of a footnote's own text
//     gives that footnote's number. A citation marked NoFootnote
//     (footnote: none) has no footnote of its own: a later sentence's
//     marker is not forced on it, but one that ends the excerpt is an
//     error. A source with no markers needs no footnotes.
//
// Check does it all for one deck; Parse a source once and call
// (*Source).Check to check several. Problems are *generator.PosError
// values at the fact's key: "source" for the excerpt and footnote,
// "grounded_by" for a further excerpt, "speaker", "year", "base",
// "country", "said", "role" or "via" for an answer.
package grounding

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/quizdeck/quizdeck/generator"
)

// Window is how near an answer must be to its excerpt: the most
// characters (bytes of normalised text) between the two.
const Window = 200

// Check checks every fact of d against source, the text d was curated
// from, and returns one error per problem in fact order.
func Check(d *generator.Deck, source []byte) []error {
	return Parse(source).Check(d)
}

// Check checks every fact of d against s; see the package comment.
func (s *Source) Check(d *generator.Deck) []error {
	c := &checker{Source: s, known: deckNames(d), firsts: map[string][]string{}}
	var errs []error
	for _, f := range d.Facts {
		errs = append(errs, c.checkFact(f)...)
	}
	return errs
}

// CheckFact checks one fact of d against s, with aka as further names of
// its speaker besides f.SpeakerAka (an entity's declared aliases).
func (s *Source) CheckFact(d *generator.Deck, f *generator.Fact, aka ...string) []error {
	if len(aka) > 0 {
		g := *f
		g.SpeakerAka = append(slices.Clip(f.SpeakerAka), aka...)
		f = &g
	}
	c := &checker{Source: s, known: deckNames(d), firsts: map[string][]string{}}
	return c.checkFact(f)
}

// checker checks the facts of one deck.
type checker struct {
	*Source
	// known maps a lower-case surname to the first names the deck gives
	// people of that surname: its speakers, pools and declared people.
	known map[string][]string
	// firsts caches otherFirstNames of the running text by surname.
	firsts map[string][]string
}

// deckNames collects the people a deck names, by surname.
func deckNames(d *generator.Deck) map[string][]string {
	known := map[string][]string{}
	add := func(full string) {
		n := ParseName(full)
		if n.Surname != "" && len(n.Given) > 0 {
			k := strings.ToLower(n.Surname)
			if !slices.Contains(known[k], n.Given[0]) {
				known[k] = append(known[k], n.Given[0])
			}
		}
	}
	if d == nil {
		return known
	}
	// Aliases are left out: "Bobby Kennedy" is no other person than
	// "Robert F. Kennedy". So are declared bodies and groups: "White
	// House" names no one called House.
	notPerson := map[string]bool{}
	for _, e := range d.People {
		if e.Kind != "" && e.Kind != generator.Person {
			notPerson[generator.Normalize(e.Name)] = true
		}
	}
	for _, f := range d.Facts {
		if !notPerson[generator.Normalize(f.Speaker)] {
			add(f.Speaker)
		}
	}
	for _, sp := range d.Pools.Speakers {
		if !notPerson[generator.Normalize(sp)] {
			add(sp)
		}
	}
	for _, e := range d.People {
		if !notPerson[generator.Normalize(e.Name)] {
			add(e.Name)
		}
	}
	return known
}

// ambiguous reports whether a surname alone may name someone other than
// n: the deck or the text names a person of that surname with another
// first name ("John F. Kennedy" beside "Robert F. Kennedy").
func (c *checker) ambiguous(n Name, aka []string) (other string, ok bool) {
	if n.Surname == "" || len(n.Given) == 0 {
		return "", false
	}
	// The speaker's own first names: as given and in each alias.
	own := []string{n.Given[0]}
	for _, a := range aka {
		if an := ParseName(a); len(an.Given) > 0 {
			own = append(own, an.Given[0])
		}
	}
	isOwn := func(g string) bool {
		if nameTitles[strings.ToLower(strings.TrimSuffix(g, "."))] {
			return true
		}
		return slices.ContainsFunc(own, func(o string) bool { return sameFirstName(o, g) })
	}
	for _, g := range c.known[strings.ToLower(n.Surname)] {
		if !isOwn(g) {
			return g + " " + n.Surname, true
		}
	}
	firsts, done := c.firsts[n.Surname]
	if !done {
		firsts = otherFirstNames(&c.body, n.Surname)
		c.firsts[n.Surname] = firsts
	}
	for _, g := range firsts {
		if !isOwn(g) {
			return g + " " + n.Surname, true
		}
	}
	return "", false
}

// hit is one place an excerpt occurs.
type hit struct {
	v          *view
	start, end int
	note       bool // in the footnotes rather than the running text
}

func (s *Source) find(excerpt string) []hit {
	var hits []hit
	for _, v := range []*view{&s.body, &s.notes} {
		for off := 0; ; {
			i := strings.Index(v.text[off:], excerpt)
			if i < 0 {
				break
			}
			start := off + i
			hits = append(hits, hit{v: v, start: start, end: start + len(excerpt), note: v == &s.notes})
			_, w := utf8.DecodeRuneInString(v.text[start:])
			off = start + w
		}
	}
	return hits
}

func (c *checker) checkFact(f *generator.Fact) []error {
	excerpt := c.norm(f.Source.Excerpt)
	if excerpt == "" {
		return []error{generator.Errorf(f.At("source"), "fact %q: excerpt is empty", f.ID)}
	}
	hits := c.find(excerpt)
	if len(hits) == 0 {
		return []error{generator.Errorf(f.At("source"), "fact %q: excerpt not found in the source%s", f.ID, c.hint(excerpt))}
	}
	// A grounded_by excerpt must occur with its own footnote; answers may
	// stand next to any of its places.
	var extra []hit
	var errs []error
	for i, g := range f.GroundedBy {
		what := fmt.Sprintf("grounded_by %d", i+1)
		e := c.norm(g.Excerpt)
		hs := c.find(e)
		if e == "" || len(hs) == 0 {
			errs = append(errs, generator.Errorf(f.At("grounded_by"), "fact %q: %s: excerpt not found in the source%s", f.ID, what, c.hint(e)))
			continue
		}
		extra = append(extra, hs...)
		var first []error
		for j, h := range hs {
			ferrs := checkFootnote(f, g, what, h)
			if len(ferrs) == 0 {
				first = nil
				break
			}
			if j == 0 {
				first = ferrs
			}
		}
		errs = append(errs, first...)
	}
	// Markup and markers match, but must not reach keys and cards.
	for i, cit := range append([]generator.Citation{f.Source}, f.GroundedBy...) {
		key, what := "source", ""
		if i > 0 {
			key, what = "grounded_by", fmt.Sprintf("grounded_by %d: ", i)
		}
		if p := Plain(cit.Excerpt); p != norm.NFKC.String(cit.Excerpt) {
			errs = append(errs, generator.Errorf(f.At(key), "fact %q: %sthe excerpt copies a footnote marker or markup, which keys would print; write it as %q", f.ID, what, strings.Join(strings.Fields(p), " ")))
		}
	}
	var first []error
	for i, h := range hits {
		herrs := append(c.checkAnswers(f, h, extra), checkFootnote(f, f.Source, "", h)...)
		if len(herrs) == 0 {
			return errs
		}
		if i == 0 {
			first = herrs
		}
	}
	return append(first, errs...)
}

// hint says how much of a missing excerpt the source does hold.
func (s *Source) hint(excerpt string) string {
	if excerpt == "" {
		return ""
	}
	if strings.Contains(s.body.lower, lowerSameLen(excerpt)) || strings.Contains(s.notes.lower, lowerSameLen(excerpt)) {
		return " (it occurs with different capitals)"
	}
	words := strings.Fields(excerpt)
	for n := len(words) - 1; n >= 3; n-- {
		prefix := strings.Join(words[:n], " ")
		if strings.Contains(s.body.text, prefix) || strings.Contains(s.notes.text, prefix) {
			return fmt.Sprintf(" (its first %d of %d words match; it differs after %q)", n, len(words), words[n-1])
		}
	}
	return ""
}

// window returns the span of text that counts as next to h: Window bytes
// either side of it (and of a block quotation's lead-in), within the
// footnote for an excerpt of a footnote.
func (h hit) window() (lo, hi int) {
	lo, hi = h.start, h.end
	if p := h.v.partStart(h.start); p >= 0 && p < lo {
		lo = p
	}
	p := h.v.para(h.start)
	if h.note {
		// A footnote stands alone: its neighbours are other sources.
		return max(p.start, lo-Window), min(p.end, hi+Window)
	}
	return max(0, lo-Window), min(len(h.v.text), hi+Window)
}

// near reports whether term (lower-case, folded) stands within the window
// of h. The term may start up to Window bytes before the window's start:
// what counts is the gap between term and excerpt.
func near(h hit, t string) bool {
	lo, hi := h.window()
	from, to := max(0, lo-len(t)), min(len(h.v.lower), hi+len(t))
	return containsWord(h.v.lower[from:to], t)
}

// nearExact is near with t's capitals kept, except that a sentence may
// capitalise its first letter ("De Gaulle"): a surname alone or an
// acronym must not match a common word ("Rice", "rice"; "US", "us").
func nearExact(h hit, t string) bool {
	lo, hi := h.window()
	from, to := max(0, lo-len(t)), min(len(h.v.text), hi+len(t))
	if containsWord(h.v.text[from:to], t) {
		return true
	}
	r, n := utf8.DecodeRuneInString(t)
	up := string(unicode.ToUpper(r)) + t[n:]
	return up != t && containsWord(h.v.text[from:to], up)
}

// keepsCase reports whether a form must match with its capitals: an
// acronym or short form with two capitals or more ("US", "U.S.", "USSR").
func keepsCase(t string) bool {
	n := 0
	for _, r := range t {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2 && !strings.Contains(t, " ")
}

func (c *checker) checkAnswers(f *generator.Fact, h hit, extra []hit) []error {
	var errs []error
	surnameOnly := "" // set for a speaker: the form that must keep its capitals
	need := func(key, what, hint string, terms ...string) {
		for _, t := range terms {
			match := near
			if t == surnameOnly || keepsCase(t) {
				t, match = c.norm(t), nearExact
			} else {
				t = lowerSameLen(c.norm(t))
			}
			if t == "" {
				continue
			}
			if match(h, t) {
				return
			}
			for _, e := range extra {
				if match(e, t) {
					return
				}
			}
		}
		errs = append(errs, generator.Errorf(f.At(key), "fact %q: %s %q is not in the excerpt or within %d characters of it%s", f.ID, what, terms[0], Window, hint))
	}
	switch f.Kind {
	case generator.Quote:
		n := ParseName(f.Speaker)
		other, ambiguous := c.ambiguous(n, f.SpeakerAka)
		hint := ""
		if ambiguous {
			hint = fmt.Sprintf(" (the surname alone does not count: the deck or the source also names %s; give the full name or an aka)", other)
		}
		if len(n.Given) > 0 {
			surnameOnly = n.Surname
		}
		need("speaker", "speaker", hint, append(n.Forms(f.Speaker, !ambiguous), f.SpeakerAka...)...)
		surnameOnly = ""
		if f.Direct {
			need("said", "quotation", "", f.Said)
		}
		if f.Role != "" {
			need("role", "role", "", RoleForms(f.Role)...)
		}
		if v := lowerSameLen(c.norm(f.Via)); v != "" && !containsWord(c.body.lower, v) && !containsWord(c.notes.lower, v) {
			errs = append(errs, generator.Errorf(f.At("via"), "fact %q: via %q is not named anywhere in the source", f.ID, f.Via))
		}
	case generator.Base:
		need("base", "base", "", append([]string{f.Base}, f.BaseAka...)...)
		if f.Country != "" {
			need("country", "country", "", CountryForms(f.Country)...)
		}
	}
	if f.Year != 0 {
		need("year", "year", "", strconv.Itoa(f.Year))
	}
	return errs
}

// containsWord reports whether term occurs in s between word boundaries.
func containsWord(s, term string) bool {
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], term)
		if i < 0 {
			return false
		}
		i += off
		j := i + len(term)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[j:])
		if (i == 0 || !isWordRune(before)) && (j == len(s) || !isWordRune(after)) {
			return true
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		off = i + w
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// checkFootnote checks citation c of f, found at h; what names a
// grounded_by citation in messages.
func checkFootnote(f *generator.Fact, c generator.Citation, what string, h hit) []error {
	n := c.Footnote
	p := h.v.para(h.start)
	bad := func(format string, args ...any) []error {
		if what != "" {
			format = what + ": " + format
		}
		return []error{generator.Errorf(f.At("source"), "fact %q: "+format, append([]any{f.ID}, args...)...)}
	}
	if h.note {
		got := -1
		for _, m := range h.v.marks {
			if m.at >= p.start && m.at <= h.start {
				got = m.n
			}
		}
		if got >= 0 && (got != n || c.NoFootnote) {
			return bad("the excerpt is in footnote %d, not %s", got, footnoteName(n))
		}
		return nil
	}
	end := h.v.passageEnd(h)
	// The first markers after the excerpt's start: a cluster printed
	// together ("[7][8]") counts as one, any of its numbers will do.
	var next []int
	at := end + 1
	for _, m := range h.v.marks {
		if m.at > h.start && m.at <= end && (next == nil || m.at == at) {
			next, at = append(next, m.n), m.at
		}
	}
	switch {
	case c.NoFootnote && next != nil && at <= h.end:
		return bad("footnote: none, but the source prints footnote %d at the end of the excerpt", next[0])
	case c.NoFootnote:
		return nil
	case c.MarkerLost && next != nil:
		return bad("footnote %d, marker: lost, but the source prints footnote %d after the excerpt", n, next[0])
	case c.MarkerLost:
		return nil
	case slices.Contains(next, n) || n == 0 && next == nil:
		return nil
	case n == 0:
		return bad("the source prints footnote %d for this passage, but the fact gives none (write footnote: none if the passage has no footnote of its own)", next[0])
	}
	if plain := plainMarker(h.v.text[h.start:end], n); plain >= 0 && h.start+plain < at {
		return nil
	}
	if next != nil {
		return bad("footnote %d: the first footnote marker after the excerpt is %d", n, next[0])
	}
	return bad("footnote %d: no footnote marker follows the excerpt in its sentence or paragraph (markers read: %s)", n, MarkerStyles)
}

func footnoteName(n int) string {
	if n == 0 {
		return "none"
	}
	return strconv.Itoa(n)
}

// sentenceBreak matches the end of a sentence followed by another.
var sentenceBreak = regexp.MustCompile(`[.?!]['")\]]*\s+['"(]?\p{Lu}`)

// passageEnd returns where the passage of a running-text hit ends for
// footnote purposes: the end of the printed paragraph the excerpt ends
// in, carried on into the next one (after a page break or into a block
// quotation) only while the excerpt's sentence carries on.
func (v *view) passageEnd(h hit) int {
	p := v.para(h.start)
	from := h.end
	for _, b := range v.parts {
		if b <= h.end || b > p.end {
			continue
		}
		if sentenceBreak.MatchString(v.text[max(h.start, from-3):b]) {
			return b
		}
		from = b
	}
	return p.end
}

// plainMarker finds footnote number n set in plain digits right after
// punctuation ("since 2010.45", "interests.'9", "Ukraine. 48") in s and
// returns its offset, or -1.
func plainMarker(s string, n int) int {
	re := regexp.MustCompile(`[.,;:!?'")\]] ?` + strconv.Itoa(n) + `(?:[^0-9.]|$)`)
	loc := re.FindStringIndex(s)
	if loc == nil {
		return -1
	}
	return loc[0]
}

// Package grounding checks a deck against the source text it was curated
// from, so every card can be traced to the page.
//
// For each fact it checks that:
//
//   - the excerpt occurs in the source. Both are compared after Normalize:
//     whitespace, curly and straight quotes, dash variants, superscript
//     footnote digits, Markdown escapes and words hyphenated across a line
//     break do not matter; case and wording do. Footnotes are lifted out of
//     the running text first, so an excerpt may run across a page break
//     whose footnotes the OCR text prints in between;
//   - the answer occurs in the excerpt or at most Window characters from
//     it: a quote's speaker (the full name, or the surname when the name
//     is capitalised), a dated fact's year, a base's name and country, a
//     quote's role, and a direct quotation's words (capitals aside). A
//     block quotation counts as next to its lead-in ("As X has
//     written,"). Whoever a quote comes via must be named somewhere in
//     the source, usually a footnote;
//   - the footnote number, or its absence, is the one the source prints
//     for the passage: the first footnote marker after the excerpt's
//     start in its paragraph (a superscript, or the number set in plain
//     digits after punctuation as OCR often leaves it). A paragraph that
//     stops mid-sentence, at a page break or before a block quotation,
//     carries on into the next only as far as the excerpt's sentence
//     does. An excerpt of a footnote's own text gives that footnote's
//     number.
//
// Check does it all for one deck; Parse a source once and call
// (*Source).Check to check several. Problems are *generator.PosError
// values at the fact's key: "source" for the excerpt and footnote,
// "speaker", "year", "base", "country", "said", "role" or "via" for an
// answer.
package grounding

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	var errs []error
	for _, f := range d.Facts {
		errs = append(errs, s.checkFact(f)...)
	}
	return errs
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

func (s *Source) checkFact(f *generator.Fact) []error {
	excerpt := Normalize(f.Source.Excerpt)
	if excerpt == "" {
		return []error{generator.Errorf(f.At("source"), "fact %q: excerpt is empty", f.ID)}
	}
	hits := s.find(excerpt)
	if len(hits) == 0 {
		return []error{generator.Errorf(f.At("source"), "fact %q: excerpt not found in the source%s", f.ID, s.hint(excerpt))}
	}
	var first []error
	for i, h := range hits {
		errs := append(s.checkAnswers(f, h), checkFootnote(f, h)...)
		if len(errs) == 0 {
			return nil
		}
		if i == 0 {
			first = errs
		}
	}
	return first
}

// hint says how much of a missing excerpt the source does hold.
func (s *Source) hint(excerpt string) string {
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

func (s *Source) checkAnswers(f *generator.Fact, h hit) []error {
	lo, hi := h.window()
	var errs []error
	need := func(key, what string, terms ...string) {
		for _, t := range terms {
			t = lowerSameLen(Normalize(t))
			if t == "" {
				continue
			}
			// The term may start up to Window bytes before the window's
			// start: what counts is the gap between term and excerpt.
			from, to := max(0, lo-len(t)), min(len(h.v.lower), hi+len(t))
			if containsWord(h.v.lower[from:to], t) {
				return
			}
		}
		errs = append(errs, generator.Errorf(f.At(key), "fact %q: %s %q is not in the excerpt or within %d characters of it", f.ID, what, terms[0], Window))
	}
	switch f.Kind {
	case generator.Quote:
		need("speaker", "speaker", f.Speaker, surname(f.Speaker))
		if f.Direct {
			need("said", "quotation", f.Said)
		}
		if f.Role != "" {
			need("role", "role", f.Role)
		}
		if v := lowerSameLen(Normalize(f.Via)); v != "" && !containsWord(s.body.lower, v) && !containsWord(s.notes.lower, v) {
			errs = append(errs, generator.Errorf(f.At("via"), "fact %q: via %q is not named anywhere in the source", f.ID, f.Via))
		}
	case generator.Base:
		need("base", "base", f.Base)
		if f.Country != "" { // a base whose country the source leaves open has none
			need("country", "country", f.Country)
		}
	}
	if f.Year != 0 {
		need("year", "year", strconv.Itoa(f.Year))
	}
	return errs
}

// surname is the last word of a capitalised multi-word name, without a
// possessive: "Dmitry Medvedev" gives "Medvedev"; "Yeltsin's government"
// gives "" (its full form must occur).
func surname(name string) string {
	words := strings.Fields(name)
	if len(words) < 2 {
		return ""
	}
	w := strings.TrimSuffix(words[len(words)-1], "'s")
	if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
		return ""
	}
	return w
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

func checkFootnote(f *generator.Fact, h hit) []error {
	n := f.Source.Footnote
	p := h.v.para(h.start)
	bad := func(format string, args ...any) []error {
		return []error{generator.Errorf(f.At("source"), "fact %q: "+format, append([]any{f.ID}, args...)...)}
	}
	if h.note {
		got := -1
		for _, m := range h.v.marks {
			if m.at >= p.start && m.at <= h.start {
				got = m.n
			}
		}
		if got != n && got >= 0 {
			return bad("the excerpt is in footnote %d, not %s", got, footnoteName(n))
		}
		return nil
	}
	end := h.v.passageEnd(h)
	next := -1 // the first superscript marker after the excerpt's start
	at := end + 1
	for _, m := range h.v.marks {
		if m.at > h.start && m.at <= end {
			next, at = m.n, m.at
			break
		}
	}
	switch {
	case next == n || n == 0 && next < 0:
		return nil
	case n == 0:
		return bad("the source prints footnote %d for this passage, but the fact gives none", next)
	}
	if plain := plainMarker(h.v.text[h.start:end], n); plain >= 0 && h.start+plain < at {
		return nil
	}
	if next >= 0 {
		return bad("footnote %d: the first footnote marker after the excerpt is %d", n, next)
	}
	return bad("footnote %d: no footnote marker follows the excerpt in its sentence or paragraph", n)
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

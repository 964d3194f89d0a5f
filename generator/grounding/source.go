package grounding

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Source is a source text split into its running text and its footnotes,
// each folded by Normalize, ready for many checks.
type Source struct {
	body  view // running text, pages joined, footnotes lifted out
	notes view // the footnotes, each its own paragraph
	// parens says "(12)" is read as a marker: only in a source that
	// prints no marker of another style, where it is more likely one
	// than an enumeration.
	parens bool
}

// otherMarkers finds a marker of a style other than "(12)".
var otherMarkers = regexp.MustCompile(`[⁰¹²³⁴⁵⁶⁷⁸⁹]|\[\d{1,3}\]|\^\d|(?i:<sup)`)

// norm folds s as the source's text is folded.
func (s *Source) norm(x string) string { return fold(prepareWith(x, s.parens)).text }

// view is one folded text with its paragraphs and footnote markers.
type view struct {
	text  string
	lower string // text lower-cased with the same byte offsets
	marks []mark // sorted by position
	paras []span // logical paragraphs, in order
	parts []int  // starts of raw paragraphs joined onto a previous one
}

type span struct{ start, end int }

// para returns the paragraph holding byte offset at.
func (v *view) para(at int) span {
	i, _ := slices.BinarySearchFunc(v.paras, at, func(p span, at int) int {
		switch {
		case p.end < at:
			return -1
		case p.start > at:
			return 1
		}
		return 0
	})
	if i < len(v.paras) {
		return v.paras[i]
	}
	return span{at, at}
}

// partStart returns the start of the raw paragraph holding at when that
// paragraph continues an earlier one (a block quotation after its lead-in,
// or text after a page break), else -1.
func (v *view) partStart(at int) int {
	p := v.para(at)
	best := -1
	for _, s := range v.parts {
		if s > p.start && s <= at {
			best = s
		}
	}
	return best
}

// Parse splits source into paragraphs at blank lines, lifts out footnotes
// (paragraphs that open with a footnote marker, and the page-broken
// tail of a footnote), joins running text split by a page break or a
// block quotation's lead-in into one paragraph, and folds it all.
func Parse(source []byte) *Source {
	parens := !otherMarkers.Match(source)
	raw := paragraphs(string(source))
	var body, notes [][]string
	const (
		none = iota
		inBody
		inNotes
	)
	last := none
	bodyOpen, pageBreak, noteOpen := false, false, false
	for i, p := range raw {
		switch {
		case startsWithMarker(p):
			notes = append(notes, []string{p})
			last, noteOpen = inNotes, isOpen(p)
		case noteOpen && last == inBody && pageBreak && i+1 < len(raw) && startsWithMarker(raw[i+1]):
			// Running text that stops mid-word or mid-sentence, then a
			// paragraph, then footnotes: that paragraph is the tail of
			// the previous page's last footnote.
			notes[len(notes)-1] = append(notes[len(notes)-1], p)
			last, noteOpen = inNotes, isOpen(p)
		default:
			if bodyOpen && len(body) > 0 {
				body[len(body)-1] = append(body[len(body)-1], p)
			} else {
				body = append(body, []string{p})
			}
			last, bodyOpen = inBody, isOpen(p)
			pageBreak = bodyOpen && !isLeadIn(p)
		}
	}
	return &Source{body: build(body, parens), notes: build(notes, parens), parens: parens}
}

func build(groups [][]string, parens bool) view {
	var v view
	var b strings.Builder
	for _, g := range groups {
		prepared := make([]string, len(g))
		for i, p := range g {
			prepared[i] = prepareWith(p, parens)
		}
		f := fold(strings.Join(prepared, string(partSep)))
		if f.text == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		off := b.Len()
		b.WriteString(f.text)
		v.paras = append(v.paras, span{off, b.Len()})
		for _, m := range f.marks {
			v.marks = append(v.marks, mark{at: off + m.at, n: m.n})
		}
		for _, s := range f.parts {
			v.parts = append(v.parts, off+s)
		}
	}
	v.text = b.String()
	v.lower = lowerSameLen(v.text)
	return v
}

// paragraphs splits s at blank lines and before lines that open with a
// footnote marker.
func paragraphs(s string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for line := range strings.Lines(s) {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if startsWithMarker(line) {
			flush() // a footnote starts its own paragraph
		}
		cur = append(cur, strings.TrimRight(line, "\r\n"))
	}
	flush()
	return out
}

// isOpen reports whether paragraph p stops mid-sentence: it ends in a
// hyphen, a comma, a colon or a word rather than closing punctuation. A
// footnote number after the closing punctuation ("wants.50") is ignored.
func isOpen(p string) bool {
	p = trailingMarks.ReplaceAllString(p, "")
	p = strings.TrimRightFunc(p, func(r rune) bool {
		_, sup := isSuperDigit(r)
		return sup || unicode.IsSpace(r)
	})
	if t := strings.TrimRight(p, "0123456789"); t != p && t != "" {
		if r, _ := utf8.DecodeLastRuneInString(t); isCloser(r) {
			p = t
		}
	}
	r, _ := utf8.DecodeLastRuneInString(p)
	return p != "" && !isCloser(r)
}

// isLeadIn reports whether paragraph p introduces a block quotation: it
// ends in a comma or a colon.
func isLeadIn(p string) bool {
	p = strings.TrimRightFunc(p, unicode.IsSpace)
	return strings.HasSuffix(p, ",") || strings.HasSuffix(p, ":")
}

func isCloser(r rune) bool { return strings.ContainsRune(".?!\"')]…”’", r) }

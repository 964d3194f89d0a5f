package grounding

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Private-use runes fold uses to carry footnote markers and paragraph
// joins through NFKC, which would otherwise turn "³" into "3".
const (
	markOpen  = '\uE000'
	markClose = '\uE001'
	partSep   = '\uE002'
)

// Normalize folds text for excerpt matching: it lifts out footnote
// markers in every recognised style (see MarkerStyles), applies NFKC, drops
// light markup (HTML tags, Markdown emphasis, links and escapes; entities
// become their characters), makes curly quotes straight and every dash a
// hyphen, drops soft hyphens and zero-width characters, joins words
// hyphenated across a line break ("Cus-\ntoms" becomes "Customs") and
// collapses whitespace to single spaces. Case is kept: excerpts are
// verbatim. Normalize is idempotent.
func Normalize(s string) string { return fold(prepare(s)).text }

// mark is a footnote marker printed in the source: number n stood just
// before byte at of the folded text.
type mark struct{ at, n int }

// folded is text after Normalize with the positions of what it removed.
type folded struct {
	text  string
	marks []mark
	parts []int // where each joined raw paragraph after the first begins
}

func isSuperDigit(r rune) (int, bool) {
	switch r {
	case '⁰':
		return 0, true
	case '¹':
		return 1, true
	case '²':
		return 2, true
	case '³':
		return 3, true
	case '⁴', '⁵', '⁶', '⁷', '⁸', '⁹':
		return int(r - '⁰'), true
	}
	return 0, false
}

// prepare drops stray private-use sentinels from s, wraps each footnote
// marker as markOpen, ASCII digits, markClose, applies NFKC and strips
// light markup.
func prepare(s string) string { return prepareWith(s, true) }

// prepareWith is prepare, reading "(12)" as a marker only when parens.
func prepareWith(s string, parens bool) string {
	s = stripAll(norm.NFKC.String(wrapSuperscripts(s)), parens)
	// A marker inside markup ("<a¹>", "&¹mp;") is no marker: were it kept,
	// lifting it out later would assemble new markup.
	for range 8 {
		if !strings.ContainsRune(s, markOpen) {
			break
		}
		bare := dropMarkers(s)
		if stripMarkup(bare, parens) == bare {
			break
		}
		s = stripAll(bare, parens)
	}
	return s
}

// stripAll strips markup until none is left: stripping can uncover more
// ("&amp;lt;b&amp;gt;"). A bound keeps odd input from going on.
func stripAll(s string, parens bool) string {
	for range 16 {
		t := stripMarkup(s, parens)
		if t == s {
			break
		}
		s = t
	}
	return s
}

// dropMarkers removes wrapped markers, numbers and all.
func dropMarkers(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == markOpen:
			in = true
		case r == markClose:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// wrapSuperscripts drops stray sentinels and wraps each run of
// superscript digits as a marker, before NFKC turns "³" into "3".
func wrapSuperscripts(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	in := false
	for _, r := range s {
		if r == markOpen || r == markClose || r == partSep {
			continue
		}
		d, ok := isSuperDigit(r)
		switch {
		case ok && !in:
			b.WriteRune(markOpen)
			in = true
			fallthrough
		case ok:
			b.WriteByte(byte('0' + d))
			continue
		case in:
			b.WriteRune(markClose)
			in = false
		}
		b.WriteRune(r)
	}
	if in {
		b.WriteRune(markClose)
	}
	return b.String()
}

// mapRune makes quote and dash variants ASCII; -1 drops the rune.
func mapRune(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '′':
		return '\''
	case '“', '”', '„', '‟', '″':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−':
		return '-'
	case '*', '_', '\\', '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return -1
	}
	return r
}

// isLineHyphen reports whether r ends a line as a word hyphenated across it.
func isLineHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// fold normalises prepared text, recording markers and paragraph joins.
func fold(s string) folded {
	var f folded
	b := make([]byte, 0, len(s))
	var (
		space, newline bool // whitespace is pending; it held a line break
		partPending    bool
		inMark         bool
		num            int
		hyphen         bool // the last rune written was a line hyphen
		beforeHyphen   rune // the rune written before it
		last           rune
	)
	for _, r := range s {
		switch {
		case inMark:
			if r == markClose {
				f.marks = append(f.marks, mark{at: len(b), n: num})
				inMark = false
			} else if r >= '0' && r <= '9' && num < 1e6 {
				num = num*10 + int(r-'0')
			}
			continue
		case r == markOpen:
			inMark, num = true, 0
			continue
		case r == partSep:
			space, newline, partPending = true, true, true
			continue
		case unicode.IsSpace(r):
			space = true
			newline = newline || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029'
			continue
		}
		m := mapRune(r)
		if m < 0 {
			continue
		}
		if space {
			if newline && hyphen && unicode.IsLetter(beforeHyphen) && unicode.IsLower(m) {
				b = b[:len(b)-utf8.RuneLen(last)]
			} else if len(b) > 0 {
				b = append(b, ' ')
			}
			space, newline = false, false
		}
		if partPending {
			f.parts = append(f.parts, len(b))
			partPending = false
		}
		hyphen, beforeHyphen = isLineHyphen(r), last
		b = utf8.AppendRune(b, m)
		last = m
	}
	f.text = string(b)
	if !norm.NFKC.IsNormalString(f.text) {
		// Dropping a rune let combining marks meet a new base; positions
		// shift a little, which only odd input (not prose) produces.
		f.text = norm.NFKC.String(f.text)
	}
	for i := range f.marks {
		f.marks[i].at = min(f.marks[i].at, len(f.text))
	}
	for i := range f.parts {
		f.parts[i] = min(f.parts[i], len(f.text))
	}
	return f
}

// lowerSameLen lower-cases s rune by rune wherever that keeps the byte
// length, so offsets into s stay valid in the result.
func lowerSameLen(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if l := unicode.ToLower(r); utf8.RuneLen(l) == utf8.RuneLen(r) {
			r = l
		}
		b.WriteRune(r)
	}
	return b.String()
}

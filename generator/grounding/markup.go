package grounding

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MarkerStyles names the footnote marker styles the source may print, as
// errors about a missing marker list them. Plain digits after punctuation
// ("Ukraine.48", as OCR leaves superscripts) are read too, and a source may
// print no markers at all.
const MarkerStyles = "superscript ¹², [12], ^12, (12), <sup>12</sup>; lists [12, 13] and ranges (12–14) too"

// Light markup and marker patterns. A marker becomes markOpen, its
// number, markClose; markup goes.
var (
	htmlComment   = regexp.MustCompile(`(?s)<!--.*?-->`)
	supMarker     = regexp.MustCompile(`(?i)<sup(?:\s[^<>]*)?>\s*[\[(]?\s*(\d{1,3})\s*[\])]?\s*</sup>`)
	blockTag      = regexp.MustCompile(`(?i)</?(?:p|br|div|li|ul|ol|h[1-6]|blockquote|tr|td|th|table)(?:\s[^<>]*)?/?>`)
	inlineTag     = regexp.MustCompile(`</?[A-Za-z][^<>\s]*(?:\s[^<>]*)?>`)
	mdLink        = regexp.MustCompile(`\[([^\[\]]*)\]\([^()\s]*\)`)
	noteList      = regexp.MustCompile(`(?m)^([ \t]*)(\d{1,3})\.[ \t]*\^[ \t]*`)
	bracketMark   = regexp.MustCompile(`\[(` + numList + `)\]`)
	bracketSpaced = regexp.MustCompile(`(?m)\s+\[(` + numList + `)\]([.,;:!?]|[ \t]*$)`)
	caretMark     = regexp.MustCompile(`\^\[?(\d{1,4})\]?`)
	// "(12)" is a marker right after a word or punctuation ("Cuba.(12)"),
	// or after a space when punctuation or the line's end follows
	// ("as shown (12)."), so an enumeration "(2) the second" is not one.
	parenMark       = regexp.MustCompile(`([\p{L}.,;:!?'"‘’‚‛′“”„‟″)\]\x{E001}])\((` + numList + `)\)`)
	parenSpacedMark = regexp.MustCompile(`(?m)\s+\((` + numList + `)\)([.,;:!?]|[ \t]*$)`)
	// lineHyphen is a word hyphenated across a line break, as fold joins it.
	lineHyphen = regexp.MustCompile(`(\p{L})[-‐‑][ \t\r]*\n\s*(\p{Ll})`)
	// Editorial notes with no number: "[a]", "[citation needed]".
	letterNote = regexp.MustCompile(`\[(?:[a-z]{1,2}|[a-z][a-z ]{0,30} needed)\]`)
	// markerStart matches a paragraph that opens with a footnote marker:
	// a footnote, or an entry of a reference list.
	markerStart = regexp.MustCompile(`^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]|\[\d{1,3}\]|\^\[?\d|\d{1,3}\.[ \t]*\^|(?i:<sup))`)
	// trailingMarks matches markers that close a paragraph.
	trailingMarks = regexp.MustCompile(`(?:\s*(?:\[` + numList + `\]|\^\d{1,4}|\(` + numList + `\)|(?i:<sup>[^<]*</sup>)))+\s*$`)
)

const markRepl = "\uE000${1}\uE001"

// numToken splits a number list into numbers and range dashes.
var numToken = regexp.MustCompile(`\d+|[‐‑‒–—―−-]`)

// numList is one footnote number, a list or a range: "12", "12, 13", "12–14".
const numList = `\d{1,3}(?:\s*[,‐‑‒–—―−-]\s*\d{1,3})*`

// wrapList returns the markers of a number list: "12, 13" gives two, a
// range "12–14" three (at most 20).
func wrapList(list string) string {
	var b strings.Builder
	nums := numToken.FindAllString(list, -1)
	last := -1
	for i := 0; i < len(nums); i++ {
		tok := nums[i]
		if !isDigits(tok) {
			if last >= 0 && i+1 < len(nums) {
				if end, err := strconv.Atoi(nums[i+1]); err == nil && end > last && end-last <= 20 {
					for n := last + 1; n < end; n++ {
						b.WriteString(string(markOpen) + strconv.Itoa(n) + string(markClose))
					}
				}
			}
			continue
		}
		n, _ := strconv.Atoi(tok)
		b.WriteString(string(markOpen) + tok + string(markClose))
		last = n
	}
	return b.String()
}

// stripMarkup makes one pass over NFKC text: it drops the runes fold
// would drop anyway (so no marker or tag is assembled later from their
// pieces), comments, tags and Markdown links, unescapes entities and turns
// every recognised footnote marker into a wrapped number ("(12)" only
// when parens).
func stripMarkup(s string, parens bool) string {
	s = strings.Map(func(r rune) rune {
		if mapRune(r) < 0 {
			return -1
		}
		return r
	}, s)
	if strings.Contains(s, "\n") {
		s = lineHyphen.ReplaceAllString(s, "$1$2")
	}
	if strings.Contains(s, "<") {
		s = htmlComment.ReplaceAllString(s, "")
		s = supMarker.ReplaceAllString(s, markRepl)
		s = blockTag.ReplaceAllString(s, " ")
		s = inlineTag.ReplaceAllString(s, "")
	}
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	if strings.Contains(s, "[") {
		s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
			text := mdLink.FindStringSubmatch(m)[1]
			if isDigits(text) && len(text) <= 3 {
				return string(markOpen) + text + string(markClose)
			}
			return text
		})
		// A space before a marker that punctuation follows goes with it.
		s = bracketSpaced.ReplaceAllStringFunc(s, func(m string) string {
			sub := bracketSpaced.FindStringSubmatch(m)
			return wrapList(sub[1]) + sub[2]
		})
		s = bracketMark.ReplaceAllStringFunc(s, func(m string) string {
			return wrapList(bracketMark.FindStringSubmatch(m)[1])
		})
		s = letterNote.ReplaceAllString(s, "")
	}
	if strings.Contains(s, "^") {
		s = noteList.ReplaceAllString(s, "${1}\uE000${2}\uE001")
		s = caretMark.ReplaceAllString(s, markRepl)
	}
	if parens && strings.Contains(s, "(") {
		s = parenMark.ReplaceAllStringFunc(s, func(m string) string {
			sub := parenMark.FindStringSubmatch(m)
			return sub[1] + wrapList(sub[2])
		})
		s = parenSpacedMark.ReplaceAllStringFunc(s, func(m string) string {
			sub := parenSpacedMark.FindStringSubmatch(m)
			return wrapList(sub[1]) + sub[2]
		})
	}
	return norm.NFKC.String(s)
}

// Plain returns s as a key should print it: NFKC, without footnote
// markers or light markup, spacing and quotes left as they are. A number
// in parentheses stays: in an excerpt it may as well be an enumeration
// ("points (1) and (2).") as a marker.
func Plain(s string) string {
	return norm.NFKC.String(dropMarkers(prepareWith(s, false)))
}

func isDigits(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// startsWithMarker reports whether paragraph or line p opens with a
// footnote marker.
func startsWithMarker(p string) bool {
	return markerStart.MatchString(strings.TrimLeftFunc(p, unicode.IsSpace))
}

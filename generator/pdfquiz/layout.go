package pdfquiz

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ptMM is one typographic point in millimetres.
const ptMM = 25.4 / 72

// Op is what an element draws.
type Op string

// The drawing operations of the layout model.
const (
	OpText   Op = "text"   // Text at baseline (X, Y)
	OpLine   Op = "line"   // from (X, Y) to (X2, Y2)
	OpRect   Op = "rect"   // top-left (X, Y), size X2 × Y2
	OpCircle Op = "circle" // centre (X, Y), radius X2
)

// Elem is one positioned element of a page, in millimetres from the top-left.
type Elem struct {
	Op     Op
	X, Y   float64
	X2, Y2 float64
	Style  Style
	Size   float64 // text size in points
	Text   string
	Gray   int     // 0 black … 255 white, for text and strokes
	Width  float64 // stroke width in mm
	Fill   int     // rect and circle fill gray; -1 for none
}

// Page is one page of a document.
type Page struct{ Elems []Elem }

// Doc is the layout model of one PDF: what goes where on which page. Tests
// check it as text (Dump) before any PDF is written.
type Doc struct {
	Title  string
	W, H   float64
	Pages  []*Page
	fonts  *fontSet
	errors []string
}

// Dump writes the model as one line per element, rounded to 0.1 mm, for golden tests.
func (d *Doc) Dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "doc %q %.1fx%.1f pages %d\n", d.Title, d.W, d.H, len(d.Pages))
	for i, p := range d.Pages {
		fmt.Fprintf(&b, "page %d\n", i+1)
		for _, e := range p.Elems {
			switch e.Op {
			case OpText:
				st := string(e.Style)
				if st == "" {
					st = "R"
				}
				fmt.Fprintf(&b, "  text %s %.1f (%.1f,%.1f) %q\n", st, e.Size, e.X, e.Y, e.Text)
			case OpLine:
				fmt.Fprintf(&b, "  line (%.1f,%.1f)-(%.1f,%.1f)\n", e.X, e.Y, e.X2, e.Y2)
			case OpRect:
				fmt.Fprintf(&b, "  rect (%.1f,%.1f) %.1fx%.1f\n", e.X, e.Y, e.X2, e.Y2)
			case OpCircle:
				fmt.Fprintf(&b, "  circle (%.1f,%.1f) r%.1f\n", e.X, e.Y, e.X2)
			}
		}
	}
	return b.String()
}

// Texts returns the text of every element in page order, one per line.
func (d *Doc) Texts() []string {
	var out []string
	for _, p := range d.Pages {
		for _, e := range p.Elems {
			if e.Op == OpText {
				out = append(out, e.Text)
			}
		}
	}
	return out
}

// block is a run of elements that must stay on one page. Positions are
// relative to the block's top-left; H is its height.
type block struct {
	fonts *fontSet
	H     float64
	Elems []Elem
	miss  []string
}

func (b *block) measure(s string, st Style, size float64) float64 {
	w, missing := b.fonts.measure(s, st, size)
	if missing != 0 {
		b.miss = append(b.miss, fmt.Sprintf("no glyph for %U %q in %q", missing, missing, s))
	}
	return w
}

// lineH is the line height of text at size pt.
func lineH(size float64) float64 { return size * ptMM * 1.32 }

// text puts s with its line box's top at y and its left edge at x.
func (b *block) text(x, y float64, st Style, size float64, s string) {
	s = b.fonts.fold(s, st)
	b.measure(s, st, size)
	b.Elems = append(b.Elems, Elem{Op: OpText, X: x, Y: y + size*ptMM*0.97, Style: st, Size: size, Text: s})
}

// textGray is text in a shade of gray.
func (b *block) textGray(x, y float64, st Style, size float64, s string, gray int) {
	b.text(x, y, st, size, s)
	b.Elems[len(b.Elems)-1].Gray = gray
}

// right puts s so that it ends at x.
func (b *block) right(x, y float64, st Style, size float64, s string, gray int) {
	s = b.fonts.fold(s, st)
	b.textGray(x-b.measure(s, st, size), y, st, size, s, gray)
}

// center puts s centred on x.
func (b *block) center(x, y float64, st Style, size float64, s string, gray int) {
	s = b.fonts.fold(s, st)
	b.textGray(x-b.measure(s, st, size)/2, y, st, size, s, gray)
}

// fit shortens s with an ellipsis until it is no wider than w.
func (b *block) fit(s string, w float64, st Style, size float64) string {
	s = b.fonts.fold(s, st)
	if x, _ := b.fonts.measure(s, st, size); x <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 {
		rs = rs[:len(rs)-1]
		t := strings.TrimRight(string(rs), " ·,–—") + "…"
		if x, _ := b.fonts.measure(t, st, size); x <= w {
			return t
		}
	}
	return ""
}

// para wraps s into width w at (x, y) and returns the height used.
func (b *block) para(x, y, w float64, st Style, size float64, s string, gray int) float64 {
	lines := b.wrap(s, w, st, size)
	for i, l := range lines {
		b.textGray(x, y+float64(i)*lineH(size), st, size, l, gray)
	}
	return float64(len(lines)) * lineH(size)
}

func (b *block) line(x1, y1, x2, y2, width float64, gray int) {
	b.Elems = append(b.Elems, Elem{Op: OpLine, X: x1, Y: y1, X2: x2, Y2: y2, Width: width, Gray: gray})
}

func (b *block) rect(x, y, w, h, width float64, gray, fill int) {
	b.Elems = append(b.Elems, Elem{Op: OpRect, X: x, Y: y, X2: w, Y2: h, Width: width, Gray: gray, Fill: fill})
}

func (b *block) circle(x, y, r, width float64, gray int) {
	b.Elems = append(b.Elems, Elem{Op: OpCircle, X: x, Y: y, X2: r, Width: width, Gray: gray, Fill: -1})
}

// add appends c below the block's current height, plus gap.
func (b *block) add(c *block, gap float64) {
	for _, e := range c.Elems {
		e.Y += b.H
		if e.Op == OpLine {
			e.Y2 += b.H
		}
		b.Elems = append(b.Elems, e)
	}
	b.miss = append(b.miss, c.miss...)
	b.H += c.H + gap
}

// wrap breaks s into lines no wider than w, at spaces where it can and
// inside a word only when the word alone is too wide.
func (b *block) wrap(s string, w float64, st Style, size float64) []string {
	s = b.fonts.fold(s, st)
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	space, _ := b.fonts.measure(" ", st, size)
	var lines []string
	cur, curW := "", 0.0
	for _, word := range words {
		ww := b.measure(word, st, size)
		if cur != "" && curW+space+ww <= w {
			cur += " " + word
			curW += space + ww
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		for ww > w {
			head, tail := splitWord(word, w, func(s string) float64 { x, _ := b.fonts.measure(s, st, size); return x })
			lines = append(lines, head)
			word = tail
			ww, _ = b.fonts.measure(word, st, size)
		}
		cur, curW = word, ww
	}
	return append(lines, cur)
}

// splitWord cuts word so that the head fits w (at least one rune).
func splitWord(word string, w float64, measure func(string) float64) (string, string) {
	rs := []rune(word)
	n := 1
	for n < len(rs) && measure(string(rs[:n+1])) <= w {
		n++
	}
	return string(rs[:n]), string(rs[n:])
}

// flow places blocks down the pages of a doc, starting a new page when a
// block does not fit in what is left, so no block is split.
type flow struct {
	doc         *Doc
	top, bottom float64
	y           float64
	page        *Page
	fresh       bool // nothing placed on page yet
	left, width float64
	overfull    []string
	// running, if set, is a header of height runH for every page but the
	// first, put at the top of each new page.
	running *block
	runH    float64
}

func newFlow(d *Doc, margin, footer float64) *flow {
	return &flow{doc: d, top: margin, bottom: d.H - margin - footer, left: margin, width: d.W - 2*margin}
}

// contentHeight is the most a block can take on a page.
func (f *flow) contentHeight() float64 { return f.bottom - f.top - f.runH }

func (f *flow) newPage() {
	f.page = &Page{}
	f.doc.Pages = append(f.doc.Pages, f.page)
	f.y = f.top
	f.fresh = true
	if f.running != nil && len(f.doc.Pages) > 1 {
		f.put(f.running)
		f.y += f.runH
	}
}

// put copies b's elements onto the page at the cursor.
func (f *flow) put(b *block) {
	for _, e := range b.Elems {
		e.X += f.left
		e.Y += f.y
		if e.Op == OpLine {
			e.X2 += f.left
			e.Y2 += f.y
		}
		f.page.Elems = append(f.page.Elems, e)
	}
	f.doc.errors = append(f.doc.errors, b.miss...)
}

// place puts b at the cursor, on a new page if it does not fit, and moves
// the cursor below it by gap.
func (f *flow) place(b *block, gap float64) {
	if b.H > f.contentHeight() {
		f.split(b, gap)
		return
	}
	if f.page == nil || (f.y+b.H > f.bottom && !f.fresh) {
		f.newPage()
	}
	if f.y+b.H > f.bottom+0.01 {
		f.overfull = append(f.overfull, fmt.Sprintf("page %d: a block %.0f mm tall does not fit in %.0f mm", len(f.doc.Pages), b.H, f.bottom-f.y))
	}
	f.put(b)
	f.fresh = false
	f.y += b.H + gap
}

// split places a block taller than a page (a header or question at a huge
// size on small paper) in page-sized pieces, cutting between elements.
func (f *flow) split(b *block, gap float64) {
	type span struct {
		top, bot float64
		e        Elem
	}
	var spans []span
	for _, e := range b.Elems {
		sp := span{e.Y, e.Y, e}
		switch e.Op {
		case OpText:
			sp.top = e.Y - e.Size*ptMM
			sp.bot = e.Y + e.Size*ptMM*0.3
		case OpLine:
			sp.top, sp.bot = min(e.Y, e.Y2), max(e.Y, e.Y2)
		case OpRect:
			sp.bot = e.Y + e.Y2
		case OpCircle:
			sp.top, sp.bot = e.Y-e.X2, e.Y+e.X2
		}
		spans = append(spans, sp)
	}
	slices.SortStableFunc(spans, func(a, b span) int { return cmp.Compare(a.top, b.top) })
	top := 0.0
	cur := &block{fonts: b.fonts}
	for _, sp := range spans {
		if sp.bot-top > f.contentHeight() && len(cur.Elems) > 0 {
			cur.H = sp.top - top
			f.place(cur, 0)
			top = sp.top
			cur = &block{fonts: b.fonts}
		}
		e := sp.e
		e.Y -= top
		if e.Op == OpLine {
			e.Y2 -= top
		}
		cur.Elems = append(cur.Elems, e)
	}
	cur.H = min(b.H-top, f.contentHeight())
	cur.miss = b.miss
	f.place(cur, gap)
}

// fits reports whether a block of height h fits below the cursor.
func (f *flow) fits(h float64) bool { return f.page != nil && f.y+h <= f.bottom }

// err reports glyphs the font lacks and blocks taller than a page.
func (d *Doc) err(f *flow) error {
	probs := append(dedupe(d.errors), f.overfull...)
	if len(probs) == 0 {
		return nil
	}
	if len(probs) > 5 {
		probs = append(probs[:5], fmt.Sprintf("and %d more", len(probs)-5))
	}
	return fmt.Errorf("lay out %s: %s", d.Title, strings.Join(probs, "; "))
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// roman returns n (1…39) in Roman numerals, for part numbers.
func roman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

// clean folds a text's whitespace (tabs, newlines) to single spaces and
// drops control characters, which a PDF text line cannot show.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// isClean reports whether clean would return s unchanged: no control or
// space characters but single ASCII spaces, none at either end.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || !utf8.ValidString(s) {
		return false
	}
	space := false
	for _, r := range s {
		switch {
		case r == ' ':
			if space {
				return false
			}
			space = true
			continue
		case r < ' ' || r == 0x7f:
			return false
		case r >= 0x80 && (unicode.IsControl(r) || unicode.IsSpace(r)):
			return false
		}
		space = false
	}
	return true
}

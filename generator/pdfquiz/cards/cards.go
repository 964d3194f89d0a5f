// Package cards writes printable flashcards (format cards-pdf): per build,
// NAME/cards.pdf, every selected question on a card (in
// generator.StudyOrder), laid out for
// double-sided printing on A4 or US Letter (the build's quiz.paper) with
// the sheet flipped on its long edge.
//
// Each sheet is two pages: the fronts (questions) on the odd page, the
// backs (answers, with the source footnote and excerpt) on the even page,
// mirrored left to right, so that once printed duplex each answer lies
// behind its own question: the card at row r, column c of a front lies at
// row r, column cols-1-c of its back. Cut marks in the margins of both
// pages and a light outline on the fronts show where to cut; each face
// carries, small, the deck and fact id, the kind and the card's number, so
// a dropped card can be put back.
//
// It sits beside package pdfquiz, which owns the quiz PDFs, and is the only
// other user of the PDF library (codeberg.org/go-pdf/fpdf). Text is set in
// the Go fonts (or quiz.font) through fpdf's UTF-8 font path, which embeds
// a subset with a ToUnicode map, so the text a viewer extracts is the text
// printed. Layout comes first, into a model (Doc) that tests read as text;
// drawing it is the last step. Dates come from the job's epoch and the
// catalog is sorted, so the same input gives the same bytes.
package cards

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"path"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/inputfile"
	"github.com/quizdeck/quizdeck/generator/render"
)

// FileName is the cards' file name inside the build folder.
const FileName = "cards.pdf"

// ptMM is one typographic point in millimetres.
const ptMM = 25.4 / 72

// Grid is where the cards sit on a page, in millimetres from the top-left.
type Grid struct {
	W, H         float64 // paper
	Cols, Rows   int
	CardW, CardH float64
	X0, Y0       float64 // top-left of the front's grid
}

// NewGrid returns the grid for paper (a4 or letter): two columns of four
// cards of 95 × 60 mm, centred, which fits both papers with room for cut
// marks and a header in every margin.
func NewGrid(paper string) (Grid, error) {
	g := Grid{Cols: 2, Rows: 4, CardW: 95, CardH: 60}
	switch paper {
	case "a4":
		g.W, g.H = 210, 297
	case "letter":
		g.W, g.H = 215.9, 279.4
	default:
		return Grid{}, fmt.Errorf("quiz.paper: must be a4 or letter, not %q", paper)
	}
	g.X0 = (g.W - float64(g.Cols)*g.CardW) / 2
	g.Y0 = (g.H - float64(g.Rows)*g.CardH) / 2
	return g, nil
}

// PerSheet is how many cards one sheet holds.
func (g Grid) PerSheet() int { return g.Cols * g.Rows }

// Front is the top-left corner of the card at row r, column c of a front page.
func (g Grid) Front(r, c int) (x, y float64) {
	return g.X0 + float64(c)*g.CardW, g.Y0 + float64(r)*g.CardH
}

// Back is the top-left corner, on the back page, of the back of the card
// at row r, column c of the front: the front's cell mirrored about the
// page's vertical centre line, which is what a long-edge flip does.
func (g Grid) Back(r, c int) (x, y float64) {
	fx, fy := g.Front(r, c)
	return g.W - fx - g.CardW, fy
}

// Op is what an element draws.
type Op string

// The operations of the layout model.
const (
	OpText Op = "text" // Text with its baseline's left end at (X, Y)
	OpLine Op = "line" // from (X, Y) to (X2, Y2)
	OpRect Op = "rect" // top-left (X, Y), size X2 × Y2
)

// Elem is one positioned element of a page.
type Elem struct {
	Op     Op
	X, Y   float64
	X2, Y2 float64
	Bold   bool
	Size   float64 // pt
	Gray   int     // 0 black … 255 white
	Width  float64 // stroke, mm
	Text   string
}

// Page is one page of the document.
type Page struct{ Elems []Elem }

// Doc is the layout model of the cards PDF.
type Doc struct {
	Title string
	Grid  Grid
	Pages []*Page
	// Warnings are cards whose text had to be cut to fit.
	Warnings []string
	fonts    *fonts // the faces Layout measured with, for Draw
}

// Dump writes the model one element a line, rounded to 0.1 mm, for golden tests.
func (d *Doc) Dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "doc %q %.1fx%.1f pages %d\n", d.Title, d.Grid.W, d.Grid.H, len(d.Pages))
	for i, p := range d.Pages {
		fmt.Fprintf(&b, "page %d\n", i+1)
		for _, e := range p.Elems {
			switch e.Op {
			case OpText:
				st := "R"
				if e.Bold {
					st = "B"
				}
				fmt.Fprintf(&b, "  text %s %.1f (%.1f,%.1f) %q\n", st, e.Size, e.X, e.Y, e.Text)
			case OpLine:
				fmt.Fprintf(&b, "  line (%.1f,%.1f)-(%.1f,%.1f)\n", e.X, e.Y, e.X2, e.Y2)
			case OpRect:
				fmt.Fprintf(&b, "  rect (%.1f,%.1f) %.1fx%.1f\n", e.X, e.Y, e.X2, e.Y2)
			}
		}
	}
	return b.String()
}

// fonts are the two faces the cards use, as TrueType bytes and parsed, so
// layout can ask which runes they draw and measure them without a PDF.
type fonts struct {
	regular, bold []byte
	reg, bld      *sfnt.Font
	buf           sfnt.Buffer
	// widths caches advances in thousandths of an em, as fpdf declares
	// them, per face (0 regular, 1 bold); -1 means no glyph.
	widths [2]map[rune]int
}

func loadFonts(file string) (*fonts, error) {
	f := &fonts{regular: goregular.TTF, bold: gobold.TTF, widths: [2]map[rune]int{{}, {}}}
	if file != "" {
		b, err := inputfile.Read(file, inputfile.MaxFont)
		if err != nil {
			return nil, fmt.Errorf("quiz.font: %w", err)
		}
		f.regular, f.bold = b, b
	}
	var err error
	if f.reg, err = sfnt.Parse(f.regular); err != nil {
		return nil, fmt.Errorf("quiz.font: %w", err)
	}
	if f.bld, err = sfnt.Parse(f.bold); err != nil {
		return nil, fmt.Errorf("quiz.font: %w", err)
	}
	return f, nil
}

func (f *fonts) has(r rune, bold bool) bool { return f.advance(r, bold) >= 0 }

// advance is r's advance width in thousandths of an em, rounded as fpdf
// rounds the widths it writes, or -1 when the face has no glyph for r.
func (f *fonts) advance(r rune, bold bool) int {
	k, ft := 0, f.reg
	if bold {
		k, ft = 1, f.bld
	}
	if w, ok := f.widths[k][r]; ok {
		return w
	}
	w := -1
	if g, err := ft.GlyphIndex(&f.buf, r); err == nil && g != 0 {
		upem := int(ft.UnitsPerEm())
		if adv, err := ft.GlyphAdvance(&f.buf, g, fixed.Int26_6(upem<<6), font.HintingNone); err == nil {
			w = int(math.Round(1000 * float64(adv) / 64 / float64(upem)))
		}
	}
	f.widths[k][r] = w
	return w
}

// width is the width of s in mm at size pt.
func (f *fonts) width(s string, bold bool, size float64) float64 {
	total := 0
	for _, r := range s {
		total += max(0, f.advance(r, bold))
	}
	return float64(total) * size / 1000 * ptMM
}

// fold replaces a rune the face lacks by its compatibility form when the
// face has that (ᵈ → d), and reports the first rune it cannot draw at all.
func (f *fonts) fold(s string, bold bool) (string, rune) {
	all := true
	for _, r := range s {
		if !f.has(r, bold) {
			all = false
			break
		}
	}
	if all {
		return s, 0
	}
	var b strings.Builder
	var missing rune
	for _, r := range s {
		if r == ' ' || f.has(r, bold) {
			b.WriteRune(r)
			continue
		}
		alt := norm.NFKC.String(string(r))
		ok := alt != string(r)
		for _, a := range alt {
			ok = ok && f.has(a, bold)
		}
		if ok {
			b.WriteString(alt)
			continue
		}
		if missing == 0 {
			missing = r
		}
		b.WriteRune(r)
	}
	return b.String(), missing
}

// newPDF starts a document on g's paper with the fonts registered as
// families "card" (regular) and "card" B (bold).
func newPDF(g Grid, f *fonts, title string, epoch time.Time) *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: g.W, Ht: g.H}})
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(epoch)
	pdf.SetModificationDate(epoch)
	pdf.SetAutoPageBreak(false, 0)
	// Uncompressed: fpdf makes a new zlib writer for every page, a third
	// of the time for 88 cards (about 290 KB uncompressed against 85 KB).
	// The quiz PDFs deflate theirs afterwards with pooled writers
	// (pdfquiz's deflateStreams); the cards have not followed yet.
	pdf.SetCompression(false)
	pdf.SetMargins(0, 0, 0)
	pdf.SetTitle(title, true)
	pdf.SetLang("en")
	pdf.SetCreator("quizdeck", false)
	pdf.SetProducer("quizdeck", false)
	pdf.AddUTF8FontFromBytes("card", "", f.regular)
	pdf.AddUTF8FontFromBytes("card", "B", f.bold)
	return pdf
}

// Layout lays out every question of job as a card, with the words of the
// cards.txt.tmpl templates in tmpl.
func Layout(ctx context.Context, tmpl *render.Set, job *generator.Job) (*Doc, error) {
	f, err := loadFonts(job.Build.Quiz.Font)
	if err != nil {
		return nil, err
	}
	g, err := NewGrid(job.Build.Quiz.Paper)
	if err != nil {
		return nil, err
	}
	if len(job.Questions) == 0 {
		return nil, fmt.Errorf("no questions to put on cards")
	}
	title := job.Build.Title
	if title == "" && len(job.Decks) > 0 {
		title = job.Decks[0].Title
	}
	if title == "" {
		title = job.Build.Name
	}
	qs := generator.StudyOrder(job)
	n := len(qs)
	sheets := (n + g.PerSheet() - 1) / g.PerSheet()
	l := &layout{f: f, g: g, doc: &Doc{Grid: g, fonts: f}, words: &words{set: tmpl}, data: textData{Title: title, Sheets: sheets, Cards: n}}
	l.doc.Title = l.words.get("cards-title", l.data)
	decks := map[string]*generator.Deck{}
	for _, d := range job.Decks {
		decks[d.ID] = d
	}
	for s := range sheets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		front, back := &Page{}, &Page{}
		l.data.Sheet = s + 1
		l.sheetFrame(front, title, true)
		l.sheetFrame(back, title, false)
		for i := s * g.PerSheet(); i < min(n, (s+1)*g.PerSheet()); i++ {
			q := &qs[i]
			k := i - s*g.PerSheet()
			r, c := k/g.Cols, k%g.Cols
			fx, fy := g.Front(r, c)
			bx, by := g.Back(r, c)
			foot := footer{id: q.Deck + " · " + q.Fact + " · " + string(q.Kind), num: fmt.Sprintf("%d/%d", i+1, n)}
			l.front(front, fx, fy, q, foot)
			l.back(back, bx, by, q, decks[q.Deck], foot)
		}
		l.doc.Pages = append(l.doc.Pages, front, back)
	}
	if l.err != nil {
		return nil, l.err
	}
	if l.words.err != nil {
		return nil, l.words.err
	}
	return l.doc, nil
}

type layout struct {
	words *words
	data  textData
	f     *fonts
	g     Grid
	doc   *Doc
	err   error
}

type footer struct{ id, num string }

const (
	pad       = 5.0 // card padding, mm
	markGap   = 2.0 // between the grid and a cut mark
	markLen   = 5.0
	smallSize = 6.5 // labels and footers, pt
	gray      = 90  // labels and footers
)

// width measures s at size in the regular or bold face.
// width measures s at size as it will print: folded to what the face draws.
func (l *layout) width(s string, bold bool, size float64) float64 {
	s, _ = l.f.fold(s, bold)
	return l.f.width(s, bold, size)
}

// text adds s, folded to what the face can draw; a rune it cannot draw
// is an error naming the card.
func (l *layout) text(p *Page, x, y float64, bold bool, size float64, g int, s, card string) {
	s, missing := l.f.fold(s, bold)
	if missing != 0 && l.err == nil {
		l.err = fmt.Errorf("card %s: the font has no glyph for %U %q", card, missing, missing)
	}
	p.Elems = append(p.Elems, Elem{Op: OpText, X: x, Y: y, Bold: bold, Size: size, Gray: g, Text: s})
}

// wrap breaks s into lines no wider than w at size; a word wider than w is
// split between runes.
func (l *layout) wrap(s string, bold bool, size, w float64) []string {
	s, _ = l.f.fold(s, bold)
	rw := func(r rune) float64 { return float64(max(0, l.f.advance(r, bold))) * size / 1000 * ptMM }
	space := rw(' ')
	var lines []string
	var cur []rune
	curW := 0.0
	// One pass over the runes, each measured once: specs are curated, but
	// a pasted page of text must not cost quadratic time.
	for _, word := range strings.FieldsFunc(s, breakable) {
		rs := []rune(word)
		ww := 0.0
		for _, r := range rs {
			ww += rw(r)
		}
		if len(cur) > 0 && curW+space+ww <= w {
			cur = append(append(cur, ' '), rs...)
			curW += space + ww
			continue
		}
		if len(cur) > 0 {
			lines = append(lines, string(cur))
			cur, curW = cur[:0], 0
		}
		for ww > w && len(rs) > 1 {
			k, acc := 0, 0.0
			for k < len(rs) && (k == 0 || acc+rw(rs[k]) <= w) { // at least one rune a line
				acc += rw(rs[k])
				k++
			}
			lines = append(lines, string(rs[:k]))
			rs, ww = rs[k:], ww-acc
		}
		cur, curW = append(cur, rs...), ww
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// breakable reports whether a line may break at r: any space but a no-break space.
func breakable(r rune) bool { return r != '\u00a0' && unicode.IsSpace(r) }

func lineH(size float64) float64 { return size * ptMM * 1.28 }

// sheetFrame draws a page's cut marks, header and (on fronts) the card
// outlines and printing note.
func (l *layout) sheetFrame(p *Page, title string, front bool) {
	g := l.g
	gw, gh := float64(g.Cols)*g.CardW, float64(g.Rows)*g.CardH
	for c := 0; c <= g.Cols; c++ {
		x := g.X0 + float64(c)*g.CardW
		p.Elems = append(p.Elems,
			Elem{Op: OpLine, X: x, Y: g.Y0 - markGap - markLen, X2: x, Y2: g.Y0 - markGap, Width: 0.2},
			Elem{Op: OpLine, X: x, Y: g.Y0 + gh + markGap, X2: x, Y2: g.Y0 + gh + markGap + markLen, Width: 0.2})
	}
	for r := 0; r <= g.Rows; r++ {
		y := g.Y0 + float64(r)*g.CardH
		p.Elems = append(p.Elems,
			Elem{Op: OpLine, X: g.X0 - markGap - markLen, Y: y, X2: g.X0 - markGap, Y2: y, Width: 0.2},
			Elem{Op: OpLine, X: g.X0 + gw + markGap, Y: y, X2: g.X0 + gw + markGap + markLen, Y2: y, Width: 0.2})
	}
	right := l.words.get("cards-sheet-back", l.data)
	if front {
		right = l.words.get("cards-sheet-front", l.data)
	}
	y := g.Y0 - markGap - markLen - 3
	rw := l.width(right, false, 7)
	l.text(p, g.X0+gw-rw, y, false, 7, gray, right, "header")
	left := l.fit(title, false, 7, gw-rw-8)
	l.text(p, g.X0, y, false, 7, gray, left, "header")
	if front {
		note := l.words.get("cards-note", l.data)
		l.text(p, g.X0, g.Y0+gh+markGap+markLen+4, false, 7, gray, l.fit(note, false, 7, gw), "note")
	}
}

// fit cuts s with an ellipsis to be no wider than w.
func (l *layout) fit(s string, bold bool, size, w float64) string {
	if l.width(s, bold, size) <= w {
		return s
	}
	rs := []rune(s)
	rs = rs[:l.prefix(rs, bold, size, w-l.width("…", bold, size))]
	return strings.TrimSpace(string(rs)) + "…"
}

// prefix is how many of rs fit in w at size: one pass, as a long word or
// line can hold thousands of runes.
func (l *layout) prefix(rs []rune, bold bool, size, w float64) int {
	acc := 0.0
	for k, r := range rs {
		acc += l.width(string(r), bold, size)
		if acc > w {
			return k
		}
	}
	return len(rs)
}

// faceFrame draws what both faces of a card share: the label, the number
// and the id footer.
func (l *layout) faceFrame(p *Page, x, y float64, label string, foot footer) {
	g := l.g
	top := y + pad + smallSize*ptMM*0.8
	l.text(p, x+pad, top, true, smallSize, gray, label, foot.id)
	nw := l.width(foot.num, false, smallSize)
	l.text(p, x+g.CardW-pad-nw, top, false, smallSize, gray, foot.num, foot.id)
	id := l.fit(foot.id, false, smallSize, g.CardW-2*pad)
	l.text(p, x+pad, y+g.CardH-pad+smallSize*ptMM*0.2, false, smallSize, gray, id, foot.id)
}

// box is the text area of a card below its label and above its footer.
func (l *layout) box(y float64) (top, bottom float64) {
	return y + pad + smallSize*ptMM*1.6, y + l.g.CardH - pad - smallSize*ptMM*1.4
}

func (l *layout) front(p *Page, x, y float64, q *generator.Question, foot footer) {
	g := l.g
	p.Elems = append(p.Elems, Elem{Op: OpRect, X: x, Y: y, X2: g.CardW, Y2: g.CardH, Gray: 185, Width: 0.15})
	l.faceFrame(p, x, y, l.words.get("cards-label-front", l.data), foot)
	top, bottom := l.box(y)
	w := g.CardW - 2*pad
	var lines []string
	size := 12.0
	for ; size > 7; size -= 0.5 {
		lines = l.wrap(q.Prompt, false, size, w)
		if float64(len(lines))*lineH(size) <= bottom-top {
			break
		}
	}
	lines = l.clip(lines, false, size, w, bottom-top, foot.id, "question")
	h := float64(len(lines)) * lineH(size)
	ty := top + (bottom-top-h)/2
	for i, s := range lines {
		l.text(p, x+pad, ty+float64(i)*lineH(size)+size*ptMM*0.95, false, size, 0, s, foot.id)
	}
}

// clip keeps the lines that fit in height h, ending the last with an
// ellipsis, and records a warning when it had to cut.
func (l *layout) clip(lines []string, bold bool, size, w, h float64, card, what string) []string {
	keep := int(math.Floor(max(h, 0) / lineH(size)))
	if keep >= len(lines) {
		return lines
	}
	l.doc.Warnings = append(l.doc.Warnings, fmt.Sprintf("card %s: the %s is too long for the card and was cut", card, what))
	if keep == 0 {
		return nil
	}
	lines = lines[:keep]
	rs := []rune(lines[len(lines)-1])
	rs = rs[:l.prefix(rs, bold, size, w-l.width("…", bold, size))]
	lines[len(lines)-1] = strings.TrimRight(string(rs), " ") + "…"
	return lines
}

func (l *layout) back(p *Page, x, y float64, q *generator.Question, d *generator.Deck, foot footer) {
	g := l.g
	l.faceFrame(p, x, y, l.words.get("cards-label-back", l.data), foot)
	top, bottom := l.box(y)
	w := g.CardW - 2*pad
	cd := l.data
	cd.Excerpt, cd.Footnote = q.Source.Excerpt, q.Source.Footnote
	if d != nil {
		cd.Author = d.Source.Author
	}
	cite := l.words.get("cards-cite", cd)
	// Shrink everything together until the answer, its attribution and
	// the excerpt fit; the answer stays the largest.
	type part struct {
		text string
		bold bool
		size float64
		gap  float64 // space after, in lines of this size
		gray int
		what string
	}
	parts := []part{{q.Answer, true, 13, 0.35, 0, "answer"}}
	if q.Attribution != "" {
		parts = append(parts, part{q.Attribution, false, 8.5, 0.35, 60, "attribution"})
	}
	parts = append(parts, part{cite, false, 8, 0, 40, "excerpt"})
	var lines [][]string
	var scale float64
	for scale = 1; ; scale -= 0.05 {
		lines = lines[:0]
		h := 0.0
		for _, pt := range parts {
			ls := l.wrap(pt.text, pt.bold, pt.size*scale, w)
			lines = append(lines, ls)
			h += (float64(len(ls)) + pt.gap) * lineH(pt.size*scale)
		}
		if h <= bottom-top || scale <= 0.76 { // the excerpt no smaller than 6 pt
			break
		}
	}
	// At the smallest size what does not fit is cut, the excerpt first.
	left := bottom - top
	for i, pt := range parts {
		lines[i] = l.clip(lines[i], pt.bold, pt.size*scale, w, left, foot.id, pt.what)
		left -= (float64(len(lines[i])) + pt.gap) * lineH(pt.size*scale)
	}
	cy := top
	for i, pt := range parts {
		size := pt.size * scale
		for _, s := range lines[i] {
			l.text(p, x+pad, cy+size*ptMM*0.95, pt.bold, size, pt.gray, s, foot.id)
			cy += lineH(size)
		}
		cy += pt.gap * lineH(size)
	}
}

// Draw writes d as a PDF: fpdf's errors are sticky and checked once, at Output.
func Draw(d *Doc, job *generator.Job, w io.Writer) error {
	f := d.fonts
	if f == nil { // a Doc made without Layout
		var err error
		if f, err = loadFonts(job.Build.Quiz.Font); err != nil {
			return err
		}
	}
	pdf := newPDF(d.Grid, f, d.Title, job.Epoch)
	for _, p := range d.Pages {
		pdf.AddPage()
		for _, e := range p.Elems {
			switch e.Op {
			case OpText:
				st := ""
				if e.Bold {
					st = "B"
				}
				pdf.SetFont("card", st, e.Size)
				pdf.SetTextColor(e.Gray, e.Gray, e.Gray)
				pdf.Text(e.X, e.Y, e.Text)
			case OpLine:
				pdf.SetDrawColor(e.Gray, e.Gray, e.Gray)
				pdf.SetLineWidth(e.Width)
				pdf.Line(e.X, e.Y, e.X2, e.Y2)
			case OpRect:
				pdf.SetDrawColor(e.Gray, e.Gray, e.Gray)
				pdf.SetLineWidth(e.Width)
				pdf.Rect(e.X, e.Y, e.X2, e.Y2, "D")
			}
		}
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("render %s: %w", d.Title, err)
	}
	return nil
}

// textData is what the cards.txt.tmpl templates see.
type textData struct {
	Title                string
	Sheet, Sheets, Cards int
	Excerpt, Author      string // cards-cite only
	Footnote             int
}

// words runs the cards' text templates, keeping the first error.
type words struct {
	set *render.Set
	err error
}

func (w *words) get(name string, d textData) string {
	s, err := w.set.Text(name, d)
	if err != nil && w.err == nil {
		w.err = err
	}
	return strings.TrimSpace(s)
}

// Format is the cards-pdf build format.
type Format struct{ tmpl *render.Set }

// New returns the cards-pdf format, its words from tmpl.
func New(tmpl *render.Set) Format { return Format{tmpl: tmpl} }

// Name implements generator.Format.
func (Format) Name() string { return generator.FormatCardsPDF }

// Write implements generator.Format: it stages NAME/cards.pdf and logs any
// card whose text was cut to fit.
func (f Format) Write(ctx context.Context, job *generator.Job, out *generator.Output) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d, err := Layout(ctx, f.tmpl, job)
	if err != nil {
		return err
	}
	for _, w := range d.Warnings {
		fmt.Fprintf(job.Log, "%s: %s\n", job.Build.Name, w)
	}
	var buf bytes.Buffer
	if err := Draw(d, job, &buf); err != nil {
		return err
	}
	return out.WriteFile(job.Build.Name, path.Join(job.Build.Name, FileName), f.Name(), func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

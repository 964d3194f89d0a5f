package pdfquiz

import (
	"fmt"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/quiz"
	"github.com/quizdeck/quizdeck/generator/render"
)

// textData is what every layout-text template sees.
type textData struct {
	Title, Course, Date, Version string
	Student, StudentID           string
	Questions, Points, Versions  int
	ShortAnswers                 int // short-answer items per version
	Part, Kind                   string
	Count, SectionPoints         int
	Page, Pages                  int
	N                            int
}

// texter runs layout-text templates, keeping the first error.
type texter struct {
	set *render.Set
	err error
}

func (t *texter) get(name string, d textData) string {
	s, err := t.set.Text(name, d)
	if err != nil && t.err == nil {
		t.err = err
	}
	return clean(s)
}

// page returns the paper size in mm.
func paper(o generator.QuizOptions) (w, h float64) {
	if o.Paper == "letter" {
		return 215.9, 279.4
	}
	return 210, 297
}

// setup is what every document of a quiz shares.
type setup struct {
	q     *quiz.Quiz
	fonts *fontSet
	tx    *texter
	fs    float64 // body size, pt
	m     float64 // margin, mm
	data  textData

	numW, indent, ptsW float64 // number column, text indent, points column, mm
	boxW, boxH         float64 // the version box
	pts                map[int]string
}

func newSetup(q *quiz.Quiz, fonts *fontSet, set *render.Set) *setup {
	n := q.Questions()
	pts := 0
	if len(q.Versions) > 0 {
		pts = q.Versions[0].Points()
	}
	s := &setup{q: q, fonts: fonts, tx: &texter{set: set}, fs: q.Options.FontSize, m: q.Options.MarginMM, pts: map[int]string{},
		data: textData{Title: q.Title, Course: q.Course, Date: q.Date, Questions: n, Points: pts, Versions: len(q.Versions)}}
	if len(q.Versions) > 0 {
		for _, sec := range q.Versions[0].Sections {
			if sec.Kind == quiz.ShortAnswer {
				s.data.ShortAnswers += len(sec.Items)
			}
		}
	}
	// Columns scale with the type: the widest number, points and box text.
	b := s.block()
	s.numW = b.measure(fmt.Sprintf("%d.", max(n, 10)), Bold, s.fs) + 0.5
	s.indent = s.numW + 2
	s.ptsW = b.measure(s.points(max(pts, 10)), Regular, s.fs*0.8) + 3
	s.boxW = max(24, b.measure(s.tx.get("quiz-label-version", s.data), Bold, s.fs*0.62)+6)
	s.boxH = max(18, lineH(s.fs*2.3)+7)
	return s
}

func (s *setup) newDoc(title string) (*Doc, *flow) {
	w, h := paper(s.q.Options)
	d := &Doc{Title: title, W: w, H: h, fonts: s.fonts}
	f := newFlow(d, s.m, lineH(s.fs*0.8)+4)
	return d, f
}

func (s *setup) block() *block { return &block{fonts: s.fonts} }

// footers adds the footer line, left text and "Page x of y" to every page.
func (s *setup) footers(d *Doc, data textData) {
	size := s.fs * 0.8
	y := d.H - s.m - lineH(size)
	for i, p := range d.Pages {
		data.Page, data.Pages = i+1, len(d.Pages)
		b := s.block()
		b.line(0, -1.5, d.W-2*s.m, -1.5, 0.2, 150)
		pg := s.tx.get("quiz-page", data)
		pw := b.measure(pg, Regular, size)
		b.textGray(0, 0, Regular, size, b.fit(s.tx.get("quiz-footer", data), d.W-2*s.m-pw-6, Regular, size), 90)
		b.right(d.W-2*s.m, 0, Regular, size, pg, 90)
		for _, e := range b.Elems {
			e.X += s.m
			e.Y += y
			if e.Op == OpLine {
				e.X2 += s.m
				e.Y2 += y
			}
			p.Elems = append(p.Elems, e)
		}
		d.errors = append(d.errors, b.miss...)
	}
}

// header lays out a document's first-page header: title, subtitle and the
// version box at the right.
func (s *setup) header(b *block, w float64, title, version string) float64 {
	boxW, boxH := s.boxW, s.boxH
	y := 0.0
	tw := w
	if version != "" {
		tw = w - boxW - 4
		b.rect(w-boxW, 0, boxW, boxH, 0.5, 0, -1)
		b.center(w-boxW/2, 1.6, Bold, s.fs*0.62, s.tx.get("quiz-label-version", s.data), 60)
		b.center(w-boxW/2, 5.2, Bold, s.fs*2.3, version, 0)
	}
	y += b.para(0, 0, tw, Bold, s.fs*1.7, title, 0)
	if sub := s.tx.get("quiz-subtitle", s.data); sub != "" {
		y += 1
		y += b.para(0, y, tw, Regular, s.fs, sub, 70)
	}
	if version != "" {
		y = max(y, boxH)
	}
	return y
}

// fields draws "label ______" runs across width w at y; values prefill lines.
func (s *setup) fields(b *block, y, w float64, labels []string, shares []float64, values []string, suffix string) float64 {
	x := 0.0
	base := y + lineH(s.fs)*0.9
	if n := len(labels); n > 1 && suffix != "" {
		// In a narrow line the last label ("Score … / 20") takes the room
		// it needs from the others, so label and suffix never overlap.
		need := b.measure(labels[n-1], Regular, s.fs) + b.measure(suffix, Regular, s.fs) + 12
		if last := w * shares[n-1]; last < need && need < w {
			scaled := make([]float64, n)
			for i := range n - 1 {
				scaled[i] = shares[i] * (w - need) / (w - last)
			}
			scaled[n-1] = need / w
			shares = scaled
		}
	}
	for i, l := range labels {
		segW := w * shares[i]
		lw := b.measure(l, Regular, s.fs)
		b.text(x, y, Regular, s.fs, l)
		end := x + segW - 5
		if i == len(labels)-1 {
			end = w
			if suffix != "" {
				sw := b.measure(suffix, Regular, s.fs)
				b.right(w, y, Regular, s.fs, suffix, 0)
				end = w - sw - 1.5
			}
		}
		b.line(x+lw+2, base, end, base, 0.25, 0)
		if i < len(values) && values[i] != "" {
			// A long name shrinks a little, then is cut, but never runs
			// into the next label.
			room := end - (x + lw + 4) - 1
			size := s.fs
			if b.measure(values[i], Bold, size) > room {
				size = s.fs * 0.85
			}
			b.text(x+lw+4, y-0.6+(s.fs-size)*ptMM*0.9, Bold, size, b.fit(values[i], room, Bold, size))
		}
		x += segW
	}
	return lineH(s.fs) + 1
}

// quizDoc lays out version v of the quiz, for student st if not nil.
func quizDoc(s *setup, v *quiz.Version, st *quiz.Student) (*Doc, error) {
	data := s.data
	data.Version = v.Letter
	if st != nil {
		data.Student, data.StudentID = st.Name, st.ID
	}
	s.data = data
	d, f := s.newDoc(fmt.Sprintf("%s · Version %s", s.q.Title, v.Letter))
	if st != nil {
		d.Title += " · " + st.Name
	}
	w := f.width
	f.running, f.runH = s.runningHeader(w, data, st)

	hb := s.block()
	y := s.header(hb, w, s.q.Title, v.Letter)
	y += 6
	name := ""
	if st != nil {
		name = st.Name
	}
	y += s.fields(hb, y, w,
		[]string{s.tx.get("quiz-label-name", data), s.tx.get("quiz-label-class", data), s.tx.get("quiz-label-score", data)},
		[]float64{0.56, 0.22, 0.22}, []string{name}, fmt.Sprintf("/ %d", v.Points()))
	y += 3
	hb.line(0, y, w, y, 0.4, 0)
	y += 3
	y += hb.para(0, y, w, Regular, s.fs*0.95, s.tx.get("quiz-instructions", data), 30)
	hb.H = y + 5
	f.place(hb, 0)

	gap := s.fs * 0.32
	for si := range v.Sections {
		sec := &v.Sections[si]
		sd := data
		sd.Part, sd.Kind, sd.Count, sd.SectionPoints = roman(si+1), string(sec.Kind), len(sec.Items), sec.Points()
		head := s.sectionHead(w, sd)
		var items []*block
		if sec.Kind == quiz.Matching {
			items = s.matchingBlocks(w, sec, sd)
		} else {
			for ii := range sec.Items {
				items = append(items, s.itemBlock(w, sec, &sec.Items[ii]))
			}
		}
		// A heading never ends a page: it travels with the first item, and a
		// matching section stays whole when it fits on a page.
		first := s.block()
		first.add(head, 0)
		first.add(items[0], gap)
		rest := items[1:]
		if sec.Kind == quiz.Matching {
			all := s.block()
			all.add(head, 0)
			for _, it := range items {
				all.add(it, gap)
			}
			if all.H <= f.contentHeight() {
				first, rest = all, nil
			}
		}
		if si > 0 {
			f.y += 3
		}
		f.place(first, 0)
		for _, it := range rest {
			f.place(it, gap)
		}
	}
	s.footers(d, data)
	if s.tx.err != nil {
		return nil, s.tx.err
	}
	return d, d.err(f)
}

// runningHeader is the strip at the top of every page after the first:
// the version, and a name line (filled in on a student's copy), so a
// loose page finds its way back.
func (s *setup) runningHeader(w float64, data textData, st *quiz.Student) (*block, float64) {
	b := s.block()
	size := s.fs * 0.85
	b.text(0, 0, Bold, size, s.tx.get("quiz-running", data))
	label := s.tx.get("quiz-label-name", data)
	lw := b.measure(label, Regular, size)
	lineW := min(70, w*0.45)
	x := w - lineW - lw - 2
	base := lineH(size) * 0.9
	b.textGray(x, 0, Regular, size, label, 60)
	b.line(x+lw+2, base, w, base, 0.25, 0)
	if st != nil {
		b.text(x+lw+4, -0.4, Bold, size, b.fit(st.Name, lineW-3, Bold, size))
	}
	h := lineH(size) + 1.5
	b.line(0, h, w, h, 0.2, 150)
	b.H = h + 4
	return b, b.H
}

func (s *setup) sectionHead(w float64, sd textData) *block {
	b := s.block()
	hs := s.fs * 1.15
	b.text(0, 0, Bold, hs, s.tx.get("quiz-section", sd))
	b.right(w, 0.8, Regular, s.fs*0.9, s.tx.get("quiz-section-points", sd), 80)
	y := lineH(hs) + 0.6
	b.line(0, y, w, y, 0.3, 60)
	y += 1.8
	y += b.para(0, y, w, Regular, s.fs*0.92, s.tx.get("quiz-section-instructions", sd), 50)
	b.H = y + 3
	return b
}

func (s *setup) points(n int) string {
	if p, ok := s.pts[n]; ok {
		return p
	}
	p := "(" + s.tx.get("quiz-points", textData{N: n}) + ")"
	s.pts[n] = p
	return p
}

// itemBlock lays out a multiple-choice or short-answer item.
func (s *setup) itemBlock(w float64, sec *quiz.Section, it *quiz.Item) *block {
	b := s.block()
	ptsW := s.ptsW
	b.right(s.numW, 0, Bold, s.fs, fmt.Sprintf("%d.", it.Number), 0)
	y := b.para(s.indent, 0, w-s.indent-ptsW, Regular, s.fs, clean(it.Stem()), 0)
	b.right(w, 0.5, Regular, s.fs*0.8, s.points(it.Points), 110)
	switch it.Kind {
	case quiz.ShortAnswer:
		for range 2 {
			y += s.fs * 0.75
			b.line(s.indent, y, w-ptsW, y, 0.2, 140)
		}
		y += 1
	case quiz.MultipleChoice:
		y += 1.2
		y += s.options(b, s.indent+2, y, w-s.indent-2-ptsW/2, it.Options)
	}
	b.H = y
	return b
}

// options lays out lettered options in 4, 2 or 1 columns, whichever is the
// most that fits every option on one line; row by row, so reading order is
// A, B, C, D.
func (s *setup) options(b *block, x, y, avail float64, opts []string) float64 {
	letW := b.measure("M.", Bold, s.fs) + 2.2
	widest := 0.0
	for _, o := range opts {
		widest = max(widest, letW+b.measure(clean(o), Regular, s.fs))
	}
	cols := 1
	for _, c := range []int{4, 2} {
		if len(opts)%c == 0 || c == 2 {
			if widest <= avail/float64(c)-4 {
				cols = c
				break
			}
		}
	}
	rowH := lineH(s.fs) * 1.12
	if cols > 1 {
		colW := avail / float64(cols)
		for i, o := range opts {
			cx, cy := x+float64(i%cols)*colW, y+float64(i/cols)*rowH
			b.text(cx, cy, Bold, s.fs, quiz.Letter(i)+".")
			b.text(cx+letW, cy, Regular, s.fs, clean(o))
		}
		return float64((len(opts)+cols-1)/cols) * rowH
	}
	h := 0.0
	for i, o := range opts {
		b.text(x, y+h, Bold, s.fs, quiz.Letter(i)+".")
		h += b.para(x+letW, y+h, avail-letW, Regular, s.fs, clean(o), 0)
		h += rowH - lineH(s.fs)
	}
	return h
}

// matchingBlocks lays out a matching section: the lettered choices in a
// box, then one block per item with a blank for the letter.
func (s *setup) matchingBlocks(w float64, sec *quiz.Section, sd textData) []*block {
	box := s.block()
	letW := box.measure("M.", Bold, s.fs) + 2.2
	widest := 0.0
	for _, c := range sec.Choices {
		widest = max(widest, letW+box.measure(clean(c), Regular, s.fs))
	}
	inner := w - 8
	cols := 1
	for _, c := range []int{3, 2} {
		if widest <= inner/float64(c)-4 {
			cols = c
			break
		}
	}
	rows := (len(sec.Choices) + cols - 1) / cols
	rowH := lineH(s.fs) * 1.15
	colW := inner / float64(cols)
	// Column-major, so letters read down each column.
	for i, c := range sec.Choices {
		cx, cy := 4+float64(i/rows)*colW, 2.5+float64(i%rows)*rowH
		box.text(cx, cy, Bold, s.fs, quiz.Letter(i)+".")
		box.text(cx+letW, cy, Regular, s.fs, clean(c))
	}
	box.H = 5 + float64(rows)*rowH
	box.rect(0, 0, w, box.H, 0.25, 120, 245)
	// Draw the fill under the text.
	box.Elems = append(box.Elems[len(box.Elems)-1:], box.Elems[:len(box.Elems)-1]...)
	box.H += 1.5

	out := []*block{box}
	ptsW := s.ptsW
	blankW := 12.0
	for ii := range sec.Items {
		it := &sec.Items[ii]
		b := s.block()
		b.right(s.numW, 0, Bold, s.fs, fmt.Sprintf("%d.", it.Number), 0)
		base := lineH(s.fs) * 0.9
		b.line(s.indent, base, s.indent+blankW, base, 0.3, 0)
		tx := s.indent + blankW + 3
		b.H = b.para(tx, 0, w-tx-ptsW, Regular, s.fs, clean(it.Stem()), 0)
		b.right(w, 0.5, Regular, s.fs*0.8, s.points(it.Points), 110)
		out = append(out, b)
	}
	// The box travels with the first item.
	first := s.block()
	first.add(out[0], s.fs*0.3)
	first.add(out[1], 0)
	return append([]*block{first}, out[2:]...)
}

// begin starts a key, grid or answer-sheet document: its title from the
// template titleKey, and the header block with the version box (none when
// version is empty). It returns the layout text data and the y below the header.
func (s *setup) begin(titleKey, version string) (d *Doc, f *flow, hb *block, data textData, y float64) {
	data = s.data
	if version != "" {
		data.Version = version
		s.data = data
	}
	title := s.tx.get(titleKey, data)
	docTitle := title
	if version != "" {
		docTitle += " · Version " + version
	}
	d, f = s.newDoc(docTitle)
	hb = s.block()
	y = s.header(hb, f.width, title, version)
	return d, f, hb, data, y
}

// keyDoc lays out the answer key of version v: every item's letter, answer,
// points, prompt and the source passage that supports the answer.
func keyDoc(s *setup, v *quiz.Version) (*Doc, error) {
	d, f, hb, data, y := s.begin("key-title", v.Letter)
	w := f.width
	y += 4
	y += hb.para(0, y, w, Regular, s.fs*0.95, s.tx.get("key-instructions", data), 30)
	y += 3
	hb.line(0, y, w, y, 0.4, 0)
	hb.H = y + 3
	f.place(hb, 0)
	small := s.fs * 0.85
	for si := range v.Sections {
		sec := &v.Sections[si]
		sd := data
		sd.Part, sd.Kind, sd.Count, sd.SectionPoints = roman(si+1), string(sec.Kind), len(sec.Items), sec.Points()
		hd := s.block()
		hd.text(0, 0, Bold, s.fs*1.05, s.tx.get("quiz-section", sd))
		hd.right(w, 0.5, Regular, s.fs*0.9, s.tx.get("quiz-section-points", sd), 80)
		hd.H = lineH(s.fs*1.05) + 1.5
		for ii := range sec.Items {
			it := &sec.Items[ii]
			b := s.block()
			b.right(s.numW, 0, Bold, s.fs, fmt.Sprintf("%d.", it.Number), 0)
			letter := it.Letter()
			if letter == "" {
				letter = "—"
			}
			b.text(s.indent, -0.3, Bold, s.fs*1.15, letter)
			ax := s.indent + 10
			y := b.para(ax, 0, w-ax-16, Bold, s.fs, clean(it.Question.Answer), 0)
			b.right(w, 0.3, Regular, s.fs*0.85, s.points(it.Points), 80)
			y += 0.5
			y += b.para(ax, y, w-ax, Regular, small, clean(it.Question.Prompt), 90)
			src := s.tx.get("key-source", data) + ": " + clean(it.Question.SourceText())
			y += b.para(ax, y, w-ax, Regular, small, src, 60)
			y += 1.8
			b.line(ax, y, w, y, 0.15, 200)
			b.H = y + 2
			if ii == 0 {
				hb := s.block()
				hb.add(hd, 0)
				hb.add(b, 0)
				b = hb
			}
			f.place(b, 0)
		}
		f.y += 2
	}
	tb := s.block()
	tb.right(w, 0, Bold, s.fs, s.tx.get("key-total", data), 0)
	tb.H = lineH(s.fs)
	f.place(tb, 0)
	s.footers(d, data)
	if s.tx.err != nil {
		return nil, s.tx.err
	}
	return d, d.err(f)
}

// gridDoc lays out one table of every version × question → letter, in
// bands side by side so a 20-question quiz fits on one page.
func gridDoc(s *setup) (*Doc, error) {
	d, f, hb, data, y := s.begin("grid-title", "")
	w := f.width
	y += 3
	y += hb.para(0, y, w, Regular, s.fs*0.95, s.tx.get("grid-instructions", data), 30)
	hb.H = y + 5
	f.place(hb, 0)

	nv := len(s.q.Versions)
	items := make([][]*quiz.Item, nv)
	for i, v := range s.q.Versions {
		items[i] = v.Items()
	}
	n := s.q.Questions()
	numCol := max(11, hb.measure("No.", Bold, s.fs*0.9)+4, hb.measure(fmt.Sprint(n), Regular, s.fs*0.9)+4)
	colW := max(9, hb.measure("W", Bold, s.fs*0.9)+4)
	if numCol+float64(nv)*colW > w {
		colW = (w - numCol) / float64(nv)
	}
	bandW := numCol + float64(nv)*colW
	bandGap := 7.0
	bands := max(1, int((w+bandGap)/(bandW+bandGap)))
	rowH := lineH(s.fs) * 1.1
	done := 0
	for done < n {
		if f.page == nil || f.bottom-f.y < 3*rowH {
			f.newPage()
		}
		rows := int((f.bottom-f.y-4)/rowH) - 1
		perBand := min(rows, max(10, (n-done+bands-1)/bands))
		b := s.block()
		for band := 0; band < bands && done < n; band++ {
			bx := float64(band) * (bandW + bandGap)
			b.rect(bx, 0, bandW, rowH, 0.2, 0, 225)
			b.Elems = append(b.Elems[len(b.Elems)-1:], b.Elems[:len(b.Elems)-1]...)
			b.right(bx+numCol-2, 0.6, Bold, s.fs*0.9, "No.", 0)
			for vi, v := range s.q.Versions {
				b.center(bx+numCol+(float64(vi)+0.5)*colW, 0.6, Bold, s.fs*0.9, v.Letter, 0)
			}
			for r := 0; r < perBand && done < n; r++ {
				ry := float64(r+1) * rowH
				if r%5 == 4 {
					b.line(bx, ry+rowH, bx+bandW, ry+rowH, 0.15, 170)
				}
				b.right(bx+numCol-2, ry+0.6, Regular, s.fs*0.9, fmt.Sprint(done+1), 60)
				for vi := range s.q.Versions {
					l := items[vi][done].Letter()
					if l == "" {
						l = "—"
					}
					b.center(bx+numCol+(float64(vi)+0.5)*colW, ry+0.6, Bold, s.fs*0.9, l, 0)
				}
				done++
			}
			b.rect(bx, 0, bandW, float64(perBand+1)*rowH, 0.3, 0, -1)
		}
		b.H = float64(perBand+1)*rowH + 4
		f.place(b, 0)
	}
	s.footers(d, data)
	if s.tx.err != nil {
		return nil, s.tx.err
	}
	return d, d.err(f)
}

// largePrint is the body size from which the answer sheet is set for low
// vision (quiz.font_size 16–18 is the usual large print).
const largePrint = 14

// sheetDoc lays out a bubble sheet for version v: one row per question
// number with a circle per letter the question offers.
func sheetDoc(s *setup, v *quiz.Version) (*Doc, error) {
	d, f, hb, data, y := s.begin("sheet-title", v.Letter)
	w := f.width
	y += 6
	y += s.fields(hb, y, w, []string{s.tx.get("quiz-label-name", data), s.tx.get("quiz-label-class", data)},
		[]float64{0.66, 0.34}, nil, "")
	y += 3
	y += hb.para(0, y, w, Regular, s.fs*0.95, s.tx.get("sheet-instructions", data), 30)
	y += 3
	hb.line(0, y, w, y, 0.4, 0)
	hb.H = y + 5
	f.place(hb, 0)

	type row struct {
		it   *quiz.Item
		opts int
	}
	var rows []row
	for si := range v.Sections {
		sec := &v.Sections[si]
		for ii := range sec.Items {
			rows = append(rows, row{&sec.Items[ii], sec.OptionCount(&sec.Items[ii])})
		}
	}
	maxOpts := max(1, v.MaxOptions())
	r := max(2.4, s.fs*0.22)
	// Bubbles grow with the type; in large print (14 pt and up) they stand
	// further apart and their letters are darker, for readers with low
	// vision.
	gapB, letterGray := 2*r+2.2, 110
	if s.fs >= largePrint {
		gapB, letterGray = 2*r+max(2.2, 0.7*r), 50
	}
	colW := s.numW + 4 + float64(maxOpts)*gapB + 8
	cols := max(1, int(w/colW))
	colW = w / float64(cols)
	rowH := max(7.4, lineH(s.fs)*1.3)
	// Rows come in groups of five, a little apart, so the eye keeps its
	// place; columns break between groups when they can.
	groupGap := rowH * 0.45
	height := func(k int) float64 { return float64(k)*rowH + float64(max(0, k-1)/5)*groupGap }
	done := 0
	for done < len(rows) {
		if f.page == nil || f.bottom-f.y < 2*rowH {
			f.newPage()
		}
		fit := 1
		for height(fit+1)+3 <= f.bottom-f.y {
			fit++
		}
		want := (len(rows) - done + cols - 1) / cols
		if up := (want + 4) / 5 * 5; up <= fit {
			want = up
		}
		perCol := min(fit, want)
		b := s.block()
		for c := 0; c < cols && done < len(rows); c++ {
			cx := float64(c) * colW
			for k := 0; k < perCol && done < len(rows); k++ {
				rw := rows[done]
				ry := height(k+1) - rowH
				b.right(cx+s.numW, ry, Bold, s.fs, fmt.Sprintf("%d.", rw.it.Number), 0)
				if rw.opts == 0 {
					b.textGray(cx+s.numW+4, ry, Regular, s.fs*0.85, s.tx.get("sheet-write-in", data), 90)
				}
				for j := range rw.opts {
					bx := cx + s.numW + 4 + r + float64(j)*gapB
					cy := ry + lineH(s.fs)*0.5
					b.circle(bx, cy, r, 0.3, 0)
					b.center(bx, cy-lineH(s.fs*0.62)/2, Regular, s.fs*0.62, quiz.Letter(j), letterGray)
				}
				done++
			}
		}
		b.H = height(perCol) + 3
		f.place(b, 0)
	}
	s.footers(d, data)
	if s.tx.err != nil {
		return nil, s.tx.err
	}
	return d, d.err(f)
}

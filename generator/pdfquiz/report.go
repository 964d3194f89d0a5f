package pdfquiz

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grade"
	"github.com/quizdeck/quizdeck/generator/render"
)

// ReportOptions shape a grade report.
type ReportOptions struct {
	Paper string    // a4 or letter
	Font  string    // a TrueType file instead of the Go fonts, as quiz.font
	Epoch time.Time // stamped as the PDF's dates
}

// reportData is what every report-* template of report.txt.tmpl sees.
type reportData struct {
	Build                   string
	Students, Items, Points int
	Versions                string
	Mean                    float64
	Page, Pages             int
	Kind, At                string
	Blank, Multiple, N      int
	Source, Answer          string
}

// reporter runs the report's templates, keeping the first error.
type reporter struct {
	tx   *texter
	data reportData
}

func (r *reporter) get(name string, mod func(*reportData)) string {
	d := r.data
	if mod != nil {
		mod(&d)
	}
	s, err := r.tx.set.Text(name, d)
	if err != nil && r.tx.err == nil {
		r.tx.err = err
	}
	return clean(s)
}

// Report writes the grade report of res as a PDF: the test figures, a score
// histogram, the item table sorted by flag, and each flagged item with its
// prompt, options, choice shares and source excerpt. Its text comes from
// templates/report.txt.tmpl in tmpl.
func Report(tmpl *render.Set, res *grade.Result, o ReportOptions, w io.Writer) error {
	d, err := ReportLayout(tmpl, res, o)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := draw(d, o.Epoch, &buf, true); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// ReportLayout is the layout model of Report, for tests.
func ReportLayout(tmpl *render.Set, res *grade.Result, o ReportOptions) (*Doc, error) {
	fonts, err := newFontCache().get(o.Font)
	if err != nil {
		return nil, err
	}
	w, h := paper(generator.QuizOptions{Paper: o.Paper})
	const (
		m  = 16.0 // margin
		fs = 9.5  // body size
	)
	t := res.Test
	rp := &reporter{tx: &texter{set: tmpl}, data: reportData{Build: res.Key.Build, Students: t.Students, Items: t.Items,
		Points: t.MaxPoints, Versions: strings.Join(res.Key.VersionLetters(), ", "), Mean: t.Mean}}
	d := &Doc{Title: rp.get("report-title", nil), W: w, H: h, fonts: fonts}
	f := newFlow(d, m, lineH(fs*0.8)+4)
	tw := f.width
	nb := func() *block { return &block{fonts: fonts} }

	// Title and test figures.
	b := nb()
	y := b.para(0, 0, tw, Bold, fs*1.8, d.Title, 0)
	y += 1
	y += b.para(0, y, tw, Regular, fs, rp.get("report-subtitle", nil), 70)
	y += 3
	figs := [][2]string{
		{rp.get("report-label-mean", nil), fmt.Sprintf("%.1f (%.0f%%)", t.Mean, 100*t.Mean/float64(max(1, t.MaxPoints)))},
		{rp.get("report-label-sd", nil), fmt.Sprintf("%.2f", t.SD)},
		{rp.get("report-label-median", nil), fmt.Sprintf("%g", t.Median)},
		{rp.get("report-label-range", nil), fmt.Sprintf("%g–%g", t.Min, t.Max)},
		{rp.get("report-label-kr20", nil), grade.Fixed(t.KR20, 2)},
		{rp.get("report-label-sem", nil), grade.Fixed(t.SEM, 2)},
	}
	cw := tw / float64(len(figs))
	for i, fg := range figs {
		x := float64(i) * cw
		b.rect(x, y, cw-2, lineH(fs)*2.4, 0.2, 150, 245)
		b.textGray(x+2, y+1, Regular, fs*0.8, fg[0], 80)
		b.text(x+2, y+1+lineH(fs*0.8), Bold, fs*1.2, fg[1])
	}
	y += lineH(fs)*2.4 + 3
	if t.Students < grade.SmallClass {
		y += b.para(0, y, tw, Regular, fs*0.85, rp.get("report-small-class", nil), 60) + 1
	}
	y += 2
	b.H = y
	f.place(b, 0)

	f.place(histogram(nb(), rp, res, tw, fs), 5)
	// The table starts below the histogram and goes on over whole pages.
	for _, tb := range itemTable(nb, rp, res, tw, fs, f.bottom-f.y, f.contentHeight()) {
		f.place(tb, 0)
	}

	flagged := 0
	for _, r := range res.Ranked() {
		if !r.Flagged() {
			continue
		}
		fb := flaggedBlock(nb(), rp, r, tw, fs)
		if flagged == 0 {
			// The heading travels with the first item, never alone at a page's foot.
			hb := nb()
			hb.H = hb.para(0, 4, tw, Bold, fs*1.3, rp.get("report-flagged", nil), 0) + 6
			hb.add(fb, 0)
			fb = hb
		}
		flagged++
		f.place(fb, 5)
	}
	if flagged == 0 {
		nbk := nb()
		nbk.H = nbk.para(0, 4, tw, Regular, fs, rp.get("report-none", nil), 60) + 4
		f.place(nbk, 0)
	}

	// Footers.
	for i, p := range d.Pages {
		fb := nb()
		size := fs * 0.8
		fb.line(0, -1.5, tw, -1.5, 0.2, 150)
		pg := rp.get("report-page", func(x *reportData) { x.Page, x.Pages = i+1, len(d.Pages) })
		fb.textGray(0, 0, Regular, size, fb.fit(rp.get("report-footer", nil), tw-fb.measure(pg, Regular, size)-6, Regular, size), 90)
		fb.right(tw, 0, Regular, size, pg, 90)
		for _, e := range fb.Elems {
			e.X += m
			e.Y += h - m - lineH(size)
			if e.Op == OpLine {
				e.X2 += m
				e.Y2 += h - m - lineH(size)
			}
			p.Elems = append(p.Elems, e)
		}
		d.errors = append(d.errors, fb.miss...)
	}
	if rp.tx.err != nil {
		return nil, rp.tx.err
	}
	return d, d.err(f)
}

// histogram draws the score distribution: one bar per score, or per band
// of whole points when the total is over 40 points.
func histogram(b *block, rp *reporter, res *grade.Result, w, fs float64) *block {
	maxPts := float64(res.Test.MaxPoints)
	// Whole-point bands, at most about 40 bars.
	width := math.Max(1, math.Ceil((maxPts+1)/40))
	bins := int(math.Ceil((maxPts + 1) / width))
	counts := make([]int, bins)
	top := 0
	for _, s := range res.Students {
		i := min(bins-1, int(s.Score/width))
		counts[i]++
		top = max(top, counts[i])
	}
	y := b.para(0, 0, w, Bold, fs*1.1, rp.get("report-scores", nil), 0) + 2
	plotH := 38.0
	axisW := b.measure(fmt.Sprint(top), Regular, fs*0.75) + 3
	pw := w - axisW
	bw := pw / float64(bins)
	base := y + plotH
	for i, c := range counts {
		if c == 0 {
			continue
		}
		bh := plotH * float64(c) / float64(top)
		b.rect(axisW+float64(i)*bw+0.4, base-bh, bw-0.8, bh, 0.15, 60, 170)
		if bw > 4 {
			b.center(axisW+(float64(i)+0.5)*bw, base-bh-lineH(fs*0.7), Regular, fs*0.7, fmt.Sprint(c), 60)
		}
	}
	b.line(axisW, base, w, base, 0.3, 0)
	b.line(axisW, y, axisW, base, 0.3, 0)
	b.right(axisW-1, y-0.5, Regular, fs*0.75, fmt.Sprint(top), 80)
	b.right(axisW-1, base-lineH(fs*0.75), Regular, fs*0.75, "0", 80)
	step := max(1, int(math.Ceil(float64(bins)*b.measure("100", Regular, fs*0.75)/pw/0.6)))
	for i := 0; i < bins; i += step {
		label := fmt.Sprintf("%.0f", float64(i)*width)
		b.center(axisW+(float64(i)+0.5)*bw, base+1, Regular, fs*0.75, label, 60)
	}
	mean := axisW + (res.Test.Mean/width+0.5)*bw
	b.line(mean, y, mean, base, 0.4, 0)
	b.textGray(mean+1, y, Regular, fs*0.75, rp.get("report-mean", nil), 40)
	b.center(axisW+pw/2, base+1+lineH(fs*0.75), Regular, fs*0.75, rp.get("report-axis", nil), 90)
	b.H = base + 2 + 2*lineH(fs*0.75)
	return b
}

// itemTable lays out the items, flagged first, as blocks of rows that each
// fit a page; the header repeats on every block.
func itemTable(nb func() *block, rp *reporter, res *grade.Result, w, fs, firstH, pageH float64) []*block {
	size := fs * 0.85
	rowH := lineH(size) * 1.15
	cols := []struct {
		title string
		x     float64
		right bool
	}{{rp.get("report-col-question", nil), 0, false}, {rp.get("report-col-difficulty", nil), 0.62, true},
		{rp.get("report-col-discrimination", nil), 0.71, true}, {rp.get("report-col-flags", nil), 0.74, false}}
	header := func() *block {
		b := nb()
		y := b.para(0, 0, w, Bold, fs*1.1, rp.get("report-items", nil), 0)
		y += b.para(0, y, w, Regular, fs*0.8, rp.get("report-items-legend", nil), 80) + 1.5
		b.rect(0, y, w, rowH, 0.1, 200, 230)
		for _, c := range cols {
			if c.right {
				b.right(c.x*w, y+0.5, Bold, size, c.title, 0)
			} else {
				b.text(c.x*w+1, y+0.5, Bold, size, c.title)
			}
		}
		b.H = y + rowH
		return b
	}
	var out []*block
	cur := header()
	room := firstH
	if room < cur.H+3*rowH {
		room = pageH // not even three rows fit: start on the next page
	}
	for i, r := range res.Ranked() {
		if cur.H+rowH > room {
			out = append(out, cur)
			cur, room = header(), pageH
		}
		y := cur.H
		if i%2 == 1 {
			cur.rect(0, y, w, rowH, 0, 255, 246)
		}
		st := Regular
		if r.Flagged() {
			st = Bold
		}
		cur.text(1, y+0.5, st, size, cur.fit(r.Item.ID, cols[1].x*w-14, st, size))
		cur.right(cols[1].x*w, y+0.5, Regular, size, grade.Fixed(r.Difficulty, 2), 0)
		cur.right(cols[2].x*w, y+0.5, Regular, size, grade.Fixed(r.Discrimination, 2), 0)
		var fl []string
		for _, f := range r.Flags {
			fl = append(fl, rp.get("report-flag", func(x *reportData) { x.Kind = f.Kind }))
		}
		cur.text(cols[3].x*w+1, y+0.5, Regular, size, cur.fit(strings.Join(dedupe(fl), ", "), w-cols[3].x*w-2, Regular, size))
		cur.H += rowH
	}
	cur.H += 4
	return append(out, cur)
}

// flaggedBlock shows one flagged item: its id and flags, the prompt, where
// its fact is in the specs, every option with its share (key marked, top
// group count), and the source excerpt behind the key.
func flaggedBlock(b *block, rp *reporter, r *grade.ItemResult, w, fs float64) *block {
	it := r.Item
	y := 0.0
	b.line(0, 0, w, 0, 0.3, 120)
	y += 1.5
	y += b.para(0, y, w, Bold, fs*1.05, it.ID, 0)
	y += b.para(0, y, w, Regular, fs*0.9, fmt.Sprintf("difficulty %s · discrimination %s · %s", grade.Fixed(r.Difficulty, 2), grade.Fixed(r.Discrimination, 2), r.FlagText()), 40)
	if it.FactPos.File != "" {
		y += b.para(0, y, w, Regular, fs*0.85, rp.get("report-spec", func(x *reportData) { x.At = it.FactPos.String() }), 90)
	}
	y += 1
	prompt := it.Prompt
	if prompt == "" {
		prompt = rp.get("report-missing", nil)
	}
	y += b.para(0, y, w, Regular, fs, prompt, 0) + 1
	size := fs * 0.9
	rowH := lineH(size) * 1.1
	textW := w * 0.55
	barX, barW := textW+4, w*0.25
	for _, o := range r.Options {
		st := Regular
		if o.Key {
			st = Bold
			b.text(2, y, Bold, size*0.8, b.fit(rp.get("report-key", nil), 7.5, Bold, size*0.8))
		}
		b.text(10, y, st, size, b.fit(o.Text, textW-10, st, size))
		b.rect(barX, y+0.6, barW, rowH-1.6, 0.1, 180, -1)
		if o.Share > 0 {
			fill := 190
			if o.Key {
				fill = 90
			}
			b.rect(barX, y+0.6, barW*o.Share, rowH-1.6, 0, fill, fill)
		}
		b.right(w-14, y, Regular, size, fmt.Sprintf("%.0f%%", 100*o.Share), 0)
		b.right(w, y, Regular, size*0.9, rp.get("report-top", func(x *reportData) { x.N = o.Top }), 90)
		y += rowH
	}
	if r.Blank+r.Multiple > 0 {
		y += b.para(2, y, w, Regular, size*0.9, rp.get("report-marks", func(x *reportData) { x.Blank, x.Multiple = r.Blank, r.Multiple }), 90)
	}
	if it.Section == grade.ShortAnswer {
		y += b.para(2, y, w, Regular, size, rp.get("report-answer", func(x *reportData) { x.Answer = it.Answer }), 0)
	}
	if it.Source.Excerpt != "" {
		y += 1
		y += b.para(2, y, w-2, Regular, fs*0.85, rp.get("report-source", func(x *reportData) { x.Source = it.Source.String() }), 70)
	}
	b.H = y + 1
	return b
}

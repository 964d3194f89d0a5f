package pdfquiz

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// draw writes d as a PDF: fixed dates and a sorted catalog, so the same
// model gives the same bytes. fpdf's errors are sticky and checked once, at
// Output.
//
// Fonts are embedded as simple TrueType fonts with an encoding made for
// the document: ASCII as itself, every other rune the document uses at a
// code from 128 up, named uniXXXX in the encoding's Differences so viewers
// and text extraction know what it is. A face whose document uses more than
// 128 non-ASCII runes gets a second instance of the same embedded file.
// The embedded file is the face cut to the glyphs of ASCII and those runes
// (subset.go), cached per rune set, so the versions of a quiz share one.
// This avoids fpdf's UTF-8 font path, which re-parses the font and hashes a
// 65,536-entry width table for every font of every document (about 3.5 ms
// each). Text is drawn run by run, each run at the position our own widths
// give, which are the widths the PDF declares.
func draw(d *Doc, epoch time.Time, w io.Writer, compress bool) error {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: d.W, Ht: d.H}})
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(epoch)
	pdf.SetModificationDate(epoch)
	pdf.SetCompression(false) // deflateStreams compresses with pooled writers
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetTitle(d.Title, true)
	pdf.SetLang("en")
	pdf.SetCreator("quizdeck", false)
	pdf.SetProducer("quizdeck", false)

	encs, err := encodings(d)
	if err != nil {
		return fmt.Errorf("render %s: %w", d.Title, err)
	}
	order := slices.SortedFunc(maps.Values(encs), func(a, b *encoding) int { return a.index - b.index })
	for _, e := range order {
		for i := range e.inst {
			def, err := e.definition(i)
			if err != nil {
				return fmt.Errorf("render %s: %w", d.Title, err)
			}
			pdf.AddFontFromBytes(e.family(i), "", def, e.sub.z)
		}
	}

	curFont, curSize, curText, curDraw, curWidth := "", 0.0, -1, -1, -1.0
	for _, p := range d.Pages {
		pdf.AddPage()
		curFont, curText, curDraw, curWidth = "", -1, -1, -1
		for _, e := range p.Elems {
			switch e.Op {
			case OpText:
				if e.Gray != curText {
					pdf.SetTextColor(e.Gray, e.Gray, e.Gray)
					curText = e.Gray
				}
				enc := encs[d.fonts.face(e.Style)]
				x := e.X
				for _, r := range enc.runs(e.Text) {
					if fam := enc.family(r.inst); fam != curFont || e.Size != curSize {
						pdf.SetFont(fam, "", e.Size)
						curFont, curSize = fam, e.Size
					}
					pdf.Text(x, e.Y, r.bytes)
					x += float64(r.width) * e.Size / 1000 * ptMM
				}
			case OpLine, OpRect, OpCircle:
				if e.Gray != curDraw {
					pdf.SetDrawColor(e.Gray, e.Gray, e.Gray)
					curDraw = e.Gray
				}
				if e.Width != curWidth {
					pdf.SetLineWidth(e.Width)
					curWidth = e.Width
				}
				style := "D"
				if e.Fill >= 0 && e.Op != OpLine {
					pdf.SetFillColor(e.Fill, e.Fill, e.Fill)
					style = "FD"
				}
				switch e.Op {
				case OpLine:
					pdf.Line(e.X, e.Y, e.X2, e.Y2)
				case OpRect:
					pdf.Rect(e.X, e.Y, e.X2, e.Y2, style)
				case OpCircle:
					pdf.Circle(e.X, e.Y, e.X2, style)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("render %s: %w", d.Title, err)
	}
	out := buf.Bytes()
	if compress {
		if out, err = d.fonts.pages.deflateStreams(out); err != nil {
			return fmt.Errorf("render %s: %w", d.Title, err)
		}
	}
	out, err = withToUnicode(out, d.fonts.toUnicode)
	if err != nil {
		return fmt.Errorf("render %s: %w", d.Title, err)
	}
	_, err = w.Write(out)
	return err
}

// encoding maps the runes one document sets in one face to single-byte
// codes of one or more font instances.
type encoding struct {
	face  *face
	index int              // the face's place among the document's faces
	code  map[rune][2]int  // non-ASCII rune → instance, code
	inst  [][]rune         // per instance, the runes at codes 128, 129 …
	cache map[string][]run // runs of texts already encoded
	sub   *subsetFile      // the embedded font file, cut to these runes
	// families are the fpdf family names of the instances.
	families []string
}

const firstCode = 128 // codes below are ASCII, as WinAnsiEncoding has them

// encodings collects, per face, every rune the document draws.
func encodings(d *Doc) (map[*face]*encoding, error) {
	used := map[*face]map[rune]bool{}
	var faces []*face
	for _, p := range d.Pages {
		for _, e := range p.Elems {
			if e.Op != OpText {
				continue
			}
			f := d.fonts.face(e.Style)
			if used[f] == nil {
				used[f] = map[rune]bool{}
				faces = append(faces, f)
			}
			for _, r := range e.Text {
				if r < ' ' || r > '~' {
					used[f][r] = true
				}
			}
		}
	}
	// Cut the faces' subsets side by side: on a cold cache this is most
	// of the first document's time.
	runes := make([][]rune, len(faces))
	subs := make([]*subsetFile, len(faces))
	var wg sync.WaitGroup
	for i, f := range faces {
		rs := make([]rune, 0, len(used[f]))
		for r := range used[f] {
			if f.width(r) < 0 {
				return nil, fmt.Errorf("font %s has no glyph for %U %q", f.name, r, r)
			}
			rs = append(rs, r)
		}
		slices.Sort(rs)
		runes[i] = rs
		wg.Go(func() { subs[i] = f.subsetFor(rs) })
	}
	wg.Wait()
	out := map[*face]*encoding{}
	for i, f := range faces {
		rs, sub := runes[i], subs[i]
		if sub.err != nil {
			return nil, sub.err
		}
		e := &encoding{face: f, index: i, code: map[rune][2]int{}, inst: [][]rune{nil}, cache: map[string][]run{}, sub: sub}
		for j, r := range rs {
			k := j / (256 - firstCode)
			if k == len(e.inst) {
				e.inst = append(e.inst, nil)
			}
			e.code[r] = [2]int{k, firstCode + len(e.inst[k])}
			e.inst[k] = append(e.inst[k], r)
		}
		for k := range e.inst {
			e.families = append(e.families, fmt.Sprintf("f%di%d", i, k))
		}
		out[f] = e
	}
	return out, nil
}

// family is the fpdf family name of instance i.
func (e *encoding) family(i int) string { return e.families[i] }

// definition is the fpdf font definition (the JSON fpdf's makefont writes)
// of instance i: widths of all 256 codes and the Differences naming the
// runes at codes 128 and up.
func (e *encoding) definition(i int) ([]byte, error) {
	f := e.face
	cw := make([]int, 256)
	for c := ' '; c <= '~'; c++ {
		cw[c] = max(0, f.width(c))
	}
	var diff strings.Builder
	if len(e.inst[i]) > 0 {
		fmt.Fprintf(&diff, "%d", firstCode)
		for j, r := range e.inst[i] {
			cw[firstCode+j] = max(0, f.width(r))
			fmt.Fprintf(&diff, " /uni%04X", r)
		}
	}
	type box struct{ Xmin, Ymin, Xmax, Ymax int }
	type desc struct {
		Ascent, Descent, CapHeight, Flags int
		FontBBox                          box
		ItalicAngle, StemV, MissingWidth  int
	}
	fd := f.desc
	def := struct {
		Tp, Name     string
		Desc         desc
		Up, Ut       int
		Cw           []int
		Enc, Diff    string
		File         string
		OriginalSize int
	}{
		Tp: "TrueType", Name: e.sub.tag + "+" + f.psName,
		Desc: desc{Ascent: fd.Ascent, Descent: fd.Descent, CapHeight: fd.CapHeight, Flags: 32, // non-symbolic
			FontBBox: box{fd.XMin, fd.YMin, fd.XMax, fd.YMax}, StemV: fd.StemV, MissingWidth: fd.MissingWidth},
		Up: -100, Ut: 50, Cw: cw, Enc: "quizdeck", Diff: diff.String(),
		File: f.psName + "-" + e.sub.tag + ".z", OriginalSize: e.sub.size,
	}
	return json.Marshal(def)
}

// run is a piece of text set in one font instance.
type run struct {
	inst  int
	bytes string
	width int // thousandths of an em
}

// runs encodes s as runs of single-byte codes; ASCII stays in the run it
// is in.
func (e *encoding) runs(s string) []run {
	if rs, ok := e.cache[s]; ok {
		return rs
	}
	var out []run
	cur := run{inst: -1}
	var b []byte
	flush := func() {
		if len(b) > 0 {
			cur.bytes = string(b)
			out = append(out, cur)
		}
		b = b[:0]
		cur.width = 0
	}
	for _, r := range s {
		inst, code := cur.inst, int(r)
		if c, ok := e.code[r]; ok {
			inst, code = c[0], c[1]
		}
		if inst < 0 {
			inst = 0
		}
		if inst != cur.inst {
			flush()
			cur.inst = inst
		}
		b = append(b, byte(code))
		cur.width += max(0, e.face.width(r))
	}
	flush()
	e.cache[s] = out
	return out
}

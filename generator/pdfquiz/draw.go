package pdfquiz

import (
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// draw writes d as a PDF: fonts embedded (subset), fixed dates, sorted
// catalog, so the same model gives the same bytes. fpdf's errors are sticky
// and checked once, at Output.
func draw(d *Doc, epoch time.Time, w io.Writer, compress bool) error {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: d.W, Ht: d.H}})
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(epoch)
	pdf.SetModificationDate(epoch)
	pdf.SetCompression(compress)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetTitle(d.Title, true)
	pdf.SetCreator("quizdeck", false)
	pdf.SetProducer("quizdeck", false)

	// Register only the styles the document uses; a font file shared by
	// several styles is embedded once.
	family := map[Style]string{}
	byFace := map[*face]string{}
	for _, p := range d.Pages {
		for _, e := range p.Elems {
			if e.Op != OpText {
				continue
			}
			if _, ok := family[e.Style]; ok {
				continue
			}
			f := d.fonts.face(e.Style)
			name, ok := byFace[f]
			if !ok {
				name = fmt.Sprintf("f%d", len(byFace))
				byFace[f] = name
				pdf.AddUTF8FontFromBytes(name, "", f.ttf)
			}
			family[e.Style] = name
		}
	}
	curFont, curSize, curText, curDraw, curWidth := "", 0.0, -1, -1, -1.0
	for _, p := range d.Pages {
		pdf.AddPage()
		curFont, curText, curDraw, curWidth = "", -1, -1, -1
		for _, e := range p.Elems {
			switch e.Op {
			case OpText:
				if fam := family[e.Style]; fam != curFont || e.Size != curSize {
					pdf.SetFont(fam, "", e.Size)
					curFont, curSize = fam, e.Size
				}
				if e.Gray != curText {
					pdf.SetTextColor(e.Gray, e.Gray, e.Gray)
					curText = e.Gray
				}
				pdf.Text(e.X, e.Y, e.Text)
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
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("render %s: %w", d.Title, err)
	}
	return nil
}

package pdfquiz

import (
	"fmt"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
)

// TestLayoutSweep lays out a quiz over the range the validator accepts
// (paper, 6–24 pt, 5–50 mm margins, at least generator.MinLineMMPerPt mm
// of line per point), including the widest margins each size allows, and
// checks that no two texts on a page overlap and everything stays inside
// the margins (TestLayoutInvariants checks splits and footers).
func TestLayoutSweep(t *testing.T) {
	bank := bigBank(60)
	for _, paper := range []string{"a4", "letter"} {
		for _, size := range []float64{6, 9, 11, 14, 16, 18, 20, 22, 24} {
			widest := min(50, (generator.PaperWidthMM(paper)-generator.MinLineMMPerPt*size)/2)
			for _, margin := range []float64{5, 18, 35, 50, widest} {
				o := generator.DefaultOptions()
				o.Builds = []generator.BuildOptions{{Name: "q", Formats: []string{"quiz-pdf"}, Quiz: generator.DefaultQuizOptions()}}
				o.Builds[0].Quiz.Paper, o.Builds[0].Quiz.FontSize, o.Builds[0].Quiz.MarginMM = paper, size, margin
				if o.Validate() != nil {
					continue // not accepted: nothing to render
				}
				t.Run(fmt.Sprintf("%s-%gpt-%.1fmm", paper, size, margin), func(t *testing.T) {
					b := quizBuild()
					b.Count, b.Quiz.Versions = 20, 2
					b.Quiz.Paper, b.Quiz.FontSize, b.Quiz.MarginMM = paper, size, margin
					b.Quiz.ShortAnswer, b.Quiz.Matching = 3, 4
					b.Quiz.Course, b.Quiz.Date = "POLS 214 · Russia and Its Neighbours, a long course name", "12 March 2026"
					docs, err := Layout(testTemplates(t), testJob(t, bank, b))
					if err != nil {
						t.Fatal(err)
					}
					for name, d := range docs {
						for pi, p := range d.Pages {
							checkPage(t, fmt.Sprintf("%s page %d", name, pi+1), d, p, margin)
						}
					}
				})
			}
		}
	}
}

type box struct {
	x1, y1, x2, y2 float64
	text           string
}

func checkPage(t *testing.T, where string, d *Doc, p *Page, margin float64) {
	t.Helper()
	const ptMM = 25.4 / 72
	var boxes []box
	for _, e := range p.Elems {
		if e.Op != OpText || e.Text == "" {
			continue
		}
		w, _ := d.fonts.measure(e.Text, e.Style, e.Size)
		// Glyphs reach about 0.7 em above the baseline and 0.2 em below.
		b := box{e.X, e.Y - 0.7*e.Size*ptMM, e.X + w, e.Y + 0.2*e.Size*ptMM, e.Text}
		if b.x1 < margin-0.05 || b.x2 > d.W-margin+0.05 || b.y2 > d.H-margin+0.05 {
			t.Errorf("%s: %q leaves the margins", where, e.Text)
		}
		boxes = append(boxes, b)
	}
	const eps = 0.1 // mm
	for i := range boxes {
		for j := i + 1; j < len(boxes); j++ {
			a, b := boxes[i], boxes[j]
			if a.x1 < b.x2-eps && b.x1 < a.x2-eps && a.y1 < b.y2-eps && b.y1 < a.y2-eps {
				t.Errorf("%s: %q and %q overlap", where, a.text, b.text)
				return
			}
		}
	}
}

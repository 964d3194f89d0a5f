package cards

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzLayout puts arbitrary text on a card: layout either reports a rune
// the font lacks or keeps every line inside its card (or, for the
// sheet's header and note, inside the page).
func FuzzLayout(f *testing.F) {
	f.Add("Who said “this”?", "Dmitry Medvedev", "an excerpt", "President, 2008")
	f.Add(strings.Repeat("word ", 300), strings.Repeat("x", 200), strings.Repeat("long excerpt ", 100), "")
	f.Add("", "", "", "")
	f.Add("tab\tand\nnewline\u00a0nbsp", "ᵈ 102ⁿᵈ", "\u2028", "漢")
	tmpl := testTemplates(f)
	fonts, err := loadFonts("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, prompt, answer, excerpt, attribution string) {
		for _, s := range []string{prompt, answer, excerpt, attribution} {
			if !utf8.ValidString(s) {
				t.Skip("specs are UTF-8")
			}
		}
		j := smallJob("letter")
		q := &j.Questions[0]
		q.Prompt, q.Answer, q.Source.Excerpt, q.Attribution = prompt, answer, excerpt, attribution
		d, err := Layout(context.Background(), tmpl, j)
		if err != nil {
			if !strings.Contains(err.Error(), "no glyph") {
				t.Fatal(err)
			}
			return
		}
		g := d.Grid
		const eps = 0.01
		for pi, p := range d.Pages {
			for _, e := range p.Elems {
				if e.Op != OpText {
					continue
				}
				right := e.X + fonts.width(e.Text, e.Bold, e.Size)
				if e.Y < g.Y0 || e.Y > g.Y0+float64(g.Rows)*g.CardH {
					if e.X < 0 || right > g.W {
						t.Errorf("page %d: margin text %q runs off the page", pi+1, e.Text)
					}
					continue
				}
				c := int((e.X - g.X0) / g.CardW)
				r := int((e.Y - g.Y0) / g.CardH)
				x, y := g.Front(r, c)
				if e.X < x+pad-eps || right > x+g.CardW-pad+eps || e.Y > y+g.CardH-pad/2 {
					t.Errorf("page %d: %q at (%.1f,%.1f)-%.1f leaves card (%d,%d)", pi+1, e.Text, e.X, e.Y, right, r, c)
				}
			}
		}
	})
}

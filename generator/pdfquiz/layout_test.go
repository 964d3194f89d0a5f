package pdfquiz

import (
	"context"
	"fmt"
	goldenfile "github.com/quizdeck/quizdeck/generator/internal/golden"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/quiz"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/templates"
)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

// testJob selects build b's questions from the test bank as generator.Build does.
func testJob(t testing.TB, bank *generator.Bank, b generator.BuildOptions) *generator.Job {
	t.Helper()
	qs, err := generator.Select(bank, b, 7)
	if err != nil {
		t.Fatal(err)
	}
	o := generator.DefaultOptions()
	return &generator.Job{Build: b, Decks: bank.Decks, Questions: qs, Seed: 7, Epoch: o.Time(), Log: io.Discard}
}

// TestLayoutGolden compares the layout model of every document of a small
// quiz with testdata/*.golden: positions, fonts, sizes and text.
func TestLayoutGolden(t *testing.T) {
	b := quizBuild()
	b.Quiz.Versions = 2
	docs, err := Layout(testTemplates(t), testJob(t, testBank(), b))
	if err != nil {
		t.Fatal(err)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range docs {
			if !yield(k) {
				return
			}
		}
	})
	want := []string{"answer-sheet-A.pdf", "answer-sheet-B.pdf", "key-A.pdf", "key-B.pdf", "key-grid.pdf", "quiz-A.pdf", "quiz-B.pdf"}
	if !slices.Equal(names, want) {
		t.Fatalf("documents %q, want %q", names, want)
	}
	for _, name := range []string{"quiz-A.pdf", "key-A.pdf", "key-grid.pdf", "answer-sheet-A.pdf"} {
		golden(t, strings.TrimSuffix(name, ".pdf")+".layout.golden", []byte(docs[name].Dump()))
	}
	// Letter paper, larger type: same texts, more pages.
	b.Quiz.Paper, b.Quiz.FontSize, b.Quiz.MarginMM = "letter", 14, 25
	big, err := Layout(testTemplates(t), testJob(t, testBank(), b))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "quiz-A-letter-14pt.layout.golden", []byte(big["quiz-A.pdf"].Dump()))
	if len(big["quiz-A.pdf"].Pages) <= len(docs["quiz-A.pdf"].Pages) {
		t.Errorf("14 pt on letter takes %d pages, 11 pt on A4 %d", len(big["quiz-A.pdf"].Pages), len(docs["quiz-A.pdf"].Pages))
	}
}

var itemNum = regexp.MustCompile(`^(\d+)\.$`)
var optLetter = regexp.MustCompile(`^[A-Z]\.$`)

// TestLayoutInvariants checks, over many sizes and papers: everything lies
// inside the margins; each page carries "Page i of n" and the version; no
// question is split from its options by a page break.
func TestLayoutInvariants(t *testing.T) {
	bank := bigBank(120)
	for _, tc := range []struct {
		paper    string
		size     float64
		margin   float64
		count    int
		versions int
	}{
		{"a4", 11, 18, 20, 3}, {"letter", 11, 18, 60, 2}, {"a4", 6, 5, 100, 26}, {"letter", 24, 50, 12, 1}, {"a4", 16, 12, 40, 26},
	} {
		t.Run(fmt.Sprintf("%s-%gpt-%gmm-%dx%d", tc.paper, tc.size, tc.margin, tc.count, tc.versions), func(t *testing.T) {
			b := quizBuild()
			b.Count, b.Quiz.Versions = tc.count, tc.versions
			b.Quiz.Paper, b.Quiz.FontSize, b.Quiz.MarginMM = tc.paper, tc.size, tc.margin
			b.Quiz.ShortAnswer, b.Quiz.Matching = min(3, tc.count/4), min(4, tc.count/5)
			docs, err := Layout(testTemplates(t), testJob(t, bank, b))
			if err != nil {
				t.Fatal(err)
			}
			for name, d := range docs {
				for pi, p := range d.Pages {
					footer := fmt.Sprintf("Page %d of %d", pi+1, len(d.Pages))
					hasFooter := false
					for _, e := range p.Elems {
						if strings.HasSuffix(e.Text, footer) {
							hasFooter = true
						}
						x2, y2 := e.X, e.Y
						switch e.Op {
						case OpText:
							w, _ := d.fonts.measure(e.Text, e.Style, e.Size)
							x2 = e.X + w
						case OpLine:
							x2, y2 = e.X2, e.Y2
						case OpRect:
							x2, y2 = e.X+e.X2, e.Y+e.Y2
						}
						m := tc.margin - 0.05
						if e.X < m || x2 > d.W-m || e.Y < m || y2 > d.H-m {
							t.Errorf("%s page %d: %s %q at (%.1f,%.1f)-(%.1f,%.1f) leaves the margins", name, pi+1, e.Op, e.Text, e.X, e.Y, x2, y2)
						}
					}
					if !hasFooter {
						t.Errorf("%s page %d lacks %q", name, pi+1, footer)
					}
					if strings.HasPrefix(name, "quiz-") {
						// An option letter must follow its question's number on the same page.
						seenItem := false
						for _, e := range p.Elems {
							if e.Op != OpText || e.Style != Bold {
								continue
							}
							if itemNum.MatchString(e.Text) {
								seenItem = true
							} else if optLetter.MatchString(e.Text) && !seenItem && !strings.Contains(strings.Join(d.Texts(), "|"), "Matching") {
								t.Errorf("%s page %d starts with option %s: a question was split", name, pi+1, e.Text)
							}
						}
						if !strings.Contains(strings.Join(pageTexts(p), " "), "Version "+strings.TrimSuffix(strings.TrimPrefix(name, "quiz-"), ".pdf")) {
							t.Errorf("%s page %d does not show its version", name, pi+1)
						}
					}
				}
			}
		})
	}
}

func pageTexts(p *Page) []string {
	var s []string
	for _, e := range p.Elems {
		if e.Op == OpText {
			s = append(s, e.Text)
		}
	}
	return s
}

// TestUnicode lays out a question with curly quotes, dashes, accents and
// superscripts: every rune prints as itself (ʳ and ᵈ, which the Go fonts
// lack, as their compatibility forms r and d) and the PDF's text says so.
func TestUnicode(t *testing.T) {
	bank := testBank()
	q := &bank.Questions[0]
	q.Prompt = "Who said: “Ça ne marche pas – l’Europe — de Lisbonne à Vladivostok, 10² km, 3ʳᵈ way, Ω ≈ ½”?"
	b := quizBuild()
	b.Questions, b.Count = []string{q.ID, bank.Questions[1].ID, bank.Questions[2].ID}, 0
	b.Quiz.Versions, b.Quiz.ShortAnswer, b.Quiz.Matching = 1, 0, 0
	docs, err := Layout(testTemplates(t), testJob(t, bank, b))
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(docs["quiz-A.pdf"].Texts(), " ")
	for _, want := range []string{"“Ça", "l’Europe", "–", "—", "Lisbonne à", "10²", "3rd way", "Ω ≈ ½”?"} {
		if !strings.Contains(all, want) {
			t.Errorf("layout text lacks %q:\n%s", want, all)
		}
	}
	out := t.TempDir()
	opts := generator.DefaultOptions()
	opts.Out, opts.Builds = out, []generator.BuildOptions{b}
	if _, err := generator.Build(context.Background(), bank, opts, New(testTemplates(t)), "", nil); err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, filepath.Join(out, b.Name, "quiz-A.pdf"))
	for _, want := range []string{"“Ça ne marche pas – l’Europe — de Lisbonne à Vladivostok, 10² km, 3ʳd way, Ω ≈ ½”?"} {
		// pdftotext itself folds some compatibility forms (ʳ → r), so compare folded.
		if !strings.Contains(squash(text), squash(want)) || !strings.Contains(text, "10²") {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
}

// TestStudentName checks a long student name is fitted before the Class
// label, at every size.
func TestStudentName(t *testing.T) {
	for _, size := range []float64{8, 11, 20} {
		b := quizBuild()
		b.Quiz.FontSize = size
		e := &engine{tmpl: testTemplates(t), fonts: newFontCache()}
		p, err := e.plan(testJob(t, testBank(), b))
		if err != nil {
			t.Fatal(err)
		}
		st := &quiz.Student{Name: "Zoë Ångström-Delacroix de la Vega y Montenegro-Sánchez", ID: "s-1"}
		d, err := quizDoc(p.setup(e), p.q.Versions[0], st)
		if err != nil {
			t.Fatal(err)
		}
		var name, class Elem
		for _, el := range d.Pages[0].Elems {
			switch {
			case strings.HasPrefix(el.Text, "Zoë"):
				name = el
			case el.Text == "Class":
				class = el
			}
		}
		w, _ := d.fonts.measure(name.Text, name.Style, name.Size)
		if name.Text == "" || name.X+w >= class.X {
			t.Errorf("%g pt: name %q ends at %.1f, Class starts at %.1f", size, name.Text, name.X+w, class.X)
		}
		// The id is printed too: on every page, in the footer.
		for pi, pg := range d.Pages {
			if !strings.Contains(strings.Join(pageTexts(pg), " "), "s-1 · ") {
				t.Errorf("%g pt: page %d does not print the student id", size, pi+1)
			}
		}
	}
}

// FuzzLayout feeds arbitrary prompt and option text through planning and
// layout: it never panics, and either fails with an error naming the
// problem or lays out every word inside the margins.
func FuzzLayout(f *testing.F) {
	for _, s := range []string{"Who said: “Ça ne marche pas – l’Europe”?", "Pneumonoultramicroscopicsilicovolcanoconiosis-and-then-some-more-letters-without-any-break-at-all-ever", "a\tb\nc\x00d", "😀 emoji", "", "10² km ≈ ½"} {
		f.Add(s, "Answer "+s)
	}
	tmpl := testTemplates(f)
	f.Fuzz(func(t *testing.T, prompt, answer string) {
		bank := testBank()
		bank.Questions[0].Prompt = prompt
		bank.Questions[0].Answer = answer
		b := quizBuild()
		b.Questions, b.Count = []string{bank.Questions[0].ID, bank.Questions[1].ID}, 0
		b.Quiz.Versions, b.Quiz.ShortAnswer, b.Quiz.Matching = 2, 0, 0
		docs, err := Layout(tmpl, testJob(t, bank, b))
		if err != nil {
			return
		}
		for name, d := range docs {
			for _, p := range d.Pages {
				for _, e := range p.Elems {
					if e.Op != OpText {
						continue
					}
					w, _ := d.fonts.measure(e.Text, e.Style, e.Size)
					if e.X < b.Quiz.MarginMM-0.05 || e.X+w > d.W-b.Quiz.MarginMM+0.05 {
						t.Fatalf("%s: %q at x %.1f width %.1f leaves the margins", name, e.Text, e.X, w)
					}
				}
			}
		}
	})
}

// FuzzClean checks the fast path of clean agrees with the plain definition.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "a b", " a", "a  b", "a\tb", "x\u00a0y", "é\u2028", "“ok”"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		plain := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, s)), " ")
		if got := clean(s); got != plain {
			t.Fatalf("clean(%q) = %q, want %q", s, got, plain)
		}
	})
}

// TestTemplateOverride replaces quiz.txt.tmpl with an edited copy, as
// `quizdeck templates export` lets a user do, and finds the new wording.
func TestTemplateOverride(t *testing.T) {
	dir := t.TempDir()
	src, err := fs.ReadFile(templates.FS, "quiz.txt.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "Circle the letter of the one best answer.", "Entourez la lettre de la meilleure réponse.", 1)
	edited = strings.Replace(edited, `{{define "quiz-label-name"}}Name{{end}}`, `{{define "quiz-label-name"}}Nom{{end}}`, 1)
	if err := os.WriteFile(filepath.Join(dir, "quiz.txt.tmpl"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := render.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Layout(set, testJob(t, testBank(), quizBuild()))
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Join(docs["quiz-A.pdf"].Texts(), "|")
	for _, want := range []string{"|Nom|", "Entourez la lettre de la meilleure réponse."} {
		if !strings.Contains(texts, want) {
			t.Errorf("overridden quiz lacks %q", want)
		}
	}
	// A template that fails names itself.
	broken := strings.Replace(string(src), `{{.Questions}} questions`, `{{.Nope}} questions`, 1)
	if err := os.WriteFile(filepath.Join(dir, "quiz.txt.tmpl"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	if set, err = render.New(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := Layout(set, testJob(t, testBank(), quizBuild())); err == nil || !strings.Contains(err.Error(), "quiz-instructions") {
		t.Errorf("broken template: err = %v", err)
	}
}

// TestLargePrint lays out quizzes at large-print sizes: the answer sheet
// matches the quiz (same questions, numbers as large as the quiz's), its
// bubbles never touch and their letters are dark; the quiz keeps every
// invariant TestLayoutInvariants checks. One size is pinned as a golden.
func TestLargePrint(t *testing.T) {
	for _, size := range []float64{16, 17, 18} {
		t.Run(fmt.Sprintf("%gpt", size), func(t *testing.T) {
			b := quizBuild()
			b.Quiz.Versions, b.Quiz.FontSize = 2, size
			docs, err := Layout(testTemplates(t), testJob(t, testBank(), b))
			if err != nil {
				t.Fatal(err)
			}
			sheet := docs["answer-sheet-A.pdf"]
			if size == 17 {
				golden(t, "answer-sheet-A-17pt.layout.golden", []byte(sheet.Dump()))
			}
			numbers := 0
			for pi, p := range sheet.Pages {
				var circles []Elem
				for _, e := range p.Elems {
					switch {
					case e.Op == OpCircle:
						circles = append(circles, e)
					case e.Op == OpText && itemNum.MatchString(e.Text):
						numbers++
						if e.Size != size {
							t.Errorf("page %d: number %s at %g pt, want %g", pi+1, e.Text, e.Size, size)
						}
					case e.Op == OpText && len(e.Text) == 1 && e.Gray > 60:
						t.Errorf("page %d: bubble letter %s at gray %d, want 60 or darker", pi+1, e.Text, e.Gray)
					}
				}
				for i := range circles {
					for j := i + 1; j < len(circles); j++ {
						a, c := circles[i], circles[j]
						if d := math.Hypot(a.X-c.X, a.Y-c.Y); d < a.X2+c.X2+2 {
							t.Errorf("page %d: bubbles at (%.1f,%.1f) and (%.1f,%.1f) are %.1f mm apart", pi+1, a.X, a.Y, c.X, c.Y, d-a.X2-c.X2)
						}
					}
				}
			}
			if want := b.Count; numbers != want {
				t.Errorf("the sheet numbers %d questions, the quiz has %d", numbers, want)
			}
		})
	}
}

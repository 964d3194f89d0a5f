package cards

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/text/unicode/norm"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/internal/testtool"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// smallJob is ten cards made in code (a sheet and a bit), with curly
// quotes, dashes and a superscript the font lacks.
func smallJob(paper string) *generator.Job {
	d := &generator.Deck{ID: "eurasia", Title: "Eurasian integration",
		Source: generator.SourceInfo{Title: "The Intellectual Origins of the Eurasian Union Project", Author: "Stephen Blank"}}
	var qs []generator.Question
	for i := range 10 {
		fact := fmt.Sprintf("fact-%02d", i)
		qs = append(qs, generator.Question{ID: generator.QuestionID(d.ID, fact, generator.WhoSaid), Deck: d.ID, Fact: fact,
			Kind: generator.WhoSaid, Prompt: fmt.Sprintf("Who said, in statement %d, that Russia has “privileged interests” – in countries he would not define?", i),
			Answer: fmt.Sprintf("Speaker %d", i), Attribution: "President, 2008",
			Source: generator.Citation{Footnote: i + 1, Excerpt: "Russia’s 102ⁿᵈ base — lease extended to 2044"}})
	}
	b := generator.BuildOptions{Name: "cards", Title: "Eurasia — flashcards", Formats: []string{generator.FormatCardsPDF}}
	b.Quiz = generator.DefaultQuizOptions()
	b.Quiz.Paper = paper
	return &generator.Job{Build: b, Decks: []*generator.Deck{d}, Questions: qs, Seed: 1,
		Epoch: time.Unix(generator.DefaultEpoch, 0).UTC(), Log: &bytes.Buffer{}}
}

func testTemplates(t testing.TB) *render.Set {
	t.Helper()
	s, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// defaultJob is the default deck's "deck" build on paper.
func defaultJob(t testing.TB, paper string) *generator.Job {
	t.Helper()
	tmpl, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	opts := generator.DefaultOptions()
	qs, _, err := question.Generate(ds, opts.Seed, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	b := generator.DefaultBuilds()[0]
	b.FillDefaults()
	b.Quiz.Paper = paper
	sel, err := generator.Select(&generator.Bank{Decks: ds, Questions: qs}, b, opts.Seed)
	if err != nil {
		t.Fatal(err)
	}
	return &generator.Job{Build: b, Decks: ds, Questions: sel, Seed: opts.Seed, Epoch: opts.Time(), Log: &bytes.Buffer{}}
}

func pdfOf(t testing.TB, job *generator.Job) ([]byte, *Doc) {
	t.Helper()
	d, err := Layout(context.Background(), testTemplates(t), job)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Draw(d, job, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), d
}

func TestGrid(t *testing.T) {
	for _, paper := range []string{"a4", "letter"} {
		g, err := NewGrid(paper)
		if err != nil {
			t.Fatal(err)
		}
		if g.X0 < 10 || g.Y0 < 15 {
			t.Errorf("%s: margins %.1f × %.1f mm leave no room for marks and header", paper, g.X0, g.Y0)
		}
		for r := range g.Rows {
			for c := range g.Cols {
				fx, fy := g.Front(r, c)
				bx, by := g.Back(r, c)
				// Flipped on the long edge, a point x of the front lies behind W-x.
				if d := (bx + g.CardW/2) - (g.W - (fx + g.CardW/2)); d*d > 1e-12 || by != fy {
					t.Errorf("%s: back of (%d,%d) at (%.2f,%.2f), front at (%.2f,%.2f)", paper, r, c, bx, by, fx, fy)
				}
				if mx, _ := g.Front(r, g.Cols-1-c); (mx-bx)*(mx-bx) > 1e-12 {
					t.Errorf("%s: back of (%d,%d) is not in the mirrored column", paper, r, c)
				}
			}
		}
	}
	if _, err := NewGrid("a5"); err == nil {
		t.Error("paper a5 accepted")
	}
}

func TestLayoutGolden(t *testing.T) {
	for _, paper := range []string{"a4", "letter"} {
		t.Run(paper, func(t *testing.T) {
			d, err := Layout(context.Background(), testTemplates(t), smallJob(paper))
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "cards-"+paper+".layout.golden"), []byte(d.Dump()))
			if len(d.Warnings) != 0 {
				t.Errorf("warnings: %q", d.Warnings)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := pdfOf(t, smallJob("a4"))
	for range 3 {
		if b, _ := pdfOf(t, smallJob("a4")); !bytes.Equal(a, b) {
			t.Fatal("two renders of the same job differ")
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*generator.Job)
		want string
	}{
		{"missing glyph", func(j *generator.Job) { j.Questions[3].Answer = "漢字" }, "card eurasia · fact-03 · who-said: the font has no glyph for U+6F22"},
		{"no questions", func(j *generator.Job) { j.Questions = nil }, "no questions"},
		{"bad font", func(j *generator.Job) { j.Build.Quiz.Font = filepath.Join(t.TempDir(), "none.ttf") }, "quiz.font"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := smallJob("a4")
			tc.edit(j)
			_, err := Layout(context.Background(), testTemplates(t), j)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Layout(ctx, testTemplates(t), smallJob("a4")); err == nil {
		t.Error("a cancelled layout went on")
	}
}

// TestLongText: text too long for a card is cut with an ellipsis and a
// warning, never drawn past the card.
func TestLongText(t *testing.T) {
	j := smallJob("letter")
	j.Questions[0].Prompt = strings.Repeat("a very long prompt that goes on ", 40)
	j.Questions[1].Source.Excerpt = strings.Repeat("an excerpt far longer than any curated one ", 30)
	j.Questions[2].Answer = "Supercalifragilisticexpialidocious-and-then-some-more-letters-than-a-line-holds"
	d, err := Layout(context.Background(), testTemplates(t), j)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Warnings) != 2 {
		t.Errorf("warnings %q, want two", d.Warnings)
	}
	pdf, _ := pdfOf(t, j)
	checkInside(t, pdf, d.Grid)
}

// word is one word pdftotext -bbox found, in mm from the top-left.
type word struct {
	x0, y0, x1, y1 float64
	text           string
}

var (
	pageRE = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// pdfWords extracts every page's words with their boxes.
func pdfWords(t *testing.T, pdf []byte) [][]word {
	t.Helper()
	bin := testtool.Require(t, "pdftotext")
	f := filepath.Join(t.TempDir(), "cards.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-bbox", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	const mm = 25.4 / 72
	var pages [][]word
	for _, chunk := range strings.Split(string(out), "<page ")[1:] {
		if pageRE.FindStringSubmatch("<page "+chunk) == nil {
			t.Fatalf("pdftotext: no page size in %.80q", chunk)
		}
		var ws []word
		for _, m := range wordRE.FindAllStringSubmatch(chunk, -1) {
			v := make([]float64, 4)
			for i := range v {
				v[i], _ = strconv.ParseFloat(m[i+1], 64)
				v[i] *= mm
			}
			ws = append(ws, word{v[0], v[1], v[2], v[3], html.UnescapeString(m[5])})
		}
		pages = append(pages, ws)
	}
	return pages
}

// in returns the text of the words whose centre lies in the rectangle, in
// reading order.
func in(ws []word, x, y, w, h float64) string {
	var sel []word
	for _, wd := range ws {
		cx, cy := (wd.x0+wd.x1)/2, (wd.y0+wd.y1)/2
		if cx > x && cx < x+w && cy > y && cy < y+h {
			sel = append(sel, wd)
		}
	}
	slices.SortStableFunc(sel, func(a, b word) int {
		if d := a.y1 - b.y1; d > 0.5 || d < -0.5 {
			if d < 0 {
				return -1
			}
			return 1
		}
		if a.x0 < b.x0 {
			return -1
		}
		return 1
	})
	var parts []string
	for _, wd := range sel {
		parts = append(parts, wd.text)
	}
	return strings.Join(parts, " ")
}

// squash drops spaces and folds compatibility forms, so text compares
// however pdftotext split it into words and however the font folded it.
func squash(s string) string { return strings.Join(strings.Fields(norm.NFKC.String(s)), "") }

var idRE = regexp.MustCompile(`(\S+) · (\S+) · (\S+)$`)
var numRE = regexp.MustCompile(`\b(\d+)/(\d+)\b`)

// TestAlignment prints the default deck's cards on both papers and reads
// both pages of every sheet back with pdftotext: for every card of a
// front, the words found behind it once the sheet is flipped on its long
// edge (x → W-x) must be that card's answer, with the same id and number.
func TestAlignment(t *testing.T) {
	for _, paper := range []string{"a4", "letter"} {
		t.Run(paper, func(t *testing.T) {
			job := defaultJob(t, paper)
			pdf, d := pdfOf(t, job)
			if len(d.Warnings) != 0 {
				t.Errorf("default deck cards cut: %q", d.Warnings)
			}
			byID := map[string]*generator.Question{}
			for i := range job.Questions {
				byID[job.Questions[i].ID] = &job.Questions[i]
			}
			g := d.Grid
			pages := pdfWords(t, pdf)
			if want := 2 * ((len(job.Questions) + g.PerSheet() - 1) / g.PerSheet()); len(pages) != want {
				t.Fatalf("%d pages, want %d", len(pages), want)
			}
			seen := map[string]bool{}
			for s := 0; s+1 < len(pages); s += 2 {
				front, back := pages[s], pages[s+1]
				for r := range g.Rows {
					for c := range g.Cols {
						fx, fy := g.Front(r, c)
						ft := in(front, fx, fy, g.CardW, g.CardH)
						if ft == "" {
							continue // the last sheet's empty places
						}
						m := idRE.FindStringSubmatch(ft)
						if m == nil {
							t.Errorf("page %d card (%d,%d): no id in %q", s+1, r, c, ft)
							continue
						}
						id := m[1] + "/" + m[2] + "/" + m[3]
						q := byID[id]
						if q == nil || seen[id] {
							t.Errorf("page %d card (%d,%d): id %s unknown or printed twice", s+1, r, c, id)
							continue
						}
						seen[id] = true
						if !strings.Contains(squash(ft), squash(q.Prompt)) {
							t.Errorf("page %d card (%d,%d): front %q lacks the prompt %q", s+1, r, c, ft, q.Prompt)
						}
						// The physical flip, not the layout's own Back.
						bt := in(back, g.W-fx-g.CardW, fy, g.CardW, g.CardH)
						if bm := idRE.FindStringSubmatch(bt); bm == nil || bm[0] != m[0] {
							t.Errorf("page %d card (%d,%d): behind %s is %q", s+2, r, c, id, bt)
							continue
						}
						if !strings.Contains(squash(bt), squash(q.Answer)) || strings.Contains(squash(bt), squash(q.Prompt)) {
							t.Errorf("page %d card (%d,%d): back %q does not show answer %q alone", s+2, r, c, bt, q.Answer)
						}
						if fn, bn := numRE.FindString(ft), numRE.FindString(bt); fn == "" || fn != bn {
							t.Errorf("page %d card (%d,%d): numbers %q front, %q back", s+2, r, c, fn, bn)
						}
					}
				}
			}
			if len(seen) != len(job.Questions) {
				t.Errorf("read %d cards back, the build has %d questions", len(seen), len(job.Questions))
			}
			checkInside(t, pdf, g)
			checkTools(t, pdf)
		})
	}
}

// checkInside: every word lies within one card, or in the margins outside
// the grid (header and note), never across a cut.
func checkInside(t *testing.T, pdf []byte, g Grid) {
	t.Helper()
	const slack = 0.3
	for p, ws := range pdfWords(t, pdf) {
		for _, w := range ws {
			if w.y1 < g.Y0 || w.y0 > g.Y0+float64(g.Rows)*g.CardH {
				continue // margin text
			}
			ok := false
			for r := range g.Rows {
				for c := range g.Cols {
					x, y := g.Front(r, c)
					if w.x0 >= x+2-slack && w.x1 <= x+g.CardW-2+slack && w.y0 >= y+1-slack && w.y1 <= y+g.CardH-1+slack {
						ok = true
					}
				}
			}
			if !ok {
				t.Errorf("page %d: word %q at (%.1f,%.1f)-(%.1f,%.1f) is not inside a card", p+1, w.text, w.x0, w.y0, w.x1, w.y1)
			}
		}
	}
}

// checkTools runs qpdf --check and pdffonts: every font embedded with a
// ToUnicode map.
func checkTools(t *testing.T, pdf []byte) {
	t.Helper()
	f := filepath.Join(t.TempDir(), "cards.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(testtool.Require(t, "qpdf"), "--check", f).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command(testtool.Require(t, "pdffonts"), f).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(lines) == 0 {
		t.Error("pdffonts lists no font")
	}
	for _, l := range lines {
		fs := strings.Fields(l)
		// name type… encoding emb sub uni object ID
		if n := len(fs); n < 6 || fs[n-5] != "yes" || fs[n-3] != "yes" {
			t.Errorf("font not embedded with a ToUnicode map: %s", l)
		}
	}
}

func TestFormat(t *testing.T) {
	out, err := generator.NewOutput(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer out.Abort()
	j := smallJob("a4")
	if err := New(testTemplates(t)).Write(context.Background(), j, out); err != nil {
		t.Fatal(err)
	}
	files := out.Files()
	if len(files) != 1 || files[0].Path != "cards/cards.pdf" || files[0].Format != generator.FormatCardsPDF {
		t.Errorf("files %+v", files)
	}
}

// TestWords: the cards' words come from cards.txt.tmpl, overridable by name.
func TestWords(t *testing.T) {
	fsys := fstest.MapFS{"cards.txt.tmpl": {Data: []byte(`{{define "cards-title"}}Karteikarten: {{.Title}}{{end}}
{{define "cards-label-front"}}FRAGE{{end}}{{define "cards-label-back"}}ANTWORT{{end}}
{{define "cards-sheet-front"}}Bogen {{.Sheet}}/{{.Sheets}} vorn{{end}}{{define "cards-sheet-back"}}Bogen {{.Sheet}}/{{.Sheets}} hinten{{end}}
{{define "cards-note"}}Beidseitig drucken.{{end}}{{define "cards-cite"}}»{{.Excerpt}}« Fn. {{.Footnote}}{{end}}`)}}
	tmpl, err := render.NewFS(fsys, "de")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Layout(context.Background(), tmpl, smallJob("a4"))
	if err != nil {
		t.Fatal(err)
	}
	dump := d.Dump()
	for _, want := range []string{`doc "Karteikarten: Eurasia — flashcards"`, `"FRAGE"`, `"ANTWORT"`, `"Bogen 2/2 hinten"`, `"Beidseitig drucken."`, `Fn. 10`} {
		if !strings.Contains(dump, want) {
			t.Errorf("layout lacks %s", want)
		}
	}
	for _, unwanted := range []string{"QUESTION", "ANSWER", "sheet 1"} {
		if strings.Contains(dump, unwanted) {
			t.Errorf("layout still has %q", unwanted)
		}
	}
}

// TestHugeText: a pasted page of text (or one endless word) is cut in
// linear time, not hung on.
func TestHugeText(t *testing.T) {
	j := smallJob("a4")
	j.Questions[0].Prompt = strings.Repeat("lorem ipsum dolor sit amet ", 20000)
	j.Questions[1].Answer = strings.Repeat("#", 200000)
	j.Questions[2].Source.Excerpt = strings.Repeat("x", 200000)
	start := time.Now()
	d, err := Layout(context.Background(), testTemplates(t), j)
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("layout of huge text took %v", el)
	}
	if len(d.Warnings) < 3 {
		t.Errorf("warnings %q, want one per cut card", d.Warnings)
	}
}

// TestFont: quiz.font sets every face in the given TrueType file, so the
// lines break where that font's widths say.
func TestFont(t *testing.T) {
	file := filepath.Join(t.TempDir(), "Mono.ttf")
	if err := os.WriteFile(file, gomono.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
	j := smallJob("a4")
	j.Build.Quiz.Font = file
	mono, md := pdfOf(t, j)
	plain, pd := pdfOf(t, smallJob("a4"))
	if bytes.Equal(mono, plain) || md.Dump() == pd.Dump() {
		t.Fatal("quiz.font changed nothing")
	}
	// Go Mono's glyphs are all 600 thousandths of an em wide.
	f, err := loadFonts(file)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := f.advance('i', false), f.advance('W', true); a != 600 || b != 600 {
		t.Errorf("advances %d and %d, want Go Mono's 600", a, b)
	}
}

package pdfquiz

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/testtool"
	"golang.org/x/image/font/gofont/gomono"
)

// TestSameBytes builds twice, once on one core, and compares every file:
// same input and seed give the same bytes, whatever the parallelism.
func TestSameBytes(t *testing.T) {
	b := quizBuild()
	m1, _ := runBuild(t, t.TempDir(), b)
	prev := runtime.GOMAXPROCS(1)
	m2, _ := runBuild(t, t.TempDir(), b)
	runtime.GOMAXPROCS(prev)
	if len(m1.Files) != len(m2.Files) {
		t.Fatalf("%d files, then %d", len(m1.Files), len(m2.Files))
	}
	for i := range m1.Files {
		if m1.Files[i] != m2.Files[i] {
			t.Errorf("%s differs between runs: %+v vs %+v", m1.Files[i].Path, m1.Files[i], m2.Files[i])
		}
	}
	// Another seed shuffles differently.
	opts := generator.DefaultOptions()
	opts.Out, opts.Seed, opts.Builds = t.TempDir(), 8, []generator.BuildOptions{b}
	m3, err := generator.Build(context.Background(), testBank(), opts, New(testTemplates(t)), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if m3.Files[len(m3.Files)-1].SHA256 == m1.Files[len(m1.Files)-1].SHA256 {
		t.Errorf("seed 8 printed the same quiz C as seed 7")
	}
}

// TestDates checks the PDFs carry the epoch, never the clock.
func TestDates(t *testing.T) {
	out := t.TempDir()
	runBuild(t, out, quizBuild())
	raw, err := os.ReadFile(filepath.Join(out, "midterm", "quiz-A.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("/CreationDate (D:20240101000000")) || !bytes.Contains(raw, []byte("/ModDate (D:20240101000000")) {
		t.Errorf("quiz-A.pdf lacks the epoch's creation and modification dates")
	}
}

func TestStudents(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	if err := os.WriteFile(roster, []byte("name,id\nZoë Ångström,s-001\n\"O’Neill, Seán\",s-002\nAna Núñez,s-003\nLi Wei,s-004\nKarin Öberg,s-005\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := quizBuild()
	b.Quiz.Roster = roster
	b.Quiz.Assign = "random"
	out := filepath.Join(dir, "out")
	m, log := runBuild(t, out, b)
	if !strings.Contains(log, "midterm: student copies 5/5") {
		t.Errorf("no progress line in log:\n%s", log)
	}
	// Entries: the 3 versions, then one per student, sorted by student.
	if len(m.Quizzes) != 8 {
		t.Fatalf("%d quiz entries, want 3 + 5", len(m.Quizzes))
	}
	f, err := os.Open(filepath.Join(out, "midterm", "roster-key.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rows[0][0], "\ufeff") {
		t.Errorf("no UTF-8 byte order mark for spreadsheets")
	}
	rows[0][0] = strings.TrimPrefix(rows[0][0], "\ufeff")
	if len(rows) != 6 || strings.Join(rows[0], ",") != "id,name,version,quiz" {
		t.Fatalf("roster-key.csv = %q", rows)
	}
	versions := map[string]generator.QuizEntry{}
	for _, e := range m.Quizzes[:3] {
		versions[e.Version] = e
	}
	for i, r := range rows[1:] {
		e := m.Quizzes[3+i]
		if e.Student != r[0] || e.Version != r[2] || e.Quiz != r[3] || e.Quiz != "midterm/students/"+r[0]+".pdf" {
			t.Errorf("roster row %q vs manifest entry %+v", r, e)
		}
		if v := versions[e.Version]; len(v.Questions) != len(e.Questions) || !reflect.DeepEqual(v.Questions, e.Questions) || e.Key != v.Key {
			t.Errorf("student %s's answers differ from version %s's", e.Student, e.Version)
		}
		text := squash(pdftotext(t, filepath.Join(out, e.Quiz)))
		if !strings.Contains(text, squash(r[1])) || !strings.Contains(text, "Version "+e.Version) {
			t.Errorf("%s does not print %q and version %s", e.Quiz, r[1], e.Version)
		}
	}
}

// TestErrors checks each bad input fails the build with the build's name
// and config key (or the input file's line) and the problem, and leaves no
// output behind.
func TestErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badRoster := write("bad.csv", "name,id\nAna,1\nBo\n")
	notFont := write("font.ttf", "this is not a font")
	hanzi := write("hanzi.csv", "name,id\nAna Núñez,s-1\n王伟,s-2\n")
	for _, tc := range []struct {
		name string
		mod  func(*generator.BuildOptions, *generator.Bank)
		want []string
	}{
		{"roster row", func(b *generator.BuildOptions, _ *generator.Bank) { b.Quiz.Roster = badRoster },
			[]string{"bad.csv:3: want 2 fields (name,id), got 1"}},
		{"student name the font cannot print", func(b *generator.BuildOptions, _ *generator.Bank) { b.Quiz.Roster = hanzi },
			[]string{"build midterm: quiz-pdf: student s-2 (", "hanzi.csv:3): lay out ", "no glyph for U+738B '王'"}},
		{"roster missing", func(b *generator.BuildOptions, _ *generator.Bank) { b.Quiz.Roster = filepath.Join(dir, "none.csv") },
			[]string{"builds.0.quiz.roster: build midterm: open ", "none.csv: no such file"}},
		{"font not TrueType", func(b *generator.BuildOptions, _ *generator.Bank) { b.Quiz.Font = notFont },
			[]string{"builds.0.quiz.font: build midterm: font ", "font.ttf: not a TrueType font"}},
		{"font missing", func(b *generator.BuildOptions, _ *generator.Bank) { b.Quiz.Font = filepath.Join(dir, "none.ttf") },
			[]string{"builds.0.quiz.font: build midterm: open ", "none.ttf"}},
		{"glyph missing", func(b *generator.BuildOptions, bank *generator.Bank) {
			for i := range bank.Questions {
				bank.Questions[i].Prompt += " ✓"
			}
		}, []string{"build midterm: quiz-pdf: lay out ", "no glyph for U+2713 '✓'"}},
		{"too many questions", func(b *generator.BuildOptions, _ *generator.Bank) { b.Count = 99 },
			[]string{"build midterm: asks for 99 questions but its filters allow only 24"}},
		{"unknown format", func(b *generator.BuildOptions, _ *generator.Bank) { b.Formats = append(b.Formats, "quiz-docx") },
			[]string{"build midterm: format \"quiz-docx\" is not available"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := quizBuild()
			bank := testBank()
			tc.mod(&b, bank)
			opts := generator.DefaultOptions()
			opts.Out, opts.Builds = filepath.Join(t.TempDir(), "out"), []generator.BuildOptions{b}
			_, err := generator.Build(context.Background(), bank, opts, New(testTemplates(t)), "", nil)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			left, _ := os.ReadDir(opts.Out)
			if len(left) != 0 {
				t.Errorf("a failed build left %d entries in the output folder", len(left))
			}
		})
	}
}

// TestDefaultBuild runs the embedded default quiz build (20 questions, 2
// versions, keys and answer sheets) over the test bank.
func TestDefaultBuild(t *testing.T) {
	var quiz generator.BuildOptions
	for _, b := range generator.DefaultBuilds() {
		if b.Name == "quiz" {
			quiz = b
		}
	}
	quiz.FillDefaults()
	m, _ := runBuild(t, t.TempDir(), quiz)
	var names []string
	for _, f := range m.Files {
		names = append(names, f.Path)
	}
	want := "quiz/answer-sheet-A.pdf quiz/answer-sheet-B.pdf quiz/key-A.pdf quiz/key-B.pdf quiz/key-grid.pdf quiz/key.csv quiz/quiz-A.pdf quiz/quiz-B.pdf"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("default quiz build wrote %s\nwant %s", got, want)
	}
	if len(m.Quizzes) != 2 || len(m.Quizzes[0].Questions) != 20 {
		t.Errorf("default quiz: %d entries", len(m.Quizzes))
	}
}

// TestBytesGolden pins the SHA-256 of every file of the end-to-end build:
// layout, fonts, encoding and fpdf's writer together. A change here with no
// change in the layout goldens means the bytes drifted (a new fpdf, a new
// font): check the PDFs by eye, then run go test -update.
func TestBytesGolden(t *testing.T) {
	m, _ := runBuild(t, t.TempDir(), quizBuild())
	var b strings.Builder
	for _, f := range m.Files {
		fmt.Fprintf(&b, "%s %s %d\n", f.SHA256, f.Path, f.Size)
	}
	golden(t, "files.sha256.golden", []byte(b.String()))
}

// TestCustomFont sets a quiz in a font file (Go Mono, written out) and
// checks the text still reads back exactly.
func TestCustomFont(t *testing.T) {
	dir := t.TempDir()
	font := filepath.Join(dir, "Go-Mono.ttf")
	if err := os.WriteFile(font, gomono.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
	b := quizBuild()
	b.Count = 0 // every question, so the one with “privileged interests” is in
	b.Quiz.Font = font
	b.Formats = []string{generator.FormatQuizPDF, generator.FormatKeyPDF}
	out := filepath.Join(dir, "out")
	runBuild(t, out, b)
	text := squash(pdftotext(t, filepath.Join(out, "midterm", "quiz-A.pdf")))
	for _, want := range []string{"Eurasian Integration — Midterm Quiz", "“privileged interests”", "Version A · Page 1 of"} {
		if !strings.Contains(text, want) {
			t.Errorf("quiz-A.pdf in Go Mono lacks %q", want)
		}
	}
	bin := testtool.Require(t, "pdffonts")
	fonts, err := exec.Command(bin, filepath.Join(out, "midterm", "quiz-A.pdf")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fonts), "Go-Mono") || strings.Contains(string(fonts), "GoRegular") {
		t.Errorf("pdffonts:\n%s", fonts)
	}
}

// TestManyRunes prints a prompt with more distinct non-ASCII runes than one
// font instance holds (Latin-1, Greek, Cyrillic), so text switches between
// two instances of the embedded font mid-line, and reads it back.
func TestManyRunes(t *testing.T) {
	var rs []rune
	for _, r := range [][2]rune{{0xC0, 0xFF}, {0x391, 0x3A9}, {0x3B1, 0x3C9}, {0x410, 0x44F}} {
		for c := r[0]; c <= r[1]; c++ {
			if c != 0x3A2 && c != 0xD7 && c != 0xF7 {
				rs = append(rs, c)
			}
		}
	}
	if len(rs) <= 128 {
		t.Fatalf("only %d runes", len(rs))
	}
	var words []string
	for i := 0; i < len(rs); i += 12 {
		words = append(words, string(rs[i:min(i+12, len(rs))]))
	}
	bank := testBank()
	q := &bank.Questions[0]
	q.Prompt = "Who said: " + strings.Join(words, " ") + "?"
	b := quizBuild()
	b.Questions, b.Count = []string{q.ID, bank.Questions[1].ID}, 0
	b.Quiz.Versions, b.Quiz.ShortAnswer, b.Quiz.Matching = 1, 0, 0
	out := t.TempDir()
	if *keep != "" {
		out = *keep
	}
	opts := generator.DefaultOptions()
	opts.Out, opts.Builds = out, []generator.BuildOptions{b}
	if _, err := generator.Build(context.Background(), bank, opts, New(testTemplates(t)), "", nil); err != nil {
		t.Fatal(err)
	}
	text := squash(pdftotext(t, filepath.Join(out, b.Name, "quiz-A.pdf")))
	if !strings.Contains(text, squash(q.Prompt)) {
		t.Errorf("pdftotext lacks the prompt:\n%s\nwant\n%s", text, q.Prompt)
	}
	bin := testtool.Require(t, "pdffonts")
	fonts, err := exec.Command(bin, filepath.Join(out, b.Name, "quiz-A.pdf")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(fonts), "GoRegular"); n != 2 {
		t.Errorf("want two instances of Go Regular, pdffonts says:\n%s", fonts)
	}
}

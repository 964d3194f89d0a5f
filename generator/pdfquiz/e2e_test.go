package pdfquiz

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/testtool"
	"github.com/quizdeck/quizdeck/generator/quiz"
	"github.com/quizdeck/quizdeck/generator/render"
	"golang.org/x/text/unicode/norm"
)

var keep = flag.String("keep", "", "write the end-to-end test's output to this folder")

func quizBuild() generator.BuildOptions {
	b := generator.BuildOptions{Name: "midterm", Title: "Eurasian Integration — Midterm Quiz", Count: 20,
		Formats: generator.QuizFormats(), Quiz: generator.DefaultQuizOptions()}
	b.Quiz.Versions = 3
	b.Quiz.Course = "POLS 214 · Russia and Its Neighbours"
	b.Quiz.Date = "12 March 2026"
	b.Quiz.ShortAnswer = 2
	b.Quiz.Matching = 4
	b.FillDefaults()
	return b
}

func testTemplates(t testing.TB) *render.Set {
	t.Helper()
	s, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func runBuild(t *testing.T, out string, builds ...generator.BuildOptions) (*generator.Manifest, string) {
	t.Helper()
	opts := generator.DefaultOptions()
	opts.Out = out
	opts.Seed = 7
	opts.Builds = builds
	if err := opts.Validate(); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	m, err := generator.Build(context.Background(), testBank(), opts, New(testTemplates(t)), "", &log)
	if err != nil {
		t.Fatal(err)
	}
	return m, log.String()
}

// TestEndToEnd builds a quiz through generator.Build and checks the
// manifest, every file, qpdf --check, and with pdftotext that each quiz
// prints every prompt and option in the manifest's order, that each key
// letter points at the option holding the answer, and that no quiz prints
// its key.
func TestEndToEnd(t *testing.T) {
	out := t.TempDir()
	if *keep != "" {
		out = *keep
	}
	b := quizBuild()
	m, log := runBuild(t, out, b)

	var files []string
	for _, f := range m.Files {
		files = append(files, f.Path)
	}
	want := []string{"midterm/answer-sheet-A.pdf", "midterm/answer-sheet-B.pdf", "midterm/answer-sheet-C.pdf",
		"midterm/key-A.pdf", "midterm/key-B.pdf", "midterm/key-C.pdf", "midterm/key-grid.pdf", "midterm/key.csv",
		"midterm/quiz-A.pdf", "midterm/quiz-B.pdf", "midterm/quiz-C.pdf"}
	if !slices.Equal(files, want) {
		t.Errorf("files:\n got %q\nwant %q", files, want)
	}
	if len(m.Quizzes) != 3 {
		t.Fatalf("manifest has %d quizzes, want 3", len(m.Quizzes))
	}
	for i, l := range []string{"A", "B", "C"} {
		if !strings.Contains(log, "version "+l+": answers A ") {
			t.Errorf("log lacks the distribution of version %s:\n%s", l, log)
		}
		e := m.Quizzes[i]
		if e.Build != "midterm" || e.Version != l || e.Quiz != "midterm/quiz-"+l+".pdf" || e.Key != "midterm/key-"+l+".pdf" || len(e.Questions) != 20 {
			t.Errorf("quiz entry %d: %+v", i, e)
		}
	}
	// The manifest on disk says the same.
	var disk generator.Manifest
	raw, err := os.ReadFile(filepath.Join(out, generator.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &disk); err != nil {
		t.Fatal(err)
	}
	if len(disk.Quizzes) != 3 || !reflect.DeepEqual(disk.Quizzes[1].Questions, m.Quizzes[1].Questions) {
		t.Errorf("manifest.json quizzes differ from the returned manifest")
	}
	// Every version has the same questions.
	ids := func(e generator.QuizEntry) []string {
		var s []string
		for _, q := range e.Questions {
			s = append(s, q.ID)
		}
		slices.Sort(s)
		return s
	}
	for _, e := range m.Quizzes[1:] {
		if !slices.Equal(ids(e), ids(m.Quizzes[0])) {
			t.Errorf("version %s has other questions than version A", e.Version)
		}
	}
	kinds := checkKeyCSV(t, filepath.Join(out, "midterm/key.csv"), m)
	checkPDFs(t, out, m, kinds)
}

// checkKeyCSV checks key.csv against the manifest and returns each printed
// item's section kind by "version/number".
func checkKeyCSV(t *testing.T, name string, m *generator.Manifest) map[string]quiz.Kind {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rows[0][0], "\ufeff") {
		t.Errorf("no UTF-8 byte order mark for spreadsheets")
	}
	rows[0][0] = strings.TrimPrefix(rows[0][0], "\ufeff")
	if !slices.Equal(rows[0], quiz.KeyHeader()) {
		t.Errorf("key.csv header %q", rows[0])
	}
	kinds := map[string]quiz.Kind{}
	i := 1
	for _, e := range m.Quizzes {
		for n, q := range e.Questions {
			if i >= len(rows) {
				t.Fatalf("key.csv has too few rows")
			}
			r := rows[i]
			i++
			got := r[4]
			if r[2] == string(quiz.ShortAnswer) {
				got = r[5]
			}
			if r[0] != e.Version || r[1] != strconv.Itoa(n+1) || r[3] != q.ID || got != q.Answer {
				t.Errorf("key.csv row %d = %q, manifest says %s %d %s %s", i, r, e.Version, n+1, q.ID, q.Answer)
			}
			kinds[e.Version+"/"+r[1]] = quiz.Kind(r[2])
		}
	}
	if i != len(rows) {
		t.Errorf("key.csv has %d rows, manifest %d answers", len(rows)-1, i-1)
	}
	return kinds
}

// pdftotext returns the text of a PDF in content order (-raw), which is
// the layout's reading order.
func pdftotext(t *testing.T, name string) string {
	t.Helper()
	bin := testtool.Require(t, "pdftotext")
	out, err := exec.Command(bin, "-raw", "-enc", "UTF-8", name, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", name, err)
	}
	return string(out)
}

// squash folds whitespace so text wrapped over lines still matches, and
// compatibility forms, since a rune the font lacks prints as its NFKC form.
func squash(s string) string { return strings.Join(strings.Fields(norm.NFKC.String(s)), " ") }

var pointsRE = regexp.MustCompile(`^ ?\(\d+ pts?\)`)

func checkPDFs(t *testing.T, out string, m *generator.Manifest, kinds map[string]quiz.Kind) {
	qpdf := testtool.Require(t, "qpdf")
	for _, f := range m.Files {
		if !strings.HasSuffix(f.Path, ".pdf") {
			continue
		}
		if b, err := exec.Command(qpdf, "--check", filepath.Join(out, f.Path)).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check %s: %v\n%s", f.Path, err, b)
		}
	}
	byID := map[string]generator.Question{}
	for _, q := range testBank().Questions {
		byID[q.ID] = q
	}
	checked := map[quiz.Kind]int{}
	for _, e := range m.Quizzes {
		text := squash(pdftotext(t, filepath.Join(out, e.Quiz)))
		pos := 0
		for n, a := range e.Questions {
			q := byID[a.ID]
			kind := kinds[e.Version+"/"+strconv.Itoa(n+1)]
			num := strconv.Itoa(n+1) + ". "
			stem := q.Prompt
			if kind == quiz.Matching && q.Quotation != "" {
				stem = "“" + q.Quotation + "”"
			}
			want := num + squash(stem)
			i := strings.Index(text[pos:], want)
			if i < 0 {
				t.Errorf("%s: %q not found after offset %d", e.Quiz, want, pos)
				continue
			}
			pos += i + len(want)
			if loc := pointsRE.FindStringIndex(text[pos:]); loc != nil {
				pos += loc[1]
			} else {
				t.Errorf("%s: question %d: no points after the prompt: %.40q", e.Quiz, n+1, text[pos:])
			}
			switch kind {
			case quiz.MultipleChoice:
				// Options follow in letter order; the key's letter must be
				// the option whose text is the answer, and only that one.
				for k := range 1 + len(q.Distractors) {
					l := " " + quiz.Letter(k) + ". "
					if !strings.HasPrefix(text[pos:], l) {
						t.Errorf("%s: question %d: want option %q next, got %.40q", e.Quiz, n+1, l, text[pos:])
						break
					}
					pos += len(l)
					// Which of the question's options is printed here?
					got := ""
					for _, o := range append([]string{q.Answer}, q.Distractors...) {
						if o := squash(o); strings.HasPrefix(text[pos:], o+" ") && len(o) > len(got) {
							got = o
						}
					}
					if got == "" {
						t.Errorf("%s: question %d: option %s is none of the question's options: %.40q", e.Quiz, n+1, quiz.Letter(k), text[pos:])
						break
					}
					pos += len(got)
					if isAnswer := got == squash(q.Answer); isAnswer != (quiz.Letter(k) == a.Answer) {
						t.Errorf("%s: question %d (%s): option %s is %q; key says %s, answer %q", e.Quiz, n+1, a.ID, quiz.Letter(k), got, a.Answer, q.Answer)
					}
				}
				checked[kind]++
			case quiz.Matching:
				if !strings.Contains(text, " "+a.Answer+". "+squash(q.Answer)+" ") {
					t.Errorf("%s: question %d: the choices do not list %s. %s", e.Quiz, n+1, a.Answer, q.Answer)
				}
				checked[kind]++
			case quiz.ShortAnswer:
				if a.Answer != q.Answer {
					t.Errorf("%s: short answer %d: manifest answer %q, want %q", e.Quiz, n+1, a.Answer, q.Answer)
				}
				checked[kind]++
			default:
				t.Errorf("%s: question %d has no section in key.csv", e.Quiz, n+1)
			}
		}
		// The quiz never prints its key: no source passages, no key headings.
		for _, a := range e.Questions {
			if ex := squash(byID[a.ID].Source.Excerpt); strings.Contains(text, ex) {
				t.Errorf("%s prints the source excerpt of %s: %q", e.Quiz, a.ID, ex)
			}
		}
		for _, leak := range []string{"Answer key", "Source:", "Grading grid"} {
			if strings.Contains(text, leak) {
				t.Errorf("%s contains key text %q", e.Quiz, leak)
			}
		}
		if !strings.Contains(text, "Version "+e.Version) || !strings.Contains(text, "Page 1 of") {
			t.Errorf("%s lacks version or page footer", e.Quiz)
		}
		// The key names its version and every answer with its source.
		keyText := squash(pdftotext(t, filepath.Join(out, e.Key)))
		if !strings.Contains(keyText, "Version "+e.Version) {
			t.Errorf("%s does not name version %s", e.Key, e.Version)
		}
		kp := 0
		for n, a := range e.Questions {
			q := byID[a.ID]
			want := strconv.Itoa(n+1) + ". " + a.Answer + " " + squash(q.Answer)
			if kinds[e.Version+"/"+strconv.Itoa(n+1)] == quiz.ShortAnswer {
				want = strconv.Itoa(n+1) + ". — " + squash(q.Answer)
			}
			i := strings.Index(keyText[kp:], want)
			if i < 0 {
				t.Errorf("%s: %q not found after offset %d", e.Key, want, kp)
				continue
			}
			kp += i
			if ex := squash(q.Source.Excerpt); !strings.Contains(keyText[kp:], ex) {
				t.Errorf("%s lacks the excerpt of %s", e.Key, a.ID)
			}
		}
	}
	if checked[quiz.MultipleChoice] != 3*14 || checked[quiz.Matching] != 3*4 || checked[quiz.ShortAnswer] != 3*2 {
		t.Errorf("checked %v items, want 42 multiple choice, 12 matching, 6 short answer", checked)
	}
}

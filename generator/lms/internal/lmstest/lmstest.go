// Package lmstest gives the learning-platform formats' tests their two
// jobs: the default deck as a quiz build, and a synthetic bank whose text
// is full of what breaks exports (HTML, quotes, GIFT's ~ = # { } :,
// backslashes, CDATA ends, non-ASCII).
package lmstest

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/testtool"
	"github.com/quizdeck/quizdeck/generator/lms"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// Build is the quiz build both jobs use: 20 questions (all of the hostile
// bank's 12), 4 of them matching and 2 short answer, 2 points each.
func Build(name string, formats ...string) generator.BuildOptions {
	b := generator.BuildOptions{Name: name, Title: "Midterm <Quiz> & “Review”", Count: 20, Formats: formats,
		Quiz: generator.DefaultQuizOptions()}
	b.Quiz.Matching = 4
	b.Quiz.ShortAnswer = 2
	b.Quiz.Points = 2
	b.FillDefaults()
	return b
}

// Epoch is the jobs' time stamp.
var epoch = time.Unix(generator.DefaultEpoch, 0).UTC()

// DefaultJob is a 20-question quiz from the embedded default deck.
func DefaultJob(t testing.TB, b generator.BuildOptions) *generator.Job {
	t.Helper()
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	qs, _, err := question.Generate(ds, 1, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	bank := &generator.Bank{Decks: ds, Questions: qs}
	sel, err := generator.Select(bank, b, 1)
	if err != nil {
		t.Fatal(err)
	}
	return &generator.Job{Build: b, Decks: ds, Questions: sel, Seed: 1, Epoch: epoch, Log: io.Discard}
}

// Hostile is every string the hostile bank's text is built from.
var Hostile = []string{
	`<b>bold</b> & <script>alert("x")</script>`,
	`GIFT ~ = # { } : \ all at once`,
	`quotes "double" 'single' “curly” ‘curly’`,
	`CDATA end ]]> and &amp; literally`,
	`non-ASCII: Ünïcödé, Кремль, 日本語, ‽ — –`,
	`// not a comment :: not a title ::`,
	`$CATEGORY: not a category`,
	`[html] not a format, [id:x] not an id`,
	`-> not a match -> either`,
	`50% = half #1 {T} {F}`,
	`tab	inside and  two spaces`,
	`%100%=answer~wrong`,
}

// HostileJob is a quiz of 12 questions, every prompt, answer, distractor,
// excerpt and tag made of the Hostile strings, with passages and sections
// for grouping.
func HostileJob(b generator.BuildOptions) *generator.Job {
	d := &generator.Deck{ID: "hostile", Title: "Hostile <deck> & “text”", AnkiDeck: "quizdeck::Hostile",
		Source: generator.SourceInfo{Title: "A source with <tags> & {braces}"}}
	kinds := []generator.Kind{generator.WhoSaid, generator.WhichYear, generator.WhichBase, generator.BaseCountry}
	var qs []generator.Question
	n := len(Hostile)
	for i, h := range Hostile {
		k := kinds[i%len(kinds)]
		if i < 6 {
			k = generator.WhoSaid // enough different speakers for a matching section
		}
		fact := fmt.Sprintf("fact-%02d", i)
		q := generator.Question{
			ID: generator.QuestionID(d.ID, fact, k), Deck: d.ID, Fact: fact, Kind: k,
			Prompt:      fmt.Sprintf("Who said: “%s” (question %d)?", h, i),
			Answer:      fmt.Sprintf("Speaker %d: %s", i, Hostile[(i+1)%n]),
			Distractors: []string{fmt.Sprintf("Other %d: %s", i, Hostile[(i+2)%n]), fmt.Sprintf("Else %d: %s", i, Hostile[(i+3)%n]), fmt.Sprintf("Nobody %d ~ = # { } :", i)},
			Source:      generator.Citation{Footnote: i, Excerpt: "excerpt " + Hostile[(i+4)%n]},
			Tags:        []string{"tag-" + fmt.Sprint(i%3), "shared"},
			Section:     fmt.Sprintf("Section %d <%s>", i%2, "&"),
			Passage:     fmt.Sprintf("passage-%d", i%4),
		}
		if k == generator.WhoSaid { // a direct quotation, as matching items print it
			q.Quotation = fmt.Sprintf("%s (question %d)", h, i)
		}
		if k != generator.WhoSaid {
			q.Prompt = fmt.Sprintf("Which %s: %s (question %d)?", k, h, i)
		}
		qs = append(qs, q)
	}
	return &generator.Job{Build: b, Decks: []*generator.Deck{d}, Questions: qs, Seed: 3, Epoch: epoch, Log: io.Discard}
}

// SharedEnv names the shared folder when it is not beside the repository
// (a git worktree, say); CI has it beside the clone.
const SharedEnv = "QUIZDECK_SHARED_DIR"

// Schemas returns the folder of the IMS schemas and DTD the validators'
// README describes (../shared/validators/qti-schemas beside the
// repository, or under $QUIZDECK_SHARED_DIR), or fails under CI and skips
// elsewhere when it is missing.
func Schemas(t testing.TB) string {
	t.Helper()
	if d := os.Getenv(SharedEnv); d != "" {
		return check(t, filepath.Join(d, "validators", "qti-schemas"))
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = up
	}
	return check(t, filepath.Join(dir, "..", "shared", "validators", "qti-schemas"))
}

func check(t testing.TB, schemas string) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(schemas, "qtiv2p1", "imsqti_v2p1.xsd")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the QTI schemas are required under CI: %v", err)
		}
		t.Skipf("skipping: the QTI schemas are not beside the repository (%v)", err)
	}
	return schemas
}

// Xmllint runs xmllint with args and fails the test with its output when
// it reports a problem. It fails under CI and skips elsewhere without
// xmllint (Debian libxml2-utils).
func Xmllint(t testing.TB, args ...string) {
	t.Helper()
	bin := testtool.Require(t, "xmllint")
	out, err := exec.Command(bin, append([]string{"--nonet", "--noout"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// Unzip writes a package's files under a new temporary folder and returns
// the folder and the entries' names in zip order.
func Unzip(t testing.TB, data []byte) (string, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, names
}

// ZipDump is a package as text, for a golden: each entry's name, date and
// method, then its bytes.
func ZipDump(t testing.TB, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, f := range zr.File {
		fmt.Fprintf(&b, "==> %s  %s  method %d\n", f.Name, f.Modified.UTC().Format(time.RFC3339), f.Method)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(&b, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	return b.Bytes()
}

// OneJob is a quiz of one multiple-choice question with the given texts
// (plus two plain who-said questions, so matching and short-answer
// sections can be asked for), for fuzz tests.
func OneJob(b generator.BuildOptions, prompt, answer, distractor, excerpt string) *generator.Job {
	j := HostileJob(b)
	q := &j.Questions[0]
	q.Prompt, q.Answer, q.Distractors[0], q.Source.Excerpt = prompt, answer, distractor, excerpt
	return j
}

// Jobs are the default deck's and the hostile bank's jobs of a build
// "midterm" writing formats, by name.
func Jobs(t testing.TB, formats ...string) map[string]*generator.Job {
	b := Build("midterm", formats...)
	return map[string]*generator.Job{"default": DefaultJob(t, b), "hostile": HostileJob(b)}
}

// Encode plans job's export and returns what enc writes of it.
func Encode(t testing.TB, job *generator.Job, enc func(io.Writer, *lms.Export) error) []byte {
	t.Helper()
	e, err := lms.New(job, Templates(t))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := enc(&buf, e); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Staged runs format f through an Output, as a build does, and returns the
// file it staged: the build's NAME/NAME.<ext>.
func Staged(t testing.TB, f generator.Format, job *generator.Job, ext string) []byte {
	t.Helper()
	out, err := generator.NewOutput(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Write(context.Background(), job, out); err != nil {
		t.Fatal(err)
	}
	if _, err := out.Commit(generator.Manifest{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out.Root(), job.Build.Name, job.Build.Name+"."+ext))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzExport runs check on the export of OneJob for arbitrary prompt,
// answer, distractor and excerpt texts, seeded with the Hostile strings;
// text the exports refuse is skipped. The templates are parsed once.
func FuzzExport(f *testing.F, check func(t *testing.T, job *generator.Job, e *lms.Export)) {
	for _, s := range Hostile {
		f.Add(s, "Answer "+s, "Other "+s, s)
	}
	b, tmpl := Build("midterm"), Templates(f)
	f.Fuzz(func(t *testing.T, prompt, answer, distractor, excerpt string) {
		job := OneJob(b, prompt, answer, distractor, excerpt)
		e, err := lms.New(job, tmpl)
		if err != nil {
			return // text the exports refuse, or a question the quiz refuses
		}
		check(t, job, e)
	})
}

// Templates is the built-in template set.
func Templates(t testing.TB) *render.Set {
	t.Helper()
	s, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

package htmlquiz

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

func templates(t testing.TB) *render.Set {
	t.Helper()
	s, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// smallJob is a deck made in code, with the curly quotes, dashes and
// footnotes real decks have.
func smallJob() *generator.Job {
	d := &generator.Deck{ID: "eurasia", Title: "Eurasian integration", AnkiDeck: "quizdeck::Eurasia",
		Source: generator.SourceInfo{Title: "The Intellectual Origins of the Eurasian Union Project", Author: "Stephen Blank"}}
	qs := []generator.Question{
		{ID: "eurasia/medvedev/who-said", Deck: "eurasia", Fact: "medvedev", Kind: generator.WhoSaid,
			Prompt: "Who held that Russia has “privileged interests” in countries he would not define?", Answer: "Dmitry Medvedev",
			Distractors: []string{"Vladimir Putin", "Sergei Lavrov", "Aleksandr Dugin"}, Attribution: "President, 2008",
			Source: generator.Citation{Footnote: 4, Excerpt: "President Dmitry Medvedev famously told an interviewer that Russia has privileged interests"}},
		{ID: "eurasia/eeu-treaty/which-year", Deck: "eurasia", Fact: "eeu-treaty", Kind: generator.WhichYear,
			Prompt: "In which year was the Treaty on the Eurasian Economic Union signed in Astana?", Answer: "2014",
			Distractors: []string{"2011", "2013", "2015"}, Note: "Signed on 29 May – in force from 2015.",
			Source: generator.Citation{Excerpt: "the treaty signed in Astana in 2014"}},
	}
	return &generator.Job{Build: generator.BuildOptions{Name: "practice", Title: "Eurasia — practice"}, Decks: []*generator.Deck{d},
		Questions: qs, Seed: 7, Epoch: time.Unix(generator.DefaultEpoch, 0).UTC()}
}

func render1(t testing.TB, tmpl *render.Set, job *generator.Job) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, tmpl, job); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var dataRE = regexp.MustCompile(`(?s)<script type="application/json" id="quizdeck-data">(.*?)</script>`)

// pageData extracts and decodes the page's JSON.
func pageData(t testing.TB, html []byte) *Page {
	t.Helper()
	m := dataRE.FindSubmatch(html)
	if m == nil {
		t.Fatal("no quizdeck-data script in the page")
	}
	var p Page
	if err := json.Unmarshal(m[1], &p); err != nil {
		t.Fatalf("page data: %v", err)
	}
	return &p
}

func TestGolden(t *testing.T) {
	got := render1(t, templates(t), smallJob())
	golden.Check(t, filepath.Join("testdata", "study.html.golden"), got)
}

func TestDeterministic(t *testing.T) {
	tmpl := templates(t)
	a := render1(t, tmpl, smallJob())
	for range 5 {
		if b := render1(t, tmpl, smallJob()); !bytes.Equal(a, b) {
			t.Fatal("two renders of the same job differ")
		}
	}
}

// TestEscaping builds a page from text full of markup: it must stay text in
// the HTML and round-trip exactly through the JSON the script reads.
func TestEscaping(t *testing.T) {
	job := hostileJob()
	html := render1(t, templates(t), job)
	if n := len(regexp.MustCompile(`(?i)<script`).FindAll(html, -1)); n != 2 {
		t.Errorf("page has %d <script tags, want the 2 of the template", n)
	}
	for _, bad := range []string{"<b>", "<i>", "<!--", "</script><", "</SCRIPT>", "<img", "<style>body", "\u2028"} {
		if i := bytes.Index(html, []byte(bad)); i >= 0 {
			t.Errorf("page holds raw %q from the spec at byte %d", bad, i)
		}
	}
	got := pageData(t, html)
	want, err := NewPage(job)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("page JSON differs from the page model (-want +got):\n%s", d)
	}
	if !strings.Contains(string(html), "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;") {
		t.Error("the list does not show the prompt's markup as escaped text")
	}
}

// hostileJob has markup and line separators in every field a spec fills.
func hostileJob() *generator.Job {
	j := smallJob()
	q := &j.Questions[0]
	q.Prompt = `Who wrote </script><script>window.pwned=1</script> and <!-- this -->?`
	q.Answer = `<b>Dmitry</b> & "Medvedev"`
	q.Distractors = []string{`<img src=x onerror="window.pwned=2">`, "Sergei\u2028Lavrov", `'; window.pwned=3; '`}
	q.Source.Excerpt = `]]> --> </SCRIPT> <style>body{display:none}</style>`
	q.Attribution = `{{.Title}}`
	j.Decks[0].Source.Title = `<i>Origins</i>`
	return j
}

func TestChoices(t *testing.T) {
	job := smallJob()
	p, err := NewPage(job)
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range p.Questions {
		src := job.Questions[i]
		if q.AnswerText() != src.Answer {
			t.Errorf("%s: answer index %d holds %q, want %q", q.ID, q.Answer, q.AnswerText(), src.Answer)
		}
		want := slices.Sorted(slices.Values(append([]string{src.Answer}, src.Distractors...)))
		if got := slices.Sorted(slices.Values(q.Choices)); !slices.Equal(got, want) {
			t.Errorf("%s: choices %q, want %q in some order", q.ID, got, want)
		}
	}
	// Another seed deals the answers elsewhere on some question.
	job.Seed = 8
	p2, _ := NewPage(job)
	moved := false
	for i := range p.Questions {
		moved = moved || !slices.Equal(p.Questions[i].Choices, p2.Questions[i].Choices)
	}
	if !moved {
		t.Error("the seed does not change any choice order")
	}
}

func TestOverride(t *testing.T) {
	fsys := fstest.MapFS{"study-page.html.tmpl": {Data: []byte(`{{define "study-page"}}<p>{{.Title}}: {{len .Questions}}</p>{{end}}`)}}
	tmpl, err := render.NewFS(fsys, "mine")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(render1(t, tmpl, smallJob())); got != "<p>Eurasia — practice: 2</p>" {
		t.Errorf("override gave %q", got)
	}
}

// defaultJob is the default deck's "deck" build: every question, as
// `quizdeck build` writes it.
func defaultJob(t testing.TB) *generator.Job {
	t.Helper()
	tmpl := templates(t)
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	opts := generator.DefaultOptions()
	qs, _, err := question.Generate(ds, opts.Seed, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	bank := &generator.Bank{Decks: ds, Questions: qs}
	b := generator.DefaultBuilds()[0]
	sel, err := generator.Select(bank, b, opts.Seed)
	if err != nil {
		t.Fatal(err)
	}
	return &generator.Job{Build: b, Decks: ds, Questions: sel, Seed: opts.Seed, Epoch: opts.Time()}
}

// TestDefaultDeck checks the page of the default deck against its questions.
func TestDefaultDeck(t *testing.T) {
	job := defaultJob(t)
	html := render1(t, templates(t), job)
	p := pageData(t, html)
	if len(p.Questions) != len(job.Questions) {
		t.Fatalf("page has %d questions, the build %d", len(p.Questions), len(job.Questions))
	}
	order := generator.StudyOrder(job)
	for i, q := range p.Questions {
		src := order[i]
		if q.ID != src.ID || q.Prompt != src.Prompt || q.AnswerText() != src.Answer || q.Excerpt != src.Source.Excerpt || q.Footnote != src.Source.Footnote {
			t.Errorf("question %d: page has %+v for %+v", i, q, src)
		}
	}
	if p.Title != job.Decks[0].Title {
		t.Errorf("title %q, want the deck's %q", p.Title, job.Decks[0].Title)
	}
}

func TestFormat(t *testing.T) {
	dir := t.TempDir()
	out, err := generator.NewOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Abort()
	f := New(templates(t))
	if f.Name() != generator.FormatHTML {
		t.Errorf("name %q", f.Name())
	}
	if err := f.Write(context.Background(), smallJob(), out); err != nil {
		t.Fatal(err)
	}
	files := out.Files()
	if len(files) != 1 || files[0].Path != "practice/study.html" || files[0].Format != "html" {
		t.Errorf("files %+v", files)
	}
	empty := smallJob()
	empty.Questions = nil
	if err := f.Write(context.Background(), empty, out); err == nil {
		t.Error("a page with no questions was written")
	}
}

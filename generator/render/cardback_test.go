package render_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// hostile are card-back fields that test the escaping: markup, every
// character html/template replaces, line breaks, invalid UTF-8 and
// non-characters.
var hostile = []string{
	"", "plain", `<script>alert("x")</script>`, "Tom & Jerry's +1 <b>", "a\x00b", "line\nbreak\r\n",
	"\xff\xfe broken", "\ufdd0\ufffe", "“curly” — dash", "&amp; already", "🙂 emoji", "{{.Deck}}",
}

func TestCardBackSameBytes(t *testing.T) {
	s, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	if !s.CompiledCardBack() {
		t.Fatal("built-in templates do not take the compiled card back")
	}
	ds, err := spec.Load(os.DirFS("../../decks"), "decks")
	if err != nil {
		t.Fatal(err)
	}
	qs, _, err := question.Generate(ds, 1, s)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*generator.Deck{}
	for _, d := range ds {
		byID[d.ID] = d
	}
	for i := range qs {
		same(t, s, &qs[i], byID[qs[i].Deck])
	}
	if len(qs) == 0 {
		t.Fatal("the decks gave no questions")
	}
	for i, h := range hostile {
		for j, footnote := range []int{0, 12, -3} {
			g := hostile[(i+j+1)%len(hostile)]
			q := &generator.Question{Answer: h, Attribution: g, Note: hostile[(i+2)%len(hostile)],
				Source: generator.Citation{Footnote: footnote, Excerpt: h + g}}
			d := &generator.Deck{Source: generator.SourceInfo{Author: g, Title: h}}
			same(t, s, q, d)
			// With confirming excerpts, and with no author (an article).
			q.GroundedBy = []generator.Citation{{Footnote: footnote, Excerpt: g}, {Excerpt: h}}
			d.Source.Author = ""
			same(t, s, q, d)
		}
	}
}

func same(t *testing.T, s *render.Set, q *generator.Question, d *generator.Deck) {
	t.Helper()
	fast, err := s.CardBack(q, d)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := s.CardBackViaTemplate(q, d)
	if err != nil {
		t.Fatal(err)
	}
	if fast != slow {
		t.Errorf("card back of %q:\ncompiled %q\ntemplate %q", q.Answer, fast, slow)
	}
}

// FuzzCardBack holds the compiled card back to html/template's bytes.
func FuzzCardBack(f *testing.F) {
	s, err := render.New("")
	if err != nil {
		f.Fatal(err)
	}
	for i, h := range hostile {
		f.Add(h, hostile[(i+1)%len(hostile)], hostile[(i+2)%len(hostile)], "Stephen Blank", "The Intellectual Origins", h, i)
	}
	f.Fuzz(func(t *testing.T, answer, attribution, note, author, title, excerpt string, footnote int) {
		q := &generator.Question{Answer: answer, Attribution: attribution, Note: note,
			Source: generator.Citation{Footnote: footnote, Excerpt: excerpt}}
		if footnote%2 == 0 {
			q.GroundedBy = []generator.Citation{{Footnote: footnote / 2, Excerpt: note}}
		}
		same(t, s, q, &generator.Deck{Source: generator.SourceInfo{Author: author, Title: title}})
	})
}

// TestCardBackOverride checks that an overridden HTML template is what
// renders, through html/template.
func TestCardBackOverride(t *testing.T) {
	dir := t.TempDir()
	tmpl := `{{define "card-back"}}<p>{{.Question.Answer}}</p>{{end}}`
	if err := os.WriteFile(filepath.Join(dir, "card-back.html.tmpl"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := render.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.CompiledCardBack() {
		t.Error("an overridden card back takes the compiled path")
	}
	got, err := s.CardBack(&generator.Question{Answer: "<Tom & Jerry>"}, &generator.Deck{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "<p>&lt;Tom &amp; Jerry&gt;</p>"; got != want {
		t.Errorf("overridden card back = %q, want %q", got, want)
	}
	if !strings.Contains(got, "&lt;") {
		t.Error("not escaped")
	}
}

func BenchmarkCardBack(b *testing.B) {
	s, err := render.New("")
	if err != nil {
		b.Fatal(err)
	}
	q := &generator.Question{Answer: "Dmitry Medvedev", Attribution: "President, 2008", Note: "",
		Source: generator.Citation{Footnote: 4, Excerpt: "President Dmitry Medvedev famously told an interviewer that Russia has “privileged interests”"}}
	d := &generator.Deck{Source: generator.SourceInfo{Author: "Stephen Blank", Title: "The Intellectual Origins of the Eurasian Union Project"}}
	b.Run("compiled", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.CardBack(q, d)
		}
	})
	b.Run("template", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.CardBackViaTemplate(q, d)
		}
	})
}

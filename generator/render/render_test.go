package render_test

import (
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
)

func TestBuiltinAndOverride(t *testing.T) {
	f := question.PromptData{Fact: &generator.Fact{Kind: generator.Quote, Speaker: "Dmitry Medvedev", Said: "Russia has privileged interests.", Direct: false, Year: 2008},
		SourceKind: "essay"}
	tests := []struct {
		name, dir, want string
	}{
		{"built-in", "", "According to the essay, who held in 2008 that Russia has privileged interests?"},
		{"override by file name", "testdata/override", "Wer sagte: „Russia has privileged interests.“?"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := render.New(tc.dir)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Text("who-said", f)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("who-said = %q, want %q", got, tc.want)
			}
			// Templates not overridden stay built-in.
			if !s.Has("card-back") {
				t.Error("card-back lost")
			}
		})
	}
}

func TestOverrideErrors(t *testing.T) {
	if _, err := render.New("testdata/stray"); err == nil || !strings.Contains(err.Error(), "matches no built-in template") {
		t.Errorf("stray override: err = %v", err)
	}
	if _, err := render.New("testdata/none"); err == nil {
		t.Error("missing folder accepted")
	}
}

func TestDigest(t *testing.T) {
	a, _ := render.New("")
	b, _ := render.New("testdata/override")
	if a.Digest() == b.Digest() {
		t.Error("overrides do not change the digest")
	}
}

func TestHTMLEscapes(t *testing.T) {
	s, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	q := &generator.Question{Answer: "<script>", Source: generator.Citation{Excerpt: "a & b"}}
	got, err := s.HTML("card-back", struct {
		Question *generator.Question
		Deck     *generator.Deck
	}{q, &generator.Deck{}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, "<script>") || !strings.Contains(got, "&lt;script&gt;") || !strings.Contains(got, "a &amp; b") {
		t.Errorf("card-back not escaped: %s", got)
	}
}

package render_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/render"
)

// An override that writes without end fails at render.MaxOutput instead of
// filling memory; one that renders an empty card back is an error, not a
// note Anki drops.
func TestOverrideLimits(t *testing.T) {
	q := &generator.Question{ID: "d/f/who-said", Answer: "Putin"}
	tests := []struct {
		name, file, src, want string
		run                   func(*render.Set) error
	}{
		{"endless output", "prompts.txt.tmpl", `{{define "who-said"}}{{range 10000}}{{range 10000}}spam {{end}}{{end}}{{end}}`, "over",
			func(s *render.Set) error { _, err := s.Text("who-said", &generator.Fact{}); return err }},
		{"empty card back", "card-back.html.tmpl", `{{define "card-back"}} <br> {{end}}`, "empty card back",
			func(s *render.Set) error { _, err := s.CardBack(q, &generator.Deck{}); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := render.NewFS(fstest.MapFS{tc.file: {Data: []byte(tc.src)}}, "tmpl")
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.run(s); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// A range over a huge number is refused when the overrides are read: it
// could run for hours without writing a byte.
func TestOverrideHugeRange(t *testing.T) {
	src := `{{define "who-said"}}{{if .Said}}{{range $i := 100000000000}}{{end}}{{end}}{{end}}`
	_, err := render.NewFS(fstest.MapFS{"prompts.txt.tmpl": {Data: []byte(src)}}, "tmpl")
	if err == nil || !strings.Contains(err.Error(), "range over 100000000000") {
		t.Fatalf("NewFS = %v, want an error about the range", err)
	}
}

func TestBlank(t *testing.T) {
	for s, want := range map[string]bool{"": true, "  \n": true, "<b></b> <br/>": true, "&nbsp;": true, "<b>x</b>": false, "x": false, "a < b": false} {
		if got := render.Blank(s); got != want {
			t.Errorf("Blank(%q) = %v", s, got)
		}
	}
}

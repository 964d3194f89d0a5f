package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckReportsWhatBuildRejects enumerates the ways a build fails on
// its inputs; for each, build must fail and check must fail with the same
// problem, so a teacher who runs check first is never surprised.
func TestCheckReportsWhatBuildRejects(t *testing.T) {
	quiz := func(extra string) string {
		return "builds:\n  - name: midterm\n    count: 12\n    formats: [quiz-pdf, key-pdf]\n" + extra
	}
	cases := []struct {
		name   string
		config string
		files  map[string]string
		want   []string // in both outputs
	}{
		{"unknown question id", "builds:\n  - name: picked\n    questions: [eurasian-union/nope/who-said]\n    formats: [json]\n", nil,
			[]string{`quizdeck.yaml:3:17: builds.0.questions.0: build picked: no question "eurasian-union/nope/who-said"`}},
		{"unknown deck", "builds:\n  - name: d\n    decks: [nope]\n    formats: [json]\n", nil,
			[]string{`quizdeck.yaml:3:13: builds.0.decks.0: build d: no deck "nope"`}},
		{"tag matching nothing", "builds:\n  - name: t\n    tags: [no-such-tag]\n    formats: [json]\n", nil,
			[]string{`quizdeck.yaml:3:12: builds.0.tags.0: build t: tag "no-such-tag" matches no question`}},
		{"count over the bank", "builds:\n  - name: big\n    count: 100000\n    formats: [json]\n", nil,
			[]string{`quizdeck.yaml:3:12: builds.0.count: build big: asks for 100000 questions but its filters allow only`}},
		{"too many matching items", quiz("    quiz: {matching: 11}\n"), nil,
			[]string{`builds.0.quiz: build midterm: quiz.matching asks for 11 items`}},
		{"too many short answers", quiz("    quiz: {short_answer: 13}\n"), nil,
			[]string{`builds.0.quiz: build midterm: quiz asks for 0 matching and 13 short-answer items but the build has only 12 questions`}},
		{"roster missing", quiz("    quiz: {roster: none.csv}\n"), nil,
			[]string{`quizdeck.yaml:5:20: builds.0.quiz.roster: build midterm: open none.csv: no such file`}},
		{"roster bad rows", quiz("    quiz: {roster: roster.csv}\n"), map[string]string{"roster.csv": "name,id\nAna,s1\n,s2\nBo,s1\n"},
			[]string{"roster.csv:3: empty name", `roster.csv:4: id "s1" already used on line 2`, "quizdeck: 2 problems\n"}},
		{"font not TrueType", quiz("    quiz: {font: font.ttf}\n"), map[string]string{"font.ttf": "not a font"},
			[]string{`quizdeck.yaml:5:18: builds.0.quiz.font: build midterm: font font.ttf: not a TrueType font`}},
		{"empty card back", "templates: tmpl\n", map[string]string{"tmpl/card-back.html.tmpl": `{{define "card-back"}}{{end}}`},
			[]string{"template card-back: renders an empty card back for eurasian-union/"}},
		{"empty prompt", "templates: tmpl\n", map[string]string{"tmpl/prompts.txt.tmpl": `{{define "which-base"}} {{end}}{{define "who-said"}}Who?{{end}}{{define "which-year"}}When?{{end}}{{define "base-country"}}Where?{{end}}`},
			[]string{"template which-base renders an empty prompt"}},
		{"invalid value", quiz("    quiz: {versions: 0}\n"), nil,
			[]string{`quizdeck.yaml:5:22: builds.0.quiz.versions: must be between 1 and 26, not 0`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			writeFile(t, "quizdeck.yaml", tc.config)
			for name, data := range tc.files {
				os.MkdirAll(filepath.Dir(name), 0o755)
				writeFile(t, name, data)
			}
			for _, command := range []string{"build", "check"} {
				var stdout, stderr bytes.Buffer
				code := run(context.Background(), []string{command}, &stdout, &stderr)
				if code != 1 {
					t.Errorf("%s: exit %d, want 1\n%s", command, code, stderr.String())
					continue
				}
				for _, w := range tc.want {
					if !strings.Contains(stderr.String(), w) {
						t.Errorf("%s does not report %q:\n%s", command, w, stderr.String())
					}
				}
			}
			if _, err := os.Stat("out"); err == nil {
				t.Error("the failed build left an output folder")
			}
		})
	}
}

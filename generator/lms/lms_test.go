package lms_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/quizdeck/quizdeck/generator"
	_ "github.com/quizdeck/quizdeck/generator/internal/golden" // so go test ./... -update passes here too
	"github.com/quizdeck/quizdeck/generator/lms"
	"github.com/quizdeck/quizdeck/generator/lms/internal/lmstest"
	"github.com/quizdeck/quizdeck/generator/quiz"
	"github.com/quizdeck/quizdeck/generator/render"
)

func TestHTML(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{`<b>a</b> & "q" 'q'`, `&lt;b&gt;a&lt;/b&gt; &amp; "q" 'q'`},
		{"&amp; stays literal", "&amp;amp; stays literal"},
		{"two\nlines\r\nthree", "two<br>lines<br>three"},
		{"Ünïcödé “curly”", "Ünïcödé “curly”"},
	} {
		got := lms.HTML(tc.in)
		if got != tc.want {
			t.Errorf("HTML(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if !strings.Contains(tc.in, "\n") && html.UnescapeString(got) != tc.in {
			t.Errorf("HTML(%q) does not unescape to itself", tc.in)
		}
	}
}

var ncname = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

func TestIdent(t *testing.T) {
	ids := []string{"eurasian-union/putin/who-said", "eurasian-union/putin/which-year", "a.b/c/who-said", "a-b/c/who-said",
		"deck/" + strings.Repeat("x", 200) + "/who-said"}
	seen := map[string]string{}
	for _, id := range ids {
		got := lms.Ident("Q_", id)
		if !ncname.MatchString(got) || len(got) > 100 {
			t.Errorf("Ident(%q) = %q: not a short NCName without . or :", id, got)
		}
		if prev, ok := seen[got]; ok {
			t.Errorf("Ident(%q) = Ident(%q) = %q", id, prev, got)
		}
		seen[got] = id
		if lms.Ident("Q_", id) != got {
			t.Errorf("Ident(%q) is not stable", id)
		}
	}
	q := &generator.Question{ID: "d/f/who-said"}
	if lms.ChoiceIdent(q, "Putin") == lms.ChoiceIdent(q, "Medvedev") || lms.ChoiceIdent(q, "Putin") != lms.ChoiceIdent(q, " putin.") {
		t.Error("ChoiceIdent must tell options apart and ignore case and punctuation like Normalize")
	}
}

// TestNew checks the export is the printed quiz's version A: the same
// sections, questions and option order, whatever the number of versions.
func TestNew(t *testing.T) {
	b := lmstest.Build("midterm")
	job := lmstest.HostileJob(b)
	e, err := lms.New(job, lmstest.Templates(t))
	if err != nil {
		t.Fatal(err)
	}
	job.Build.Quiz.Versions = 3
	plan, err := quiz.New(job)
	if err != nil {
		t.Fatal(err)
	}
	var printed []quiz.Item
	for _, s := range plan.Versions[0].Sections {
		if s.Kind != quiz.Matching {
			printed = append(printed, s.Items...)
		} else if len(s.Items) != len(e.Matching.Items) || strings.Join(s.Choices, "|") != strings.Join(e.Matching.Choices, "|") {
			t.Errorf("matching section differs from version A's")
		}
	}
	if len(printed) != len(e.Items) {
		t.Fatalf("%d items, version A prints %d", len(e.Items), len(printed))
	}
	for i := range printed {
		if printed[i].Question.ID != e.Items[i].Question.ID || strings.Join(printed[i].Options, "|") != strings.Join(e.Items[i].Options, "|") {
			t.Errorf("item %d: %s %q, version A has %s %q", i, e.Items[i].Question.ID, e.Items[i].Options, printed[i].Question.ID, printed[i].Options)
		}
	}
	if e.Total() != 2*12 || e.Questions() != 9 || e.MatchingPoints() != 8 {
		t.Errorf("total %d, questions %d, matching %d", e.Total(), e.Questions(), e.MatchingPoints())
	}
}

func TestNewRefuses(t *testing.T) {
	b := lmstest.Build("midterm")
	for _, tc := range []struct {
		name string
		job  *generator.Job
		want string
	}{
		{"control character", lmstest.OneJob(b, "Who said\x00?", "A", "B", "e"), "control character"},
		{"invalid UTF-8", lmstest.OneJob(b, "Who said?", "A\xff", "B", "e"), "not valid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lms.New(tc.job, lmstest.Templates(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New: %v, want an error about %s", err, tc.want)
			}
		})
	}
	// A matching section of two rows with no extra speaker has two answers:
	// Moodle needs three.
	job := lmstest.HostileJob(b)
	job.Build.Quiz.Matching = 2
	for i := range job.Questions[2:] {
		job.Questions[i+2].Kind = generator.WhichYear
	}
	job.Questions[0].Distractors = []string{job.Questions[1].Answer}
	job.Questions[1].Distractors = []string{job.Questions[0].Answer}
	if _, err := lms.New(job, lmstest.Templates(t)); err == nil || !strings.Contains(err.Error(), "at least 3") {
		t.Errorf("New with a two-choice matching section: %v", err)
	}
}

// TestTemplates overrides lms.txt.tmpl, as a teacher writing in another
// language would, and checks the export's text follows it.
func TestTemplates(t *testing.T) {
	src := `{{define "lms-feedback"}}Réponse : {{.Question.Answer}} ({{.Deck.Title}}){{end}}
{{define "lms-matching-prompt"}}Associez les {{.Count}} citations.{{end}}
{{define "lms-description"}}{{.Questions}} questions{{end}}`
	set, err := render.NewFS(fstest.MapFS{"lms.txt.tmpl": {Data: []byte(src)}}, "override")
	if err != nil {
		t.Fatal(err)
	}
	job := lmstest.HostileJob(lmstest.Build("midterm"))
	e, err := lms.New(job, set)
	if err != nil {
		t.Fatal(err)
	}
	q := &job.Questions[0]
	if got, want := e.Feedback(q), "Réponse : "+q.Answer+" (Hostile <deck> & “text”)"; got != want {
		t.Errorf("feedback %q, want %q", got, want)
	}
	if e.MatchingPrompt() != "Associez les 4 citations." || e.Description() != "9 questions" {
		t.Errorf("matching prompt %q, description %q", e.MatchingPrompt(), e.Description())
	}
	bad, err := render.NewFS(fstest.MapFS{"lms.txt.tmpl": {Data: []byte(`{{define "lms-feedback"}}{{.Nope}}{{end}}`)}}, "override")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lms.New(job, bad); err == nil || !strings.Contains(err.Error(), "lms-feedback") {
		t.Errorf("a broken template: %v", err)
	}
}

func TestGroupKey(t *testing.T) {
	b := lmstest.Build("midterm")
	b.Quiz.LMSGroups = lms.GroupPassage
	job := lmstest.HostileJob(b)
	job.Questions[11].Passage = "alone"
	e, err := lms.New(job, lmstest.Templates(t))
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]int{}
	for _, it := range e.Items {
		groups[e.GroupKey(&it.Question)]++
	}
	for k, n := range groups {
		if k != "" && n < 2 {
			t.Errorf("group %q holds %d item", k, n)
		}
	}
	if _, ok := groups["alone"]; ok || len(groups) < 2 {
		t.Errorf("groups %v: want passage groups of two or more and no group \"alone\"", groups)
	}
	b.Quiz.LMSGroups = ""
	e, _ = lms.New(lmstest.HostileJob(b), lmstest.Templates(t))
	for _, it := range e.Items {
		if k := e.GroupKey(&it.Question); k != "" {
			t.Errorf("no groups asked for, but %s is in %q", it.Question.ID, k)
		}
	}
}

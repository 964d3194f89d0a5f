package question_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// lintDeck loads the clean fixture with edits applied (old → new text
// replacements), generates its questions and lints them.
func lintDeck(t *testing.T, edits ...string) ([]*generator.Deck, []generator.Question, []*question.Finding) {
	t.Helper()
	base, err := os.ReadFile("testdata/lint/clean.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(base)
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(text, edits[i]) {
			t.Fatalf("fixture has no %q to edit", edits[i])
		}
		text = strings.Replace(text, edits[i], edits[i+1], 1)
	}
	fsys := fstest.MapFS{"lint/deck.yaml": {Data: []byte(text)}}
	ds, err := spec.Load(fsys, "testdata")
	if err != nil {
		t.Fatal(err)
	}
	qs, warns, err := question.Generate(ds, 1, tmpl(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warns {
		t.Logf("warning: %v", w)
	}
	return ds, qs, question.Lint(ds, qs)
}

func codes(fs []*question.Finding) map[string][]string {
	out := map[string][]string{}
	for _, f := range fs {
		out[f.Code] = append(out[f.Code], f.Error())
	}
	return out
}

func TestLintCleanFixture(t *testing.T) {
	_, qs, fs := lintDeck(t)
	if len(qs) != 5 {
		t.Errorf("%d questions, want 5", len(qs))
	}
	for _, f := range fs {
		t.Errorf("clean fixture: %v", f)
	}
}

// TestLintRules pins each rule with a spec that breaks it: the finding
// names the rule's code at the fact's position. The clean fixture
// (TestLintCleanFixture) is the passing spec for every rule.
func TestLintRules(t *testing.T) {
	tests := []struct {
		code  string
		edits []string
		want  string // in the finding
	}{
		{question.CodeRoleMix, []string{
			"  - {name: Dmitry Medvedev, role: official, affiliation: Russia, active: [1999]}\n  - {name: Yevgeny Primakov, role: official, affiliation: Russia, active: [1991, 2015]}",
			"  - {name: Marlene Laruelle, role: scholar, active: [2000]}\n  - {name: Richard Pipes, role: scholar, active: [1950, 2018]}"},
			"testdata/lint/deck.yaml:20:14: role-mix: lint/lavrov-near-abroad/who-said: only 1 of the wrong options is a official"},
		{question.CodeCountryCue, []string{
			"    detail: the base Moscow holds until 2044\n", "    detail: the base Moscow holds until 2044\n    prompts: {which-base: \"Which base in Armenia does Moscow hold until 2044?\"}\n"},
			"country-cue: lint/gyumri/which-base: the prompt names Armenia but the option"},
		{question.CodeContext, []string{
			"said: Russia will not allow", "said: this policy means Russia will not allow"},
			"context-dependent: lint/lavrov-near-abroad/who-said: the prompt's quoted or reported words open with \"this policy\""},
		{question.CodeContext, []string{
			"the treaty was signed", "Russia signed these agreements"},
			"context-dependent: lint/treaty/which-year: \"these\" points at text"},
		{question.CodeLengthCue, []string{
			"Sergei Lavrov", "the Minister of Foreign Affairs Sergei Viktorovich Lavrov",
			"speaker: Sergei Lavrov", "speaker: the Minister of Foreign Affairs Sergei Viktorovich Lavrov"},
			"option-length-cue: lint/lavrov-near-abroad/who-said: the answer \"the Minister of Foreign Affairs Sergei Viktorovich Lavrov\" is"},
		{question.CodeCollision, []string{
			"    form: paraphrase\n", "    form: paraphrase\n    prompts: {who-said: \"Who said: “Russia will not allow anyone to exclude it.”?\"}\n"},
			"template-collision: lint/lavrov-near-abroad/who-said: the prompt has \".”?\""},
		{question.CodeNoEntities, []string{
			"  - {name: Vladimir Putin, role: official, affiliation: Russia, active: [1991]}\n  - {name: Sergei Lavrov, role: official, affiliation: Russia, active: [1992]}\n  - {name: Dmitry Medvedev, role: official, affiliation: Russia, active: [1999]}\n  - {name: Yevgeny Primakov, role: official, affiliation: Russia, active: [1991, 2015]}\n  - {name: Jeffrey Mankoff, role: analyst, affiliation: United States, active: [2000]}\n",
			"",
			"people:\n", "",
			"pools:\n", "pools:\n  speakers: [Vladimir Putin, Dmitry Medvedev, Jeffrey Mankoff]\n"},
			"undeclared-entities: deck \"lint\" declares no people"},
		{question.CodeUnknownEra, []string{
			"{name: Jeffrey Mankoff, role: analyst, affiliation: United States, active: [2000]}", "{name: Jeffrey Mankoff, role: analyst}"},
			"unknown-era: \"Jeffrey Mankoff\" has no active years"},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			_, _, fs := lintDeck(t, tc.edits...)
			got := codes(fs)[tc.code]
			if !strings.Contains(strings.Join(got, "\n"), tc.want) {
				t.Errorf("findings %s = %q\nwant one containing %q\nall: %v", tc.code, got, tc.want, fs)
			}
		})
	}
}

// TestLintImplausible judges options a generator did not choose (an
// imported or hand-edited bank): wrong kind, wrong era, wrong class, a
// year after the source, and two or more such options make the question
// guessable.
func TestLintImplausible(t *testing.T) {
	ds, qs, _ := lintDeck(t,
		"  - {name: Jeffrey Mankoff, role: analyst, affiliation: United States, active: [2000]}\n",
		"  - {name: Jeffrey Mankoff, role: analyst, affiliation: United States, active: [2000]}\n  - {name: the State Duma, kind: body, active: [1993]}\n  - {name: Petr Valuev, role: official, active: [1845, 1890]}\n",
		"  - {name: Vaziani, type: base, country: Georgia}\n",
		"  - {name: Vaziani, type: base, country: Georgia}\n  - {name: Bishkek, type: city, country: Kyrgyzstan}\n")
	edit := map[string][]string{
		"lint/lavrov-near-abroad/who-said": {"the State Duma", "Petr Valuev", "Dmitry Medvedev"},
		"lint/treaty/which-year":           {"2005", "2019", "2007"},
		"lint/gyumri/which-base":           {"Bishkek", "Kant", "Ayni"},
	}
	for i := range qs {
		if ds, ok := edit[qs[i].ID]; ok {
			qs[i].Distractors = ds
		}
	}
	got := codes(question.Lint(ds, qs))
	all := strings.Join(got[question.CodeImplausible], "\n")
	for _, want := range []string{
		`lavrov-near-abroad/who-said: "the State Duma" is a body among answers of kind person`,
		`lavrov-near-abroad/who-said: "Petr Valuev" was not active in 2008 (active 1845-1890)`,
		`treaty/which-year: "2019" lies outside the years up to 2015`,
		`gyumri/which-base: "Bishkek" is a city among base answers`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no finding %q in\n%s", want, all)
		}
	}
	if g := got[question.CodeGuessable]; len(g) != 1 || !strings.Contains(g[0], "lavrov-near-abroad/who-said: 2 of 3") {
		t.Errorf("guessable = %q, want the who-said question only", g)
	}
}

// TestLintQuiz pins the quiz rules: a listed build with two questions from
// one passage, or with a prompt holding another's answer.
func TestLintQuiz(t *testing.T) {
	ds, qs, _ := lintDeck(t,
		"    source: {excerpt: the treaty was signed in 2006}", "    passage: p1\n    source: {excerpt: the treaty was signed in 2006}",
		"    form: paraphrase\n", "    form: paraphrase\n    passage: p1\n")
	byID := map[string]generator.Question{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	pair := []generator.Question{byID["lint/lavrov-near-abroad/who-said"], byID["lint/treaty/which-year"]}
	if got := codes(question.LintQuiz(ds, "midterm", pair))[question.CodeSamePassage]; len(got) != 1 ||
		!strings.Contains(got[0], "build midterm: lint/lavrov-near-abroad/who-said and lint/treaty/which-year come from one passage") {
		t.Errorf("same-passage = %q", got)
	}
	// Without the shared passage, the pair is fine; a prompt holding the
	// other's answer is not.
	ds, qs, _ = lintDeck(t, "the treaty was signed", "the treaty Sergei Lavrov negotiated was signed")
	byID = map[string]generator.Question{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	pair = []generator.Question{byID["lint/lavrov-near-abroad/who-said"], byID["lint/treaty/which-year"]}
	if got := codes(question.LintQuiz(ds, "midterm", pair))[question.CodeGiveAway]; len(got) != 1 {
		t.Errorf("give-away = %q", got)
	}
	ds, qs, _ = lintDeck(t)
	var quiz []generator.Question
	for _, q := range qs {
		if q.Kind != generator.WhichYear || q.Fact == "treaty" {
			if q.Kind != generator.BaseCountry {
				quiz = append(quiz, q)
			}
		}
	}
	if fs := question.LintQuiz(ds, "midterm", quiz); len(fs) != 0 {
		t.Errorf("clean fixture as a quiz: %v", fs)
	}
}

// TestLintStatesOption: the generator never offers an option its prompt
// names; an imported or hand-edited question may, and lint says so.
func TestLintStatesOption(t *testing.T) {
	ds, qs, fs := lintDeck(t, "    form: paraphrase\n",
		"    form: paraphrase\n    prompts: {who-said: \"Which official, Vladimir Putin's colleague, said in 2008 that Russia will not allow anyone to exclude it?\"}\n")
	for _, f := range fs {
		t.Errorf("generated: %v", f)
	}
	for i := range qs {
		if qs[i].ID == "lint/lavrov-near-abroad/who-said" {
			if slices.Contains(qs[i].Distractors, "Vladimir Putin") {
				t.Fatalf("the generator offered the option its prompt names: %v", qs[i].Distractors)
			}
			qs[i].Distractors[0] = "Vladimir Putin"
		}
	}
	got := codes(question.Lint(ds, qs))[question.CodeStatesOption]
	if len(got) != 1 || !strings.Contains(got[0], `prompt-states-option: lint/lavrov-near-abroad/who-said: the prompt names the option "Vladimir Putin"`) {
		t.Errorf("prompt-states-option = %q", got)
	}
}

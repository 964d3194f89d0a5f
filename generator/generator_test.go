package generator_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
)

func TestGUID(t *testing.T) {
	// Test vectors of genanki's guid_for (anki-import.md 3.8).
	tests := []struct {
		key  []string
		want string
	}{
		{[]string{"hello"}, "hZ%+.BW-%^"},
		{[]string{"Capital of France?", "Paris"}, "xlQ`^eZgt3"},
	}
	for _, tc := range tests {
		if got := generator.GUID(tc.key...); got != tc.want {
			t.Errorf("GUID(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Putin", " putin."},
		{"Łódź", "ŁÓDŹ"},
		{"café", "cafe\u0301"}, // NFC and NFD spellings
		{"Nagorno-Karabakh", "nagorno karabakh"},
	}
	for _, tc := range tests {
		if generator.Normalize(tc.a) != generator.Normalize(tc.b) {
			t.Errorf("Normalize(%q) = %q != Normalize(%q) = %q", tc.a, generator.Normalize(tc.a), tc.b, generator.Normalize(tc.b))
		}
	}
	if generator.Normalize("Putin") == generator.Normalize("Medvedev") {
		t.Error("different names normalise equal")
	}
}

func TestValidName(t *testing.T) {
	for _, ok := range []string{"deck", "quiz-1", "a.b_c"} {
		if !generator.ValidName(ok) {
			t.Errorf("ValidName(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "..", "../x", "a/b", "Deck", "-x", "a b", `a\b`} {
		if generator.ValidName(bad) {
			t.Errorf("ValidName(%q) = true", bad)
		}
	}
}

func TestValidate(t *testing.T) {
	opts := generator.DefaultOptions()
	opts.Builds = []generator.BuildOptions{
		{Name: "ok", Formats: []string{generator.FormatAnkiCSV}},
		{Name: "ok", Formats: []string{"pdf"}, Kinds: []string{"who-knows"}, Count: -1},
		{Name: "../escape", Formats: []string{generator.FormatJSON}},
	}
	for i := range opts.Builds {
		opts.Builds[i].FillDefaults()
	}
	err := opts.Validate()
	if err == nil {
		t.Fatal("Validate accepted bad builds")
	}
	for _, want := range []string{
		`builds.1.name: build "ok" is defined twice`,
		`builds.1.formats.0: unknown format "pdf"`,
		`builds.1.kinds.0: unknown question kind "who-knows"`,
		`builds.1.count: must not be negative`,
		`builds.2.name: "../escape" is not a valid build name`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error lacks %q:\n%v", want, err)
		}
	}
	var fe *generator.FieldError
	if !errors.As(err, &fe) {
		t.Error("Validate errors are not *FieldError")
	}
}

type failing struct{ after int }

func (failing) Name() string { return "fail" }
func (f failing) Write(_ context.Context, job *generator.Job, out *generator.Output) error {
	if err := out.WriteFile(job.Build.Name, job.Build.Name+"/partial.txt", "fail", func(w io.Writer) error {
		_, err := io.WriteString(w, "half")
		return err
	}); err != nil {
		return err
	}
	return errors.New("disk on fire")
}

type echo struct{}

func (echo) Name() string { return "echo" }
func (echo) Write(_ context.Context, job *generator.Job, out *generator.Output) error {
	return out.WriteFile(job.Build.Name, job.Build.Name+"/ids.txt", "echo", func(w io.Writer) error {
		for _, q := range job.Questions {
			if _, err := io.WriteString(w, q.ID+"\n"); err != nil {
				return err
			}
		}
		return nil
	})
}

func bank() *generator.Bank {
	b := &generator.Bank{Decks: []*generator.Deck{{ID: "d"}}}
	kinds := []generator.Kind{generator.WhoSaid, generator.WhichYear, generator.WhichBase, generator.BaseCountry}
	for i := range 40 {
		fact := string(rune('a'+i%20)) + "-fact"
		k := kinds[i%len(kinds)]
		if i >= 20 {
			k = kinds[(i+1)%len(kinds)]
		}
		b.Questions = append(b.Questions, generator.Question{ID: generator.QuestionID("d", fact, k), Deck: "d", Fact: fact, Kind: k,
			Tags: []string{[]string{"caucasus", "eu", "csto"}[i%3]}})
	}
	return b
}

// TestBuildFailureKeepsEarlierOutputs checks the staging promise: a build
// that fails halfway leaves the previous outputs byte for byte.
func TestBuildFailureKeepsEarlierOutputs(t *testing.T) {
	dir := t.TempDir()
	opts := generator.DefaultOptions()
	opts.Out = dir
	opts.Builds = []generator.BuildOptions{{Name: "deck", Formats: []string{"echo"}}}
	if _, err := generator.Build(context.Background(), bank(), opts, []generator.Format{echo{}}, "", nil); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	opts.Builds = append(opts.Builds, generator.BuildOptions{Name: "broken", Formats: []string{"fail"}})
	_, err := generator.Build(context.Background(), bank(), opts, []generator.Format{echo{}, failing{}}, "", nil)
	if err == nil || !strings.Contains(err.Error(), "build broken: fail: disk on fire") {
		t.Fatalf("err = %v", err)
	}
	if after := snapshot(t, dir); !equalMaps(before, after) {
		t.Errorf("outputs changed by a failed build:\nbefore %v\nafter  %v", keys(before), keys(after))
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		m[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestOutputRejectsEscapes(t *testing.T) {
	out, err := generator.NewOutput(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer out.Abort()
	for _, p := range []string{"../x", "/etc/x", "a/../../x", "manifest.json", `a\..\x`} {
		if err := out.WriteFile("b", p, "f", func(io.Writer) error { return nil }); err == nil {
			t.Errorf("WriteFile(%q) succeeded", p)
		}
	}
	ok := func(io.Writer) error { return nil }
	if err := out.WriteFile("b", "b/x.txt", "f", ok); err != nil {
		t.Fatal(err)
	}
	if err := out.WriteFile("b", "b/x.txt", "f", ok); err == nil {
		t.Error("a path written twice was accepted")
	}
}

func TestSelect(t *testing.T) {
	b := bank()
	t.Run("filters", func(t *testing.T) {
		qs, err := generator.Select(b, generator.BuildOptions{Name: "x", Kinds: []string{"who-said"}, Tags: []string{"eu"}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			if q.Kind != generator.WhoSaid || q.Tags[0] != "eu" {
				t.Errorf("filter let %s through", q.ID)
			}
		}
	})
	t.Run("sample is one per fact, balanced and seeded", func(t *testing.T) {
		build := generator.BuildOptions{Name: "quiz", Count: 12}
		qs, err := generator.Select(b, build, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) != 12 {
			t.Fatalf("got %d questions", len(qs))
		}
		facts := map[string]bool{}
		kinds := map[generator.Kind]int{}
		for _, q := range qs {
			if facts[q.Fact] {
				t.Errorf("two questions from fact %s", q.Fact)
			}
			facts[q.Fact] = true
			kinds[q.Kind]++
		}
		for k, n := range kinds {
			if n != 3 {
				t.Errorf("kind %s has %d questions, want 3 of each", k, n)
			}
		}
		again, _ := generator.Select(b, build, 1)
		other, _ := generator.Select(b, build, 2)
		if ids(again) != ids(qs) {
			t.Error("same seed gave a different sample")
		}
		if ids(other) == ids(qs) {
			t.Error("another seed gave the same sample")
		}
	})
	t.Run("too many", func(t *testing.T) {
		_, err := generator.Select(b, generator.BuildOptions{Name: "quiz", Count: 21}, 1)
		if err == nil || !strings.Contains(err.Error(), "asks for 21 questions but its filters allow only 20") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("listed ids keep their order", func(t *testing.T) {
		want := []string{b.Questions[5].ID, b.Questions[1].ID}
		qs, err := generator.Select(b, generator.BuildOptions{Name: "x", Questions: want}, 1)
		if err != nil || len(qs) != 2 || qs[0].ID != want[0] || qs[1].ID != want[1] {
			t.Fatalf("Select = %v, %v", qs, err)
		}
		if _, err := generator.Select(b, generator.BuildOptions{Name: "x", Questions: []string{"d/nope/who-said"}}, 1); err == nil {
			t.Error("unknown id accepted")
		}
	})
}

func ids(qs []generator.Question) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString(q.ID + " ")
	}
	return b.String()
}

func TestQuestionSourceText(t *testing.T) {
	q := generator.Question{Source: generator.Citation{Footnote: 5, Excerpt: "ordered on October 22"},
		GroundedBy: []generator.Citation{{Excerpt: "the crisis of 1962"}, {Footnote: 2, Excerpt: "in 1962"}}}
	want := "n. 5: “ordered on October 22”; also “the crisis of 1962”; also n. 2: “in 1962”"
	if got := q.SourceText(); got != want {
		t.Errorf("SourceText = %q, want %q", got, want)
	}
}

// TestSelectPreciseDates: month and date questions are in the bank but a
// build takes them only when its kinds list them.
func TestSelectPreciseDates(t *testing.T) {
	b := bank()
	b.Questions = append(b.Questions, generator.Question{ID: "d/z-fact/which-month", Deck: "d", Fact: "z-fact", Kind: generator.WhichMonth, Tags: []string{"eu"}})
	all, err := generator.Select(b, generator.BuildOptions{Name: "deck"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range all {
		if generator.Precise(q.Kind) {
			t.Errorf("a build with no kinds took %s", q.ID)
		}
	}
	months, err := generator.Select(b, generator.BuildOptions{Name: "m", Kinds: []string{"which-month"}}, 1)
	if err != nil || len(months) != 1 {
		t.Errorf("kinds [which-month] took %v (%v)", months, err)
	}
}

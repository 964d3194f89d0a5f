package grade_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grade"
	"github.com/quizdeck/quizdeck/generator/grade/simclass"
	"github.com/quizdeck/quizdeck/generator/quiz"
)

// questions makes n four-option questions with distinct option texts.
func questions(n int) []generator.Question {
	var qs []generator.Question
	for i := range n {
		fact := fmt.Sprintf("f%03d", i)
		q := generator.Question{ID: generator.QuestionID("d", fact, generator.WhoSaid), Deck: "d", Fact: fact, Kind: generator.WhoSaid,
			Prompt: fmt.Sprintf("Who said thing %d?", i), Answer: fmt.Sprintf("Answer %d", i),
			Distractors: []string{fmt.Sprintf("Wrong %d-a", i), fmt.Sprintf("Wrong %d-b", i), fmt.Sprintf("=Wrong %d-c", i)},
			Source:      generator.Citation{Footnote: i + 1, Excerpt: "excerpt " + fact}}
		qs = append(qs, q)
	}
	return qs
}

// key plans a real quiz of n questions in the given versions and reads its
// key back from the manifest entries, as `quizdeck grade` does.
func key(t testing.TB, n, versions int, mod func(*generator.QuizOptions)) *grade.Key {
	t.Helper()
	b := generator.BuildOptions{Name: "q", Formats: generator.QuizFormats(), Quiz: generator.DefaultQuizOptions()}
	b.Quiz.Versions = versions
	if mod != nil {
		mod(&b.Quiz)
	}
	plan, err := quiz.New(&generator.Job{Build: b, Questions: questions(n), Seed: 3, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	var m generator.Manifest
	for _, v := range plan.Versions {
		m.Quizzes = append(m.Quizzes, v.Entry("q", "q/quiz-"+v.Letter+".pdf", ""))
	}
	k, err := grade.FromManifest(&m, "")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func gradeCSV(t testing.TB, k *grade.Key, csv []byte) *grade.Result {
	t.Helper()
	resp, err := grade.ParseResponses(bytes.NewReader(csv), "responses.csv", k)
	if err != nil {
		t.Fatal(err)
	}
	res, err := grade.Grade(context.Background(), k, resp)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func simulate(t testing.TB, k *grade.Key, m simclass.Model) (*simclass.Class, []byte) {
	t.Helper()
	c, err := simclass.Simulate(k, m)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	return c, buf.Bytes()
}

// TestPlanted grades classes drawn from a known model with a miskeyed item,
// a dead distractor and an ambiguous item: the analysis flags exactly those
// items, each for its own reason.
func TestPlanted(t *testing.T) {
	k := key(t, 30, 3, nil)
	for seed := uint64(1); seed <= 8; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			m := simclass.DefaultModel()
			m.Students, m.Seed = 1000, seed
			m.Miskey, m.Dead, m.Ambiguous = int(seed%10), int(seed%10)+10, int(seed%10)+20
			c, data := simulate(t, k, m)
			res := gradeCSV(t, k, data)
			for i, r := range res.Items {
				planted := c.Planted[i]
				kinds := map[string]string{}
				for _, f := range r.Flags {
					kinds[f.Kind] = f.Option
				}
				switch planted {
				case "":
					if r.Flagged() {
						t.Errorf("item %d (%s) not planted but flagged %v (disc %.3f)", i, r.Item.ID, r.Flags, r.Discrimination)
					}
				case "miskey":
					if _, ok := kinds[grade.FlagNegative]; !ok {
						t.Errorf("miskeyed item %d: flags %v, discrimination %.3f", i, r.Flags, r.Discrimination)
					}
					if _, ok := kinds[grade.FlagTopGroup]; !ok {
						t.Errorf("miskeyed item %d: top group does not prefer the true answer: %v", i, r.Flags)
					}
				case "dead":
					if len(r.Flags) != 1 || r.Flags[0] != (grade.Flag{Kind: grade.FlagDead, Option: c.DeadOption}) {
						t.Errorf("dead-distractor item %d: flags %v, want only %s: %s", i, r.Flags, grade.FlagDead, c.DeadOption)
					}
				case "ambiguous":
					// Found by its rival beating the key in the top group,
					// or by a discrimination near zero, or both.
					o, top := kinds[grade.FlagTopGroup]
					_, low := kinds[grade.FlagLow]
					if top && o != c.Rival || !top && !low {
						t.Errorf("ambiguous item %d: flags %v (discrimination %.3f), want %s: %s or %s", i, r.Flags, r.Discrimination, grade.FlagTopGroup, c.Rival, grade.FlagLow)
					}
					if _, ok := kinds[grade.FlagDead]; ok {
						t.Errorf("ambiguous item %d: flags %v", i, r.Flags)
					}
				}
			}
			if res.Test.KR20 < 0.7 || res.Test.KR20 > 1 {
				t.Errorf("KR-20 %.3f for a 30-item test of a discriminating model", res.Test.KR20)
			}
		})
	}
}

// TestVersionInvariance enters the same answers (by option text) under each
// version in turn: every per-question and per-student result is the same.
func TestVersionInvariance(t *testing.T) {
	k := key(t, 16, 4, func(o *generator.QuizOptions) { o.Matching = 3; o.ShortAnswer = 2; o.Points = 2 })
	m := simclass.DefaultModel()
	m.Students = 120
	m.Miskey = 0
	c, _ := simulate(t, k, m)
	var first *grade.Result
	for _, v := range k.VersionLetters() {
		var buf bytes.Buffer
		for i := range c.Students {
			c.Students[i].Version = v
		}
		if err := c.WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		res := gradeCSV(t, k, buf.Bytes())
		if first == nil {
			first = res
			continue
		}
		for i := range res.Items {
			a, b := first.Items[i], res.Items[i]
			if a.Difficulty != b.Difficulty || !sameFloat(a.Discrimination, b.Discrimination) || !slices.Equal(a.Options, b.Options) ||
				a.Blank != b.Blank || a.Multiple != b.Multiple || !slices.Equal(a.Flags, b.Flags) {
				t.Errorf("version %s, item %s: %+v, version A %+v", v, a.Item.ID, b, a)
			}
		}
		for s := range res.Students {
			if !slices.Equal(first.Students[s].Points, res.Students[s].Points) {
				t.Errorf("version %s, student %s: points %v, version A %v", v, res.Students[s].Student, res.Students[s].Points, first.Students[s].Points)
			}
		}
		if !sameFloat(first.Test.KR20, res.Test.KR20) || first.Test.Mean != res.Test.Mean {
			t.Errorf("version %s: test figures %+v, version A %+v", v, res.Test, first.Test)
		}
	}
}

func sameFloat(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// TestHeaderVariations reads the same answers as a scanner, a European
// spreadsheet and a hand-made sheet would write them.
func TestHeaderVariations(t *testing.T) {
	k := key(t, 3, 2, nil)
	letters := func(v string) []string {
		var out []string
		for _, sl := range k.Versions[v] {
			out = append(out, string(rune('A'+slices.Index(sl.Option, k.Items[sl.Item].Correct))))
		}
		return out
	}
	a, b := letters("A"), letters("B")
	for _, tc := range []struct{ name, csv string }{
		{"plain", "id,name,version,1,2,3\ns1,Ana,A," + strings.Join(a, ",") + "\ns2,Bo,B," + strings.Join(b, ",") + "\n"},
		{"scanner", "\ufeffStudent ID,Last Name,First Name,Form,Score,Q01,Q02,Q03\r\ns1,Núñez,Ana,a,99," + strings.ToLower(strings.Join(a, ",")) + "\r\ns2,Bo,B,B,,\"" + b[0] + "\"," + b[1] + "," + b[2] + "\r\n"},
		{"semicolon", "Student;Question 1;Question 2;Question 3;Version\ns1;" + strings.Join(a, ";") + ";A\n\ns2;" + strings.Join(b, ";") + ";B\n"},
		{"tab", "student_id\tversion\t#1\t#2\t#3\ns1\tA\t" + strings.Join(a, "\t") + "\ns2\tB\t" + strings.Join(b, "\t") + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := gradeCSV(t, k, []byte(tc.csv))
			if len(res.Students) != 2 {
				t.Fatalf("%d students", len(res.Students))
			}
			for _, s := range res.Students {
				if s.Score != 3 {
					t.Errorf("%s: score %g, want 3", s.Student, s.Score)
				}
			}
			if tc.name == "scanner" && res.Students[0].Name != "Ana Núñez" {
				t.Errorf("name %q", res.Students[0].Name)
			}
		})
	}
}

// TestMarks checks blanks and multiple marks: both score zero, a multiple
// mark is reported with its printed number.
func TestMarks(t *testing.T) {
	k := key(t, 3, 1, nil)
	res := gradeCSV(t, k, []byte("id,version,1,2,3\ns1,A,AB,,-\ns2,A,\"A, C\",b,\n"))
	s := res.Students[0]
	if s.Score != 0 || !slices.Equal(s.Multiple, []int{1}) {
		t.Errorf("s1: score %g, multiple %v", s.Score, s.Multiple)
	}
	first := k.Versions["A"][0].Item
	if r := res.Items[first]; r.Multiple != 2 {
		t.Errorf("item %s: %d multiple marks, want 2", r.Item.ID, r.Multiple)
	}
}

// TestParseErrors: every problem of a responses file is reported at once,
// at its line and column, and nothing is graded.
func TestParseErrors(t *testing.T) {
	k := key(t, 3, 2, func(o *generator.QuizOptions) { o.ShortAnswer = 1; o.Points = 2 })
	k.Students["s1"] = grade.Student{ID: "s1", Version: "A"}
	k.Students["s2"] = grade.Student{ID: "s2", Version: "B"}
	k.Students["s3"] = grade.Student{ID: "s3", Version: "A"}
	sa := 0
	for p, sl := range k.Versions["A"] {
		if k.Items[sl.Item].Section == grade.ShortAnswer {
			sa = p
		}
	}
	row := func(id, v string, cells ...string) string {
		return strings.Join(append([]string{id, v}, cells...), ",") + "\n"
	}
	good := []string{"A", "A", "A"}
	good[sa] = "1"
	badSA := slices.Clone(good)
	badSA[sa] = "3"
	for _, tc := range []struct {
		name string
		csv  string
		want []string
	}{
		{"header", "name,Q1,Q1,Q5\n", []string{
			"responses.csv:1:1: no student id column",
			"responses.csv:1:1: no column for question 2, 3",
			"responses.csv:1:9: question 1 has two columns (2 and 3)",
			"responses.csv:1:12: column \"Q5\": the quiz has 3 questions"}},
		{"rows", "id,version,1,2,3\n" +
			row("s1", "A", good...) +
			row("nobody", "A", good...) +
			row("s2", "C", good...) +
			row("s3", "B", good...) +
			row("s1", "A", good...) +
			"s2,B,A\n" +
			row("s2", "B", "Z", "Q", "?") +
			row("s3", "A", badSA...),
			[]string{
				"responses.csv:3:1: unknown student \"nobody\": not in the build's roster",
				"responses.csv:4:4: version \"C\" is not one the build printed (A, B)",
				"responses.csv:5:4: student s3 was given version A, not B",
				"responses.csv:6:1: student \"s1\" already answered on line 2",
				"responses.csv:7:1: 3 fields, the header has 5",
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := grade.ParseResponses(strings.NewReader(tc.csv), "responses.csv", k)
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(err.Error(), "\n")
			for _, w := range tc.want {
				if !slices.ContainsFunc(got, func(l string) bool { return strings.HasPrefix(l, w) }) {
					t.Errorf("missing %q in:\n%s", w, err)
				}
			}
			for _, e := range unjoin(err) {
				var pe *generator.PosError
				if !errors.As(e, &pe) || pe.Pos.Line == 0 {
					t.Errorf("%q is not a positioned error", e)
				}
			}
		})
	}
	// Letters beyond the options and points out of range are column errors.
	_, err := grade.ParseResponses(strings.NewReader("id,version,1,2,3\n"+row("s2", "B", "Z", "Q", "?")+row("s3", "A", badSA...)), "r.csv", k)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, w := range []string{"r.csv:2:6: question 1:", "r.csv:2:8: question 2:", "r.csv:2:10: question 3:", fmt.Sprintf("r.csv:3:%d: question %d: 3 points is outside 0–2", 6+2*sa, sa+1)} {
		if !strings.Contains(msg, w) {
			t.Errorf("missing %q in:\n%s", w, msg)
		}
	}
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// TestCell neutralises cells a spreadsheet would run as formulas.
func TestCell(t *testing.T) {
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-2": "'-2", "@x": "'@x", "\tx": "'\tx", "Putin": "Putin", "": ""} {
		if got := grade.Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestManifestKey refuses manifests a grade could not trust.
func TestManifestKey(t *testing.T) {
	entry := func(v string, opts []string, answer string) generator.QuizEntry {
		return generator.QuizEntry{Build: "q", Version: v, Questions: []generator.QuizAnswer{{ID: "x", Answer: answer, Section: grade.MultipleChoice, Points: 1, Options: opts}}}
	}
	for _, tc := range []struct {
		name string
		m    generator.Manifest
		want string
	}{
		{"none", generator.Manifest{}, "no quiz versions"},
		{"old manifest", generator.Manifest{Quizzes: []generator.QuizEntry{{Build: "q", Version: "A", Questions: []generator.QuizAnswer{{ID: "x", Answer: "A"}}}}}, "records no options"},
		{"answer out of range", generator.Manifest{Quizzes: []generator.QuizEntry{entry("A", []string{"a", "b"}, "C")}}, "not one of 2 options"},
		{"other options", generator.Manifest{Quizzes: []generator.QuizEntry{entry("A", []string{"a", "b"}, "A"), entry("B", []string{"a", "c"}, "A")}}, "option \"c\" is not printed"},
		{"other key", generator.Manifest{Quizzes: []generator.QuizEntry{entry("A", []string{"a", "b"}, "A"), entry("B", []string{"a", "b"}, "B")}}, "is not the option version A keys"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := grade.FromManifest(&tc.m, "")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

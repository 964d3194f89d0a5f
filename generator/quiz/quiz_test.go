package quiz

import (
	"bytes"
	"errors"
	"fmt"
	goldenfile "github.com/quizdeck/quizdeck/generator/internal/golden"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

// questions makes n who-said questions with distinct facts and speakers.
func questions(n int) []generator.Question {
	people := []string{"Vladimir Putin", "Dmitry Medvedev", "Sergei Lavrov", "Nursultan Nazarbayev", "Alexander Lukashenko",
		"Aleksandr Dugin", "Jeffrey Mankoff", "Hillary Clinton", "Serzh Sargsyan", "Islam Karimov"}
	var qs []generator.Question
	for i := range n {
		ans := people[i%len(people)]
		var ds []string
		for j := 1; len(ds) < 3; j++ {
			ds = append(ds, people[(i+j)%len(people)])
		}
		fact := fmt.Sprintf("q%02d", i)
		kind := generator.WhoSaid
		quotation := fmt.Sprintf("Quotation number %d – on the ‘near abroad’", i)
		prompt := "Who said, “" + quotation + "”?"
		if i%3 == 2 {
			quotation = ""
			kind, ans = generator.WhichYear, fmt.Sprint(1991+i)
			ds = []string{fmt.Sprint(1990 + i), fmt.Sprint(1993 + i), fmt.Sprint(1989 + i)}
			prompt = fmt.Sprintf("In which year did event %d happen?", i)
		}
		qs = append(qs, generator.Question{ID: generator.QuestionID("d", fact, kind), Deck: "d", Fact: fact, Kind: kind,
			Prompt: prompt, Quotation: quotation, Answer: ans, Distractors: ds, Source: generator.Citation{Footnote: i + 1, Excerpt: "excerpt " + fact}})
	}
	return qs
}

func job(qs []generator.Question, mod func(*generator.BuildOptions)) *generator.Job {
	b := generator.BuildOptions{Name: "q", Title: "Quiz", Formats: generator.QuizFormats(), Quiz: generator.DefaultQuizOptions()}
	if mod != nil {
		mod(&b)
	}
	return &generator.Job{Build: b, Questions: qs, Seed: 42, Log: io.Discard}
}

func TestLetter(t *testing.T) {
	for _, tc := range []struct {
		i    int
		want string
	}{{0, "A"}, {3, "D"}, {25, "Z"}, {26, "AA"}, {27, "AB"}, {51, "AZ"}, {52, "BA"}} {
		if got := Letter(tc.i); got != tc.want {
			t.Errorf("Letter(%d) = %q, want %q", tc.i, got, tc.want)
		}
	}
}

func TestNewVersions(t *testing.T) {
	qs := questions(40)
	q, err := New(job(qs, func(b *generator.BuildOptions) {
		b.Quiz.Versions = 3
		b.Quiz.Matching = 4
		b.Quiz.ShortAnswer = 3
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Versions) != 3 {
		t.Fatalf("%d versions", len(q.Versions))
	}
	ids := func(v *Version) []string {
		var s []string
		for _, it := range v.Items() {
			s = append(s, it.Question.ID)
		}
		return s
	}
	a := ids(q.Versions[0])
	if len(a) != 40 {
		t.Fatalf("version A has %d items", len(a))
	}
	sortedA := slices.Sorted(slices.Values(a))
	for _, v := range q.Versions[1:] {
		b := ids(v)
		if slices.Equal(a, b) {
			t.Errorf("version %s has the same order as A", v.Letter)
		}
		if !slices.Equal(sortedA, slices.Sorted(slices.Values(b))) {
			t.Errorf("version %s has other questions", v.Letter)
		}
	}
	for _, v := range q.Versions {
		kinds := map[Kind]int{}
		for i, it := range v.Items() {
			kinds[it.Kind]++
			if it.Number != i+1 {
				t.Errorf("version %s item %d numbered %d", v.Letter, i+1, it.Number)
			}
			switch it.Kind {
			case MultipleChoice:
				if it.Options[it.Correct] != it.Question.Answer {
					t.Errorf("version %s item %d: option %s is %q, answer %q", v.Letter, it.Number, it.Letter(), it.Options[it.Correct], it.Question.Answer)
				}
				if !slices.Equal(slices.Sorted(slices.Values(it.Options)), slices.Sorted(slices.Values(append([]string{it.Question.Answer}, it.Question.Distractors...)))) {
					t.Errorf("item %d options %q are not answer + distractors", it.Number, it.Options)
				}
			case Matching:
				s := v.Sections[1]
				if s.Choices[it.Correct] != it.Question.Answer {
					t.Errorf("matching item %d points at %q, answer %q", it.Number, s.Choices[it.Correct], it.Question.Answer)
				}
			case ShortAnswer:
				if it.Letter() != "" || it.Answer() != it.Question.Answer {
					t.Errorf("short answer %d: letter %q answer %q", it.Number, it.Letter(), it.Answer())
				}
			}
		}
		if kinds[MultipleChoice] != 33 || kinds[Matching] != 4 || kinds[ShortAnswer] != 3 {
			t.Errorf("version %s sections %v", v.Letter, kinds)
		}
		if len(v.Sections[1].Choices) != 6 {
			t.Errorf("matching offers %d choices, want 4 answers + 2 extra", len(v.Sections[1].Choices))
		}
	}
	// Same job, same plan.
	q2, _ := New(job(qs, func(b *generator.BuildOptions) {
		b.Quiz.Versions = 3
		b.Quiz.Matching = 4
		b.Quiz.ShortAnswer = 3
	}))
	for i := range q.Versions {
		if !slices.Equal(ids(q.Versions[i]), ids(q2.Versions[i])) || q.Versions[i].Distribution() != q2.Versions[i].Distribution() {
			t.Errorf("version %s differs between runs", q.Versions[i].Letter)
		}
	}
}

// TestBalancedLetters checks the correct letter is spread evenly: over a
// version's multiple-choice items each letter is right ⌊n/4⌋ or ⌈n/4⌉ times
// (give or take the cycle in progress), and not always the same one per question.
func TestBalancedLetters(t *testing.T) {
	for _, n := range []int{4, 10, 20, 50, 500} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			q, err := New(job(questions(n), func(b *generator.BuildOptions) { b.Quiz.Versions = 4 }))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range q.Versions {
				counts := make([]int, 4)
				for _, it := range v.Items() {
					counts[it.Correct]++
				}
				if slices.Max(counts)-slices.Min(counts) > 1 {
					t.Errorf("n=%d version %s: letter counts %v", n, v.Letter, counts)
				}
			}
			if n >= 20 {
				same := 0
				a, b := q.Versions[0].Items(), q.Versions[1].Items()
				pos := map[string]int{}
				for _, it := range a {
					pos[it.Question.ID] = it.Correct
				}
				for _, it := range b {
					if pos[it.Question.ID] == it.Correct {
						same++
					}
				}
				if same > n/2 {
					t.Errorf("versions A and B share the answer position of %d of %d questions", same, n)
				}
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	qs := questions(8)
	for _, tc := range []struct {
		name string
		qs   func() []generator.Question
		mod  func(*generator.BuildOptions)
		want string
	}{
		{"no questions", func() []generator.Question { return nil }, nil, "no questions"},
		{"answer among distractors", func() []generator.Question {
			q := slices.Clone(qs)
			q[1].Distractors = []string{"Vladimir  putin.", q[1].Answer, "X"}
			return q
		}, nil, "matches the answer"},
		{"duplicate distractor", func() []generator.Question {
			q := slices.Clone(qs)
			q[2].Distractors = []string{"1990", "1990", "1999"}
			return q
		}, nil, "appears twice"},
		{"empty prompt", func() []generator.Question {
			q := slices.Clone(qs)
			q[0].Prompt = " "
			return q
		}, nil, "empty prompt"},
		{"too many sections", func() []generator.Question { return qs }, func(b *generator.BuildOptions) { b.Quiz.ShortAnswer = 9 }, "only 8 questions"},
		{"too few speakers", func() []generator.Question { return qs }, func(b *generator.BuildOptions) { b.Quiz.Matching = 7 }, "who-said questions"},
		{"matching of one", func() []generator.Question { return qs }, func(b *generator.BuildOptions) { b.Quiz.Matching = 1 }, "at least 2"},
		{"versions", func() []generator.Question { return qs }, func(b *generator.BuildOptions) { b.Quiz.Versions = 27 }, "between 1 and 26"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(job(tc.qs(), tc.mod))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestKeyCSV(t *testing.T) {
	q, err := New(job(questions(6), func(b *generator.BuildOptions) {
		b.Quiz.Versions = 2
		b.Quiz.ShortAnswer = 1
	}))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteKeyCSV(&b, q); err != nil {
		t.Fatal(err)
	}
	var dist strings.Builder
	for _, v := range q.Versions {
		dist.WriteString(v.Distribution() + "\n")
	}
	golden(t, "key.csv.golden", b.Bytes())
	golden(t, "distribution.golden", []byte(dist.String()))
}

func TestParseRoster(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []Student
		errs     []string
	}{
		{"header and rows", "name,id\nZoë Ångström,s-001\n\"O’Neill, Seán\",s-002\n", []Student{{"Zoë Ångström", "s-001", 2}, {"O’Neill, Seán", "s-002", 3}}, nil},
		{"no header", "Ana Núñez,7\n", []Student{{"Ana Núñez", "7", 1}}, nil},
		{"spaces trimmed", "  Li Wei , w1 \n", []Student{{"Li Wei", "w1", 1}}, nil},
		{"bad rows all reported", "name,id\nA,1\nB\nC,2\n,4\nD,\nE,1\nF,../x\n", nil, []string{
			"r.csv:3: want 2 fields (name,id), got 1", "r.csv:5: empty name",
			"r.csv:6: empty id", `r.csv:7: id "1" already used on line 2`, `r.csv:8: id "../x" must be`}},
		{"no header, 3 fields", "A,1\nC,2,3\n", nil, []string{"r.csv:2: want 2 fields (name,id), got 3"}},
		{"Excel's CSV UTF-8 byte order mark", "\ufeffname,id\nZoë,1\n", []Student{{"Zoë", "1", 2}}, nil},
		{"header in any order, extra columns", "Email,Class,Student Name\nana@school.edu,7b,Ana Núñez\n",
			[]Student{{"Ana Núñez", "ana@school.edu", 2}}, nil},
		{"semicolons are not separators", "Student ID;x\n", nil, []string{"r.csv:1: want 2 fields"}},
		{"first, last and student id", "Last Name,First Name,Student ID,E-mail\nNúñez,Ana,s-1,ana@x.org\n",
			[]Student{{"Ana Núñez", "s-1", 2}}, nil},
		{"e-mail ids with plus", "name,email\nBo,bo+quiz@x.org\n", []Student{{"Bo", "bo+quiz@x.org", 2}}, nil},
		{"header row short", "name,id\nAna\n", nil, []string{"r.csv:2: want 2 fields (name,id), got 1"}},
		{"empty", "name,id\n", nil, []string{"r.csv: no students"}},
		{"bad quote", "A,\"1\n", nil, []string{"r.csv:1:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseRoster(strings.NewReader(tc.in), "r.csv")
			if len(tc.errs) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("got %+v, want %+v", got, tc.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, got %+v", got)
			}
			for _, w := range tc.errs {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func FuzzParseRoster(f *testing.F) {
	for _, s := range []string{"name,id\nZoë,1\n", "A,1\nB,2\n", "\"a,b\",c\n", "x\n", ",\n", "A,\"1\n", "a,1\na,1\n", "\xff,1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ParseRoster(strings.NewReader(in), "r.csv")
		if err != nil {
			// Every problem carries the roster's file name and, for rows, a line.
			for _, e := range unjoin(err) {
				var pe *generator.PosError
				if !errors.As(e, &pe) || pe.Pos.File != "r.csv" {
					t.Fatalf("error %q is not a *generator.PosError for r.csv", e)
				}
			}
			return
		}
		seen := map[string]bool{}
		for _, s := range got {
			if s.Name == "" || !idRE.MatchString(s.ID) || seen[strings.ToLower(s.ID)] || s.Line < 1 {
				t.Fatalf("bad student %+v", s)
			}
			seen[strings.ToLower(s.ID)] = true
		}
		as, err := Assign(got, 3, "random", 1, "b")
		if err != nil || len(as) != len(got) {
			t.Fatalf("assign: %v", err)
		}
	})
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func TestAssign(t *testing.T) {
	st := make([]Student, 10)
	rr, _ := Assign(st, 3, "round-robin", 1, "b")
	if want := []int{0, 1, 2, 0, 1, 2, 0, 1, 2, 0}; !slices.Equal(rr, want) {
		t.Errorf("round-robin = %v", rr)
	}
	r1, _ := Assign(st, 3, "random", 1, "b")
	r2, _ := Assign(st, 3, "random", 1, "b")
	r3, _ := Assign(st, 3, "random", 2, "b")
	if !slices.Equal(r1, r2) {
		t.Errorf("random assignment is not stable: %v %v", r1, r2)
	}
	if slices.Equal(r1, r3) && slices.Equal(r1, rr) {
		t.Errorf("random assignment ignores the seed")
	}
	counts := make([]int, 3)
	for _, v := range r1 {
		counts[v]++
	}
	if slices.Max(counts)-slices.Min(counts) > 1 {
		t.Errorf("random assignment unbalanced: %v", counts)
	}
	if _, err := Assign(st, 3, "alphabetical", 1, "b"); err == nil {
		t.Error("unknown mode accepted")
	}
}

// TestEntryOptions checks the manifest entry of every version: each letter
// names, through the recorded options, the question's answer.
func TestEntryOptions(t *testing.T) {
	qs := questions(12)
	byID := map[string]generator.Question{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	q, err := New(job(qs, func(b *generator.BuildOptions) {
		b.Quiz.Versions = 3
		b.Quiz.Matching = 3
		b.Quiz.ShortAnswer = 2
		b.Quiz.Points = 2
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range q.Versions {
		e := v.Entry("q", "q/quiz.pdf", "")
		if len(e.Questions) != len(qs) {
			t.Fatalf("version %s: %d entries", v.Letter, len(e.Questions))
		}
		for i, a := range e.Questions {
			want := byID[a.ID]
			if a.Points != 2 {
				t.Errorf("version %s #%d: points %d", v.Letter, i+1, a.Points)
			}
			if a.Section == string(ShortAnswer) {
				if a.Answer != want.Answer || len(a.Options) != 0 {
					t.Errorf("version %s #%d: short answer %q with options %q", v.Letter, i+1, a.Answer, a.Options)
				}
				continue
			}
			k := slices.IndexFunc(a.Options, func(o string) bool { return Letter(slices.Index(a.Options, o)) == a.Answer })
			if k < 0 || a.Options[k] != want.Answer {
				t.Errorf("version %s #%d (%s): letter %s of %q is not the answer %q", v.Letter, i+1, a.Section, a.Answer, a.Options, want.Answer)
			}
		}
	}
}

package grade_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grade"
	"github.com/quizdeck/quizdeck/generator/grade/simclass"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
)

// TestWriteGolden writes every CSV and the flagged-facts list of a small
// simulated class (a matching and a short-answer section included) and
// compares them with testdata/*.golden.
func TestWriteGolden(t *testing.T) {
	k := key(t, 8, 2, func(o *generator.QuizOptions) { o.Matching = 2; o.ShortAnswer = 1 })
	d := &generator.Deck{ID: "d"}
	for i, q := range questions(8) {
		d.Facts = append(d.Facts, &generator.Fact{ID: q.Fact, Pos: generator.Pos{File: "decks/d/facts.yaml", Line: 3 + 4*i, Col: 5}})
	}
	k.Describe(&generator.Bank{Decks: []*generator.Deck{d}, Questions: questions(8)})
	m := simclass.DefaultModel()
	m.Students = 40
	m.Miskey = 0
	_, data := simulate(t, k, m)
	res := gradeCSV(t, k, data)
	for name, write := range map[string]func(*bytes.Buffer) error{
		grade.GradesFile:  func(b *bytes.Buffer) error { return grade.WriteGrades(b, res) },
		grade.ItemsFile:   func(b *bytes.Buffer) error { return grade.WriteItems(b, res) },
		grade.SummaryFile: func(b *bytes.Buffer) error { return grade.WriteSummary(b, res) },
		grade.FactsFile:   func(b *bytes.Buffer) error { return grade.WriteFlaggedFacts(b, res) },
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", name+".golden"), buf.Bytes())
		if name == grade.FactsFile {
			// check reads the list back: one entry per line, in order.
			got, err := grade.ReadFlaggedFacts(bytes.NewReader(buf.Bytes()), name)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
			if len(got) != len(lines) || len(got) == 0 || !strings.HasSuffix(lines[0], got[0].Question+": "+got[0].Text) {
				t.Errorf("read back %+v from\n%s", got, buf.String())
			}
		}
		if name == grade.ItemsFile && strings.Contains(buf.String(), ",=Wrong") {
			t.Errorf("items.csv holds a cell a spreadsheet would run as a formula")
		}
	}
}

func TestReadFlaggedFactsBad(t *testing.T) {
	_, err := grade.ReadFlaggedFacts(strings.NewReader("decks/d.yaml:1:1: question d/f/who-said: dead-distractor: X\nnonsense\n"), "flags.txt")
	if err == nil || err.Error() != "flags.txt:2: not a flagged-fact line (want file:line:col: question ID: flag)" {
		t.Errorf("err %v", err)
	}
}

// Example grades a two-student class of a one-question quiz printed in two
// versions with the options in different orders.
func Example() {
	m := generator.Manifest{Quizzes: []generator.QuizEntry{
		{Build: "quiz", Version: "A", Questions: []generator.QuizAnswer{{ID: "d/putin/who-said", Answer: "B", Section: grade.MultipleChoice, Points: 1,
			Options: []string{"Medvedev", "Putin", "Lavrov"}}}},
		{Build: "quiz", Version: "B", Questions: []generator.QuizAnswer{{ID: "d/putin/who-said", Answer: "C", Section: grade.MultipleChoice, Points: 1,
			Options: []string{"Lavrov", "Medvedev", "Putin"}}}},
	}}
	k, err := grade.FromManifest(&m, "")
	if err != nil {
		panic(err)
	}
	csv := "Student ID,Version,Q1\ns1,A,B\ns2,B,c\ns3,B,A\n"
	resp, err := grade.ParseResponses(strings.NewReader(csv), "responses.csv", k)
	if err != nil {
		panic(err)
	}
	res, err := grade.Grade(context.Background(), k, resp)
	if err != nil {
		panic(err)
	}
	for _, s := range res.Students {
		fmt.Println(s.Student, s.Version, s.Score)
	}
	for _, o := range res.Items[0].Options {
		fmt.Printf("%s %d\n", o.Text, o.Count)
	}
	// Output:
	// s1 A 1
	// s2 B 1
	// s3 B 0
	// Putin 2
	// Medvedev 0
	// Lavrov 1
}

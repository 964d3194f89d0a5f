package grade_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grade"
	"github.com/quizdeck/quizdeck/generator/grade/simclass"
)

// FuzzParseResponses: whatever the bytes, the parser never panics, and
// either every problem is a positioned error or the rows grade cleanly
// with scores within the quiz's points.
func FuzzParseResponses(f *testing.F) {
	k := key(f, 5, 2, func(o *generator.QuizOptions) { o.ShortAnswer = 1; o.Points = 2 })
	k.Students["s1"] = grade.Student{ID: "s1", Version: "B"}
	m := simclass.DefaultModel()
	m.Students = 1
	c, err := simclass.Simulate(k, m)
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.WriteCSV(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("id,version,1,2,3,4,5\ns1,B,A,B,C,D,1\n"))
	f.Add([]byte("\ufeffStudent;Form;Q1;Q2;Q3;Q4;Q5\ns1;;ab;;c;d;0,5\n"))
	f.Add([]byte("id\tQ1\n\"s1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		resp, err := grade.ParseResponses(bytes.NewReader(data), "r.csv", k)
		if err != nil {
			for _, e := range unjoin(err) {
				var pe *generator.PosError
				if !errors.As(e, &pe) || pe.Pos.File != "r.csv" {
					t.Fatalf("%q is not a positioned error", e)
				}
			}
			return
		}
		res, err := grade.Grade(context.Background(), k, resp)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range res.Students {
			if s.Score < 0 || s.Score > float64(k.MaxPoints()) {
				t.Fatalf("student %q scored %g of %d", s.Student, s.Score, k.MaxPoints())
			}
		}
		var out bytes.Buffer
		if err := grade.WriteGrades(&out, res); err != nil {
			t.Fatal(err)
		}
		if err := grade.WriteItems(&out, res); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkGrade parses and grades 1,000 students × 100 questions.
func BenchmarkGrade(b *testing.B) {
	k := key(b, 100, 4, nil)
	m := simclass.DefaultModel()
	m.Students = 1000
	_, data := simulate(b, k, m)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		resp, err := grade.ParseResponses(bytes.NewReader(data), "r.csv", k)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := grade.Grade(context.Background(), k, resp); err != nil {
			b.Fatal(err)
		}
	}
}

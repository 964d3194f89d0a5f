package lms_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/lms/gift"
	"github.com/quizdeck/quizdeck/generator/lms/internal/lmstest"
	"github.com/quizdeck/quizdeck/generator/lms/moodlexml"
	"github.com/quizdeck/quizdeck/generator/lms/qti12"
	"github.com/quizdeck/quizdeck/generator/lms/qti2"
)

// BenchmarkFormats writes the default deck's 20-question quiz and a bank
// of 1,000 hostile questions (4 matching, 100 short answer) in each
// learning-platform format, through an Output as a build does.
func BenchmarkFormats(b *testing.B) {
	tmpl := lmstest.Templates(b)
	small := lmstest.DefaultJob(b, lmstest.Build("midterm"))
	big := lmstest.HostileJob(lmstest.Build("midterm"))
	base := big.Questions
	big.Questions = nil
	for i := range 1000 {
		q := base[i%len(base)]
		q.Fact = fmt.Sprintf("%s-%d", q.Fact, i)
		q.ID = generator.QuestionID(q.Deck, q.Fact, q.Kind)
		big.Questions = append(big.Questions, q)
	}
	big.Build.Quiz.ShortAnswer = 100
	formats := append([]generator.Format{qti12.New(tmpl), moodlexml.New(tmpl), gift.New(tmpl)}, qti2.New(tmpl)...)
	for _, job := range []struct {
		name string
		job  *generator.Job
	}{{"quiz20", small}, {"bank1000", big}} {
		for _, f := range formats {
			b.Run(job.name+"/"+f.Name(), func(b *testing.B) {
				for b.Loop() {
					out, err := generator.NewOutput(b.TempDir())
					if err != nil {
						b.Fatal(err)
					}
					if err := f.Write(context.Background(), job.job, out); err != nil {
						b.Fatal(err)
					}
					out.Abort()
				}
			})
		}
	}
}

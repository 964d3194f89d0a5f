package generator

import (
	"slices"
)

// StudyOrder is the order in which the study formats (the self-test page,
// the flashcards) present a job's questions: the build's own order when it
// lists question ids, else grouped by kind in Kinds order, each group in
// bank order. A fact's questions of different kinds then stand apart, so
// a card or question never sits beside one whose prompt gives its answer
// away ("Which base in Uzbekistan …?" next to "In which country is
// Navoi …?").
func StudyOrder(job *Job) []Question {
	if len(job.Build.Questions) > 0 {
		return job.Questions
	}
	rank := func(k Kind) int {
		if i := slices.Index(Kinds(), k); i >= 0 {
			return i
		}
		return len(Kinds())
	}
	out := slices.Clone(job.Questions)
	slices.SortStableFunc(out, func(a, b Question) int { return rank(a.Kind) - rank(b.Kind) })
	return out
}

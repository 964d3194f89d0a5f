package generator

import (
	"slices"
	"testing"
)

func TestStudyOrder(t *testing.T) {
	q := func(fact string, k Kind) Question { return Question{ID: QuestionID("d", fact, k), Fact: fact, Kind: k} }
	qs := []Question{q("navoi", WhichBase), q("navoi", BaseCountry), q("tashkent", WhichYear), q("medvedev", WhoSaid), q("gyumri", WhichBase), q("gyumri", BaseCountry)}
	ids := func(qs []Question) []string {
		var out []string
		for _, q := range qs {
			out = append(out, q.ID)
		}
		return out
	}
	got := ids(StudyOrder(&Job{Questions: qs}))
	want := []string{"d/medvedev/who-said", "d/tashkent/which-year", "d/navoi/which-base", "d/gyumri/which-base", "d/navoi/base-country", "d/gyumri/base-country"}
	if !slices.Equal(got, want) {
		t.Errorf("StudyOrder = %q, want %q", got, want)
	}
	listed := &Job{Build: BuildOptions{Questions: []string{"x"}}, Questions: qs}
	if got := ids(StudyOrder(listed)); !slices.Equal(got, ids(qs)) {
		t.Errorf("a build listing ids was reordered: %q", got)
	}
	if qs[0].Fact != "navoi" {
		t.Error("StudyOrder changed the job's slice")
	}
}

// Package quiz plans printable quizzes without knowing how they are drawn:
// which question goes into which section, the per-version question and
// option order drawn from the seed, the answer letters, the key as CSV and
// the roster of per-student copies. generator/pdfquiz lays the plan out.
//
// A plan is a pure function of the job: the same questions, options and seed
// give the same versions, letters and key.
package quiz

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
)

// Kind names a section of a quiz.
type Kind string

// The section kinds, in the order a quiz prints them.
const (
	MultipleChoice Kind = "multiple-choice"
	Matching       Kind = "matching"
	ShortAnswer    Kind = "short-answer"
)

// Letter returns the letter of index i: A for 0, B for 1, … Z for 25, then AA, AB ….
func Letter(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return Letter(i/26-1) + Letter(i%26)
}

// Item is one printed question of a version.
type Item struct {
	Number   int // 1-based, continuous across sections
	Question generator.Question
	Kind     Kind
	// Options are the lettered choices of a multiple-choice item, in printed order.
	Options []string
	// Correct indexes the right option: into Options for multiple choice, into
	// the section's Choices for matching; -1 for short answer.
	Correct int
	Points  int
}

// Letter is the item's correct letter, or "" for a short-answer item.
func (it *Item) Letter() string {
	if it.Correct < 0 {
		return ""
	}
	return Letter(it.Correct)
}

// Answer is what the key prints as the item's answer: its letter, or the
// answer text for a short-answer item.
func (it *Item) Answer() string {
	if it.Correct < 0 {
		return it.Question.Answer
	}
	return it.Letter()
}

// Stem is the text printed for the item. A matching item about a direct
// quotation prints the quotation alone, since the section's instructions
// ask who said it; any other item prints its prompt.
func (it *Item) Stem() string {
	if it.Kind != Matching || it.Question.Quotation == "" {
		return it.Question.Prompt
	}
	return "“" + strings.TrimRight(it.Question.Quotation, ".,;: ") + "”"
}

// Section is a run of items of one kind.
type Section struct {
	Kind  Kind
	Items []Item
	// Choices are a matching section's lettered answers (speakers, say), in printed order.
	Choices []string
}

// Points is the section's total.
func (s *Section) Points() int {
	n := 0
	for _, it := range s.Items {
		n += it.Points
	}
	return n
}

// Version is one printed version of a quiz.
type Version struct {
	Letter   string
	Sections []Section
}

// Items returns the version's items in printed order.
func (v *Version) Items() []*Item {
	var out []*Item
	for i := range v.Sections {
		for j := range v.Sections[i].Items {
			out = append(out, &v.Sections[i].Items[j])
		}
	}
	return out
}

// Points is the version's total.
func (v *Version) Points() int {
	n := 0
	for i := range v.Sections {
		n += v.Sections[i].Points()
	}
	return n
}

// MaxOptions is the largest letter count of any item, for an answer sheet.
func (v *Version) MaxOptions() int {
	n := 0
	for i := range v.Sections {
		s := &v.Sections[i]
		for _, it := range s.Items {
			n = max(n, it.optionCount(s))
		}
	}
	return n
}

func (it *Item) optionCount(s *Section) int {
	switch it.Kind {
	case MultipleChoice:
		return len(it.Options)
	case Matching:
		return len(s.Choices)
	}
	return 0
}

// OptionCount is how many letters item it of section s offers (0 for short answer).
func (s *Section) OptionCount(it *Item) int { return it.optionCount(s) }

// Entry is the manifest record of the version: quiz and key paths relative
// to the output root, and every question's answer, section, points and
// option texts in printed order.
func (v *Version) Entry(build, quizPath, keyPath string) generator.QuizEntry {
	e := generator.QuizEntry{Build: build, Version: v.Letter, Quiz: quizPath, Key: keyPath}
	for i := range v.Sections {
		sec := &v.Sections[i]
		for _, it := range sec.Items {
			a := generator.QuizAnswer{ID: it.Question.ID, Answer: it.Answer(), Section: string(it.Kind), Points: it.Points}
			switch it.Kind {
			case MultipleChoice:
				a.Options = slices.Clone(it.Options)
			case Matching:
				a.Options = slices.Clone(sec.Choices)
			}
			e.Questions = append(e.Questions, a)
		}
	}
	return e
}

// Distribution reports how often each letter is correct in v and how often
// the correct option is the longest, as one line for the build log.
func (v *Version) Distribution() string {
	counts := map[string]int{}
	longest, mc := 0, 0
	for _, it := range v.Items() {
		if it.Correct < 0 {
			continue
		}
		counts[it.Letter()]++
		if it.Kind != MultipleChoice {
			continue
		}
		mc++
		n, top := len([]rune(it.Options[it.Correct])), true
		for j, o := range it.Options {
			if j != it.Correct && len([]rune(o)) >= n {
				top = false
			}
		}
		if top {
			longest++
		}
	}
	var parts []string
	for i := range v.MaxOptions() {
		parts = append(parts, fmt.Sprintf("%s %d", Letter(i), counts[Letter(i)]))
	}
	return fmt.Sprintf("version %s: answers %s; correct option is the longest in %d of %d multiple-choice questions",
		v.Letter, strings.Join(parts, ", "), longest, mc)
}

// Quiz is the plan of a build's printable quiz.
type Quiz struct {
	Build    string
	Title    string
	Course   string
	Date     string
	Options  generator.QuizOptions
	Versions []*Version
}

// Questions is the number of questions per version.
func (q *Quiz) Questions() int {
	if len(q.Versions) == 0 {
		return 0
	}
	return len(q.Versions[0].Items())
}

// New plans the quiz of job: it checks every question can be printed with
// an unambiguous key, assigns questions to sections (the same in every
// version) and shuffles question and option order per version from the seed.
func New(job *generator.Job) (*Quiz, error) {
	b := job.Build
	o := b.Quiz
	if o.Versions < 1 || o.Versions > 26 {
		return nil, fmt.Errorf("quiz.versions must be between 1 and 26, not %d", o.Versions)
	}
	if len(job.Questions) == 0 {
		return nil, fmt.Errorf("no questions to print")
	}
	for _, q := range job.Questions {
		if err := checkQuestion(q); err != nil {
			return nil, err
		}
	}
	title := b.Title
	if title == "" {
		title = b.Name
	}
	qz := &Quiz{Build: b.Name, Title: title, Course: o.Course, Date: o.Date, Options: o}

	mc, match, short, err := assign(job)
	if err != nil {
		return nil, err
	}
	for vi := range o.Versions {
		letter := Letter(vi)
		rng := rand.New(rand.NewPCG(job.Seed, generator.Hash64(job.Seed, "quiz", b.Name, "version", letter)))
		v := &Version{Letter: letter}
		if len(mc) > 0 {
			v.Sections = append(v.Sections, multipleChoice(rng, mc, o.Points))
		}
		if len(match) > 0 {
			v.Sections = append(v.Sections, matching(rng, match, o.Points))
		}
		if len(short) > 0 {
			v.Sections = append(v.Sections, shortAnswer(rng, short, o.Points))
		}
		n := 0
		for si := range v.Sections {
			for ii := range v.Sections[si].Items {
				n++
				v.Sections[si].Items[ii].Number = n
			}
		}
		qz.Versions = append(qz.Versions, v)
	}
	return qz, nil
}

// checkQuestion refuses a question whose key could be wrong or ambiguous.
func checkQuestion(q generator.Question) error {
	if strings.TrimSpace(q.Prompt) == "" {
		return fmt.Errorf("question %s: empty prompt", q.ID)
	}
	if strings.TrimSpace(q.Answer) == "" {
		return fmt.Errorf("question %s: empty answer", q.ID)
	}
	if len(q.Distractors) == 0 {
		return fmt.Errorf("question %s: no distractors", q.ID)
	}
	if len(q.Distractors) > 25 {
		return fmt.Errorf("question %s: %d distractors, at most 25 fit the letters", q.ID, len(q.Distractors))
	}
	seen := map[string]bool{generator.Normalize(q.Answer): true}
	for _, d := range q.Distractors {
		n := generator.Normalize(d)
		if strings.TrimSpace(d) == "" {
			return fmt.Errorf("question %s: empty distractor", q.ID)
		}
		if seen[n] {
			return fmt.Errorf("question %s: option %q appears twice or matches the answer", q.ID, d)
		}
		seen[n] = true
	}
	return nil
}

// assign splits the job's questions into multiple-choice, matching and
// short-answer items. The split depends on the seed and build only, so every
// version holds the same questions in the same sections.
func assign(job *generator.Job) (mc, match, short []generator.Question, err error) {
	o := job.Build.Quiz
	if o.Matching < 0 || o.ShortAnswer < 0 {
		return nil, nil, nil, fmt.Errorf("quiz.matching and quiz.short_answer must not be negative")
	}
	if o.Matching+o.ShortAnswer > len(job.Questions) {
		return nil, nil, nil, fmt.Errorf("quiz asks for %d matching and %d short-answer items but the build has only %d questions",
			o.Matching, o.ShortAnswer, len(job.Questions))
	}
	rng := rand.New(rand.NewPCG(job.Seed, generator.Hash64(job.Seed, "quiz", job.Build.Name, "sections")))
	order := rng.Perm(len(job.Questions))
	taken := make([]bool, len(job.Questions))
	if o.Matching == 1 {
		return nil, nil, nil, fmt.Errorf("quiz.matching must be 0 or at least 2, not 1")
	}
	if o.Matching > 0 {
		// Direct quotations first: a matching item prints the quotation alone.
		direct := slices.Clone(order)
		slices.SortStableFunc(direct, func(a, b int) int {
			da := job.Questions[a].Quotation != ""
			db := job.Questions[b].Quotation != ""
			switch {
			case da == db:
				return 0
			case da:
				return -1
			}
			return 1
		})
		answers := map[string]bool{}
		for _, i := range direct {
			q := job.Questions[i]
			a := generator.Normalize(q.Answer)
			if q.Kind != generator.WhoSaid || answers[a] || len(match) == o.Matching {
				continue
			}
			answers[a] = true
			taken[i] = true
			match = append(match, q)
		}
		if len(match) < o.Matching {
			return nil, nil, nil, fmt.Errorf("quiz.matching asks for %d items but the build has only %d who-said questions with different speakers",
				o.Matching, len(match))
		}
	}
	for _, i := range order {
		if len(short) == o.ShortAnswer {
			break
		}
		if !taken[i] {
			taken[i] = true
			short = append(short, job.Questions[i])
		}
	}
	for i, q := range job.Questions {
		if !taken[i] {
			mc = append(mc, q)
		}
	}
	return mc, match, short, nil
}

// multipleChoice orders the items and their options for one version. The
// correct positions are dealt from a shuffled deck holding each position
// equally often, so every letter is right about as often as every other and
// no position gives the answer away; the distractors fill the other slots in
// random order.
func multipleChoice(rng *rand.Rand, qs []generator.Question, points int) Section {
	s := Section{Kind: MultipleChoice}
	order := rng.Perm(len(qs))
	slots := positions(rng, qs, order)
	for k, i := range order {
		q := qs[i]
		n := len(q.Distractors) + 1
		opts := make([]string, n)
		correct := slots[k]
		opts[correct] = q.Answer
		ds := slices.Clone(q.Distractors)
		rng.Shuffle(len(ds), func(a, b int) { ds[a], ds[b] = ds[b], ds[a] })
		j := 0
		for p := range opts {
			if p != correct {
				opts[p] = ds[j]
				j++
			}
		}
		s.Items = append(s.Items, Item{Question: q, Kind: MultipleChoice, Options: opts, Correct: correct, Points: points})
	}
	return s
}

// positions deals a correct position to each question in order: cycles of
// 0…n-1, each cycle shuffled, skipping positions a question has no option for.
func positions(rng *rand.Rand, qs []generator.Question, order []int) []int {
	out := make([]int, len(order))
	var deck []int
	for k, i := range order {
		n := len(qs[i].Distractors) + 1
		pick := -1
		for j, p := range deck {
			if p < n {
				pick = j
				break
			}
		}
		if pick < 0 {
			m := 0
			for _, q := range qs {
				m = max(m, len(q.Distractors)+1)
			}
			fresh := rng.Perm(m)
			deck = append(deck, fresh...)
			for j, p := range deck {
				if p < n {
					pick = j
					break
				}
			}
		}
		out[k] = deck[pick]
		deck = slices.Delete(deck, pick, pick+1)
	}
	return out
}

// matching lists the items' answers plus up to two of their distractors as
// the lettered choices, so the last item is not given away by elimination.
func matching(rng *rand.Rand, qs []generator.Question, points int) Section {
	s := Section{Kind: Matching}
	used := map[string]bool{}
	for _, q := range qs {
		used[generator.Normalize(q.Answer)] = true
		s.Choices = append(s.Choices, q.Answer)
	}
	var extra []string
	for _, q := range qs {
		for _, d := range q.Distractors {
			if n := generator.Normalize(d); !used[n] {
				used[n] = true
				extra = append(extra, d)
			}
		}
	}
	slices.Sort(extra)
	rng.Shuffle(len(extra), func(a, b int) { extra[a], extra[b] = extra[b], extra[a] })
	s.Choices = append(s.Choices, extra[:min(2, len(extra))]...)
	rng.Shuffle(len(s.Choices), func(a, b int) { s.Choices[a], s.Choices[b] = s.Choices[b], s.Choices[a] })
	for _, i := range rng.Perm(len(qs)) {
		q := qs[i]
		c := slices.IndexFunc(s.Choices, func(c string) bool { return generator.Normalize(c) == generator.Normalize(q.Answer) })
		s.Items = append(s.Items, Item{Question: q, Kind: Matching, Correct: c, Points: points})
	}
	return s
}

func shortAnswer(rng *rand.Rand, qs []generator.Question, points int) Section {
	s := Section{Kind: ShortAnswer}
	for _, i := range rng.Perm(len(qs)) {
		s.Items = append(s.Items, Item{Question: qs[i], Kind: ShortAnswer, Correct: -1, Points: points})
	}
	return s
}

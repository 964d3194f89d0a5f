package grade

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The thresholds behind the flags.
const (
	// LowDiscrimination: a corrected point-biserial below it is near zero.
	LowDiscrimination = 0.15
	// DeadShare: a distractor chosen by fewer than this share of the class
	// is not working.
	DeadShare = 0.05
	// TopGroup is the share of the class, by total score, that forms the top
	// group (Kelley's 27%).
	TopGroup = 0.27
	// SmallClass: below this many students the flags are mostly noise (a
	// point-biserial's standard error is about 1/√N).
	SmallClass = 100
)

// The kinds of flag, in the order the report ranks them.
const (
	FlagNegative = "negative-discrimination" // possible miskey
	FlagTopGroup = "top-group-prefers"       // an option beats the key among the strongest students
	FlagLow      = "low-discrimination"      // near zero: ambiguous, or not about what the test measures
	FlagDead     = "dead-distractor"         // chosen by almost no one
)

// FlagRank orders flag kinds by how urgently they ask for a fix.
func FlagRank(kind string) int {
	switch kind {
	case FlagNegative:
		return 0
	case FlagTopGroup:
		return 1
	case FlagLow:
		return 2
	}
	return 3
}

// Flag is one reason to look at an item again.
type Flag struct {
	Kind   string
	Option string // the option concerned (dead distractor, top-group choice)
}

func (f Flag) String() string {
	if f.Option == "" {
		return f.Kind
	}
	return fmt.Sprintf("%s: %s", f.Kind, f.Option)
}

// FlagText is the item's flags as one cell: "kind: option; kind".
func (r *ItemResult) FlagText() string {
	s := make([]string, len(r.Flags))
	for i, f := range r.Flags {
		s[i] = f.String()
	}
	return strings.Join(s, "; ")
}

// Fixed formats a statistic with prec decimals, "n/a" where it is
// undefined (a KR-20 of one item, a discrimination with no spread).
func Fixed(f float64, prec int) string {
	if math.IsNaN(f) {
		return "n/a"
	}
	return fmt.Sprintf("%.*f", prec, f)
}

// OptionStat is how often one option was chosen, counted by its text over
// every version.
type OptionStat struct {
	Text  string
	Key   bool
	Count int     // students who marked it alone
	Share float64 // Count over the class
	Top   int     // of them, in the top group
}

// ItemResult is the analysis of one item.
type ItemResult struct {
	Item *Item
	// Difficulty is the mean share of the item's points earned: for a
	// one-point item, the share who answered correctly.
	Difficulty float64
	// Discrimination is the corrected point-biserial: the correlation of the
	// item's score with the total of the other items; NaN when either does
	// not vary.
	Discrimination float64
	// Options are the key first, then the distractors in version A's order;
	// none for short answer.
	Options         []OptionStat
	Blank, Multiple int
	Flags           []Flag
}

// Flagged reports whether the item has a flag.
func (r *ItemResult) Flagged() bool { return len(r.Flags) > 0 }

// StudentResult is one student's score.
type StudentResult struct {
	Student, Name, Version string
	Line                   int
	Score                  float64
	// Points are the points earned per item, in Key.Items order.
	Points []float64
	// Multiple lists the printed numbers the student marked more than once.
	Multiple []int
	Top      bool // in the top group
}

// Stats are the test-level figures.
type Stats struct {
	Students, Items int
	MaxPoints       int
	Mean, SD        float64 // SD over the class (divisor N)
	Min, Max        float64
	Median          float64
	// KR20 is the reliability: KR-20 for one-point items, which is
	// Cronbach's alpha of the item scores in general; NaN when the totals
	// do not vary.
	KR20 float64
	// SEM is the standard error of measurement, SD·√(1−KR20).
	SEM float64
}

// Result is a graded class.
type Result struct {
	Key      *Key
	Students []StudentResult // in responses order
	Items    []ItemResult    // in Key.Items order
	Test     Stats
}

// Grade scores every row of resp against k and analyses the items.
func Grade(ctx context.Context, k *Key, resp *Responses) (*Result, error) {
	n, ni := len(resp.Rows), len(k.Items)
	res := &Result{Key: k, Students: make([]StudentResult, n), Items: make([]ItemResult, ni)}
	// choice[s*ni+i] is the option of item i student s marked alone, blank
	// (-1), several (-2) or a short answer given (-3).
	choice := make([]int, n*ni)
	scores := make([]float64, n*ni)
	for s, row := range resp.Rows {
		if s%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		slots, ok := k.Versions[row.Version]
		if !ok || len(row.Marks) != len(slots) {
			return nil, fmt.Errorf("%s:%d: version %q does not match the key", resp.File, row.Line, row.Version)
		}
		sr := StudentResult{Student: row.Student, Name: row.Name, Version: row.Version, Line: row.Line,
			Points: scores[s*ni : (s+1)*ni : (s+1)*ni]}
		for p, m := range row.Marks {
			sl := slots[p]
			it := &k.Items[sl.Item]
			c := -1
			switch {
			case it.Section == ShortAnswer:
				sr.Points[sl.Item] = m.Points
				if !m.Blank {
					c = -3 // answered
				}
			case len(m.Options) > 1:
				c = -2
				sr.Multiple = append(sr.Multiple, p+1)
			case len(m.Options) == 1:
				c = sl.Option[m.Options[0]]
				if c == it.Correct {
					sr.Points[sl.Item] = float64(it.Points)
				}
			}
			choice[s*ni+sl.Item] = c
			sr.Score += sr.Points[sl.Item]
		}
		res.Students[s] = sr
	}

	// The top group: the highest totals, ties broken by responses order.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(res.Students[b].Score, res.Students[a].Score) })
	top := max(1, int(math.Ceil(TopGroup*float64(n))))
	for _, s := range order[:min(top, n)] {
		res.Students[s].Top = true
	}

	totals := make([]float64, n)
	for s := range res.Students {
		totals[s] = res.Students[s].Score
	}
	itemVar := 0.0
	rest := make([]float64, n)
	col := make([]float64, n)
	for i := range k.Items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		it := &k.Items[i]
		r := ItemResult{Item: it}
		for s := range n {
			col[s] = scores[s*ni+i]
			rest[s] = totals[s] - col[s]
		}
		m, v := meanVar(col)
		itemVar += v
		r.Difficulty = m / float64(it.Points)
		r.Discrimination = pearson(col, rest)
		if it.Section != ShortAnswer {
			idx := make([]int, 0, len(it.Options))
			idx = append(idx, it.Correct)
			for j := range it.Options {
				if j != it.Correct {
					idx = append(idx, j)
				}
			}
			pos := make([]int, len(it.Options))
			for p, j := range idx {
				pos[j] = p
				r.Options = append(r.Options, OptionStat{Text: it.Options[j], Key: j == it.Correct})
			}
			for s := range n {
				switch c := choice[s*ni+i]; c {
				case -1:
					r.Blank++
				case -2:
					r.Multiple++
				default:
					o := &r.Options[pos[c]]
					o.Count++
					if res.Students[s].Top {
						o.Top++
					}
				}
			}
			for j := range r.Options {
				r.Options[j].Share = float64(r.Options[j].Count) / float64(n)
			}
		} else {
			for s := range n {
				if choice[s*ni+i] == -1 {
					r.Blank++
				}
			}
		}
		r.Flags = flags(&r)
		res.Items[i] = r
	}

	t := &res.Test
	t.Students, t.Items, t.MaxPoints = n, ni, k.MaxPoints()
	var v float64
	t.Mean, v = meanVar(totals)
	t.SD = math.Sqrt(v)
	sorted := slices.Clone(totals)
	slices.Sort(sorted)
	t.Min, t.Max = sorted[0], sorted[n-1]
	if n%2 == 1 {
		t.Median = sorted[n/2]
	} else {
		t.Median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	t.KR20, t.SEM = math.NaN(), math.NaN()
	if v > 0 && ni > 1 {
		t.KR20 = float64(ni) / float64(ni-1) * (1 - itemVar/v)
		t.SEM = t.SD * math.Sqrt(max(0, 1-t.KR20))
	}
	return res, nil
}

// flags applies the rules: discrimination below zero or near it, an
// option the top group chose more often than the key, and a distractor
// almost no one chose (multiple choice only: a matching section's choices
// serve several items).
func flags(r *ItemResult) []Flag {
	var out []Flag
	switch d := r.Discrimination; {
	case math.IsNaN(d):
	case d < 0:
		out = append(out, Flag{Kind: FlagNegative})
	case d < LowDiscrimination:
		out = append(out, Flag{Kind: FlagLow})
	}
	if len(r.Options) == 0 {
		return out
	}
	key := r.Options[0]
	for _, o := range r.Options[1:] {
		if o.Top > key.Top {
			out = append(out, Flag{Kind: FlagTopGroup, Option: o.Text})
		}
	}
	if r.Item.Section == MultipleChoice {
		for _, o := range r.Options[1:] {
			if o.Share < DeadShare {
				out = append(out, Flag{Kind: FlagDead, Option: o.Text})
			}
		}
	}
	return out
}

// meanVar returns the mean and the variance (divisor N) of x.
func meanVar(x []float64) (mean, variance float64) {
	if len(x) == 0 {
		return 0, 0
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		variance += (v - mean) * (v - mean)
	}
	return mean, variance / float64(len(x))
}

// pearson is the correlation of x and y; NaN when either is constant.
func pearson(x, y []float64) float64 {
	mx, vx := meanVar(x)
	my, vy := meanVar(y)
	if vx == 0 || vy == 0 {
		return math.NaN()
	}
	c := 0.0
	for i := range x {
		c += (x[i] - mx) * (y[i] - my)
	}
	c /= float64(len(x))
	return c / math.Sqrt(vx*vy)
}

// Ranked returns the items sorted for review: flagged items first, by their
// most urgent flag, then by discrimination, lowest first; then the rest.
func (res *Result) Ranked() []*ItemResult {
	out := make([]*ItemResult, len(res.Items))
	for i := range res.Items {
		out[i] = &res.Items[i]
	}
	rank := func(r *ItemResult) int {
		best := 4
		for _, f := range r.Flags {
			best = min(best, FlagRank(f.Kind))
		}
		return best
	}
	disc := func(r *ItemResult) float64 {
		if math.IsNaN(r.Discrimination) {
			return math.Inf(1)
		}
		return r.Discrimination
	}
	slices.SortStableFunc(out, func(a, b *ItemResult) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(disc(a), disc(b)))
	})
	return out
}

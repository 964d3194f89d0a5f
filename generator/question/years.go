package question

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quizdeck/quizdeck/generator"
)

// yearWindow bounds how far a year distractor may stray from the answer.
const yearWindow = 12

// Limits are the years a which-year question may offer.
type Limits struct {
	// Lo and Hi bound the options (0: open): the active years of everyone
	// the prompt names, and the year the source was written.
	Lo, Hi int
	// Not are years never offered: those the prompt states and those the
	// fact excludes.
	Not []int
}

// Allows reports whether y may be offered.
func (l Limits) Allows(y int) bool {
	return (l.Lo == 0 || y >= l.Lo) && (l.Hi == 0 || y <= l.Hi) && !slices.Contains(l.Not, y)
}

// yearsIn returns the years 1000–2100 that s writes as words of their
// own: four ASCII digits between non-word characters, as the regular
// expression \b(1[0-9]{3}|20[0-9]{2}|2100)\b finds them (a scan: the
// expression was a tenth of a large build's question generation).
func yearsIn(s string) []int {
	var out []int
	word := func(c byte) bool {
		return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	for i := 0; i < len(s); {
		if !word(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && word(s[j]) {
			j++
		}
		if j-i == 4 {
			y := 0
			for k := i; k < j && y >= 0; k++ {
				if c := s[k]; '0' <= c && c <= '9' {
					y = y*10 + int(c-'0')
				} else {
					y = -1
				}
			}
			if 1000 <= y && y <= 2100 {
				out = append(out, y)
			}
		}
		i = j
	}
	return out
}

// YearLimits are the limits of fact f's which-year question with the given
// prompt. A statement cannot be dated before its speaker was active, an
// event not outside the active years of the people its prompt names, and
// neither after the source was written (unless the fact runs until a
// later year). A limit that would rule out the answer itself is wrong
// data, not a limit, and is left out (check's lint reports it).
func YearLimits(d *generator.Deck, f *generator.Fact, prompt string) Limits {
	return yearLimits(d, f, prompt, generator.Normalize(prompt), declaredNames(d))
}

// yearLimits is YearLimits given the prompt normalised (np) and d's
// declared names (declaredNames), which question generation computes
// once, not per question.
func yearLimits(d *generator.Deck, f *generator.Fact, prompt, np string, names [][]string) Limits {
	var l Limits
	narrow := func(lo, hi int) {
		if (lo != 0 && f.Year < lo) || (hi != 0 && f.Year > hi) {
			return
		}
		if lo != 0 && lo > l.Lo {
			l.Lo = lo
		}
		if hi != 0 && (l.Hi == 0 || hi < l.Hi) {
			l.Hi = hi
		}
	}
	if f.Bound != "until" {
		narrow(0, d.Source.Year)
	}
	for _, e := range named(d, f, np, names) {
		narrow(e.ActiveFrom, e.ActiveTo)
	}
	l.Not = append(l.Not, yearsIn(prompt)...)
	for _, x := range f.Exclude {
		if y, err := strconv.Atoi(x); err == nil {
			l.Not = append(l.Not, y)
		}
	}
	return l
}

// Named returns the declared people a question about f names: its speaker
// (of a dated statement), and everyone whose name or alias stands in the
// prompt.
func Named(d *generator.Deck, f *generator.Fact, prompt string) []*generator.Entity {
	return named(d, f, generator.Normalize(prompt), declaredNames(d))
}

// named is Named given the prompt normalised and d's declared names.
func named(d *generator.Deck, f *generator.Fact, np string, names [][]string) []*generator.Entity {
	var out []*generator.Entity
	if f.Who != nil && StatementYear(f) != 0 { // a bounded quote's year is its claim's, not the speaker's
		out = append(out, f.Who)
	}
	for i, e := range d.People {
		if e != f.Who && slices.ContainsFunc(names[i], func(n string) bool { return generator.ContainsPhrase(np, n) }) {
			out = append(out, e)
		}
	}
	return out
}

// declaredNames are d.People's names, each followed by its aliases,
// normalised, in declaration order.
func declaredNames(d *generator.Deck) [][]string {
	out := make([][]string, len(d.People))
	for i, e := range d.People {
		ns := append(make([]string, 0, 1+len(e.Aka)), generator.Normalize(e.Name))
		for _, a := range e.Aka {
			ns = append(ns, generator.Normalize(a))
		}
		out[i] = ns
	}
	return out
}

// pickYears picks year distractors near the answer: years the deck uses
// within yearWindow of it that the limits allow, padded with allowed years
// within 6 (then 12) of it when those are too few, ranked by a seeded hash
// so the answer's place among the options varies. Deck years always rank
// before padding.
func pickYears(years []int, answer int, key uint64, lim Limits) []string {
	type cand struct {
		year int
		rank uint64
	}
	var best [Distractors]cand // the lowest ranks so far, in order
	n := 0
	consider := func(c cand) {
		for i := 0; i < n; i++ {
			if best[i].year == c.year {
				return
			}
		}
		if n == len(best) && (c.rank > best[n-1].rank || c.rank == best[n-1].rank && c.year > best[n-1].year) {
			return
		}
		if n < len(best) {
			n++
		}
		i := n - 1
		for ; i > 0 && (best[i-1].rank > c.rank || best[i-1].rank == c.rank && best[i-1].year > c.year); i-- {
			best[i] = best[i-1]
		}
		best[i] = c
	}
	found := 0
	lo, _ := slices.BinarySearch(years, answer-yearWindow)
	for _, y := range years[lo:] {
		if y > answer+yearWindow {
			break
		}
		if y != answer && lim.Allows(y) {
			found++
			consider(cand{y, generator.Mix64(key+uint64(y)) &^ (1 << 63)})
		}
	}
	for _, pad := range []int{6, 12} {
		if found >= Distractors {
			break
		}
		for off := -pad; off <= pad; off++ {
			if y := answer + off; off != 0 && y <= 2100 && lim.Allows(y) && (off < -6 || off > 6 || pad == 6) {
				found++
				consider(cand{y, generator.Mix64(key^uint64(y)<<32) | 1<<63})
			}
		}
	}
	out := make([]string, n)
	for i, c := range best[:n] {
		out[i] = strconv.Itoa(c.year)
	}
	return out
}

// DateText is how a which-month or which-date question writes a date:
// "March 2014", "18 March 2014".
func DateText(year, month, day int, k generator.Kind) string {
	if k == generator.WhichDate {
		return fmt.Sprintf("%d %s %d", day, time.Month(month), year)
	}
	return fmt.Sprintf("%s %d", time.Month(month), year)
}

// dateWindow bounds how far a month option strays from the answer (months)
// and a date option (days): near enough to be believable, of the same
// precision as the answer.
const (
	monthWindow = 12
	dayWindow   = 40
)

// pickDates picks the options of a which-month or which-date question: dates
// of the answer's precision near it, in years the limits allow, none the
// prompt (normalised: np) states, ranked by a seeded hash.
func pickDates(f *generator.Fact, k generator.Kind, key uint64, lim Limits, np string) []string {
	answer := time.Date(f.Year, time.Month(f.Month), max(f.Day, 1), 0, 0, 0, 0, time.UTC)
	type cand struct {
		text string
		rank uint64
	}
	var cands []cand
	add := func(t time.Time, off int) {
		if !lim.Allows(t.Year()) {
			return
		}
		text := DateText(t.Year(), int(t.Month()), t.Day(), k)
		if generator.ContainsPhrase(np, generator.Normalize(text)) {
			return
		}
		cands = append(cands, cand{text, generator.Mix64(key + uint64(off+1000))})
	}
	if k == generator.WhichDate {
		for off := -dayWindow; off <= dayWindow; off++ {
			if off != 0 {
				add(answer.AddDate(0, 0, off), off)
			}
		}
	} else {
		for off := -monthWindow; off <= monthWindow; off++ {
			if off != 0 {
				add(answer.AddDate(0, off, 0), off)
			}
		}
	}
	slices.SortFunc(cands, func(a, b cand) int { return cmp.Or(cmp.Compare(a.rank, b.rank), strings.Compare(a.text, b.text)) })
	out := make([]string, 0, Distractors)
	for _, c := range cands[:min(Distractors, len(cands))] {
		out = append(out, c.text)
	}
	return out
}

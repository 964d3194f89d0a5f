// Package question turns a deck's facts into multiple-choice questions.
//
// Each fact yields questions of named kinds: a quote gives who-said (and
// which-year when the essay dates it), an event gives which-year, a base
// gives which-base and base-country. Every question has a stable id
// (<deck>/<fact>/<kind>), a prompt from the "prompts" templates, the answer
// and three distractors drawn from the same attribute of the deck's other
// facts and its pools.
//
// Distractors are picked by consistent hashing: candidates sit on a ring
// ordered by a seeded hash of their text, and a question takes the first
// fitting candidates after its own id's hash. Adding a fact inserts one
// candidate into the ring, so it changes only the few questions whose
// distractors it lands among, not every question. Candidates never equal
// the answer after Unicode and case folding, never repeat, and never
// contain the answer as a whole phrase ("Putin" for "Vladimir Putin").
package question

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/render"
)

// Distractors is how many wrong options each question gets.
const Distractors = 3

// yearWindow bounds how far a year distractor may stray from the answer.
const yearWindow = 25

// Warning says why a fact yielded no question of some kind.
type Warning = generator.PosError

// Generate makes every question of every deck, in deck, fact and kind
// order. Facts that cannot make an honest four-option question are left
// out with a warning.
func Generate(decks []*generator.Deck, seed uint64, tmpl *render.Set) ([]generator.Question, []*Warning, error) {
	var qs []generator.Question
	var warns []*Warning
	for _, d := range decks {
		dq, dw, err := generateDeck(d, seed, tmpl)
		if err != nil {
			return nil, nil, err
		}
		qs = append(qs, dq...)
		warns = append(warns, dw...)
	}
	return qs, warns, nil
}

type pools struct {
	speakers, bases, countries *ring
	years                      []int
}

func deckPools(d *generator.Deck, seed uint64) pools {
	var speakers, bases, countries []string
	var years []int
	for _, f := range d.Facts {
		switch f.Kind {
		case generator.Quote:
			speakers = append(speakers, f.Speaker)
			if f.Year != 0 {
				years = append(years, f.Year)
			}
		case generator.Event:
			years = append(years, f.Year)
		case generator.Base:
			bases = append(bases, f.Base)
			countries = append(countries, f.Country)
		}
	}
	years = append(years, d.Pools.Years...)
	slices.Sort(years)
	return pools{
		speakers:  newRing(seed, "speaker", append(speakers, d.Pools.Speakers...)),
		bases:     newRing(seed, "base", append(bases, d.Pools.Bases...)),
		countries: newRing(seed, "country", append(countries, d.Pools.Countries...)),
		years:     slices.Compact(years),
	}
}

func generateDeck(d *generator.Deck, seed uint64, tmpl *render.Set) ([]generator.Question, []*Warning, error) {
	p := deckPools(d, seed)
	// Facts are independent once the pools exist: generate blocks of them in
	// parallel, each into its own slot, and join the slots in fact order.
	const block = 512
	type result struct {
		qs    []generator.Question
		warns []*Warning
	}
	results := make([]result, (len(d.Facts)+block-1)/block)
	err := generator.ForChunks(context.Background(), len(d.Facts), block, func(lo, hi int) error {
		r := &results[lo/block]
		r.qs = make([]generator.Question, 0, (hi-lo)*2)
		for _, f := range d.Facts[lo:hi] {
			for _, k := range kindsOf(f) {
				q, warn, err := makeQuestion(d, f, k, p, seed, tmpl)
				if err != nil {
					return err
				}
				if warn != nil {
					r.warns = append(r.warns, warn)
					continue
				}
				r.qs = append(r.qs, q)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	n := 0
	for _, r := range results {
		n += len(r.qs)
	}
	qs := make([]generator.Question, 0, n)
	var warns []*Warning
	for _, r := range results {
		qs = append(qs, r.qs...)
		warns = append(warns, r.warns...)
	}
	return qs, warns, nil
}

func kindsOf(f *generator.Fact) []generator.Kind {
	switch f.Kind {
	case generator.Quote:
		if f.Year != 0 {
			return []generator.Kind{generator.WhoSaid, generator.WhichYear}
		}
		return []generator.Kind{generator.WhoSaid}
	case generator.Event:
		return []generator.Kind{generator.WhichYear}
	case generator.Base:
		return []generator.Kind{generator.WhichBase, generator.BaseCountry}
	}
	return nil
}

func makeQuestion(d *generator.Deck, f *generator.Fact, k generator.Kind, p pools, seed uint64, tmpl *render.Set) (generator.Question, *Warning, error) {
	id := generator.QuestionID(d.ID, f.ID, k)
	q := generator.Question{ID: id, Deck: d.ID, Fact: f.ID, Kind: k, Source: f.Source, Note: f.Note,
		Tags: f.Tags, GUID: generator.GUID(id)} // Tags shares the fact's read-only slice
	if q.Tags == nil {
		q.Tags = []string{}
	}
	prompt, err := tmpl.Text(string(k), f)
	if err != nil {
		return q, nil, fmt.Errorf("deck %s, fact %s: %w", d.ID, f.ID, err)
	}
	q.Prompt = strings.TrimSpace(prompt)
	if q.Prompt == "" {
		return q, nil, fmt.Errorf("deck %s, fact %s: template %s renders an empty prompt", d.ID, f.ID, k)
	}
	key := generator.Hash64(seed, id)
	var field string
	var norms []string // the distractors normalised
	switch k {
	case generator.WhoSaid:
		q.Answer, field = f.Speaker, "speaker"
		q.Distractors, norms = p.speakers.pick(key, q.Answer, f.Exclude, Distractors)
	case generator.WhichYear:
		q.Answer, field = strconv.Itoa(f.Year), "year"
		q.Distractors = pickYears(p.years, f.Year, key, f.Exclude)
		norms = q.Distractors
	case generator.WhichBase:
		q.Answer, field = f.Base, "base"
		q.Distractors, norms = p.bases.pick(key, q.Answer, f.Exclude, Distractors)
	case generator.BaseCountry:
		q.Answer, field = f.Country, "country"
		q.Distractors, norms = p.countries.pick(key, q.Answer, f.Exclude, Distractors)
	}
	q.Attribution = attribution(f, k)
	if len(q.Distractors) < Distractors {
		return q, generator.Errorf(f.At(field), "warning: fact %q: only %d distractor(s) for a %s question (add facts or pools.%s); question left out",
			f.ID, len(q.Distractors), k, poolName(k)), nil
	}
	np, na := generator.Normalize(q.Prompt), generator.Normalize(q.Answer)
	if containsPhrase(np, na) {
		return q, generator.Errorf(f.At(field), "warning: fact %q: the %s prompt gives away its answer %q; question left out", f.ID, k, q.Answer), nil
	}
	if w := tellingWord(np, na, norms); w != "" {
		return q, generator.Errorf(f.At(field), "warning: fact %q: only the answer %q shares the word %q with the %s prompt, which gives it away; question left out", f.ID, q.Answer, w, k), nil
	}
	return q, nil, nil
}

func poolName(k generator.Kind) string {
	switch k {
	case generator.WhoSaid:
		return "speakers"
	case generator.WhichYear:
		return "years"
	case generator.WhichBase:
		return "bases"
	}
	return "countries"
}

// attribution says who, when and through whom, for a card's back.
func attribution(f *generator.Fact, k generator.Kind) string {
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	switch f.Kind {
	case generator.Quote:
		if k != generator.WhoSaid {
			add(f.Speaker)
		}
		add(f.Role)
		if f.Year != 0 && k != generator.WhichYear {
			add(strconv.Itoa(f.Year))
		}
		if f.Direct {
			add("direct quotation")
		} else {
			add("paraphrase")
		}
		if f.Via != "" {
			add("reported by " + f.Via)
		}
	case generator.Event:
		add(dateOf(f))
	case generator.Base:
		if k == generator.WhichBase {
			add(f.Country)
		} else {
			add(f.Base)
		}
		add(f.Detail)
		if f.Year != 0 {
			add(strconv.Itoa(f.Year))
		}
	}
	return strings.Join(parts, "; ")
}

func dateOf(f *generator.Fact) string {
	switch {
	case f.Day != 0:
		return fmt.Sprintf("%d %s %d", f.Day, time.Month(f.Month), f.Year)
	case f.Month != 0:
		return fmt.Sprintf("%s %d", time.Month(f.Month), f.Year)
	}
	return ""
}

// tellingWord returns a word of four letters or more that the answer shares
// with the prompt but no distractor has: the option that echoes the prompt
// ("the airport from which …" → "Podgorica airport") stands out.
// All arguments are normalised.
func tellingWord(prompt, answer string, distractors []string) string {
	for _, w := range strings.Fields(answer) {
		if utf8.RuneCountInString(w) < 4 || !containsPhrase(prompt, w) {
			continue
		}
		shared := false
		for _, d := range distractors {
			if containsPhrase(d, w) {
				shared = true
				break
			}
		}
		if !shared {
			return w
		}
	}
	return ""
}

// containsPhrase reports whether the normalised text holds the normalised
// phrase as whole words.
func containsPhrase(text, phrase string) bool {
	if phrase == "" {
		return false
	}
	return strings.Contains(" "+text+" ", " "+phrase+" ")
}

// ring is a distractor pool in seeded hash order.
type ring struct {
	items []ringItem
}

type ringItem struct {
	hash  uint64
	norm  string
	names []string // proper-noun words, to keep two forms of one name apart
	text  string
}

func newRing(seed uint64, attr string, values []string) *ring {
	seen := map[string]bool{}
	r := &ring{items: make([]ringItem, 0, len(values))}
	for _, v := range values {
		n := generator.Normalize(v)
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		r.items = append(r.items, ringItem{hash: generator.Hash64(seed, attr, n), norm: n, names: properNames(v), text: v})
	}
	slices.SortFunc(r.items, func(a, b ringItem) int {
		return cmp.Or(cmp.Compare(a.hash, b.hash), strings.Compare(a.norm, b.norm))
	})
	return r
}

// pick returns up to n candidates that fit answer. Each distractor comes
// from its own point on the ring (derived from key): the first fitting
// candidate at or after it. Independent points give varied triples even
// from a small pool, and a new candidate moves only the points just before it.
func (r *ring) pick(key uint64, answer string, exclude []string, n int) (texts, norms []string) {
	if len(r.items) == 0 {
		return nil, nil
	}
	avoid := []ringItem{{norm: generator.Normalize(answer), names: properNames(answer)}}
	for _, x := range exclude {
		avoid = append(avoid, ringItem{norm: generator.Normalize(x), names: properNames(x)})
	}
	texts, norms = make([]string, 0, n), make([]string, 0, n)
	taken := make([]int, 0, n)
	for i := 0; i < n; i++ {
		point := generator.Mix64(key + uint64(i)*0x9e3779b97f4a7c15)
		start, _ := slices.BinarySearchFunc(r.items, point, func(it ringItem, k uint64) int { return cmp.Compare(it.hash, k) })
		for j := 0; j < len(r.items); j++ {
			idx := (start + j) % len(r.items)
			it := &r.items[idx]
			if slices.Contains(taken, idx) || slices.ContainsFunc(avoid, func(a ringItem) bool { return !fits(it, &a) }) {
				continue
			}
			if slices.ContainsFunc(taken, func(t int) bool { return !fits(it, &r.items[t]) }) {
				continue
			}
			texts, norms = append(texts, it.text), append(norms, it.norm)
			taken = append(taken, idx)
			break
		}
	}
	return texts, norms
}

// fits reports whether candidate c may stand beside a: neither equals nor
// contains the other as whole words, and they share no proper name ("Boris
// Yeltsin" and "Yeltsin's government" would make two right answers).
func fits(c, a *ringItem) bool {
	if c.norm == a.norm || containsPhrase(c.norm, a.norm) || containsPhrase(a.norm, c.norm) {
		return false
	}
	for _, n := range c.names {
		if slices.Contains(a.names, n) {
			return false
		}
	}
	return true
}

// properNames returns the normalised capitalised words of s of four letters
// or more, without a possessive ending: the words that name someone.
func properNames(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		w = strings.Trim(w, "'’")
		r, _ := utf8.DecodeRuneInString(w)
		if utf8.RuneCountInString(w) >= 4 && unicode.IsUpper(r) {
			out = append(out, generator.Normalize(w))
		}
	}
	return out
}

// pickYears picks year distractors near the answer: years the deck uses
// within yearWindow of it, padded with years within 6 of it when those are
// too few, ranked by a seeded hash so the answer's place among the options
// varies. Deck years always rank before padding.
func pickYears(years []int, answer int, key uint64, exclude []string) []string {
	type cand struct {
		year int
		rank uint64
	}
	var best [Distractors]cand // the lowest ranks so far, in order
	n := 0
	consider := func(c cand) {
		if slices.Contains(exclude, strconv.Itoa(c.year)) {
			return
		}
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
		if y != answer {
			found++
			consider(cand{y, generator.Mix64(key+uint64(y)) &^ (1 << 63)})
		}
	}
	if found < Distractors {
		for off := -6; off <= 6; off++ {
			if y := answer + off; off != 0 && y <= 2100 {
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

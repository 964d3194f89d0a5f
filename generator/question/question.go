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
		if qs == nil {
			qs = dq // most builds have one deck: no copy of its questions
		} else {
			qs = append(qs, dq...)
		}
		warns = append(warns, dw...)
	}
	return qs, warns, nil
}

type pools struct {
	deck                       *generator.Deck
	speakers, bases, countries *ring
	years                      []int
	// Declared entities, in rings of one kind (people) or class (places):
	// a distractor always comes from the answer's own ring.
	people map[generator.EntityKind]*ring
	places map[string]*ring
	// names are d.People's names and aliases, normalised once, for
	// finding whom a prompt names (yearLimits).
	names [][]string
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
			// Only the countries of base-country questions: a country
			// declared for a place that is only a wrong answer may lie
			// far from the region (Montenegro beside Uzbekistan).
			if slices.Contains(kindsOf(f), generator.BaseCountry) {
				countries = append(countries, f.Country)
			}
		}
	}
	years = append(years, d.Pools.Years...)
	slices.Sort(years)
	p := pools{
		deck:      d,
		speakers:  newRing(seed, "speaker", append(speakers, d.Pools.Speakers...)),
		bases:     newRing(seed, "base", append(bases, d.Pools.Bases...)),
		countries: newRing(seed, "country", append(countries, d.Pools.Countries...)),
		years:     slices.Compact(years),
		names:     declaredNames(d),
	}
	if len(d.People) > 0 {
		p.people = map[generator.EntityKind]*ring{}
		byKind := map[generator.EntityKind][]int{}
		for i, e := range d.People {
			byKind[e.Kind] = append(byKind[e.Kind], i)
		}
		for k, idx := range byKind {
			p.people[k] = newEntityRing(seed, "speaker", idx, func(i int) (string, []string) { return d.People[i].Name, d.People[i].Aka })
		}
	}
	if len(d.Places) > 0 {
		p.places = map[string]*ring{}
		byClass := map[string][]int{}
		for i, pl := range d.Places {
			byClass[placeClass(pl.Type)] = append(byClass[placeClass(pl.Type)], i)
		}
		for c, idx := range byClass {
			p.places[c] = newEntityRing(seed, "base", idx, func(i int) (string, []string) { return d.Places[i].Name, d.Places[i].Aka })
		}
	}
	return p
}

// placeClass groups place types whose members make fair options for each
// other: military sites, civil transport hubs, settlements.
func placeClass(t generator.PlaceType) string {
	switch t {
	case "base", "air-base", "airfield", "naval-base", "military-airport":
		return "military"
	case "airport", "port":
		return "civil"
	}
	return "settlement"
}

func generateDeck(d *generator.Deck, seed uint64, tmpl *render.Set) ([]generator.Question, []*Warning, error) {
	p := deckPools(d, seed)
	passages := Passages(d)
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
		kinds := make([][]generator.Kind, hi-lo)
		n := 0
		for i, f := range d.Facts[lo:hi] {
			kinds[i] = kindsOf(f)
			n += len(kinds[i])
		}
		r.qs = make([]generator.Question, 0, n)
		for i, f := range d.Facts[lo:hi] {
			guid := generator.NoteGUID(d.ID, f.ID) // one note per fact: hashed once, not per question
			for _, k := range kinds[i] {
				if generator.Precise(k) && !tmpl.Has(string(k)) {
					continue // an overridden prompts file from before month and date questions
				}
				q, warn, err := makeQuestion(d, f, k, guid, p, seed, tmpl)
				if err != nil {
					return err
				}
				if warn != nil {
					r.warns = append(r.warns, warn)
					continue
				}
				q.Passage = passages[lo+i]
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

// kindsOf lists the kinds of question f yields: those its shape allows and
// its fields support, narrowed to the fact's kinds: key when it has one.
func kindsOf(f *generator.Fact) []generator.Kind {
	var out []generator.Kind
	for _, k := range generator.KindsOf(f.Kind) {
		switch {
		case k == generator.WhichYear && f.Year == 0:
		case generator.Precise(k) && f.Kind == generator.Quote && f.Bound != "": // its year is a claim's
		case k == generator.WhichMonth && (f.Year == 0 || f.Month == 0):
		case k == generator.WhichDate && (f.Year == 0 || f.Month == 0 || f.Day == 0):
		case k == generator.BaseCountry && f.Country == "":
		case len(f.Kinds) > 0 && !slices.Contains(f.Kinds, k):
		default:
			out = append(out, k)
		}
	}
	return out
}

// makeQuestion makes the kind k question about f of deck d; guid is f's
// note GUID (generator.NoteGUID), which every question of f shares.
func makeQuestion(d *generator.Deck, f *generator.Fact, k generator.Kind, guid string, p pools, seed uint64, tmpl *render.Set) (generator.Question, *Warning, error) {
	id := generator.QuestionID(d.ID, f.ID, k)
	q := generator.Question{ID: id, Deck: d.ID, Fact: f.ID, Kind: k, Source: f.Source, Note: f.Note,
		Tags: f.Tags, GUID: guid, Section: f.Section} // Tags shares the fact's read-only slice
	q.GroundedBy = f.GroundedBy
	if q.Tags == nil {
		q.Tags = []string{}
	}
	key := generator.Hash64(seed, id)
	field := fieldOf(k)
	var norms []string // the distractors normalised
	// The prompt comes first: no option may be named in it ("Cuba" among
	// the options of a prompt about weapons in Cuba).
	prompt, err := renderPrompt(tmpl, d, f, k, false)
	if err != nil {
		return q, nil, fmt.Errorf("deck %s, fact %s: %w", d.ID, f.ID, err)
	}
	np := generator.Normalize(prompt)
	unnamed := func(it *ringItem) bool {
		return !generator.ContainsPhrase(np, it.norm) && !slices.ContainsFunc(it.akas, func(a string) bool { return generator.ContainsPhrase(np, a) })
	}
	switch k {
	case generator.WhoSaid:
		q.Answer = f.Speaker
		if f.Direct {
			q.Quotation = Curly(strings.TrimSpace(f.Said))
		}
		if f.Who != nil {
			q.Distractors, norms = p.pickPeople(key, f, Distractors, unnamed)
		} else {
			q.Distractors, norms = p.speakers.pick(key, q.Answer, f.Exclude, Distractors, unnamed)
		}
	case generator.WhichBase:
		q.Answer = f.Base
		if f.Where != nil {
			var same bool
			q.Distractors, norms, same = p.pickPlaces(key, f, Distractors, unnamed)
			if same && f.Country != "" { // every option lies there: the prompt may say where
				if prompt, err = renderPrompt(tmpl, d, f, k, true); err != nil {
					return q, nil, fmt.Errorf("deck %s, fact %s: %w", d.ID, f.ID, err)
				}
				np = generator.Normalize(prompt)
			}
		} else {
			q.Distractors, norms = p.bases.pick(key, q.Answer, f.Exclude, Distractors, unnamed)
		}
	case generator.BaseCountry:
		q.Answer = f.Country
		q.Distractors, norms = p.countries.pick(key, q.Answer, f.Exclude, Distractors, unnamed)
	}
	q.Prompt = prompt
	if q.Prompt == "" {
		return q, nil, fmt.Errorf("deck %s, fact %s: template %s renders an empty prompt", d.ID, f.ID, k)
	}
	switch k {
	case generator.WhichYear:
		q.Answer = strconv.Itoa(f.Year)
		q.Distractors = pickYears(p.years, f.Year, key, yearLimits(d, f, q.Prompt, np, p.names))
		norms = q.Distractors
	case generator.WhichMonth, generator.WhichDate:
		q.Answer = DateText(f.Year, f.Month, f.Day, k)
		q.Distractors = pickDates(f, k, key, yearLimits(d, f, q.Prompt, np, p.names), np)
		for _, x := range q.Distractors {
			norms = append(norms, generator.Normalize(x))
		}
	}
	q.Attribution = attribution(f, k)
	if len(q.Distractors) < Distractors {
		return q, generator.Errorf(f.At(field), "warning: fact %q: only %d plausible distractor(s) for a %s question (%s); question left out",
			f.ID, len(q.Distractors), k, addMore(d, k)), nil
	}
	na := generator.Normalize(q.Answer)
	if generator.ContainsPhrase(np, na) || generator.Precise(k) && statesDate(np, f, k) {
		return q, generator.Errorf(f.At(field), "warning: fact %q: the %s prompt gives away its answer %q; question left out", f.ID, k, q.Answer), nil
	}
	var template []string // words the template itself put in the prompt ("naval base")
	if k == generator.WhichBase && f.Prompts[k] == "" {
		template = strings.Fields(generator.Normalize(placeNoun(f.Where)))
	}
	if w := tellingWord(np, na, norms, template); w != "" {
		return q, generator.Errorf(f.At(field), "warning: fact %q: only the answer %q shares the word %q with the %s prompt, which gives it away; question left out", f.ID, q.Answer, w, k), nil
	}
	return q, nil, nil
}

// statesDate reports whether the normalised prompt states f's date in
// another order ("until November 20" for 20 November 1962): a which-date
// or which-month question must not print its answer's day and month.
func statesDate(np string, f *generator.Fact, k generator.Kind) bool {
	month := strings.ToLower(time.Month(f.Month).String())
	if k == generator.WhichMonth {
		return generator.ContainsPhrase(np, month)
	}
	day := strconv.Itoa(f.Day)
	return generator.ContainsPhrase(np, month+" "+day) || generator.ContainsPhrase(np, day+" "+month)
}

// addMore says where a deck gets more distractors of kind k.
func addMore(d *generator.Deck, k generator.Kind) string {
	switch {
	case k == generator.WhoSaid && len(d.People) > 0:
		return "declare more people of the speaker's kind, active in the statement's year"
	case k == generator.WhichBase && len(d.Places) > 0:
		return "declare more places of the base's class"
	case k == generator.WhichYear:
		return "add pools.years, or check the year limits: source.year and the active years of the people the prompt names"
	}
	return "add facts or pools." + poolName(k)
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
			add(strings.TrimSpace(f.Bound + " " + strconv.Itoa(f.Year)))
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
// ("the airport from which …" → "Podgorica airport") stands out. Words
// the template itself puts in the prompt (the place noun of "Which naval
// base …?") tell nothing: "Guantanamo Bay Naval Base" may answer that.
// All arguments are normalised.
func tellingWord(prompt, answer string, distractors, template []string) string {
	for _, w := range strings.Fields(answer) {
		if utf8.RuneCountInString(w) < 4 || !generator.ContainsPhrase(prompt, w) || slices.Contains(template, w) {
			continue
		}
		shared := false
		for _, d := range distractors {
			if generator.ContainsPhrase(d, w) {
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

// ring is a distractor pool in seeded hash order.
type ring struct {
	items []ringItem
	// byText finds an item by its text, so an answer that is one of the
	// ring's values is not normalised again for every question.
	byText map[string]int
}

type ringItem struct {
	hash  uint64
	norm  string
	names []string // proper-noun words, to keep two forms of one name apart
	text  string
	akas  []string // other names of a declared entity, normalised
	ent   int      // index of the declared entity (person or place)
	// declared items are distinct entities by the curator's word: two may
	// share a name ("John F. Kennedy", "Robert F. Kennedy").
	declared bool
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
	r.sort()
	return r
}

// newEntityRing is a ring of declared entities (by index): their names, with
// their aliases kept so that no option is another name of the answer.
func newEntityRing(seed uint64, attr string, idx []int, name func(int) (string, []string)) *ring {
	r := &ring{items: make([]ringItem, 0, len(idx))}
	for _, i := range idx {
		text, aka := name(i)
		n := generator.Normalize(text)
		it := ringItem{hash: generator.Hash64(seed, attr, n), norm: n, names: properNames(text), text: text, ent: i, declared: true}
		for _, a := range aka {
			it.akas = append(it.akas, generator.Normalize(a))
			it.names = append(it.names, properNames(a)...)
		}
		r.items = append(r.items, it)
	}
	r.sort()
	return r
}

func (r *ring) sort() {
	slices.SortFunc(r.items, func(a, b ringItem) int {
		return cmp.Or(cmp.Compare(a.hash, b.hash), strings.Compare(a.norm, b.norm))
	})
	r.byText = make(map[string]int, len(r.items))
	for i, it := range r.items {
		if _, dup := r.byText[it.text]; !dup {
			r.byText[it.text] = i
		}
	}
}

// picker fills a question's options from one ring, possibly in several
// passes of falling strictness (same role first, then any role).
type picker struct {
	r            *ring
	key          uint64
	avoid        []ringItem
	taken        []int
	texts, norms []string
}

func (r *ring) picker(key uint64, answer string, answerAka, exclude []string, declared bool) *picker {
	a := ringItem{declared: declared}
	if i, ok := r.byText[answer]; ok && len(r.items[i].akas) == 0 {
		a.norm, a.names = r.items[i].norm, r.items[i].names // what the lines below would compute
	} else {
		a.norm, a.names = generator.Normalize(answer), properNames(answer)
	}
	for _, x := range answerAka {
		a.akas = append(a.akas, generator.Normalize(x))
	}
	pk := &picker{r: r, key: key, avoid: []ringItem{a}}
	for _, x := range exclude {
		pk.avoid = append(pk.avoid, ringItem{norm: generator.Normalize(x), names: properNames(x)})
	}
	return pk
}

// fill takes candidates accepted by ok (nil: any) until the picker holds n.
// Each option comes from its own point on the ring (derived from the key
// and the option's slot): the first fitting candidate at or after it.
// Independent points give varied triples even from a small pool, and a new
// candidate moves only the points just before it.
func (pk *picker) fill(n int, ok func(*ringItem) bool) {
	r := pk.r
	if r == nil || len(r.items) == 0 {
		return
	}
	for i := len(pk.taken); i < n; i++ {
		point := generator.Mix64(pk.key + uint64(i)*0x9e3779b97f4a7c15)
		start, _ := slices.BinarySearchFunc(r.items, point, func(it ringItem, k uint64) int { return cmp.Compare(it.hash, k) })
		found := false
		for j := 0; j < len(r.items); j++ {
			idx := (start + j) % len(r.items)
			it := &r.items[idx]
			if slices.Contains(pk.taken, idx) || (ok != nil && !ok(it)) ||
				slices.ContainsFunc(pk.avoid, func(a ringItem) bool { return !fits(it, &a) }) ||
				slices.ContainsFunc(pk.taken, func(t int) bool { return !fits(it, &r.items[t]) }) {
				continue
			}
			pk.texts, pk.norms = append(pk.texts, it.text), append(pk.norms, it.norm)
			pk.taken = append(pk.taken, idx)
			found = true
			break
		}
		if !found {
			return
		}
	}
}

// pick returns up to n candidates that fit answer and pass ok (nil: any).
func (r *ring) pick(key uint64, answer string, exclude []string, n int, ok func(*ringItem) bool) (texts, norms []string) {
	pk := r.picker(key, answer, nil, exclude, false)
	pk.fill(n, ok)
	return pk.texts, pk.norms
}

// pickPeople picks who-said options among the declared people of the
// speaker's kind who were active when the statement was made (or, for an
// undated one, at some time the speaker was) and before the source was
// written: first those of the speaker's role and affiliation, then of its
// role, then any; never one the prompt names (unnamed).
func (p pools) pickPeople(key uint64, f *generator.Fact, n int, unnamed func(*ringItem) bool) (texts, norms []string) {
	who := f.Who
	exclude := f.Exclude
	if f.Via != "" { // who reported the words could be taken for their author
		exclude = append(slices.Clone(exclude), f.Via)
	}
	pk := p.people[who.Kind].picker(key, who.Name, append(slices.Clone(who.Aka), f.Speaker), exclude, true)
	people := p.deck.People
	era := func(it *ringItem) bool {
		return unnamed(it) && EraFits(people[it.ent], who, StatementYear(f), p.deck.Source.Year)
	}
	role := func(it *ringItem) bool { return era(it) && sameText(people[it.ent].Role, who.Role) }
	side := func(it *ringItem) bool { return role(it) && sameText(people[it.ent].Affiliation, who.Affiliation) }
	pk.fill(n, side)
	pk.fill(n, role)
	pk.fill(n, era)
	return pk.texts, pk.norms
}

// StatementYear is the year a quote was made, 0 when undated: a quote
// with a bound carries the year of its claim ("before 1991") instead.
func StatementYear(f *generator.Fact) int {
	if f.Bound != "" {
		return 0
	}
	return f.Year
}

// EraFits reports whether candidate c is a fair who-said option beside the
// speaker who for a statement made in year (0: undated) of a source
// written in sourceYear (0: unknown): active that year, or for an undated
// statement at some time the speaker was; and active before the source.
func EraFits(c, who *generator.Entity, year, sourceYear int) bool {
	if sourceYear != 0 && c.ActiveFrom > sourceYear {
		return false
	}
	if year != 0 {
		return ActiveIn(c, year)
	}
	return (who.ActiveTo == 0 || c.ActiveFrom == 0 || c.ActiveFrom <= who.ActiveTo) &&
		(who.ActiveFrom == 0 || c.ActiveTo == 0 || who.ActiveFrom <= c.ActiveTo)
}

// ActiveIn reports whether e was active in year; unknown bounds are open.
func ActiveIn(e *generator.Entity, year int) bool {
	return (e.ActiveFrom == 0 || e.ActiveFrom <= year) && (e.ActiveTo == 0 || year <= e.ActiveTo)
}

func sameText(a, b string) bool { return generator.Normalize(a) == generator.Normalize(b) }

// pickPlaces picks which-base options among the declared places of the
// base's class (never a city among bases): first those of its type and
// country, then of its country, then of its type, then any of the class. same reports whether
// every option lies in the base's country, so the prompt may name it.
func (p pools) pickPlaces(key uint64, f *generator.Fact, n int, unnamed func(*ringItem) bool) (texts, norms []string, same bool) {
	where := f.Where
	country := cmp.Or(f.Country, where.Country)
	pk := p.places[placeClass(where.Type)].picker(key, where.Name, append(slices.Clone(where.Aka), f.Base), f.Exclude, true)
	places := p.deck.Places
	typ := func(it *ringItem) bool { return unnamed(it) && places[it.ent].Type == where.Type }
	here := func(it *ringItem) bool {
		return unnamed(it) && country != "" && sameText(places[it.ent].Country, country)
	}
	pk.fill(n, func(it *ringItem) bool { return typ(it) && here(it) })
	pk.fill(n, here)
	pk.fill(n, typ)
	pk.fill(n, unnamed)
	same = country != "" && len(pk.taken) > 0
	for _, t := range pk.taken {
		if !sameText(places[pk.r.items[t].ent].Country, country) {
			same = false
		}
	}
	return pk.texts, pk.norms, same
}

// fits reports whether candidate c may stand beside a: neither equals nor
// contains the other (or another of its names) as whole words, and they
// share no proper name ("Boris Yeltsin" and "Yeltsin's government" would
// make two right answers).
func fits(c, a *ringItem) bool {
	if c.norm == a.norm || generator.ContainsPhrase(c.norm, a.norm) || generator.ContainsPhrase(a.norm, c.norm) {
		return false
	}
	for _, x := range a.akas {
		if c.norm == x || generator.ContainsPhrase(c.norm, x) || generator.ContainsPhrase(x, c.norm) {
			return false
		}
	}
	for _, x := range c.akas {
		if x == a.norm || generator.ContainsPhrase(a.norm, x) {
			return false
		}
	}
	if c.declared && a.declared {
		return true
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

package question

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quizdeck/quizdeck/generator"
)

// The item-writing flaws Lint reports, by code. docs/item-quality.md says
// why each matters and how to fix it in a spec.
const (
	CodeImplausible   = "implausible-distractor" // a wrong option no reader would pick, and why
	CodeGuessable     = "guessable"              // two or more wrong options ruled out without reading
	CodeRoleMix       = "role-mix"               // fewer than two wrong options share the answer's role class
	CodeStatesOption  = "prompt-states-option"   // the prompt holds one of its own options
	CodeCountryCue    = "country-cue"            // the prompt names a country the wrong options are not in
	CodeContext       = "context-dependent"      // the prompt leans on words the student cannot see
	CodeLengthCue     = "option-length-cue"      // the answer is by far the longest or shortest option
	CodeCollision     = "template-collision"     // the rendered prompt has doubled or clashing punctuation
	CodeNoEntities    = "undeclared-entities"    // the deck declares no people or places to judge options by
	CodeUnknownEra    = "unknown-era"            // a declared person has no active years
	CodeSamePassage   = "same-passage"           // a quiz holds two questions from one fact or passage
	CodeGiveAway      = "give-away"              // a quiz prompt holds another question's answer
	minRoleMates      = 2                        // wrong options that should share the answer's role class
	lengthCueRatio    = 1.6                      // how much longer (or shorter, inverted) the answer may be
	guessableImplaus  = 2                        // implausible wrong options that make a question guessable
	contextPronounsRE = `^(this|these|those|it|they|he|she|such)\b( \w+)?`
)

// Finding is one item-writing flaw at a spec position, printed as
// "file:line:col: code: message".
type Finding struct {
	Pos  generator.Pos
	Code string
	Msg  string
}

func (f *Finding) Error() string { return f.Pos.String() + ": " + f.Code + ": " + f.Msg }

var (
	contextStartRE  = regexp.MustCompile(`(?i)` + contextPronounsRE)
	demonstrativeRE = regexp.MustCompile(`(?i)\b(this|these|those) [a-z]`)
	collisionRE     = regexp.MustCompile(`[.,;:]["”’']?\?|\?["”’']?\?|!["”’]\?|\.\.|\s[,.;:?]|[“‘]\s|\s[”’]|["']`)
)

// Lint reports the item-writing flaws a program can see in the questions
// of the given decks: distractors a student would rule out without reading
// (wrong kind, era or class), guessable questions, prompts that state an
// option or lean on unseen context, option-length cues and template
// collisions. Findings are in deck, fact and kind order.
func Lint(decks []*generator.Deck, qs []generator.Question) []*Finding {
	var out []*Finding
	facts := map[string]*generator.Fact{}
	byDeck := map[string]*generator.Deck{}
	index := map[string]*declared{}
	for _, d := range decks {
		byDeck[d.ID] = d
		index[d.ID] = newDeclared(d)
		for _, f := range d.Facts {
			facts[d.ID+"/"+f.ID] = f
		}
		hasQuote, hasBase := false, false
		for _, f := range d.Facts {
			hasQuote = hasQuote || f.Kind == generator.Quote
			hasBase = hasBase || f.Kind == generator.Base
		}
		if hasQuote && len(d.People) == 0 {
			out = append(out, &Finding{d.Pos, CodeNoEntities, fmt.Sprintf("deck %q declares no people: who-said options cannot be checked for kind, role and era (declare them under people:)", d.ID)})
		}
		if hasBase && len(d.Places) == 0 {
			out = append(out, &Finding{d.Pos, CodeNoEntities, fmt.Sprintf("deck %q declares no places: which-base options cannot be checked for class (declare them under places:)", d.ID)})
		}
		for _, e := range d.People {
			if e.ActiveFrom == 0 && e.ActiveTo == 0 {
				out = append(out, &Finding{e.Pos, CodeUnknownEra, fmt.Sprintf("%q has no active years: it may be offered for a statement made before or after its time (add active: [from, to])", e.Name)})
			}
		}
	}
	for i := range qs {
		q := &qs[i]
		d, f := byDeck[q.Deck], facts[q.Deck+"/"+q.Fact]
		if d == nil || f == nil {
			continue
		}
		out = append(out, lintQuestion(index[d.ID], d, f, q)...)
	}
	return out
}

// fieldOf is the spec key a question of kind k asks about.
func fieldOf(k generator.Kind) string {
	switch k {
	case generator.WhoSaid:
		return "speaker"
	case generator.WhichYear:
		return "year"
	case generator.WhichMonth:
		return "month"
	case generator.WhichDate:
		return "day"
	case generator.WhichBase:
		return "base"
	}
	return "country"
}

func lintQuestion(ix *declared, d *generator.Deck, f *generator.Fact, q *generator.Question) []*Finding {
	var out []*Finding
	at := f.At(fieldOf(q.Kind))
	_, overridden := f.Prompts[q.Kind]
	promptAt := at
	if overridden {
		promptAt = f.At("prompts")
	}
	add := func(p generator.Pos, code, format string, args ...any) {
		out = append(out, &Finding{p, code, fmt.Sprintf("%s: ", q.ID) + fmt.Sprintf(format, args...)})
	}
	implausible := 0
	for _, x := range q.Distractors {
		if why := ix.implausible(d, f, q, x); why != "" {
			implausible++
			add(at, CodeImplausible, "%q %s", x, why)
		}
	}
	if implausible >= guessableImplaus {
		add(at, CodeGuessable, "%d of %d wrong options can be ruled out without reading", implausible, len(q.Distractors))
	}
	if q.Kind == generator.WhoSaid && f.Who != nil && f.Who.Role != "" {
		mates := 0
		for _, x := range q.Distractors {
			if e := ix.people[generator.Normalize(x)]; e != nil && sameText(e.Role, f.Who.Role) {
				mates++
			}
		}
		if mates < minRoleMates {
			add(at, CodeRoleMix, "only %d of the wrong options is a %s like %s: declare more people of that role active then", mates, f.Who.Role, f.Who.Name)
		}
	}
	np := generator.Normalize(q.Prompt)
	for _, x := range q.Distractors {
		if generator.ContainsPhrase(np, generator.Normalize(x)) {
			add(promptAt, CodeStatesOption, "the prompt names the option %q", x)
		}
	}
	if q.Kind == generator.WhichBase && f.Where != nil {
		country := f.Country
		if country == "" {
			country = f.Where.Country
		}
		if country != "" && generator.ContainsPhrase(np, generator.Normalize(country)) {
			for _, x := range q.Distractors {
				if p := ix.places[generator.Normalize(x)]; p == nil || !sameText(p.Country, country) {
					add(promptAt, CodeCountryCue, "the prompt names %s but the option %q is not there", country, x)
				}
			}
		}
	}
	if !overridden {
		for _, text := range []string{f.Said, f.Event, f.Detail} {
			if text == "" {
				continue
			}
			if m := contextStartRE.FindString(text); m != "" && !dummyIt(m) {
				add(at, CodeContext, "the prompt's quoted or reported words open with %q, which points at text the student cannot see (reword, or give the fact a prompts: override that supplies the context)", m)
			} else if m := demonstrativeRE.FindString(text); m != "" && !f.Direct {
				add(at, CodeContext, "%q points at text the student cannot see (name what it refers to)", strings.TrimSpace(m[:len(m)-1]))
			}
		}
	}
	if q.Kind != generator.WhichYear {
		if cue := lengthCue(q.Answer, q.Distractors); cue != "" {
			add(at, CodeLengthCue, "the answer %q is %s", q.Answer, cue)
		}
	}
	if m := collisionRE.FindString(q.Prompt); m != "" {
		add(promptAt, CodeCollision, "the prompt has %q: %s", m, q.Prompt)
	} else if strings.Count(q.Prompt, "“") != strings.Count(q.Prompt, "”") {
		add(promptAt, CodeCollision, "unbalanced quotation marks: %s", q.Prompt)
	} else if r, _ := utf8.DecodeRuneInString(q.Prompt); !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '“' {
		add(promptAt, CodeCollision, "the prompt starts in lower case: %s", q.Prompt)
	} else if strings.Count(strings.ToLower(q.Prompt), "according to the") > 1 {
		add(promptAt, CodeCollision, "the prompt says \"according to the\" twice: %s", q.Prompt)
	}
	return out
}

// dummyIt reports whether an opening "it" is the empty subject of "it is
// probably …", which points at nothing.
func dummyIt(opening string) bool {
	w := strings.Fields(strings.ToLower(opening))
	return len(w) == 2 && w[0] == "it" && slices.Contains([]string{"is", "was", "has", "seems", "appears"}, w[1])
}

// Implausible says why wrong option x of question q about f is one a
// student who has not read the source would rule out, or "" when it is a
// fair option (or when the deck declares nothing to judge it by).
func Implausible(d *generator.Deck, f *generator.Fact, q *generator.Question, x string) string {
	return newDeclared(d).implausible(d, f, q, x)
}

// declared indexes a deck's people and places by their normalised names
// and aliases (the first declared wins, as a scan in order would find it),
// so judging every option of every question does not normalise every
// name again.
type declared struct {
	people map[string]*generator.Entity
	places map[string]*generator.Place
	names  [][]string // declaredNames
}

func newDeclared(d *generator.Deck) *declared {
	ix := &declared{people: map[string]*generator.Entity{}, places: map[string]*generator.Place{}, names: declaredNames(d)}
	for i, e := range d.People {
		for _, n := range ix.names[i] {
			if _, ok := ix.people[n]; !ok {
				ix.people[n] = e
			}
		}
	}
	for _, p := range d.Places {
		for _, n := range append([]string{p.Name}, p.Aka...) {
			if k := generator.Normalize(n); ix.places[k] == nil {
				ix.places[k] = p
			}
		}
	}
	return ix
}

func (ix *declared) implausible(d *generator.Deck, f *generator.Fact, q *generator.Question, x string) string {
	switch q.Kind {
	case generator.WhoSaid:
		if f.Who == nil {
			return ""
		}
		e := ix.people[generator.Normalize(x)]
		switch {
		case e == nil:
			return "is not declared under people, so its kind and era are unknown"
		case e.Kind != f.Who.Kind:
			return fmt.Sprintf("is a %s among answers of kind %s", e.Kind, f.Who.Kind)
		case !EraFits(e, f.Who, StatementYear(f), d.Source.Year):
			return fmt.Sprintf("was not active %s (active %s)", eraOf(f, d), span(e))
		}
	case generator.WhichYear:
		y, err := strconv.Atoi(x)
		if err != nil {
			return "is not a year"
		}
		lim := yearLimits(d, f, q.Prompt, generator.Normalize(q.Prompt), ix.names)
		switch {
		case slices.Contains(lim.Not, y):
			return "is a year the prompt states or the fact excludes"
		case !lim.Allows(y):
			return fmt.Sprintf("lies outside %s", limitsText(lim))
		}
	case generator.WhichMonth, generator.WhichDate:
		words := strings.Fields(x)
		y, err := strconv.Atoi(words[len(words)-1])
		if err != nil || len(words) != map[generator.Kind]int{generator.WhichMonth: 2, generator.WhichDate: 3}[q.Kind] {
			return "is not a date of the answer's precision"
		}
		if lim := yearLimits(d, f, q.Prompt, generator.Normalize(q.Prompt), ix.names); !lim.Allows(y) {
			return fmt.Sprintf("lies outside %s", limitsText(lim))
		}
	case generator.WhichBase:
		if f.Where == nil {
			return ""
		}
		p := ix.places[generator.Normalize(x)]
		switch {
		case p == nil:
			return "is not declared under places, so its type is unknown"
		case placeClass(p.Type) != placeClass(f.Where.Type):
			return fmt.Sprintf("is a %s among %s answers", p.Type, f.Where.Type)
		}
	}
	return ""
}

func eraOf(f *generator.Fact, d *generator.Deck) string {
	if y := StatementYear(f); y != 0 {
		return "in " + strconv.Itoa(y)
	}
	if d.Source.Year != 0 {
		return fmt.Sprintf("when %s was (%s), or before %d", f.Who.Name, span(f.Who), d.Source.Year)
	}
	return fmt.Sprintf("when %s was (%s)", f.Who.Name, span(f.Who))
}

func span(e *generator.Entity) string {
	from, to := "?", "now"
	if e.ActiveFrom != 0 {
		from = strconv.Itoa(e.ActiveFrom)
	}
	if e.ActiveTo != 0 {
		to = strconv.Itoa(e.ActiveTo)
	}
	return from + "-" + to
}

func limitsText(l Limits) string {
	switch {
	case l.Lo != 0 && l.Hi != 0:
		return fmt.Sprintf("%d-%d, the years the prompt's people were active and the source was written", l.Lo, l.Hi)
	case l.Lo != 0:
		return fmt.Sprintf("the years from %d, when the prompt's people were active", l.Lo)
	}
	return fmt.Sprintf("the years up to %d, when the source was written", l.Hi)
}

// lengthCue says how the answer's length stands out among the options:
// much longer than the longest wrong option, or much shorter than the
// shortest ("" when it does not).
func lengthCue(answer string, distractors []string) string {
	if len(distractors) == 0 {
		return ""
	}
	a := utf8.RuneCountInString(answer)
	lo, hi := 1<<30, 0
	for _, x := range distractors {
		n := utf8.RuneCountInString(x)
		lo, hi = min(lo, n), max(hi, n)
	}
	switch {
	case float64(a) > lengthCueRatio*float64(hi):
		return fmt.Sprintf("%d characters long, the longest wrong option %d", a, hi)
	case float64(a)*lengthCueRatio < float64(lo):
		return fmt.Sprintf("%d characters long, the shortest wrong option %d", a, lo)
	}
	return ""
}

// LintQuiz reports pairs of a quiz's questions that help with each other:
// two from one fact or passage (same-passage) or a prompt that holds
// another question's answer (give-away), at the later question's spec
// position. A sampled quiz never has such a pair; a build that lists its
// questions may.
func LintQuiz(decks []*generator.Deck, build string, qs []generator.Question) []*Finding {
	facts := map[string]*generator.Fact{}
	for _, d := range decks {
		for _, f := range d.Facts {
			facts[d.ID+"/"+f.ID] = f
		}
	}
	at := func(q *generator.Question) generator.Pos {
		if f := facts[q.Deck+"/"+q.Fact]; f != nil {
			return f.At(fieldOf(q.Kind))
		}
		return generator.Pos{}
	}
	var out []*Finding
	for i := range qs {
		for j := 0; j < i; j++ {
			a, b := &qs[j], &qs[i]
			switch {
			case a.Deck == b.Deck && (a.Fact == b.Fact || a.Passage != "" && a.Passage == b.Passage):
				out = append(out, &Finding{at(b), CodeSamePassage, fmt.Sprintf("build %s: %s and %s come from one passage, so one answers the other", build, a.ID, b.ID)})
			case generator.GiveAway(a, b):
				out = append(out, &Finding{at(b), CodeGiveAway, fmt.Sprintf("build %s: the prompt of %s or %s holds the other's answer", build, a.ID, b.ID)})
			}
		}
	}
	return out
}

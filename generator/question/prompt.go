package question

import (
	"strconv"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/render"
)

// PromptData is what the prompt templates see: the fact's fields, plus what
// the generator decided about the question.
type PromptData struct {
	*generator.Fact
	// SourceKind names the text in "according to the …": essay, article.
	SourceKind string
	// NameCountry is true when a which-base prompt may name the base's
	// country: every wrong option lies in it too, so naming it rules
	// none out.
	NameCountry bool
	// PlaceNoun is what the base is called in a which-base prompt: "base",
	// "airfield", "airport"; "base or facility" when the deck declares no places.
	PlaceNoun string
}

// RenderPrompt renders the prompt of the kind k question about f as a card
// without options asks it: a which-base prompt names the base's country,
// since there are no wrong options for it to rule out. Output formats that
// print a question the generator did not make (a reversed card) use it.
func RenderPrompt(tmpl *render.Set, d *generator.Deck, f *generator.Fact, k generator.Kind) (string, error) {
	return renderPrompt(tmpl, d, f, k, f.Country != "")
}

func renderPrompt(tmpl *render.Set, d *generator.Deck, f *generator.Fact, k generator.Kind, nameCountry bool) (string, error) {
	if p, ok := f.Prompts[k]; ok {
		return Curly(p), nil
	}
	data := PromptData{Fact: f, SourceKind: d.Source.Noun(), NameCountry: nameCountry, PlaceNoun: placeNoun(f.Where)}
	var s string
	if tmpl.Overridden(PromptsFile) {
		var err error
		if s, err = tmpl.Text(string(k), data); err != nil {
			return "", err
		}
	} else {
		s = builtinPrompt(&data, k)
	}
	return Curly(generator.Squash(s)), nil
}

// PromptsFile is the template file of the prompts.
const PromptsFile = "prompts.txt.tmpl"

// builtinPrompt is templates/prompts.txt.tmpl written out in Go: a bank of
// 100,000 facts renders 160,000 prompts, and text/template spends most of
// their time in reflection. TestBuiltinPromptsSameText and
// FuzzBuiltinPrompts hold it to the template's text; keep the two in step.
func builtinPrompt(p *PromptData, k generator.Kind) string {
	f, src := p.Fact, p.SourceKind
	quote := f.Kind == generator.Quote
	switch k {
	case generator.WhoSaid:
		switch {
		case f.Bound != "":
			return render.Ask("According to the " + src + ", who held that " + render.TrimDot(f.Said) + " " + f.Bound + " " + strconv.Itoa(f.Year))
		case f.Direct:
			return render.Ask("Who said" + render.InYear(f.Year) + ", " + render.Quote(f.Said))
		}
		return render.Ask("According to the " + src + ", who held" + render.InYear(f.Year) + " that " + render.TrimDot(f.Said))
	case generator.WhichYear, generator.WhichMonth, generator.WhichDate:
		unit, lead := "year", "in which year"
		switch k {
		case generator.WhichMonth:
			unit, lead = "month and year", "in which month and year"
		case generator.WhichDate:
			unit, lead = "date", "on which date"
		}
		switch {
		case quote && f.Bound != "" && k == generator.WhichYear:
			return render.Ask("According to " + f.Speaker + ", " + render.TrimDot(f.Said) + " " + render.Bounded(f.Bound, unit))
		case quote && f.Direct:
			return render.Ask(upperFirst(lead) + " did " + f.Speaker + " say, " + render.Quote(f.Said))
		case quote:
			return render.Ask("According to the " + src + ", " + lead + " did " + f.Speaker + " hold that " + render.TrimDot(f.Said))
		}
		return render.Ask("According to the " + src + ", " + render.TrimDot(f.Event) + " " + render.Bounded(f.Bound, unit))
	case generator.WhichBase:
		in := ""
		if p.NameCountry {
			in = " in " + f.Country
		}
		return render.Ask("Which " + p.PlaceNoun + in + " does the " + src + " describe as " + render.TrimDot(f.Detail))
	case generator.BaseCountry:
		return render.Ask("In which country, according to the " + src + ", is " + f.Base + ", " + render.TrimDot(f.Detail))
	}
	return ""
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func placeNoun(p *generator.Place) string {
	if p == nil {
		return "base or facility"
	}
	return strings.ReplaceAll(string(p.Type), "-", " ")
}

// Curly turns straight quotation marks into curly ones: a double quote
// opens after a space, an opening bracket or dash, or at the start, and
// closes elsewhere; a single quote between letters is an apostrophe.
// Prompts thus use one quotation style whatever the spec typed.
func Curly(s string) string {
	if !strings.ContainsAny(s, `"'`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	prev := ' '
	for _, r := range s {
		opens := prev == ' ' || prev == '(' || prev == '[' || prev == '“' || prev == '‘' || prev == '—' || prev == '–'
		switch r {
		case '"':
			if opens {
				r = '“'
			} else {
				r = '”'
			}
		case '\'':
			if opens {
				r = '‘'
			} else {
				r = '’'
			}
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

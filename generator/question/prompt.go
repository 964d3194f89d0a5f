package question

import (
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
	s, err := tmpl.Text(string(k), data)
	if err != nil {
		return "", err
	}
	return Curly(strings.Join(strings.Fields(s), " ")), nil
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

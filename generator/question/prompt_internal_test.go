package question

import (
	"os"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// viaTemplate renders the prompt through text/template, as an overridden
// prompts file would be.
func viaTemplate(t testing.TB, tmpl *render.Set, p *PromptData, k generator.Kind) string {
	t.Helper()
	s, err := tmpl.Text(string(k), *p)
	if err != nil {
		t.Fatal(err)
	}
	return Curly(strings.Join(strings.Fields(s), " "))
}

func samePrompt(t testing.TB, tmpl *render.Set, p *PromptData, k generator.Kind) {
	t.Helper()
	fast := Curly(strings.Join(strings.Fields(builtinPrompt(p, k)), " "))
	if slow := viaTemplate(t, tmpl, p, k); fast != slow {
		t.Errorf("%s of %q:\ncompiled %q\ntemplate %q", k, p.ID, fast, slow)
	}
}

// TestBuiltinPromptsSameText holds the compiled built-in prompts to the
// template's text for every fact and kind of the shipped deck, the second
// text's deck, and facts of every shape (bounds, dates, forms, countries).
func TestBuiltinPromptsSameText(t *testing.T) {
	tmpl, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	second, err := spec.Load(os.DirFS("../../examples/cuban-missile-crisis/decks"), "decks")
	if err != nil {
		t.Fatal(err)
	}
	ds = append(ds, second...)
	shapes := &generator.Deck{ID: "shapes", Source: generator.SourceInfo{Kind: "report"}}
	for _, bound := range []string{"", "since", "until", "before"} {
		for _, direct := range []bool{false, true} {
			shapes.Facts = append(shapes.Facts,
				&generator.Fact{ID: "q", Kind: generator.Quote, Speaker: "A. B. Speaker", Said: `it is "so". `, Direct: direct, Year: 1999, Month: 3, Day: 4, Bound: bound},
				&generator.Fact{ID: "e", Kind: generator.Event, Event: "the thing happened.", Year: 2001, Month: 5, Day: 6, Bound: bound},
			)
		}
	}
	shapes.Facts = append(shapes.Facts, &generator.Fact{ID: "b", Kind: generator.Base, Base: "Kant", Country: "Kyrgyzstan", Detail: "an air base."})
	ds = append(ds, shapes)
	n := 0
	for _, d := range ds {
		for _, f := range d.Facts {
			for _, k := range generator.KindsOf(f.Kind) {
				for _, nameCountry := range []bool{false, true} {
					p := &PromptData{Fact: f, SourceKind: d.Source.Noun(), NameCountry: nameCountry, PlaceNoun: placeNoun(f.Where)}
					samePrompt(t, tmpl, p, k)
					n++
				}
			}
		}
	}
	if n < 200 {
		t.Errorf("compared %d prompts", n)
	}
}

// FuzzBuiltinPrompts holds the compiled prompts to the template's text for
// any text a spec may hold.
func FuzzBuiltinPrompts(f *testing.F) {
	tmpl, err := render.New("")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Vladimir Putin", `Russia "must" lead.`, "the treaty was signed", "Kant", "Kyrgyzstan", "an air base.", "essay", 1999, 3, 4, 0, true, false)
	f.Add("", "?", ".", "", "", "", "", 0, 0, 0, 3, false, true)
	f.Fuzz(func(t *testing.T, speaker, said, event, base, country, detail, kind string, year, month, day, bound int, direct, nameCountry bool) {
		bounds := []string{"", "since", "until", "before"}
		fact := &generator.Fact{ID: "f", Speaker: speaker, Said: said, Direct: direct, Event: event, Base: base, Country: country,
			Detail: detail, Year: year, Month: month, Day: day, Bound: bounds[(bound%4+4)%4]}
		p := &PromptData{Fact: fact, SourceKind: kind, NameCountry: nameCountry, PlaceNoun: "base"}
		for _, fk := range []generator.FactKind{generator.Quote, generator.Event, generator.Base} {
			fact.Kind = fk
			for _, k := range generator.KindsOf(fk) {
				samePrompt(t, tmpl, p, k)
			}
		}
	})
}

package spec

import (
	"slices"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
)

// entityKinds and placeTypes are the values people.kind and places.type take.
var (
	entityKinds = []generator.EntityKind{generator.Person, generator.Body, generator.Group}
	placeTypes  = []generator.PlaceType{"base", "air-base", "airfield", "naval-base", "military-airport", "airport", "port", "city", "region"}
)

// entities decodes the deck's people and places (from any of its files),
// checks them, and links each fact to the entities it names. When a deck
// declares people, every speaker must be one of them; when it declares
// places, every base must be one; pools of the same attribute are then
// errors, since a bare name has no kind, role or era to judge it by.
func entities(d *generator.Deck, files []*deckFile, head *deckFile) []error {
	var errs []error
	bad := func(p generator.Pos, format string, args ...any) {
		errs = append(errs, generator.Errorf(p, format, args...))
	}
	names := map[string]generator.Pos{} // every name and alias, normalised
	claim := func(name string, p generator.Pos, what string) {
		n := generator.Normalize(name)
		if n == "" {
			bad(p, "%s has an empty name", what)
			return
		}
		if prev, ok := names[n]; ok {
			bad(p, "%s %q is already declared at %s", what, name, prev)
			return
		}
		names[n] = p
	}
	for _, f := range files {
		for i := range f.People {
			pe := &f.People[i]
			if pe.Pos.File == "" {
				continue
			}
			e := &generator.Entity{Name: clean(pe.Name), Kind: generator.EntityKind(pe.Kind), Role: clean(pe.Role),
				Affiliation: clean(pe.Affiliation), Pos: pe.Pos}
			if e.Kind == "" {
				e.Kind = generator.Person
			}
			at := func(key string) generator.Pos { return atOr(pe.At, key, pe.Pos) }
			if !slices.Contains(entityKinds, e.Kind) {
				bad(at("kind"), "people: kind must be person, body or group, not %q", pe.Kind)
			}
			switch len(pe.Active) {
			case 0:
			case 1:
				e.ActiveFrom = pe.Active[0]
			case 2:
				e.ActiveFrom, e.ActiveTo = pe.Active[0], pe.Active[1]
			default:
				bad(at("active"), "people: active is [from] or [from, to], not %d years", len(pe.Active))
			}
			for _, y := range pe.Active {
				if y < MinYear || y > MaxYear {
					bad(at("active"), "people: active year %d is not a plausible year (%d-%d)", y, MinYear, MaxYear)
				}
			}
			if e.ActiveTo != 0 && e.ActiveTo < e.ActiveFrom {
				bad(at("active"), "people: active years %d-%d run backwards", e.ActiveFrom, e.ActiveTo)
			}
			claim(e.Name, at("name"), "person")
			for _, a := range pe.Aka {
				e.Aka = append(e.Aka, clean(a))
				claim(a, at("aka"), "alias")
			}
			d.People = append(d.People, e)
		}
		for i := range f.Places {
			pl := &f.Places[i]
			if pl.Pos.File == "" {
				continue
			}
			p := &generator.Place{Name: clean(pl.Name), Type: generator.PlaceType(clean(pl.Type)), Country: clean(pl.Country), Pos: pl.Pos}
			at := func(key string) generator.Pos { return atOr(pl.At, key, pl.Pos) }
			if !slices.Contains(placeTypes, p.Type) {
				bad(at("type"), "places: type must be one of %s, not %q", joinTypes(), pl.Type)
			}
			claim(p.Name, at("name"), "place")
			for _, a := range pl.Aka {
				p.Aka = append(p.Aka, clean(a))
				claim(a, at("aka"), "alias")
			}
			d.Places = append(d.Places, p)
		}
	}
	if p := head.Pools; p != nil {
		if len(d.People) > 0 && len(p.Speakers) > 0 {
			bad(atOr(p.At, "speakers", head.Pos), "pools.speakers cannot be used with people: declare these speakers under people, with their kind, role and active years")
		}
		if len(d.Places) > 0 && len(p.Bases) > 0 {
			bad(atOr(p.At, "bases", head.Pos), "pools.bases cannot be used with places: declare these bases under places, with their type and country")
		}
	}
	people := map[string]*generator.Entity{}
	for _, e := range d.People {
		for _, n := range append([]string{e.Name}, e.Aka...) {
			people[generator.Normalize(n)] = e
		}
	}
	places := map[string]*generator.Place{}
	for _, p := range d.Places {
		for _, n := range append([]string{p.Name}, p.Aka...) {
			places[generator.Normalize(n)] = p
		}
	}
	for _, f := range d.Facts {
		switch f.Kind {
		case generator.Quote:
			if len(d.People) == 0 {
				continue
			}
			if f.Who = people[generator.Normalize(f.Speaker)]; f.Who == nil {
				bad(f.At("speaker"), "speaker %q of fact %q is not declared under people", f.Speaker, f.ID)
			} else {
				f.SpeakerAka = aliases(f.Speaker, f.Who.Name, f.Who.Aka)
			}
		case generator.Base:
			if len(d.Places) == 0 {
				if f.Country == "" {
					bad(f.At("base"), "base fact %q has no country: give one, or declare the deck's places", f.ID)
				}
				continue
			}
			if f.Where = places[generator.Normalize(f.Base)]; f.Where == nil {
				bad(f.At("base"), "base %q of fact %q is not declared under places", f.Base, f.ID)
				continue
			}
			f.BaseAka = aliases(f.Base, f.Where.Name, f.Where.Aka)
			if f.Country != "" && f.Where.Country != "" && generator.Normalize(f.Country) != generator.Normalize(f.Where.Country) {
				bad(f.At("country"), "fact %q puts %s in %s, but places puts it in %s", f.ID, f.Base, f.Country, f.Where.Country)
			}
		}
	}
	return errs
}

// aliases are the names other than the fact's own that the source may
// use for a declared entity: grounding accepts any of them.
func aliases(own, name string, aka []string) []string {
	var out []string
	for _, n := range append([]string{name}, aka...) {
		if generator.Normalize(n) != generator.Normalize(own) {
			out = append(out, n)
		}
	}
	return out
}

func joinTypes() string {
	s := make([]string, len(placeTypes))
	for i, t := range placeTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

package question_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
)

func tmpl(t testing.TB) *render.Set {
	t.Helper()
	s, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func deck(n int) *generator.Deck {
	d := &generator.Deck{ID: "d", Title: "D"}
	speakers := []string{"Vladimir Putin", "Dmitry Medvedev", "Sergei Lavrov", "Jeffrey Mankoff", "Iwona Wiśniewska", "Susan Stewart"}
	for i := range n {
		d.Facts = append(d.Facts,
			&generator.Fact{ID: fmt.Sprintf("q%d", i), Kind: generator.Quote, Speaker: speakers[i%len(speakers)],
				Said: fmt.Sprintf("thesis number %d is right", i), Direct: i%2 == 0, Year: 1990 + i%30},
			&generator.Fact{ID: fmt.Sprintf("e%d", i), Kind: generator.Event, Event: fmt.Sprintf("event %d happened", i), Year: 1991 + i%25},
			&generator.Fact{ID: fmt.Sprintf("b%d", i), Kind: generator.Base, Base: fmt.Sprintf("%s %c", []string{"Gyumri", "Navoi", "Kant", "Erebuni", "Podgorica", "Sevastopol", "Gudauta", "Tiraspol"}[i%8], 'a'+rune(i/8)),
				Country: []string{"Armenia", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Georgia"}[i%5], Detail: fmt.Sprintf("a facility numbered %d", i)},
		)
	}
	return d
}

func TestDistractorRules(t *testing.T) {
	qs, warns, err := question.Generate([]*generator.Deck{deck(12)}, 1, tmpl(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	kinds := map[generator.Kind]int{}
	for _, q := range qs {
		kinds[q.Kind]++
		if len(q.Distractors) != question.Distractors {
			t.Errorf("%s: %d distractors", q.ID, len(q.Distractors))
		}
		seen := map[string]bool{generator.Normalize(q.Answer): true}
		for _, d := range q.Distractors {
			n := generator.Normalize(d)
			if seen[n] {
				t.Errorf("%s: distractor %q repeats or equals the answer %q", q.ID, d, q.Answer)
			}
			seen[n] = true
		}
		if q.ID != "d/"+q.Fact+"/"+string(q.Kind) || q.GUID != generator.NoteGUID("d", q.Fact) {
			t.Errorf("%s: id or GUID not derived from the ids", q.ID)
		}
		if q.Kind == generator.WhichYear {
			var a int
			fmt.Sscan(q.Answer, &a)
			for _, d := range q.Distractors {
				var y int
				fmt.Sscan(d, &y)
				if y < a-12 || y > a+12 {
					t.Errorf("%s: year distractor %d far from %d", q.ID, y, a)
				}
			}
		}
	}
	for _, k := range generator.Kinds() {
		if kinds[k] == 0 && !generator.Precise(k) { // the deck dates nothing to the month
			t.Errorf("no %s question", k)
		}
	}
}

// TestStability checks that adding a fact leaves most questions' distractors
// as they were: the ring moves only the questions next to the newcomer.
func TestStability(t *testing.T) {
	small := deck(60)
	big := deck(60)
	big.Facts = append(big.Facts, &generator.Fact{ID: "new", Kind: generator.Quote, Speaker: "Mikheil Saakashvili", Said: "a new claim", Direct: true})
	a, _, err := question.Generate([]*generator.Deck{small}, 1, tmpl(t))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := question.Generate([]*generator.Deck{big}, 1, tmpl(t))
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for i := range a {
		if a[i].ID != b[i].ID {
			t.Fatalf("question order changed at %d", i)
		}
		if !slices.Equal(a[i].Distractors, b[i].Distractors) {
			changed++
		}
	}
	whoSaid := 60
	if changed > whoSaid/2 {
		t.Errorf("adding one speaker changed %d of %d questions' distractors", changed, len(a))
	}
}

func TestSeedChangesDistractors(t *testing.T) {
	a, _, _ := question.Generate([]*generator.Deck{deck(30)}, 1, tmpl(t))
	b, _, _ := question.Generate([]*generator.Deck{deck(30)}, 2, tmpl(t))
	same := 0
	for i := range a {
		if slices.Equal(a[i].Distractors, b[i].Distractors) {
			same++
		}
	}
	if same == len(a) {
		t.Error("a different seed gave the same distractors everywhere")
	}
}

func TestSharedNamesKeptApart(t *testing.T) {
	d := &generator.Deck{ID: "d", Title: "D", Facts: []*generator.Fact{
		{ID: "a", Kind: generator.Quote, Speaker: "Boris Yeltsin", Said: "one", Direct: true},
		{ID: "b", Kind: generator.Quote, Speaker: "Yeltsin's government", Said: "two", Direct: true},
	}}
	d.Pools.Speakers = []string{"Vladimir Putin", "Dmitry Medvedev", "Sergei Lavrov", "Jeffrey Mankoff"}
	for seed := range uint64(20) {
		qs, _, err := question.Generate([]*generator.Deck{d}, seed, tmpl(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			for _, x := range q.Distractors {
				if strings.Contains(x, "Yeltsin") {
					t.Fatalf("seed %d: %q offered beside %q", seed, x, q.Answer)
				}
			}
		}
	}
}

func TestExclude(t *testing.T) {
	d := &generator.Deck{ID: "d", Title: "D", Facts: []*generator.Fact{
		{ID: "a", Kind: generator.Quote, Speaker: "Jeffrey Mankoff", Said: "trade was diverted", Direct: false,
			Exclude: []string{"Iwona Wisniewska"}, Year: 2013},
	}}
	d.Pools.Speakers = []string{"Iwona Wisniewska", "Dmitry Medvedev", "Sergei Lavrov", "Susan Stewart", "Emil Pain"}
	d.Facts[0].Exclude = append(d.Facts[0].Exclude, "2012")
	for seed := range uint64(30) {
		qs, _, err := question.Generate([]*generator.Deck{d}, seed, tmpl(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			if slices.Contains(q.Distractors, "Iwona Wisniewska") || slices.Contains(q.Distractors, "2012") {
				t.Fatalf("seed %d: excluded value offered: %v", seed, q.Distractors)
			}
		}
	}
}

func TestTellingWord(t *testing.T) {
	d := &generator.Deck{ID: "d", Title: "D", Facts: []*generator.Fact{
		{ID: "p", Kind: generator.Base, Base: "Podgorica airport", Country: "Montenegro", Detail: "the airport used for arms flights"},
		{ID: "n", Kind: generator.Base, Base: "Navoi", Country: "Uzbekistan", Detail: "an airfield for emergencies"},
		{ID: "g", Kind: generator.Base, Base: "Gyumri", Country: "Armenia", Detail: "a base held until 2044"},
		{ID: "k", Kind: generator.Base, Base: "Kant", Country: "Kyrgyzstan", Detail: "an air base near Bishkek"},
	}}
	_, warns, err := question.Generate([]*generator.Deck{d}, 1, tmpl(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].Error(), `shares the word "airport"`) {
		t.Errorf("warnings = %v, want one about \"airport\"", warns)
	}
}

func TestWarnings(t *testing.T) {
	d := &generator.Deck{ID: "d", Title: "D", Facts: []*generator.Fact{
		{ID: "lonely", Kind: generator.Quote, Speaker: "Only Speaker", Said: "words", Direct: true},
		{ID: "giveaway", Kind: generator.Event, Event: "something in 1992", Year: 1992},
		{ID: "two-spellings", Kind: generator.Quote, Speaker: "Putin", Said: "other words", Direct: true},
	}}
	d.Pools.Speakers = []string{"Vladimir Putin", "Dmitry Medvedev", "Sergei Lavrov"}
	qs, warns, err := question.Generate([]*generator.Deck{d}, 1, tmpl(t))
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, w := range warns {
		msgs = append(msgs, w.Error())
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, `fact "giveaway": the which-year prompt gives away its answer "1992"`) {
		t.Errorf("no giveaway warning in:\n%s", all)
	}
	for _, q := range qs {
		if q.Fact == "two-spellings" && slices.Contains(q.Distractors, "Vladimir Putin") {
			t.Errorf("a second spelling of the answer became a distractor: %v", q.Distractors)
		}
		if q.Fact == "giveaway" {
			t.Errorf("giveaway question was kept")
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	d := deck(10_000)
	s := tmpl(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := question.Generate([]*generator.Deck{d}, 1, s); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEditKeepsGUIDs checks the promise Anki updates rest on: editing a
// fact's text changes its questions' text but never their ids or GUIDs.
func TestEditKeepsGUIDs(t *testing.T) {
	before := deck(8)
	after := deck(8)
	for _, f := range after.Facts {
		f.Said += " (corrected)"
		f.Event += " (corrected)"
		f.Detail += " (corrected)"
		f.Speaker = strings.ToUpper(f.Speaker)
	}
	a, _, err := question.Generate([]*generator.Deck{before}, 1, tmpl(t))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := question.Generate([]*generator.Deck{after}, 1, tmpl(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d questions before, %d after", len(a), len(b))
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].GUID != b[i].GUID {
			t.Errorf("question %d: %s/%s became %s/%s", i, a[i].ID, a[i].GUID, b[i].ID, b[i].GUID)
		}
		if a[i].Prompt == b[i].Prompt && a[i].Kind != generator.BaseCountry {
			t.Errorf("question %s: prompt did not change with the text", a[i].ID)
		}
	}
}

// TestEntityStability checks consistent hashing with declared people:
// declaring one more person changes the options of few who-said questions.
func TestEntityStability(t *testing.T) {
	mk := func(extra bool) *generator.Deck {
		d := &generator.Deck{ID: "d", Title: "D"}
		for i := range 40 {
			d.People = append(d.People, &generator.Entity{Name: fmt.Sprintf("Person %c%c", 'A'+i/26, 'a'+i%26), Kind: generator.Person, Role: "official", ActiveFrom: 1990})
		}
		if extra {
			d.People = append(d.People, &generator.Entity{Name: "Newcomer Zz", Kind: generator.Person, Role: "official", ActiveFrom: 1990})
		}
		for i := range 40 {
			d.Facts = append(d.Facts, &generator.Fact{ID: fmt.Sprintf("q%d", i), Kind: generator.Quote, Speaker: d.People[i].Name,
				Who: d.People[i], Said: fmt.Sprintf("claim %d", i), Year: 2000})
		}
		return d
	}
	a, _, err := question.Generate([]*generator.Deck{mk(false)}, 1, tmpl(t))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := question.Generate([]*generator.Deck{mk(true)}, 1, tmpl(t))
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for i := range a {
		if !slices.Equal(a[i].Distractors, b[i].Distractors) {
			changed++
		}
	}
	if changed == 0 || changed > len(a)/4 {
		t.Errorf("declaring one person changed %d of %d questions' options", changed, len(a))
	}
}

// TestEraAndKind checks who-said options by construction: a 1920 statement
// gets only people active in 1920, and a body only bodies.
func TestEraAndKind(t *testing.T) {
	d := &generator.Deck{ID: "d", Title: "D", Source: generator.SourceInfo{Year: 2014}}
	add := func(name string, kind generator.EntityKind, from, to int) *generator.Entity {
		e := &generator.Entity{Name: name, Kind: kind, Role: "official", ActiveFrom: from, ActiveTo: to}
		d.People = append(d.People, e)
		return e
	}
	stalin := add("Joseph Stalin", generator.Person, 1912, 1953)
	for _, n := range []string{"Vladimir Lenin", "Leon Trotsky", "Georgy Chicherin"} {
		add(n, generator.Person, 1900, 1930)
	}
	for _, n := range []string{"Vladimir Putin", "Sergei Lavrov", "Dmitry Medvedev", "Andrei Kozyrev"} {
		add(n, generator.Person, 1990, 0)
	}
	gov := add("Yeltsin's government", generator.Body, 1991, 1999)
	for _, n := range []string{"the State Duma", "the Federation Council", "the Security Council"} {
		add(n, generator.Body, 1993, 0)
	}
	d.Facts = []*generator.Fact{
		{ID: "stalin", Kind: generator.Quote, Speaker: stalin.Name, Who: stalin, Said: "two alternatives", Direct: true, Year: 1920},
		{ID: "gov", Kind: generator.Quote, Speaker: gov.Name, Who: gov, Said: "reintegration is the goal", Year: 1995},
	}
	for seed := range uint64(30) {
		qs, warns, err := question.Generate([]*generator.Deck{d}, seed, tmpl(t))
		if err != nil || len(warns) > 0 {
			t.Fatalf("seed %d: %v %v", seed, err, warns)
		}
		for _, q := range qs {
			switch q.ID {
			case "d/stalin/who-said":
				for _, x := range q.Distractors {
					if !slices.Contains([]string{"Vladimir Lenin", "Leon Trotsky", "Georgy Chicherin"}, x) {
						t.Errorf("seed %d: %q offered for a 1920 statement", seed, x)
					}
				}
			case "d/gov/who-said":
				for _, x := range q.Distractors {
					if !strings.HasPrefix(x, "the ") {
						t.Errorf("seed %d: %q offered beside a body", seed, x)
					}
				}
			case "d/gov/which-year":
				for _, x := range q.Distractors {
					if x < "1991" || x > "1999" {
						t.Errorf("seed %d: year %s outside the government's 1991-1999", seed, x)
					}
				}
			}
		}
	}
}

// TestExcludedYearsArePadded: years a fact excludes do not count as
// found, so nearby years fill their places instead of the question being
// dropped for too few distractors.
func TestExcludedYearsArePadded(t *testing.T) {
	d := &generator.Deck{ID: "d", Title: "D", Facts: []*generator.Fact{
		{ID: "a", Kind: generator.Event, Event: "the treaty is signed", Year: 1962, Exclude: []string{"1961", "1963"}},
		{ID: "b", Kind: generator.Event, Event: "the talks begin", Year: 1961},
		{ID: "c", Kind: generator.Event, Event: "the talks end", Year: 1963},
		{ID: "e", Kind: generator.Event, Event: "the base opens", Year: 1964},
	}}
	qs, warns, err := question.Generate([]*generator.Deck{d}, 1, tmpl(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warns {
		if strings.Contains(w.Error(), `"a"`) || strings.Contains(w.Error(), "/a/") {
			t.Errorf("warning for the fact with excluded years: %v", w)
		}
	}
	for _, q := range qs {
		if q.Fact != "a" {
			continue
		}
		if len(q.Distractors) != 3 || slices.Contains(q.Distractors, "1961") || slices.Contains(q.Distractors, "1963") {
			t.Errorf("distractors %v: want three, none of them excluded", q.Distractors)
		}
		return
	}
	t.Errorf("no question for the fact with excluded years (warnings %v)", warns)
}

// TestPlaceNounIsNoEcho: a base whose name holds the template's own noun
// ("Which naval base …?" for "Guantanamo Bay Naval Base") is kept; the
// detail's own words still count ("the airport from which …").
func TestPlaceNounIsNoEcho(t *testing.T) {
	d := &generator.Deck{ID: "d", Title: "D", Source: generator.SourceInfo{Kind: "article"}}
	for _, p := range []struct{ name, country string }{
		{"Guantanamo Bay Naval Base", "Cuba"}, {"Rota", "Spain"}, {"Subic Bay", "Philippines"}, {"Diego Garcia", "United Kingdom"}, {"Holy Loch", "United Kingdom"},
	} {
		d.Places = append(d.Places, &generator.Place{Name: p.name, Type: "naval-base", Country: p.country})
	}
	d.Facts = []*generator.Fact{{ID: "gtmo", Kind: generator.Base, Base: "Guantanamo Bay Naval Base", Country: "Cuba",
		Detail: "the one the United States kept through the crisis", Where: d.Places[0], Kinds: []generator.Kind{generator.WhichBase}}}
	qs, warns, err := question.Generate([]*generator.Deck{d}, 1, tmpl(t))
	if err != nil || len(warns) > 0 || len(qs) != 1 {
		t.Fatalf("questions %v, warnings %v, err %v", qs, warns, err)
	}
	if want := "Which naval base does the article describe as the one the United States kept through the crisis?"; qs[0].Prompt != want {
		t.Errorf("prompt %q, want %q", qs[0].Prompt, want)
	}
}

// TestUndatedEvent: an event with no year is allowed and asks nothing.
func TestUndatedEvent(t *testing.T) {
	d := deck(4)
	d.Facts = append(d.Facts, &generator.Fact{ID: "undated", Kind: generator.Event, Event: "the talks began"})
	qs, warns, err := question.Generate([]*generator.Deck{d}, 1, tmpl(t))
	if err != nil || len(warns) > 0 {
		t.Fatalf("warnings %v, err %v", warns, err)
	}
	for _, q := range qs {
		if q.Fact == "undated" {
			t.Errorf("an undated event asked %s", q.ID)
		}
	}
}

// TestMonthAndDate: facts dated to the month and day also ask which month
// and which date, with options of the same precision near the answer, in
// the years the limits allow and never stating the answer.
func TestMonthAndDate(t *testing.T) {
	d := &generator.Deck{ID: "d", Title: "D", Source: generator.SourceInfo{Kind: "article", Year: 1963}}
	d.Facts = []*generator.Fact{
		{ID: "quarantine", Kind: generator.Event, Event: "Kennedy ordered a naval quarantine of Cuba", Year: 1962, Month: 10, Day: 22},
		{ID: "until", Kind: generator.Event, Event: "the quarantine stayed in place until November 20", Year: 1962, Month: 11, Day: 20},
	}
	for seed := range uint64(20) {
		qs, warns, err := question.Generate([]*generator.Deck{d}, seed, tmpl(t))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]generator.Question{}
		for _, q := range qs {
			got[q.ID] = q
		}
		month, date := got["d/quarantine/which-month"], got["d/quarantine/which-date"]
		if month.Answer != "October 1962" || date.Answer != "22 October 1962" {
			t.Fatalf("seed %d: answers %q, %q", seed, month.Answer, date.Answer)
		}
		if month.Prompt != "According to the article, Kennedy ordered a naval quarantine of Cuba in which month and year?" ||
			date.Prompt != "According to the article, Kennedy ordered a naval quarantine of Cuba on which date?" {
			t.Errorf("prompts %q, %q", month.Prompt, date.Prompt)
		}
		for _, x := range month.Distractors {
			var m string
			var y int
			if n, _ := fmt.Sscanf(x, "%s %d", &m, &y); n != 2 || y > 1963 || y < 1961 {
				t.Errorf("seed %d: month option %q", seed, x)
			}
		}
		for _, x := range date.Distractors {
			var dd, y int
			var m string
			if n, _ := fmt.Sscanf(x, "%d %s %d", &dd, &m, &y); n != 3 || y != 1962 {
				t.Errorf("seed %d: date option %q", seed, x)
			}
		}
		// "until November 20" states the answer's day and month.
		if _, ok := got["d/until/which-date"]; ok {
			t.Errorf("seed %d: a date question whose prompt states the date", seed)
		}
		if len(warns) != 2 {
			t.Errorf("seed %d: warnings %v, want the two for the stated date", seed, warns)
		}
	}
}

// TestBoundedQuote: a paraphrase whose year bounds its claim ("never a
// state before 1991") asks "before which year" of the claim, not when it
// was said, and its options are not held to the speaker's active years.
func TestBoundedQuote(t *testing.T) {
	d := &generator.Deck{ID: "d", Title: "D", Source: generator.SourceInfo{Kind: "essay", Year: 2014}}
	putin := &generator.Entity{Name: "Vladimir Putin", Kind: generator.Person, Role: "official", ActiveFrom: 1991}
	for _, n := range []string{"Sergei Lavrov", "Dmitry Medvedev", "Yevgeny Primakov"} {
		d.People = append(d.People, &generator.Entity{Name: n, Kind: generator.Person, Role: "official", ActiveFrom: 1990})
	}
	d.People = append(d.People, putin)
	d.Pools.Years = []int{1986, 1988, 1989, 1993}
	d.Facts = []*generator.Fact{{ID: "kz", Kind: generator.Quote, Speaker: putin.Name, Who: putin,
		Said: "Kazakhstan was never a state", Year: 1991, Bound: "before"}}
	qs, warns, err := question.Generate([]*generator.Deck{d}, 1, tmpl(t))
	if err != nil || len(warns) > 0 || len(qs) != 2 {
		t.Fatalf("questions %v, warnings %v, err %v", qs, warns, err)
	}
	who, year := qs[0], qs[1]
	if who.Prompt != "According to the essay, who held that Kazakhstan was never a state before 1991?" {
		t.Errorf("who-said prompt %q", who.Prompt)
	}
	if year.Prompt != "According to Vladimir Putin, Kazakhstan was never a state before which year?" {
		t.Errorf("which-year prompt %q", year.Prompt)
	}
	early := 0
	for _, x := range year.Distractors {
		if x < "1991" {
			early++
		}
	}
	if early == 0 {
		t.Errorf("options %v: none before 1991, as if the speaker's active years bounded the claim", year.Distractors)
	}
}

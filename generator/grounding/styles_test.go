package grounding_test

import (
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grounding"
)

// cited is one made-up passage printed in each marker style a source may
// use, with light markup around it; {n} stands for the marker of footnote n.
const cited = `In 1961 the <i>first</i> squadron reached _Brask_ in Ruritania.{12}{13} The next one never came.

Minister &amp; envoy Jane Roe said that the pact was *dead*.{14}
`

func TestMarkerStyles(t *testing.T) {
	styles := map[string]func(n string) string{
		"brackets":    func(n string) string { return "[" + n + "]" },
		"caret":       func(n string) string { return "^" + n },
		"parentheses": func(n string) string { return "(" + n + ")" },
		"sup tag":     func(n string) string { return "<sup>" + n + "</sup>" },
		"superscript": func(n string) string {
			return strings.Map(func(r rune) rune { return []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")[r-'0'] }, n)
		},
		"markdown link": func(n string) string { return "[" + n + "](#cite-note-" + n + ")" },
	}
	for name, mark := range styles {
		t.Run(name, func(t *testing.T) {
			src := cited
			if name == "superscript" {
				// Two superscript numbers in a row read as one: "¹²¹³".
				src = strings.ReplaceAll(src, "{13}", "")
			}
			for _, n := range []string{"12", "13", "14"} {
				src = strings.ReplaceAll(src, "{"+n+"}", mark(n))
			}
			tests := []struct {
				name string
				fact *generator.Fact
				want string // substring of the one expected error; empty for none
			}{
				{"first of a cluster", event(1961, 12, "In 1961 the first squadron reached Brask in Ruritania."), ""},
				{"second of a cluster", event(1961, 13, "In 1961 the first squadron reached Brask"), map[bool]string{true: "the first footnote marker after the excerpt is 12"}[name == "superscript"]},
				{"across the marker", event(1961, 12, "reached Brask in Ruritania. The next one never came."), ""},
				{"an excerpt that copies the marker is found, but must not reach the key", event(1961, 12, "in Ruritania."+mark("12")+" The next"),
					map[bool]string{false: `the excerpt copies a footnote marker or markup, which keys would print; write it as "in Ruritania. The next"`}[name == "parentheses"]},
				{"copied markup", event(1961, 12, "the <i>first</i> squadron reached _Brask_"),
					`write it as "the first squadron reached Brask"`},
				{"wrong number", event(1961, 14, "In 1961 the first squadron reached Brask"), "the first footnote marker after the excerpt is 12"},
				{"markup ignored", quote("Jane Roe", 0, 14, "Minister & envoy Jane Roe said that the pact was dead."), ""},
			}
			for _, tc := range tests {
				errs := grounding.Check(deck(tc.fact), []byte(src))
				checkOne(t, tc.name, errs, tc.want)
			}
		})
	}
}

func checkOne(t *testing.T, name string, errs []error, want string) {
	t.Helper()
	switch {
	case want == "" && len(errs) > 0:
		t.Errorf("%s: unexpected errors %v", name, errs)
	case want != "" && len(errs) != 1:
		t.Errorf("%s: got errors %v, want one containing %q", name, errs, want)
	case want != "" && !strings.Contains(errs[0].Error(), want):
		t.Errorf("%s: error %q does not contain %q", name, errs[0], want)
	}
}

func TestMarkerListsAndSpacedParentheses(t *testing.T) {
	src := "Soviet missiles were seen in Cuba (12). The quarantine began (2) days later [13, 14]. It ended [15–17]; the talks went on.(18, 19)\n"
	tests := []struct {
		name string
		fact *generator.Fact
		want string
	}{
		{"spaced (12) before punctuation", event(1962, 12, "Soviet missiles were seen in Cuba."), ""},
		{"an enumeration is no marker", event(1962, 13, "The quarantine began (2) days later."), ""},
		{"a list", event(1962, 14, "The quarantine began (2) days later."), ""},
		{"a range, inside", event(1962, 16, "It ended; the talks went on."), ""},
		{"a range, outside", event(1962, 18, "It ended;"), "the first footnote marker after the excerpt is 15"},
		{"a list after punctuation", event(1962, 19, "the talks went on."), ""},
	}
	for _, tc := range tests {
		tc.fact.Year = 0
		checkOne(t, tc.name, grounding.Check(deck(tc.fact), []byte(src)), tc.want)
	}
}

// TestEnumerationInExcerpt: "(1)" in an excerpt may be an enumeration,
// so copying it is no error, though the text reads it as a marker.
func TestEnumerationInExcerpt(t *testing.T) {
	src := "The pact had two aims, (1), (2). Both failed.[5]\n"
	checkOne(t, "enumeration", grounding.Check(deck(event(0, 5, "The pact had two aims, (1), (2). Both failed.")), []byte(src)), "")
}

func TestNoMarkers(t *testing.T) {
	src := "The treaty signed in 1997 created the Northern Pact. Its army never deployed.\n"
	checkOne(t, "no footnote needed", grounding.Check(deck(event(1997, 0, "The treaty signed in 1997")), []byte(src)), "")
	checkOne(t, "a footnote the source lacks", grounding.Check(deck(event(1997, 3, "The treaty signed in 1997")), []byte(src)),
		"no footnote marker follows the excerpt in its sentence or paragraph (markers read: superscript ¹², [12], ^12")
}

func TestNoFootnoteOfItsOwn(t *testing.T) {
	src := "The treaty was signed in 1997. Critics called it hollow.[4]\n"
	none := func(f *generator.Fact) *generator.Fact { f.Source.NoFootnote = true; return f }
	checkOne(t, "the next sentence's marker is not forced on it", grounding.Check(deck(none(event(1997, 0, "The treaty was signed in 1997."))), []byte(src)), "")
	checkOne(t, "without footnote: none, the rule asks for it", grounding.Check(deck(event(1997, 0, "The treaty was signed in 1997.")), []byte(src)),
		"the source prints footnote 4 for this passage, but the fact gives none (write footnote: none")
	checkOne(t, "none, yet the marker ends the excerpt", grounding.Check(deck(none(quote("Critics", 0, 0, "Critics called it hollow."))), []byte(src)),
		"footnote: none, but the source prints footnote 4 at the end of the excerpt")
}

func TestMarkupNotInKey(t *testing.T) {
	for in, want := range map[string]string{
		"the <b>Excomm</b> met":               "the Excomm met",
		"the _Excomm_ met":                    "the Excomm met",
		"AT&amp;T&nbsp;and&#160;Cuba&#8217;s": "AT&T and Cuba's",
		"Cuba.[12][13] Next":                  "Cuba. Next",
		"Cuba.<sup>[5]</sup> Next":            "Cuba. Next",
		"a line<br>break":                     "a line break",
		"x < y and y > z":                     "x < y and y > z",
		"[citation needed] fact[a]":           "fact",
		"see [the report](http://x.org/r)":    "see the report",
		"1. ^ Smith, Report, p. 4.":           "Smith, Report, p. 4.",
		"&amp;lt;b&amp;gt;bold":               "bold",
		"(October 16 – October 29, 1962)":     "(October 16 - October 29, 1962)",
		"R-12 (NATO code name SS-4)":          "R-12 (NATO code name SS-4)",
	} {
		if got := grounding.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGroundedBy(t *testing.T) {
	src := "The crisis of 1962 began in October.[1]\n\n" + strings.Repeat("Filler text without any year at all. ", 12) +
		"\n\nKennedy ordered a naval quarantine on October 22.[5]\n"
	f := event(1962, 5, "Kennedy ordered a naval quarantine on October 22.")
	checkOne(t, "year not near", grounding.Check(deck(f), []byte(src)), `year "1962" is not in the excerpt`)
	f.GroundedBy = []generator.Citation{{Footnote: 1, Excerpt: "The crisis of 1962 began in October."}}
	checkOne(t, "year confirmed by a second excerpt", grounding.Check(deck(f), []byte(src)), "")
	f.GroundedBy = []generator.Citation{{Footnote: 2, Excerpt: "The crisis of 1962 began in October."}}
	checkOne(t, "the second excerpt's footnote is checked", grounding.Check(deck(f), []byte(src)), "grounded_by 1: footnote 2: the first footnote marker after the excerpt is 1")
	f.GroundedBy = []generator.Citation{{Footnote: 1, Excerpt: "The crisis of 1963 began"}}
	errs := grounding.Check(deck(f), []byte(src))
	if len(errs) != 2 || !strings.Contains(errs[1].Error(), "grounded_by 1: excerpt not found") {
		t.Errorf("got %v, want the year error and grounded_by 1 not found", errs)
	}
}

const people = `When this was reported to President John F. Kennedy, he convened a meeting.[3]

` + filler + `

Kennedy chose a less aggressive course of action.[4] De Gaulle agreed at once.[5] As Arthur M. Schlesinger Jr. wrote, the week was long.[6]

` + filler + `

Sen. Kenneth Keating warned of missiles. Gen. Curtis LeMay wanted an air strike on Cuban soil. Adm. George Anderson ran the quarantine. Soviet ships turned back.[7] Amb. Adlai Stevenson showed the photographs.[8]
`

const filler = "This paragraph only keeps the names apart: it is longer than the two hundred characters the check looks either way, and says nothing about anyone, which is the whole of its purpose in this test."

func TestPeople(t *testing.T) {
	aka := func(f *generator.Fact, names ...string) *generator.Fact { f.SpeakerAka = names; return f }
	role := func(f *generator.Fact, r string) *generator.Fact { f.Role = r; return f }
	tests := []struct {
		name string
		fact *generator.Fact
		want string
	}{
		{"surname of the full name", quote("John F. Kennedy", 0, 4, "Kennedy chose a less aggressive course of action."), ""},
		{"the wrong Kennedy", quote("Robert F. Kennedy", 0, 4, "Kennedy chose a less aggressive course of action."),
			`speaker "Robert F. Kennedy" is not in the excerpt or within 200 characters of it (the surname alone does not count: the deck or the source also names John Kennedy`},
		{"the wrong Kennedy with an alias that is not there", aka(quote("Robert F. Kennedy", 0, 4, "Kennedy chose a less aggressive course of action."), "RFK"),
			`speaker "Robert F. Kennedy"`},
		{"an alias makes the surname his", aka(quote("Jack Kennedy", 0, 4, "Kennedy chose a less aggressive course of action."), "John F. Kennedy"), ""},
		{"an alias grounds", aka(quote("Jack Kennedy", 0, 3, "he convened a meeting."), "President John F. Kennedy"), ""},
		{"particle", quote("Charles de Gaulle", 0, 5, "De Gaulle agreed at once."), ""},
		{"suffix and initial", quote("Arthur M. Schlesinger Jr.", 0, 6, "the week was long."), ""},
		{"surname alone, no other of that name", quote("Arthur Schlesinger", 0, 6, "the week was long."), ""},
		{"Sen. grounds Senator", role(quote("Kenneth Keating", 0, 7, "Keating warned of missiles."), "Senator"), ""},
		{"Gen. grounds General", role(quote("Curtis LeMay", 0, 7, "LeMay wanted an air strike"), "General"), ""},
		{"Adm. grounds Admiral", role(quote("George Anderson", 0, 7, "Anderson ran the quarantine."), "Admiral"), ""},
		{"Amb. grounds Ambassador", role(quote("Adlai Stevenson", 0, 8, "Stevenson showed the photographs."), "Ambassador"), ""},
		{"Senator grounds Sen.", role(quote("Kenneth Keating", 0, 7, "Keating warned of missiles."), "Sen."), ""},
		{"a role that is not there", role(quote("George Anderson", 0, 7, "Anderson ran the quarantine."), "Governor"), `role "Governor"`},
		{"Cuban grounds Cuba", base("air strike", "Cuba", 7, "LeMay wanted an air strike"), ""},
		{"Soviet grounds the Soviet Union", base("ships", "the Soviet Union", 7, "Soviet ships turned back."), ""},
		{"a base by its aka", func() *generator.Fact {
			f := base("Guantanamo Bay Naval Base", "Cuba", 7, "LeMay wanted an air strike on Cuban soil.")
			f.BaseAka = []string{"Cuban soil"}
			return f
		}(), ""},
		{"a base without its aka", base("Guantanamo Bay Naval Base", "Cuba", 7, "LeMay wanted an air strike on Cuban soil."), `base "Guantanamo Bay Naval Base"`},
		{"a country that is not there", base("ships", "Turkey", 7, "Soviet ships turned back."), `country "Turkey"`},
	}
	for _, tc := range tests {
		checkOne(t, tc.name, grounding.Check(deck(tc.fact), []byte(people)), tc.want)
	}
}

func TestWrongKennedyFromTheDeck(t *testing.T) {
	// The text names one Kennedy, but the deck has two: the surname alone
	// cannot tell them apart.
	src := "Kennedy chose a less aggressive course of action.[4]\n"
	d := deck(quote("Robert F. Kennedy", 0, 4, "Kennedy chose a less aggressive course of action."))
	d.Pools.Speakers = []string{"John F. Kennedy"}
	checkOne(t, "deck names another Kennedy", grounding.Check(d, []byte(src)), "also names John Kennedy")
	s := grounding.Parse([]byte(src))
	if errs := s.CheckFact(d, d.Facts[0], "Kennedy"); len(errs) != 0 {
		t.Errorf("CheckFact with an alias: %v", errs)
	}
}

func TestDeclaredBodiesNameNoOne(t *testing.T) {
	src := "House advised caution.[4]\n"
	d := deck(quote("Edward House", 0, 4, "House advised caution."))
	d.Facts = append(d.Facts, quote("White House", 0, 4, "House advised caution."))
	d.Facts[1].ID = "q2"
	errs := grounding.Check(d, []byte(src))
	if len(errs) == 0 || !strings.Contains(errs[0].Error(), "also names White House") {
		t.Fatalf("undeclared: got %v, want the surname to be ambiguous", errs)
	}
	d.People = []*generator.Entity{{Name: "White House", Kind: generator.Body}, {Name: "Edward House", Kind: generator.Person}}
	for _, err := range grounding.Check(d, []byte(src)) {
		if strings.Contains(err.Error(), `fact "q"`) {
			t.Errorf("declared body still makes the surname ambiguous: %v", err)
		}
	}
}

func TestParseName(t *testing.T) {
	for in, want := range map[string]string{
		"Arthur M. Schlesinger Jr.": "Arthur M.|Schlesinger|Jr.",
		"Charles de Gaulle":         "Charles|de Gaulle|",
		"de Gaulle":                 "|de Gaulle|",
		"John F. Kennedy":           "John F.|Kennedy|",
		"Al Gore":                   "Al|Gore|",
		"Martin Luther King, Jr.":   "Martin Luther|King|Jr.",
		"Khrushchev":                "|Khrushchev|",
		"Turkish officials":         "||",
		"Yeltsin's government":      "||",
	} {
		n := grounding.ParseName(in)
		if got := strings.Join(n.Given, " ") + "|" + n.Surname + "|" + n.Suffix; got != want {
			t.Errorf("ParseName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCapitalsOfShortForms(t *testing.T) {
	src := "They grew rice and told us nothing.[1]\n"
	checkOne(t, "a surname is not a common word", grounding.Check(deck(quote("Condoleezza Rice", 0, 1, "They grew rice")), []byte(src)),
		`speaker "Condoleezza Rice"`)
	checkOne(t, "US is not us", grounding.Check(deck(base("nothing", "United States", 1, "told us nothing.")), []byte(src)),
		`country "United States"`)
	src = "Rice told the US nothing.[1]\n"
	checkOne(t, "the surname as printed", grounding.Check(deck(quote("Condoleezza Rice", 0, 1, "told the US nothing.")), []byte(src)), "")
	checkOne(t, "US grounds the United States", grounding.Check(deck(base("nothing", "United States", 1, "told the US nothing.")), []byte(src)), "")
}

// TestMarkerLost: a footnote whose marker the source text lost (an OCR
// slip) is the curator's reading, accepted only when no other marker
// stands after the excerpt in its place.
func TestMarkerLost(t *testing.T) {
	src := "In 1920 Stalin wrote, Only two alternatives confront the border regions.\"\n\nThe next paragraph.[12]\n"
	lost := func(f *generator.Fact) *generator.Fact { f.Source.MarkerLost = true; return f }
	checkOne(t, "the lost marker is read past", grounding.Check(deck(lost(quote("Joseph Stalin", 1920, 11, "Only two alternatives confront the border regions"))), []byte(src)), "")
	checkOne(t, "without marker: lost the footnote is missing", grounding.Check(deck(quote("Joseph Stalin", 1920, 11, "Only two alternatives confront the border regions")), []byte(src)),
		"footnote 11: no footnote marker follows the excerpt")
	src2 := "In 1920 Stalin wrote, Only two alternatives confront the border regions.[10]\n"
	checkOne(t, "another marker stands where the lost one would", grounding.Check(deck(lost(quote("Joseph Stalin", 1920, 11, "Only two alternatives confront the border regions"))), []byte(src2)),
		"footnote 11, marker: lost, but the source prints footnote 10 after the excerpt")
}

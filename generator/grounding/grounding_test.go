package grounding_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grounding"
)

// source is a made-up text laid out as the OCR essays are: running text,
// page breaks in mid-sentence or mid-word with the page's footnotes
// printed in between (and the tail of a footnote broken across pages
// before them), block quotations after a lead-in, plain-digit markers.
const source = `A Made-Up Essay

As Jane Roe recently observed, "Small states choose their friends with care." Nobody disagreed.¹

In May 1994, soon after the talks in
¹ Ann Author, Friends, 2001, p. 3.
² Bob Writer, "Talks," Daily Paper, June 2, 1994.

Lisbon, Minister John Doe told a reporter that alliances are temporary, showing that the cabinet wanted room to move.²

The treaty signed in 1997 created the Northern Pact.³ Its army has never de-

³ Carl Critic, Pacts, 2003, pp. 1-9.
⁴ By June 2004 the Northern Pact had closed its office in Oslo.

ployed, and its airfield at Brask in Ruritania stayed empty under the 2001 lease.⁴

As the historian Mary Major wrote in 1920,

Only two roads lie open to the small states: they join the large ones, or they perish alone.⁵

Later, critics noted "the hollow core" of the pact since 2005.45 Nobody replied.

Kim Lee spoke first. Then, in a letter, Lee wrote:

Nothing lasts.⁶

⁶ Dan Doe, Reports, 2007, pas-

The report of 2006 was long and care-

sim; Eve Poe, Notes, 2008.

⁷ Fay Fox, Care, 2009.

fully argued, said Gus Tan.⁷
`

func deck(facts ...*generator.Fact) *generator.Deck {
	for _, f := range facts {
		f.Pos = generator.Pos{File: "deck.yaml", Line: 1, Col: 1}
		var ps generator.Positions
		for i, key := range []string{"source", "speaker", "year", "base", "country", "said", "role", "via"} {
			ps = append(ps, generator.KeyPos{Key: key, Pos: generator.Pos{File: "deck.yaml", Line: i + 2, Col: 3}})
		}
		f.FieldPos = generator.NewFieldPositions(ps)
	}
	return &generator.Deck{ID: "test", Facts: facts}
}

func quote(speaker string, year, footnote int, excerpt string) *generator.Fact {
	return &generator.Fact{ID: "q", Kind: generator.Quote, Speaker: speaker, Year: year,
		Source: generator.Citation{Footnote: footnote, Excerpt: excerpt}}
}

func direct(speaker, said, excerpt string) *generator.Fact {
	return &generator.Fact{ID: "q", Kind: generator.Quote, Speaker: speaker, Said: said, Direct: true,
		Source: generator.Citation{Footnote: 1, Excerpt: excerpt}}
}

func withVia(f *generator.Fact, role, via string) *generator.Fact {
	f.Role, f.Via = role, via
	return f
}

func event(year, footnote int, excerpt string) *generator.Fact {
	return &generator.Fact{ID: "e", Kind: generator.Event, Year: year,
		Source: generator.Citation{Footnote: footnote, Excerpt: excerpt}}
}

func base(name, country string, footnote int, excerpt string) *generator.Fact {
	return &generator.Fact{ID: "b", Kind: generator.Base, Base: name, Country: country,
		Source: generator.Citation{Footnote: footnote, Excerpt: excerpt}}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		fact *generator.Fact
		// want holds "key: substring" for each expected error; empty means none.
		want []string
	}{
		{"direct quote", quote("Jane Roe", 0, 1, `As Jane Roe recently observed, "Small states choose their friends with care."`), nil},
		{"surname is enough", quote("Jane Roe", 0, 1, `"Small states choose their friends with care."`), nil},
		{"curly quotes and extra spaces", quote("Jane Roe", 0, 1, "observed,   “Small states choose their\nfriends with care.”"), nil},
		{"footnote after the sentence", quote("Jane Roe", 0, 1, `"Small states choose their friends with care."`), nil},
		{"wrong footnote", quote("Jane Roe", 0, 2, `"Small states choose their friends with care."`),
			[]string{"source: the first footnote marker after the excerpt is 1"}},
		{"direct quotation altered", direct("Jane Roe", "Small states choose their allies with care.", `As Jane Roe recently observed, "Small states choose`),
			[]string{`said: quotation "Small states choose their allies with care." is not in the excerpt`}},
		{"direct quotation beyond the excerpt", direct("Jane Roe", "Small states choose their friends with care.", `As Jane Roe recently observed, "Small states choose`), nil},
		{"role near the excerpt", withVia(quote("John Doe", 1994, 2, "Minister John Doe told a reporter"), "Minister", "Bob Writer"), nil},
		{"role and via not in the source", withVia(quote("John Doe", 1994, 2, "Minister John Doe told a reporter"), "Premier", "Daily News"),
			[]string{`role: role "Premier"`, `via: via "Daily News" is not named anywhere in the source`}},
		{"wrong speaker", quote("Mary Major", 0, 1, `"Small states choose their friends with care."`),
			[]string{`speaker: speaker "Mary Major" is not in the excerpt`}},
		{"surname inside a word does not count", quote("Jane Ro", 0, 1, `"Small states choose their friends with care."`),
			[]string{`speaker: speaker "Jane Ro"`}},
		{"excerpt not in source", quote("Jane Roe", 0, 0, "Small states choose their enemies with care."),
			[]string{"source: excerpt not found in the source (its first 4 of 7 words match"}},
		{"capitals differ", quote("Jane Roe", 0, 0, "small states choose their friends"),
			[]string{"source: excerpt not found in the source (it occurs with different capitals)"}},
		{"across a page break", quote("John Doe", 1994, 2, "In May 1994, soon after the talks in Lisbon, Minister John Doe told a reporter that alliances are temporary"), nil},
		{"year of a quote must be near", quote("John Doe", 2004, 2, "Minister John Doe told a reporter that alliances are temporary"),
			[]string{"year: year \"2004\" is not in the excerpt"}},
		{"footnote marker missing", quote("Jane Roe", 0, 3, "Nobody disagreed."),
			[]string{"source: the first footnote marker after the excerpt is 1"}},
		{"event", event(1997, 3, "The treaty signed in 1997 created the Northern Pact."), nil},
		{"event year wrong", event(1998, 3, "The treaty signed in 1997 created the Northern Pact."),
			[]string{`year: year "1998"`}},
		{"hyphenated across a page", event(2001, 4, "Its army has never deployed, and its airfield at Brask in Ruritania stayed empty under the 2001 lease."), nil},
		{"base", base("Brask", "Ruritania", 4, "its airfield at Brask in Ruritania stayed empty"), nil},
		{"base wrong country", base("Brask", "Freedonia", 4, "its airfield at Brask in Ruritania stayed empty"),
			[]string{`country: country "Freedonia"`}},
		{"base name wrong", base("Brasko", "Ruritania", 4, "its airfield at Brask in Ruritania stayed empty"),
			[]string{`base: base "Brasko"`}},
		{"excerpt of a footnote", event(2004, 4, "By June 2004 the Northern Pact had closed its office in Oslo."), nil},
		{"excerpt of a footnote, wrong number", event(2004, 3, "the Northern Pact had closed its office in Oslo."),
			[]string{"source: the excerpt is in footnote 4, not 3"}},
		{"excerpt of a footnote, no number", event(2004, 0, "the Northern Pact had closed its office in Oslo."),
			[]string{"source: the excerpt is in footnote 4, not none"}},
		{"footnote printed but not given", event(1997, 0, "The treaty signed in 1997 created the Northern Pact."),
			[]string{"source: the source prints footnote 3 for this passage, but the fact gives none"}},
		{"block quotation is next to its lead-in", quote("Mary Major", 1920, 5, "they join the large ones, or they perish alone."), nil},
		{"plain-digit footnote marker", event(2005, 45, `critics noted "the hollow core" of the pact`), nil},
		{"a lead-in's footnote is the quotation's", quote("Mary Major", 1920, 5, "As the historian Mary Major wrote in 1920, Only two roads"), nil},
		{"the next sentence's footnote is not the passage's", quote("Kim Lee", 0, 6, "Kim Lee spoke first."),
			[]string{"source: no footnote marker follows the excerpt"}},
		{"a footnote's tail after a page break", event(2007, 6, "Dan Doe, Reports, 2007, passim; Eve Poe, Notes, 2008."), nil},
		{"running text resumes after the footnotes", quote("Gus Tan", 2006, 7, "The report of 2006 was long and carefully argued, said Gus Tan."), nil},
		{"footnote text is not running text", quote("Ann Author", 0, 0, "Later, critics noted"),
			[]string{`speaker: speaker "Ann Author"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			errs := grounding.Check(deck(tc.fact), []byte(source))
			if len(errs) != len(tc.want) {
				t.Fatalf("got %d errors %v, want %d %q", len(errs), errs, len(tc.want), tc.want)
			}
			for i, err := range errs {
				var pe *generator.PosError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v is not a *generator.PosError", err)
				}
				key, msg, _ := strings.Cut(tc.want[i], ": ")
				if want := tc.fact.At(key); pe.Pos != want {
					t.Errorf("error %v at %v, want %v (%s)", err, pe.Pos, want, key)
				}
				if !strings.Contains(err.Error(), msg) {
					t.Errorf("error %q does not contain %q", err, msg)
				}
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a \n\t b  ", "a b"},
		{"“Quoted” ‘words’", `"Quoted" 'words'`},
		{"east—west – north-south ― far", "east-west - north-south - far"},
		{"the CST).³ And", "the CST). And"},
		{"interests.¹⁰ Next", "interests. Next"},
		{"Cus-\n\ntoms Union", "Customs Union"},
		{"Iskander- M", "Iskander- M"},
		{"well-\nKnown", "well- Known"},
		{"re-integrating", "re-integrating"},
		{`*not* one \$4 billion`, "not one $4 billion"},
		{"ﬁnal", "final"},
		{"soft\u00adhyphen", "softhyphen"},
	}
	for _, tc := range tests {
		if got := grounding.Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCheckReportsEveryFact(t *testing.T) {
	d := deck(
		quote("Jane Roe", 0, 0, "not in the text at all"),
		event(1997, 3, "The treaty signed in 1997 created the Northern Pact."),
		event(1999, 9, "The treaty signed in 1997 created the Northern Pact."),
	)
	errs := grounding.Check(d, []byte(source))
	if len(errs) != 3 {
		t.Fatalf("got %d errors, want 3 (excerpt; year and footnote of the third fact): %v", len(errs), errs)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		source, "", "a-\nb", "x*-\nb", "e*\u0301", "³⁴ ab", "\uE000" + "12", "“x”—y", "\\\\$", "a\u00ad\nb",
		"ﬁ-\nﬂ", "Ä-\n\u0308a", "\u2011\nx",
		"Cuba.[12][13] x", "a^12 b(3)", "<sup>[4]</sup>&amp;lt;i&amp;gt;", "_x_ [a](b) [c]", "1. ^ Ann", "&#xFB01;<b>-\nx",
		"^¹1", "<a¹>", "&¹mp;", "ﬁ¹\u0308", "<x–>", "<\n(2)", "&ltp^¹1>", "<^¹1t>", "&^¹1lt", "<[2¹]a>", "“(2)",
		"&o-\nlt;", "&#x-\na", "(\n(2) ", "shown (12, 13–15).",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := grounding.Normalize(s)
		if twice := grounding.Normalize(once); twice != once {
			t.Errorf("Normalize is not idempotent:\n in  %q\n 1st %q\n 2nd %q", s, once, twice)
		}
		if strings.ContainsAny(once, "\n\t¹²³⁴⁵⁶⁷⁸⁹⁰") || strings.Contains(once, "  ") {
			t.Errorf("Normalize(%q) = %q keeps line breaks, superscripts or double spaces", s, once)
		}
		if p := grounding.Plain(s); grounding.Plain(p) != p {
			t.Errorf("Plain is not idempotent: %q gives %q, then %q", s, p, grounding.Plain(p))
		}
		grounding.Parse([]byte(s)) // must not panic
	})
}

package pdfquiz

import (
	"fmt"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
)

// testBank is a small deck made in code: quotations, events and bases with
// curly quotes, dashes, accents and superscripts, as real decks have.
func testBank() *generator.Bank {
	d := &generator.Deck{ID: "eurasia", Title: "Eurasian integration", AnkiDeck: "quizdeck::Eurasia",
		Source: generator.SourceInfo{Title: "The Intellectual Origins of the Eurasian Union Project", Author: "Stephen Blank"},
		Digest: "test"}
	speakers := []string{"Vladimir Putin", "Dmitry Medvedev", "Sergei Lavrov", "Nursultan Nazarbayev",
		"Alexander Lukashenko", "Aleksandr Dugin", "Jeffrey Mankoff", "Hillary Clinton"}
	var qs []generator.Question
	add := func(fact string, kind generator.Kind, prompt, answer string, ds []string, fn int, excerpt string, tags ...string) {
		q := generator.Question{ID: generator.QuestionID(d.ID, fact, kind), Deck: d.ID, Fact: fact, Kind: kind,
			Prompt: prompt, Answer: answer, Distractors: ds, Source: generator.Citation{Footnote: fn, Excerpt: excerpt}, Tags: tags}
		if quoted, ok := strings.CutPrefix(prompt, "Who said: “"); ok { // a direct quotation
			q.Quotation, _, _ = strings.Cut(quoted, "”")
		}
		qs = append(qs, q)
	}
	others := func(ans string) []string {
		var out []string
		for _, s := range speakers {
			if s != ans && len(out) < 3 {
				out = append(out, s)
			}
		}
		return out
	}
	add("putin-catastrophe", generator.WhoSaid, "Who said: “The collapse of the Soviet Union was the greatest geopolitical catastrophe of the century” (2005)?",
		"Vladimir Putin", others("Vladimir Putin")[1:], 7, "Putin’s 2005 address called the Soviet collapse “the greatest geopolitical catastrophe”", "soviet")
	qs[len(qs)-1].Distractors = []string{"Dmitry Medvedev", "Sergei Lavrov", "Nursultan Nazarbayev"}
	add("medvedev-privileged", generator.WhoSaid, "Who, according to the essay, held that Russia has “privileged interests” in countries he would not define (2008)?",
		"Dmitry Medvedev", []string{"Vladimir Putin", "Sergei Lavrov", "Aleksandr Dugin"}, 4, "President Dmitry Medvedev famously told an interviewer that Russia has privileged interests", "georgia")
	add("nazarbayev-1994", generator.WhoSaid, "Who first proposed a “Eurasian Union” of sovereign states in a 1994 lecture at Moscow State University?",
		"Nursultan Nazarbayev", []string{"Vladimir Putin", "Alexander Lukashenko", "Jeffrey Mankoff"}, 12, "Nazarbayev’s 1994 proposal — a union of equals — predates Putin’s by seventeen years", "integration")
	add("clinton-resovietization", generator.WhoSaid, "Who said: “It’s going to be called customs union, it will be called Eurasian Union … but let’s make no mistake about it”?",
		"Hillary Clinton", []string{"Jeffrey Mankoff", "Sergei Lavrov", "Dmitry Medvedev"}, 21, "Secretary Clinton warned of a move to “re-Sovietize the region”", "us")
	add("dugin-empire", generator.WhoSaid, "Who, according to the essay, held that Russia can exist only as an empire – or not at all?",
		"Aleksandr Dugin", []string{"Vladimir Putin", "Nursultan Nazarbayev", "Alexander Lukashenko"}, 15, "for Dugin, Russia is “either an empire or nothing”", "ideology")
	add("lavrov-near-abroad", generator.WhoSaid, "Who said: “We will not allow anyone to exclude us from the post-Soviet space”?",
		"Sergei Lavrov", []string{"Dmitry Medvedev", "Hillary Clinton", "Jeffrey Mankoff"}, 9, "Foreign Minister Lavrov told the Duma that Russia “will not allow anyone to exclude us”", "sphere-of-influence")
	add("mankoff-agenda", generator.WhoSaid, "Who observed that re-integrating the former Soviet states “has been on Russia’s agenda almost since the moment the Soviet Union collapsed”?",
		"Jeffrey Mankoff", []string{"Hillary Clinton", "Aleksandr Dugin", "Sergei Lavrov"}, 2, "As Jeffrey Mankoff recently observed, “In one form or another, re-integrating the states", "integration")
	add("lukashenko-union-state", generator.WhoSaid, "Who signed the 1999 treaty creating the Union State with Russia, calling it “a union of brothers”?",
		"Alexander Lukashenko", []string{"Nursultan Nazarbayev", "Vladimir Putin", "Dmitry Medvedev"}, 0, "Lukashenko’s Union State of 1999 — “a union of brothers” — never took full shape", "belarus")
	years := []struct{ fact, event, ans string }{
		{"customs-union", "Russia, Belarus and Kazakhstan launch their customs union", "2010"},
		{"izvestia-article", "Putin publishes his Izvestiia article on a “new integration project for Eurasia”", "2011"},
		{"eeu-treaty", "the Treaty on the Eurasian Economic Union is signed in Astana", "2014"},
		{"georgia-war", "the five-day war in Georgia – South Ossetia and Abkhazia – is fought", "2008"},
		{"armenia-uturn", "Armenia abruptly drops its EU association agreement to join the customs union", "2013"},
		{"cis-founded", "the Commonwealth of Independent States is founded at Belavezha", "1991"},
		{"kyrgyz-accession", "Kyrgyzstan accedes to the Eurasian Economic Union", "2015"},
		{"ceeu", "the Eurasian Economic Community (EurAsEC) is created", "2000"},
	}
	for i, y := range years {
		var n int
		fmt.Sscan(y.ans, &n)
		add(y.fact, generator.WhichYear, "In which year, according to the essay: "+y.event+"?", y.ans,
			[]string{fmt.Sprint(n - 1), fmt.Sprint(n + 2), fmt.Sprint(n - 3)}, 30+i, y.event+", in "+y.ans, "chronology")
	}
	bases := []struct{ fact, base, country, detail, fn string }{
		{"gyumri", "102nd Military Base, Gyumri", "Armenia", "Russia’s 102ⁿᵈ base — lease extended to 2044", "Armenia"},
		{"kant", "Kant Air Base", "Kyrgyzstan", "the CSTO’s rapid-reaction air wing near Bishkek", "Kyrgyzstan"},
		{"dushanbe", "201st Military Base, Dushanbe", "Tajikistan", "Russia’s largest base abroad (≈7 000 troops)", "Tajikistan"},
		{"baikonur", "Baikonur Cosmodrome", "Kazakhstan", "leased until 2050 for 115 million US$ a year", "Kazakhstan"},
		{"sevastopol", "Sevastopol naval base", "Ukraine", "the Black Sea Fleet’s home, lease signed in Kharkiv (2010)", "Ukraine"},
		{"baranovichi", "Baranovichi radar station", "Belarus", "the Volga early-warning radar — 10² km of coverage gaps closed", "Belarus"},
		{"gudauta", "Gudauta base", "Georgia", "in Abkhazia, the former Bombora airfield", "Georgia"},
		{"tiraspol", "Operational Group of Russian Forces", "Moldova", "in Transnistria, guarding the Cobasna arsenal", "Moldova"},
	}
	names := []string{}
	countries := []string{}
	for _, b := range bases {
		names = append(names, b.base)
		countries = append(countries, b.country)
	}
	for i, b := range bases {
		if i%2 == 0 {
			var ds []string
			for j := 1; len(ds) < 3; j++ {
				ds = append(ds, names[(i+j)%len(names)])
			}
			add(b.fact, generator.WhichBase, "Which base or facility in "+b.country+" is "+b.detail+"?", b.base, ds, 40+i, b.base+": "+b.detail, "bases")
		} else {
			var ds []string
			for j := 1; len(ds) < 3; j++ {
				ds = append(ds, countries[(i+j)%len(countries)])
			}
			add(b.fact, generator.BaseCountry, "In which country is "+b.base+", "+b.detail+"?", b.country, ds, 40+i, b.base+" ("+b.country+"): "+b.detail, "bases")
		}
	}
	return &generator.Bank{Decks: []*generator.Deck{d}, Questions: qs}
}

// bigBank is testBank's questions repeated under n distinct facts, for benchmarks.
func bigBank(n int) *generator.Bank {
	base := testBank()
	var qs []generator.Question
	for i := 0; len(qs) < n; i++ {
		q := base.Questions[i%len(base.Questions)]
		q.Fact = fmt.Sprintf("%s-%d", q.Fact, i)
		q.ID = generator.QuestionID(q.Deck, q.Fact, q.Kind)
		q.Distractors = append([]string(nil), q.Distractors...)
		qs = append(qs, q)
	}
	base.Questions = qs
	return base
}

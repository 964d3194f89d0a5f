package grounding_test

import (
	"fmt"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grounding"
)

func ExampleCheck() {
	source := []byte("As Jane Roe observed in 1999, “Small is beautiful.”¹\n\n¹ Jane Roe, Essays, 2001.\n")
	d := &generator.Deck{ID: "demo", Facts: []*generator.Fact{{
		ID: "roe-small", Kind: generator.Quote, Speaker: "Jane Roe", Year: 1998,
		Said: "Small is beautiful.", Direct: true,
		Source: generator.Citation{Footnote: 1, Excerpt: `"Small is beautiful."`},
		Pos:    generator.Pos{File: "decks/demo/quotes.yaml", Line: 3, Col: 5},
	}}}
	for _, err := range grounding.Check(d, source) {
		fmt.Println(err)
	}
	// Output:
	// decks/demo/quotes.yaml:3:5: fact "roe-small": year "1998" is not in the excerpt or within 200 characters of it
}

func ExampleNormalize() {
	fmt.Println(grounding.Normalize("the “Cus-\ntoms Union”,³ *not*   the EU—yet"))
	// Output:
	// the "Customs Union", not the EU-yet
}

// A surname alone grounds a speaker only when no other person of that
// surname is named; an alias the deck declares for the speaker counts.
func ExampleSource_CheckFact() {
	s := grounding.Parse([]byte("When this was reported to President John F. Kennedy, he convened a meeting. " +
		"Bobby Kennedy urged a blockade.[4]\n"))
	d := &generator.Deck{ID: "cmc"}
	f := &generator.Fact{ID: "rfk", Kind: generator.Quote, Speaker: "Robert F. Kennedy",
		Source: generator.Citation{Footnote: 4, Excerpt: "urged a blockade."},
		Pos:    generator.Pos{File: "decks/cmc/quotes.yaml", Line: 7, Col: 5}}
	for _, err := range s.CheckFact(d, f) {
		fmt.Println(err)
	}
	fmt.Println(len(s.CheckFact(d, f, "Bobby Kennedy")), "problems with the alias Bobby Kennedy")
	// Output:
	// decks/cmc/quotes.yaml:7:5: fact "rfk": speaker "Robert F. Kennedy" is not in the excerpt or within 200 characters of it (the surname alone does not count: the deck or the source also names John Kennedy; give the full name or an aka)
	// 0 problems with the alias Bobby Kennedy
}

func ExamplePlain() {
	fmt.Println(grounding.Plain("reaching <i>Cuba</i>.[5] By using the term &ldquo;quarantine&rdquo;"))
	// Output:
	// reaching Cuba. By using the term “quarantine”
}

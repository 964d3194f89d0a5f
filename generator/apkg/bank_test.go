package apkg_test

import (
	"archive/zip"
	"database/sql"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/render"

	_ "modernc.org/sqlite"
)

// testBank is a small synthetic bank: two decks, every fact shape and
// question kind, text in several scripts, and characters that are HTML.
func testBank() *generator.Bank {
	ost := &generator.Deck{
		ID: "ostpolitik", Title: "Ostpolitik", AnkiDeck: "Geschichte::Ostpolitik",
		Source: generator.SourceInfo{Title: "Wandel durch Annäherung", Author: "Jürgen Müller"},
		Facts: []*generator.Fact{
			{ID: "brandt-kniefall", Kind: generator.Quote, Speaker: "Willy Brandt", Role: "Bundeskanzler", Year: 1970,
				Said: "Ich tat, was Menschen tun, wenn die Sprache versagt.", Direct: true,
				Source: generator.Citation{Footnote: 7, Excerpt: "„Ich tat, was Menschen tun …“"}},
			{ID: "gorbachev-home", Kind: generator.Quote, Speaker: "Михаил Горбачёв", Role: "General Secretary", Year: 1989,
				Said: "Europe is our «common home» & <no one> may wall it off", Direct: false,
				Source: generator.Citation{Excerpt: "the «общий европейский дом»"}},
			{ID: "joint-declaration", Kind: generator.Event, Event: "日ソ共同宣言 (the Soviet–Japanese Joint Declaration) is signed", Year: 1956,
				Source: generator.Citation{Footnote: 12, Excerpt: "1956年10月19日"}},
			{ID: "cam-ranh", Kind: generator.Base, Base: "Cam Ranh Bay", Country: "Việt Nam",
				Detail: "the naval base Moscow leased until 2002",
				Source: generator.Citation{Footnote: 21, Excerpt: "Cam Ranh, leased to the USSR in 1979"}},
		},
	}
	pac := &generator.Deck{
		ID: "pacific", Title: "Pacific", AnkiDeck: "Geschichte::Pazifik",
		Source: generator.SourceInfo{Title: "Ocean of Bases", Author: "Ana Ñúñez"},
		Facts: []*generator.Fact{
			{ID: "okinawa", Kind: generator.Base, Base: "Kadena", Country: "日本",
				Detail: "the largest US air base in the Pacific",
				Source: generator.Citation{Excerpt: "Kadena Air Base, Okinawa"}},
		},
	}
	q := func(d *generator.Deck, fact string, k generator.Kind, prompt, answer string, distractors ...string) generator.Question {
		id := generator.QuestionID(d.ID, fact, k)
		return generator.Question{ID: id, Deck: d.ID, Fact: fact, Kind: k, Prompt: prompt, Answer: answer,
			Distractors: distractors, GUID: generator.NoteGUID(d.ID, fact), Tags: []string{d.ID},
			Source: generator.Citation{Excerpt: "excerpt of " + fact}}
	}
	bank := &generator.Bank{Decks: []*generator.Deck{ost, pac}}
	bank.Questions = []generator.Question{
		q(ost, "brandt-kniefall", generator.WhoSaid, "Who said: “Ich tat, was Menschen tun, wenn die Sprache versagt.” (1970)?",
			"Willy Brandt", "Helmut Schmidt", "Egon Bahr", "Walter Scheel"),
		q(ost, "brandt-kniefall", generator.WhichYear, "In which year did Willy Brandt say \"Ich tat, was Menschen tun …\" at the ghetto's memorial?\r\n(Warsaw)",
			"1970", "1968", "1972", "1974"),
		q(ost, "gorbachev-home", generator.WhoSaid, "Who, according to the essay, held that Europe is our «common home» & <no one> may wall it off?",
			"Михаил Горбачёв", "Эдуард Шеварднадзе", "Борис Ельцин", "Андрей Громыко"),
		q(ost, "joint-declaration", generator.WhichYear, "In which year, according to the essay: 日ソ共同宣言 is signed?",
			"1956", "1951", "1960", "1972"),
		q(ost, "cam-ranh", generator.WhichBase, "Which base or facility in Việt Nam is the naval base Moscow leased until 2002?",
			"Cam Ranh Bay", "Da Nang", "Haiphong", "Tartus"),
		q(ost, "cam-ranh", generator.BaseCountry, "In which country is Cam Ranh Bay, the naval base Moscow leased until 2002?",
			"Việt Nam", "Cambodia", "Laos", "Syria"),
		q(pac, "okinawa", generator.BaseCountry, "In which country is Kadena, the largest US air base in the Pacific?",
			"日本", "대한민국", "Philippines", "Guam"),
	}
	return bank
}

func templates(t testing.TB) *render.Set {
	t.Helper()
	set, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// openCollection extracts collection.anki2 from the package at path and
// opens it read-only.
func openCollection(t testing.TB, path string) *sql.DB {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open("collection.anki2")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := filepath.Join(t.TempDir(), "collection.anki2")
	out, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, f); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// bigBank is a generated bank of n questions in one deck, for benchmarks.
func bigBank(n int) *generator.Bank {
	d := &generator.Deck{ID: "big", AnkiDeck: "quizdeck::Big", Source: generator.SourceInfo{Title: "Big", Author: "Ånon"}}
	bank := &generator.Bank{Decks: []*generator.Deck{d}}
	kinds := []generator.Kind{generator.WhichYear, generator.WhichBase, generator.BaseCountry}
	for i := range n {
		fact := fmt.Sprintf("fact-%05d", i)
		d.Facts = append(d.Facts, &generator.Fact{ID: fact, Kind: generator.Event, Year: 1900 + i%120,
			Event: fmt.Sprintf("event nº %d — «Договор» & <treaty>", i)})
		k := kinds[i%len(kinds)]
		id := generator.QuestionID(d.ID, fact, k)
		bank.Questions = append(bank.Questions, generator.Question{ID: id, Deck: d.ID, Fact: fact, Kind: k,
			Prompt: fmt.Sprintf("In which year, according to the essay: event nº %d — «Договор» & <treaty>?", i),
			Answer: fmt.Sprint(1900 + i%120), Distractors: []string{"1801", "1802", "1803"},
			GUID: generator.NoteGUID(d.ID, fact), Tags: []string{"big"},
			Source: generator.Citation{Footnote: i % 50, Excerpt: "an excerpt that shows the fact, about eighty characters long."}})
	}
	return bank
}

func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// csvFront is a prompt as the basic CSV writes its Front: HTML-escaped,
// line breaks as <br>. The package must store the same.
func csvFront(prompt string) string {
	s := html.EscapeString(prompt)
	return strings.NewReplacer("\r\n", "<br>", "\r", "<br>", "\n", "<br>").Replace(s)
}

// ankiText is a prompt as Anki compares it (sfld, csum): the <br> of a
// line break is stripped with the other tags.
func ankiText(prompt string) string {
	return strings.NewReplacer("\r\n", "", "\r", "", "\n", "").Replace(prompt)
}

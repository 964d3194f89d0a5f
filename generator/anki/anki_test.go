package anki_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/anki"
	"github.com/quizdeck/quizdeck/generator/cloze"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

func testDeck() (*generator.Deck, []generator.Question) {
	d := &generator.Deck{ID: "d", AnkiDeck: "T::D", Source: generator.SourceInfo{Title: "Essay", Author: "A"},
		Facts: []*generator.Fact{
			{ID: "quote", Kind: generator.Quote, Speaker: "Vladimir Putin", Said: "x", Year: 2011, Tags: []string{"t1"}},
			{ID: "event", Kind: generator.Event, Event: "a treaty", Year: 1992},
			{ID: "base", Kind: generator.Base, Base: "Gyumri", Country: "Armenia", Detail: "a base"},
		}}
	q := func(fact string, k generator.Kind, prompt, answer string) generator.Question {
		var tags []string
		for _, f := range d.Facts {
			if f.ID == fact {
				tags = f.Tags
			}
		}
		return generator.Question{ID: generator.QuestionID("d", fact, k), Deck: "d", Fact: fact, Kind: k,
			Prompt: prompt, Answer: answer, Distractors: []string{"p", "q", "r"}, Tags: tags,
			GUID: generator.NoteGUID("d", fact)}
	}
	// Bank order is not kind order: the writer sorts each fact's cards.
	return d, []generator.Question{
		q("quote", generator.WhichYear, "When did Putin say x?", "2011"),
		q("base", generator.BaseCountry, "Where is Gyumri?", "Armenia"),
		q("event", generator.WhichYear, "When was a treaty signed?", "1992"),
		q("quote", generator.WhoSaid, "Who said x (2011)?", "Vladimir Putin"),
	}
}

func tmpl(t testing.TB) *render.Set {
	t.Helper()
	set, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestNotes checks the one-note-per-fact layout: a note per fact in bank
// order of its first question, cards in kind order, GUIDs from the fact,
// tags per card kind, and what each switch adds.
func TestNotes(t *testing.T) {
	tests := []struct {
		name  string
		opts  generator.AnkiOptions
		kinds map[string]string // fact → card kinds
		mc    bool
	}{
		{"default", generator.AnkiOptions{}, map[string]string{
			"quote": "who-said which-year", "base": "base-country", "event": "which-year"}, false},
		{"reversed", generator.AnkiOptions{Reversed: true}, map[string]string{
			"quote": "who-said which-year", "base": "which-base base-country", "event": "which-year"}, false},
		{"multiple choice", generator.AnkiOptions{MultipleChoice: true}, map[string]string{
			"quote": "who-said which-year", "base": "base-country", "event": "which-year"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, qs := testDeck()
			job := &generator.Job{Decks: []*generator.Deck{d}, Questions: qs, Seed: 3, Anki: tc.opts}
			notes, err := anki.Notes(context.Background(), tmpl(t), job, d)
			if err != nil {
				t.Fatal(err)
			}
			var order []string
			for _, n := range notes {
				order = append(order, n.Fact)
				var kinds []string
				for _, k := range n.Kinds {
					kinds = append(kinds, string(k))
				}
				if got := strings.Join(kinds, " "); got != tc.kinds[n.Fact] {
					t.Errorf("fact %s: cards %q, want %q", n.Fact, got, tc.kinds[n.Fact])
				}
				if n.GUID != generator.NoteGUID("d", n.Fact) || len(n.Fields) != 2*anki.Slots {
					t.Errorf("fact %s: GUID %q, %d fields", n.Fact, n.GUID, len(n.Fields))
				}
				for i := range anki.Slots {
					front, back := n.Fields[2*i], n.Fields[2*i+1]
					if (i < len(n.Kinds)) != (front != "" && back != "") {
						t.Errorf("fact %s slot %d: front %q back %q with %d cards", n.Fact, i+1, front, back, len(n.Kinds))
					}
					if i < len(n.Kinds) && strings.Contains(front, `<ol class="options"`) != tc.mc {
						t.Errorf("fact %s slot %d: options on the front = %v, want %v: %q", n.Fact, i+1, !tc.mc, tc.mc, front)
					}
				}
				wantTags := kinds
				for i := range wantTags {
					wantTags[i] = "d::" + wantTags[i]
				}
				if n.Fact == "quote" {
					wantTags = append(wantTags, "t1")
				}
				if !slices.Equal(n.Tags, wantTags) {
					t.Errorf("fact %s: tags %q, want %q", n.Fact, n.Tags, wantTags)
				}
			}
			if want := []string{"quote", "base", "event"}; !slices.Equal(order, want) {
				t.Errorf("notes in order %q, want %q", order, want)
			}
		})
	}
}

func TestNotesErrors(t *testing.T) {
	d, qs := testDeck()
	dup := append(slices.Clone(qs), qs[0])
	job := &generator.Job{Decks: []*generator.Deck{d}, Questions: dup}
	if _, err := anki.Notes(context.Background(), tmpl(t), job, d); err == nil || !strings.Contains(err.Error(), "two which-year questions") {
		t.Errorf("a fact asked twice the same way: err = %v", err)
	}
	job.Questions = append(slices.Clone(qs), generator.Question{ID: "d/nope/who-said", Deck: "d", Fact: "nope", Kind: generator.WhoSaid})
	if _, err := anki.Notes(context.Background(), tmpl(t), job, d); err == nil || !strings.Contains(err.Error(), `no fact "nope"`) {
		t.Errorf("a question of no fact: err = %v", err)
	}
}

// TestFieldNames pins quizdeck Fact's fields: a contract with every
// collection that imported a package (docs/anki.md).
func TestFieldNames(t *testing.T) {
	want := []string{"Front", "Back", "Front 2", "Back 2", "Front 3", "Back 3"}
	if got := anki.FieldNames(); !slices.Equal(got, want) {
		t.Errorf("FieldNames() = %q, want %q", got, want)
	}
}

// TestGUIDsGolden pins the note GUIDs of the embedded decks: one per fact
// (and one per quotation's cloze note). They derive from deck and fact
// ids only; a change here means every student's notes are new notes.
// Regenerate with -update only when fact ids change on purpose.
func TestGUIDsGolden(t *testing.T) {
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("# deck/fact\tquizdeck Fact GUID\tquizdeck Cloze GUID (quotations)\n")
	for _, d := range ds {
		for _, f := range d.Facts {
			c := ""
			if f.Kind == generator.Quote {
				c = cloze.GUID(d.ID, f.ID)
			}
			fmt.Fprintf(&b, "%s/%s\t%s\t%s\n", d.ID, f.ID, generator.NoteGUID(d.ID, f.ID), c)
		}
	}
	golden.Check(t, "testdata/guids.golden", []byte(b.String()))
}

// TestEachWindows checks that rendering a window at a time gives the notes
// Notes gives, in the same order, whatever the window.
func TestEachWindows(t *testing.T) {
	d, qs := testDeck()
	job := &generator.Job{Decks: []*generator.Deck{d}, Questions: qs, Seed: 3,
		Anki: generator.AnkiOptions{MultipleChoice: true, Reversed: true}}
	want, err := anki.Notes(context.Background(), tmpl(t), job, d)
	if err != nil {
		t.Fatal(err)
	}
	for _, window := range []int{1, 2, 3, 100} {
		var got []anki.Note
		calls := 0
		err := anki.Each(context.Background(), tmpl(t), job, d, window, func(ns []anki.Note) error {
			calls++
			if len(ns) > window {
				t.Errorf("window %d: %d notes in one call", window, len(ns))
			}
			got = append(got, slices.Clone(ns)...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || calls != (len(want)+window-1)/window {
			t.Errorf("window %d: %d calls, notes differ from Notes:\n got %v\nwant %v", window, calls, got, want)
		}
	}
}

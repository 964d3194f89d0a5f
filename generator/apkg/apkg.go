// Package apkg writes Anki packages (.apkg): a zip holding a schema-11
// SQLite collection, collection.anki2, and an empty media map, which every
// Anki since 2.1 imports with one double-click (docs/anki.md; the format is
// described in shared anki-import.md section 3).
//
// One package is written per deck of a build, as <build>/<deck-id>.apkg.
// It holds one "quizdeck Fact" note per fact with a selected question
// (package anki builds them: one card per question, GUID
// generator.NoteGUID(deck, fact), the same note as the fact's CSV row), in
// the deck generator.AnkiDeckName; with the job's Anki.Cloze, also a
// "quizdeck Cloze" note per quotation, GUID cloze.GUID(deck, fact), in the
// subdeck "::Cloze".
//
// Note types, decks and note and card ids are fixed or derived from names
// and GUIDs, and zip times come from the job's epoch, so the same specs
// give the same bytes. A note's mod is the epoch for a new note; when the
// previous package at the same output path holds the note with other
// content, it is max(epoch, previous mod + 1), so Anki's "update if newer"
// import takes the change; unchanged notes keep their previous mod.
package apkg

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/anki"
	"github.com/quizdeck/quizdeck/generator/cloze"
	"github.com/quizdeck/quizdeck/generator/render"
)

// CSSTemplate is the template of every note type's CSS; card backs come
// from render.CardBackTemplate, as in the CSV.
const CSSTemplate = "anki-css"

// Writer is the anki-apkg format.
type Writer struct {
	tmpl *render.Set
}

// New returns the anki-apkg format rendering with tmpl; the job's Anki
// options choose the optional cards.
func New(tmpl *render.Set) *Writer { return &Writer{tmpl: tmpl} }

var _ generator.Format = (*Writer)(nil)

// Name is generator.FormatAnkiAPKG.
func (w *Writer) Name() string { return generator.FormatAnkiAPKG }

// ClozeDeck is the subdeck of a deck's cloze cards; a cloze CSV should
// name it in #deck so both formats put new cloze cards in one place.
func ClozeDeck(b generator.BuildOptions, d *generator.Deck) string {
	return generator.AnkiClozeDeckName(b, d)
}

// FileName is the package file of deck id: "<id>.apkg", except that a deck
// called "collection" gets "collection-deck.apkg", because Anki treats a
// file named collection.apkg as a whole collection that replaces the
// user's own.
func FileName(deckID string) string {
	if strings.EqualFold(deckID, "collection") {
		return deckID + "-deck.apkg"
	}
	return deckID + ".apkg"
}

// Write stages <build>/<deck-id>.apkg for every deck of job with at least
// one selected question.
func (w *Writer) Write(ctx context.Context, job *generator.Job, out *generator.Output) error {
	for _, d := range job.Decks {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := w.Package(job, d)
		if err != nil {
			return err
		}
		if p == nil {
			continue
		}
		if p.TempDir, err = out.TempDir(); err != nil {
			return err
		}
		rel := path.Join(job.Build.Name, FileName(d.ID))
		if err := p.StampFrom(filepath.Join(out.Root(), filepath.FromSlash(rel))); err != nil {
			fmt.Fprintf(job.Log, "anki-apkg: %s: reading the previous package: %v; stamping every note with the epoch\n", rel, err)
		}
		if err := out.WriteFile(job.Build.Name, rel, generator.FormatAnkiAPKG, p.Write); err != nil {
			return err
		}
		// Say where the cards go: a build's title silently adding a
		// sub-deck surprised users.
		where := fmt.Sprintf("into Anki deck %q", generator.AnkiDeckName(job.Build, d))
		if job.Build.Title != "" {
			where += " (a sub-deck named by the build's title)"
		}
		fmt.Fprintf(job.Log, "anki-apkg: %s: %d notes, %d cards %s\n", rel, len(p.Notes), p.Cards(), where)
	}
	return nil
}

// Package builds the package of deck d from job's questions of that deck,
// every note stamped with the epoch; nil if no question is from d.
func (w *Writer) Package(job *generator.Job, d *generator.Deck) (*Package, error) {
	qs := job.Questions // shared, never modified: most builds have one deck
	if slices.ContainsFunc(qs, func(q generator.Question) bool { return q.Deck != d.ID }) {
		qs = nil
		for _, q := range job.Questions {
			if q.Deck == d.ID {
				qs = append(qs, q)
			}
		}
	}
	if len(qs) == 0 {
		return nil, nil
	}
	css, err := w.tmpl.Text(CSSTemplate, nil)
	if err != nil {
		return nil, err
	}
	sub := *job
	sub.Decks, sub.Questions = []*generator.Deck{d}, qs
	notes, err := anki.Notes(context.Background(), w.tmpl, &sub, d)
	if err != nil {
		return nil, err
	}
	p := newPackage(job.Epoch, css)
	main := generator.AnkiDeckName(job.Build, d)
	for _, n := range notes {
		note := Note{GUID: n.GUID, TypeID: FactID, Fields: n.Fields, Tags: n.Tags}
		for i := range n.Kinds {
			note.Cards = append(note.Cards, Card{Ord: i, Deck: main})
		}
		p.add(note)
	}
	if job.Anki.Cloze {
		clozes, err := cloze.Notes(w.tmpl, &sub)
		if err != nil {
			return nil, err
		}
		clozeDeck := ClozeDeck(job.Build, d)
		for _, n := range clozes {
			p.add(Note{GUID: n.GUID, TypeID: ClozeID, Fields: []string{n.Text, n.BackExtra},
				Tags:  n.AnkiTags(),
				Cards: []Card{{Ord: 0, Deck: clozeDeck}}})
		}
	}
	return p, nil
}

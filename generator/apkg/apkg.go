// Package apkg writes Anki packages (.apkg): a zip holding a schema-11
// SQLite collection, collection.anki2, and an empty media map, which every
// Anki since 2.1 imports with one double-click (docs/anki.md; the format is
// described in shared anki-import.md section 3).
//
// One package is written per deck of a build, as <build>/<deck-id>.apkg.
// It holds, for every selected question:
//
//   - a "quizdeck Basic" note, prompt → answer with its source, GUID
//     generator.GUID(q.ID), the same GUID as the question's CSV row, in
//     the deck generator.AnkiDeckName; with Reversed, a base-country
//     question's note also gets a reverse card (country and detail → base);
//   - a "quizdeck Multiple Choice" note (unless MultipleChoice is off),
//     GUID generator.GUID(q.ID, "multiple-choice"), in the subdeck
//     "::Multiple choice";
//   - for a who-said question, a "quizdeck Cloze" note from package cloze
//     (unless Cloze is off), GUID generator.GUID(q.ID, "cloze"), in the
//     subdeck "::Cloze".
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
	"math/rand/v2"
	"path"
	"path/filepath"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/cloze"
	"github.com/quizdeck/quizdeck/generator/render"
)

// CSSTemplate is the template of every note type's CSS; card backs come
// from render.CardBackTemplate, as in the CSV.
const CSSTemplate = "anki-css"

// Writer is the anki-apkg format. Its fields choose which notes a package
// holds; New sets the defaults.
type Writer struct {
	tmpl *render.Set

	// MultipleChoice adds a multiple-choice note per question that has distractors.
	MultipleChoice bool
	// Cloze adds a cloze note per who-said question.
	Cloze bool
	// Reversed gives a base-country question's basic note a second card
	// asking the other way round: which base, given country and detail.
	Reversed bool
}

// New returns the anki-apkg format rendering with tmpl: basic,
// multiple-choice and cloze notes, no reversed cards.
func New(tmpl *render.Set) *Writer {
	return &Writer{tmpl: tmpl, MultipleChoice: true, Cloze: true}
}

var _ generator.Format = (*Writer)(nil)

// Name is generator.FormatAnkiAPKG.
func (w *Writer) Name() string { return generator.FormatAnkiAPKG }

// MultipleChoiceDeck is the subdeck of a deck's multiple-choice cards.
func MultipleChoiceDeck(b generator.BuildOptions, d *generator.Deck) string {
	return generator.AnkiDeckName(b, d) + "::Multiple choice"
}

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
		fmt.Fprintf(job.Log, "anki-apkg: %s: %d notes, %d cards\n", rel, len(p.Notes), p.Cards())
	}
	return nil
}

// Package builds the package of deck d from job's questions of that deck,
// every note stamped with the epoch; nil if no question is from d.
func (w *Writer) Package(job *generator.Job, d *generator.Deck) (*Package, error) {
	var qs []generator.Question
	for _, q := range job.Questions {
		if q.Deck == d.ID {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return nil, nil
	}
	css, err := w.tmpl.Text(CSSTemplate, nil)
	if err != nil {
		return nil, err
	}
	p := newPackage(job.Epoch, css)
	main := generator.AnkiDeckName(job.Build, d)
	mcDeck, clozeDeck := MultipleChoiceDeck(job.Build, d), ClozeDeck(job.Build, d)

	clozes := map[string]cloze.Note{}
	if w.Cloze {
		sub := *job
		sub.Decks, sub.Questions = []*generator.Deck{d}, qs
		notes, err := cloze.Notes(w.tmpl, &sub)
		if err != nil {
			return nil, err
		}
		for _, n := range notes {
			clozes[n.ID] = n
		}
	}
	facts := make(map[string]*generator.Fact, len(d.Facts))
	for _, f := range d.Facts {
		facts[f.ID] = f
	}

	faces, err := w.renderAll(d, facts, qs)
	if err != nil {
		return nil, err
	}
	for i, q := range qs {
		front, back := generator.AnkiHTML(q.Prompt), faces[i].back
		tags := generator.AnkiTags(&q)
		basic := Note{GUID: q.GUID, TypeID: BasicID, Fields: []string{front, back, "", ""}, Tags: tags,
			Cards: []Card{{Ord: 0, Deck: main}}}
		if basic.GUID == "" {
			basic.GUID = generator.GUID(q.ID)
		}
		if faces[i].revFront != "" {
			basic.Fields[2], basic.Fields[3] = faces[i].revFront, faces[i].revBack
			basic.Cards = append(basic.Cards, Card{Ord: 1, Deck: main})
		}
		p.add(basic)

		if w.MultipleChoice && len(q.Distractors) > 0 {
			opts, answer := options(job.Seed, q)
			p.add(Note{GUID: generator.GUID(q.ID, MultipleChoiceKey), TypeID: MultipleChoiceID,
				Fields: []string{front, opts, answer, back}, Tags: tags,
				Cards: []Card{{Ord: 0, Deck: mcDeck}}})
		}
		if n, ok := clozes[q.ID]; ok {
			p.add(Note{GUID: n.GUID, TypeID: ClozeID, Fields: []string{n.Text, n.BackExtra}, Tags: tags,
				Cards: []Card{{Ord: 0, Deck: clozeDeck}}})
		}
	}
	return p, nil
}

// rendered holds the rendered template fields of one question.
type rendered struct {
	back              string
	revFront, revBack string // empty unless the note has a reverse card
}

// renderAll renders every question's templates, spread over the CPUs:
// html/template is the slowest part of building a package.
func (w *Writer) renderAll(d *generator.Deck, facts map[string]*generator.Fact, qs []generator.Question) ([]rendered, error) {
	out := make([]rendered, len(qs))
	err := generator.ForChunks(context.Background(), len(qs), 64, func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			var err error
			if out[i], err = w.render(d, facts, qs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func (w *Writer) render(d *generator.Deck, facts map[string]*generator.Fact, q generator.Question) (rendered, error) {
	var f rendered
	var err error
	f.back, err = w.tmpl.CardBack(&q, d)
	if err != nil {
		return f, fmt.Errorf("question %s: %w", q.ID, err)
	}
	if !w.Reversed || q.Kind != generator.BaseCountry {
		return f, nil
	}
	fact := facts[q.Fact]
	if fact == nil {
		return f, fmt.Errorf("question %s: deck %s has no fact %q", q.ID, d.ID, q.Fact)
	}
	prompt, err := w.tmpl.Text(string(generator.WhichBase), fact)
	if err != nil {
		return f, fmt.Errorf("question %s: reverse card: %w", q.ID, err)
	}
	rq := q
	rq.Answer = fact.Base
	f.revBack, err = w.tmpl.CardBack(&rq, d)
	if err != nil {
		return f, fmt.Errorf("question %s: reverse card: %w", q.ID, err)
	}
	f.revFront = generator.AnkiHTML(prompt)
	return f, nil
}

// options returns the Options and Answer fields of q's multiple-choice
// note: the answer and distractors in an order drawn from seed and the
// question id, and "B. answer".
func options(seed uint64, q generator.Question) (opts, answer string) {
	choices := append([]string{q.Answer}, q.Distractors...)
	r := rand.New(rand.NewPCG(seed, hash64(seed, "anki-apkg options", q.ID)))
	perm := r.Perm(len(choices))
	var b strings.Builder
	b.WriteString(`<ol class="options" type="A">`)
	for i, j := range perm {
		b.WriteString("<li>")
		b.WriteString(generator.AnkiHTML(choices[j]))
		b.WriteString("</li>")
		if j == 0 {
			answer = string(rune('A'+i)) + ". " + generator.AnkiHTML(q.Answer)
		}
	}
	b.WriteString("</ol>")
	return b.String(), answer
}

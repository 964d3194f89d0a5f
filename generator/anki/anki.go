// Package anki builds the Anki notes of a build, one note per fact, for
// both Anki formats (the package and the text-import files), so a fact's
// note has the same GUID, fields and tags in each.
//
// A fact is one note of the note type "quizdeck Fact", whose fields are
// Front, Back, Front 2, Back 2, Front 3 and Back 3. Each selected question
// about the fact fills one Front/Back pair, in the order of
// generator.Kinds(), and each filled pair is one card: the card templates
// only render when their Front is non-empty, and Anki makes no card whose
// front is empty. The cards of one fact are siblings, so Anki can bury them
// ("bury siblings") and a student suspends or deletes them together; "Who
// said … (1999)?" and "In which year did … say …?" never come up on the
// same day.
//
// Front and Back are the names of Anki's stock Basic fields: a text file
// imported into a collection without quizdeck's note type lands in Basic,
// one card per fact from its first question.
package anki

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
)

// Note type ids; see generator.AnkiFactTypeID.
const (
	FactTypeID  = generator.AnkiFactTypeID
	ClozeTypeID = generator.AnkiClozeTypeID
)

// Slots is how many cards a fact's note can have: a fact yields at most
// two questions today (a dated quotation, a base); one more slot keeps the
// note type's fields fixed if a kind is added.
const Slots = 3

// FieldNames are quizdeck Fact's fields in order.
func FieldNames() []string {
	names := make([]string, 0, 2*Slots)
	for i := range Slots {
		front, back := "Front", "Back"
		if i > 0 {
			front, back = fmt.Sprintf("Front %d", i+1), fmt.Sprintf("Back %d", i+1)
		}
		names = append(names, front, back)
	}
	return names
}

// Note is the note of one fact.
type Note struct {
	Deck, Fact string // the deck and fact ids
	GUID       string // generator.NoteGUID(Deck, Fact)
	// Kinds is the kind each card asks, in card order.
	Kinds []generator.Kind
	// Fields are the values of FieldNames, HTML; unused slots are empty.
	Fields []string
	Tags   []string
}

// Notes returns the notes of deck d for job's questions of that deck, in
// the order each fact's first question comes in job.Questions. The
// card-back template renders each Back; with job.Anki.MultipleChoice the
// Front also lists the lettered options and the Back starts with the
// letter; with job.Anki.Reversed a base fact asked only for its country
// also gets a card asking for the base.
func Notes(ctx context.Context, tmpl *render.Set, job *generator.Job, d *generator.Deck) ([]Note, error) {
	var all []Note
	err := Each(ctx, tmpl, job, d, 0, func(notes []Note) error {
		all = append(all, notes...)
		return nil
	})
	return all, err
}

// card is one card of a fact's note before rendering.
type card struct {
	q    *generator.Question
	fact *generator.Fact
	rev  bool // the reversed which-base card of a base-country question
}

func (c card) kind() generator.Kind {
	if c.rev {
		return generator.WhichBase
	}
	return c.q.Kind
}

// Each renders the notes Notes returns a window of at most window facts
// at a time (0: all at once), spread over the CPUs, and hands each window
// to fn in order, so a writer that streams keeps memory bounded however
// large the deck.
func Each(ctx context.Context, tmpl *render.Set, job *generator.Job, d *generator.Deck, window int, fn func([]Note) error) error {
	facts := make(map[string]*generator.Fact, len(d.Facts))
	for _, f := range d.Facts {
		facts[f.ID] = f
	}
	order := make([]string, 0, len(d.Facts))
	byFact := make(map[string][]card, len(d.Facts))
	for i := range job.Questions {
		q := &job.Questions[i]
		if q.Deck != d.ID {
			continue
		}
		f := facts[q.Fact]
		if f == nil {
			return fmt.Errorf("question %s: deck %s has no fact %q", q.ID, d.ID, q.Fact)
		}
		if _, ok := byFact[q.Fact]; !ok {
			order = append(order, q.Fact)
		}
		byFact[q.Fact] = append(byFact[q.Fact], card{q: q, fact: f})
	}
	if window <= 0 {
		window = max(len(order), 1)
	}
	notes := make([]Note, min(window, len(order)))
	for start := 0; start < len(order); start += window {
		part := order[start:min(len(order), start+window)]
		err := generator.ForChunks(ctx, len(part), 32, func(lo, hi int) error {
			for i := lo; i < hi; i++ {
				n, err := note(tmpl, job, d, part[i], byFact[part[i]])
				if err != nil {
					return err
				}
				notes[i] = n
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := fn(notes[:len(part)]); err != nil {
			return err
		}
	}
	return nil
}

// kindRank is each kind's place in generator.Kinds.
func kindRank(k generator.Kind) int { return slices.Index(generator.Kinds(), k) }

// note renders the note of fact id from its cards.
func note(tmpl *render.Set, job *generator.Job, d *generator.Deck, id string, cs []card) (Note, error) {
	if job.Anki.Reversed {
		kindIs := func(k generator.Kind) func(card) bool { return func(c card) bool { return c.q.Kind == k } }
		if i := slices.IndexFunc(cs, kindIs(generator.BaseCountry)); i >= 0 && !slices.ContainsFunc(cs, kindIs(generator.WhichBase)) {
			cs = append(slices.Clip(cs), card{q: cs[i].q, fact: cs[i].fact, rev: true})
		}
	}
	// Cards in the fixed kind order, so a card keeps its slot (and its
	// review history) when another kind is added.
	slices.SortStableFunc(cs, func(a, b card) int { return cmp.Compare(kindRank(a.kind()), kindRank(b.kind())) })
	if len(cs) > Slots {
		return Note{}, fmt.Errorf("fact %s/%s: %d cards, a quizdeck Fact note holds %d", d.ID, id, len(cs), Slots)
	}
	n := Note{Deck: d.ID, Fact: id, GUID: generator.NoteGUID(d.ID, id), Fields: make([]string, 2*Slots),
		Kinds: make([]generator.Kind, 0, len(cs))}
	for j, c := range cs {
		if j > 0 && c.kind() == n.Kinds[j-1] {
			return Note{}, fmt.Errorf("fact %s/%s: two %s questions", d.ID, id, c.kind())
		}
		front, back, err := face(tmpl, job, d, *c.q, c.fact, c.rev)
		if err != nil {
			return Note{}, err
		}
		n.Kinds = append(n.Kinds, c.kind())
		n.Fields[2*j], n.Fields[2*j+1] = front, back
	}
	n.Tags = generator.AnkiTags(d.ID, n.Kinds, cs[0].q.Tags)
	return n, nil
}

// face renders one card's Front and Back.
func face(tmpl *render.Set, job *generator.Job, d *generator.Deck, q generator.Question, f *generator.Fact, rev bool) (front, back string, err error) {
	if rev {
		prompt, err := question.RenderPrompt(tmpl, d, f, generator.WhichBase)
		if err != nil {
			return "", "", fmt.Errorf("question %s: reverse card: %w", q.ID, err)
		}
		rq := q
		rq.Answer = f.Base
		back, err := tmpl.CardBack(&rq, d)
		if err != nil {
			return "", "", fmt.Errorf("question %s: reverse card: %w", q.ID, err)
		}
		return generator.AnkiHTML(prompt), back, nil
	}
	back, err = tmpl.CardBack(&q, d)
	if err != nil {
		return "", "", fmt.Errorf("question %s: %w", q.ID, err)
	}
	front = generator.AnkiHTML(q.Prompt)
	if job.Anki.MultipleChoice && len(q.Distractors) > 0 {
		opts, answer := Options(job.Seed, q)
		front = `<div class="question">` + front + "</div>" + opts
		back = `<div class="mc-answer">` + answer + "</div>" + back
	}
	return front, back, nil
}

// Options returns the lettered options of q as HTML and its answer line
// ("B. answer"): the answer and distractors in an order drawn from seed
// and the question id, the same in every build.
func Options(seed uint64, q generator.Question) (opts, answer string) {
	choices := append([]string{q.Answer}, q.Distractors...)
	r := rand.New(rand.NewPCG(seed, Hash64(seed, "anki-apkg options", q.ID)))
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

// Hash64 is a stable 64-bit hash of a seed and parts: the first 8 bytes of
// the SHA-256 of the seed and the parts joined with NUL. The packages' note,
// card and deck ids and the order of multiple-choice options derive from
// it, so it is the Anki formats' own and must never change
// (generator.Hash64 may).
func Hash64(seed uint64, parts ...string) uint64 {
	h := sha256.New()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(p))
	}
	var sum [32]byte
	return binary.BigEndian.Uint64(h.Sum(sum[:0])[:8])
}

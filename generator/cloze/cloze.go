// Package cloze builds Anki cloze notes from a build's quotations: for
// every who-said question, a note whose text is the quotation with the
// speaker hidden as {{c1::...}}. The .apkg writer and the cloze CSV use
// the same notes, so a quotation's cloze note has one GUID in both. Cloze
// is a note type of its own in Anki, so a quotation's cloze note is not a
// sibling of its quizdeck Fact note (package anki).
//
// Text and BackExtra are HTML, ready for Anki's fields (the stock Cloze
// note type's Text and Back Extra, and quizdeck's own "quizdeck Cloze").
// Every character that HTML or Anki's cloze parser would read as markup is
// escaped: & < > as entities, { and } everywhere (so no quotation can
// open a deletion), and : inside the deletion (so "::" cannot start a hint).
package cloze

import (
	"fmt"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/render"
)

// NoteType is the key that tells a fact's cloze note from its fact note:
// the cloze note's GUID is generator.GUID(deck/fact, NoteType).
const NoteType = "cloze"

// BackExtraTemplate is the template that renders a note's BackExtra; data
// .Question (the who-said question) and .Deck.
const BackExtraTemplate = "cloze-back-extra"

// Note is one cloze note.
type Note struct {
	// ID is the id of the who-said question the note comes from.
	ID string
	// Deck is the id of the question's deck.
	Deck string
	// GUID is the note's Anki GUID, GUID(Deck, the fact id).
	GUID string
	// Text is the quotation as HTML with the speaker as cloze deletion c1.
	Text string
	// BackExtra is HTML shown under the revealed text: role, year, who
	// reports the quotation, a note, and the source.
	BackExtra string
	// Tags are the question's tags.
	Tags []string
}

// AnkiTags are the note's tags as both Anki formats write them: the deck's
// and the who-said kind's, then the fact's.
func (n *Note) AnkiTags() []string {
	return generator.AnkiTags(n.Deck, []generator.Kind{generator.WhoSaid}, n.Tags)
}

// GUID returns the GUID of the cloze note of fact in deck.
func GUID(deck, fact string) string { return generator.GUID(deck+"/"+fact, NoteType) }

// Notes returns a cloze note for every who-said question of job, in the
// order of job.Questions. Each question's fact is looked up in job.Decks by
// deck id and q.Fact; a question whose fact is missing or is not a
// quotation is an error. tmpl renders BackExtra.
func Notes(tmpl *render.Set, job *generator.Job) ([]Note, error) {
	decks := make(map[string]*generator.Deck, len(job.Decks))
	for _, d := range job.Decks {
		decks[d.ID] = d
	}
	facts := map[string]*generator.Fact{}
	var out []Note
	for _, q := range job.Questions {
		if q.Kind != generator.WhoSaid {
			continue
		}
		d := decks[q.Deck]
		if d == nil {
			return nil, fmt.Errorf("question %s: no deck %q in the build", q.ID, q.Deck)
		}
		f := facts[q.Deck+"/"+q.Fact]
		if f == nil {
			for _, c := range d.Facts {
				facts[q.Deck+"/"+c.ID] = c
			}
			f = facts[q.Deck+"/"+q.Fact]
		}
		if f == nil {
			return nil, fmt.Errorf("question %s: deck %s has no fact %q", q.ID, q.Deck, q.Fact)
		}
		n, err := NewNote(tmpl, d, f, q)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// NewNote builds the cloze note of the who-said question q about the
// quotation f of deck d.
func NewNote(tmpl *render.Set, d *generator.Deck, f *generator.Fact, q generator.Question) (Note, error) {
	if f.Kind != generator.Quote {
		return Note{}, fmt.Errorf("question %s: fact %s is a %s, not a quote", q.ID, f.ID, f.Kind)
	}
	if strings.TrimSpace(f.Speaker) == "" || strings.TrimSpace(f.Said) == "" {
		return Note{}, fmt.Errorf("question %s: quote %s has no speaker or no text", q.ID, f.ID)
	}
	extra, err := tmpl.HTML(BackExtraTemplate, map[string]any{"Question": q, "Deck": d})
	if err != nil {
		return Note{}, fmt.Errorf("question %s: %w", q.ID, err)
	}
	return Note{
		ID:        q.ID,
		Deck:      q.Deck,
		GUID:      GUID(q.Deck, q.Fact),
		Text:      Text(d.Source.Noun(), f.Speaker, f.Said, f.Direct),
		BackExtra: extra,
		Tags:      q.Tags,
	}, nil
}

// Text is the cloze text of a quotation: for a direct quotation
// `{{c1::Speaker}}: “said”`, otherwise `According to the <noun>,
// {{c1::Speaker}} held that said`, where noun names the kind of source
// (generator.SourceInfo.Noun: "essay", "article"). Noun, speaker and
// said are plain text.
func Text(noun, speaker, said string, direct bool) string {
	speaker, said = strings.TrimSpace(speaker), strings.TrimSpace(said)
	hidden := "{{c1::" + deletionEscaper.Replace(speaker) + "}}"
	if direct {
		return hidden + ": “" + textEscaper.Replace(said) + "”"
	}
	if noun = strings.TrimSpace(noun); noun == "" {
		noun = "source"
	}
	return "According to the " + textEscaper.Replace(noun) + ", " + hidden + " held that " + textEscaper.Replace(said)
}

// textEscaper makes plain text safe as HTML outside a cloze deletion.
var textEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", "{", "&#123;", "}", "&#125;", "\n", "<br>")

// deletionEscaper also escapes ':' so the text cannot end the deletion's
// answer early with a "::hint".
var deletionEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", "{", "&#123;", "}", "&#125;", "\n", "<br>", ":", "&#58;")

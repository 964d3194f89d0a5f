package apkg

import (
	"encoding/json"
	"fmt"

	"github.com/quizdeck/quizdeck/generator"
)

// The note types' fixed ids. Anki matches a package's note types by id, so
// these never change: a new id would make Anki add a second copy of the
// type and leave the notes already imported un-updated. A CSV import can
// name them in its #notetype header (see docs/anki.md).
const (
	BasicID          = generator.AnkiBasicTypeID
	MultipleChoiceID = generator.AnkiMultipleChoiceTypeID
	ClozeID          = generator.AnkiClozeTypeID
)

// The note types' names as Anki shows them. They differ from the stock
// "Basic" and "Cloze" so importing a package never renames a stock type.
const (
	BasicName          = "quizdeck Basic"
	MultipleChoiceName = "quizdeck Multiple Choice"
	ClozeName          = "quizdeck Cloze"
)

// GUID keys: a question's basic note has GUID generator.GUID(q.ID), the
// same as in the CSV; its other notes add the note type's key.
const (
	MultipleChoiceKey = "multiple-choice"
	ClozeKey          = "cloze" // == cloze.NoteType
)

// NoteType describes one of quizdeck's note types: its fields and card
// templates. The layout (names and order of fields and templates) is a
// contract with every collection that imported a quizdeck package:
// changing it makes Anki treat the type as a new one.
type NoteType struct {
	ID        int64
	Name      string
	Cloze     bool
	Fields    []string
	Templates []CardTemplate
}

// CardTemplate is one card template of a note type.
type CardTemplate struct {
	Name     string
	Front    string // qfmt
	Back     string // afmt
	Requires []int  // fields of which at least one must be non-empty for the card (legacy "req")
}

const answerRule = "\n\n<hr id=answer>\n\n"

// NoteTypes returns quizdeck's three note types in id order.
//
//   - quizdeck Basic: Front, Back, Reverse Front, Reverse Back. Card 1 asks
//     Front; card "Reverse" exists only when Reverse Front is non-empty.
//     Front and Back line up with the CSV's Front and Back columns.
//   - quizdeck Multiple Choice: Question, Options, Answer, Back. The front
//     lists the options; the back gives the letter and answer with its source.
//   - quizdeck Cloze (a cloze type): Text, Back Extra, as Anki's stock Cloze.
func NoteTypes() []NoteType {
	return []NoteType{
		{
			ID: BasicID, Name: BasicName,
			Fields: []string{"Front", "Back", "Reverse Front", "Reverse Back"},
			Templates: []CardTemplate{
				{Name: "Card 1", Front: "{{Front}}", Back: "{{FrontSide}}" + answerRule + "{{Back}}", Requires: []int{0}},
				{Name: "Reverse", Front: "{{#Reverse Front}}{{Reverse Front}}{{/Reverse Front}}",
					Back: "{{FrontSide}}" + answerRule + "{{Reverse Back}}", Requires: []int{2}},
			},
		},
		{
			ID: MultipleChoiceID, Name: MultipleChoiceName,
			Fields: []string{"Question", "Options", "Answer", "Back"},
			Templates: []CardTemplate{{
				Name:     "Multiple choice",
				Front:    `<div class="question">{{Question}}</div>` + "\n{{Options}}",
				Back:     "{{FrontSide}}" + answerRule + `<div class="mc-answer">{{Answer}}</div>` + "\n{{Back}}",
				Requires: []int{0},
			}},
		},
		{
			ID: ClozeID, Name: ClozeName, Cloze: true,
			Fields: []string{"Text", "Back Extra"},
			Templates: []CardTemplate{{
				Name: "Cloze", Front: "{{cloze:Text}}", Back: "{{cloze:Text}}<br>\n{{Back Extra}}", Requires: []int{0},
			}},
		},
	}
}

const (
	latexPre = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n" +
		"\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n"
	latexPost = "\\end{document}"
)

// modelJSON is the schema-11 JSON of note type nt (anki-import.md 3.4).
func (nt NoteType) modelJSON(css string, mod, did int64) map[string]any {
	flds := make([]map[string]any, len(nt.Fields))
	for i, name := range nt.Fields {
		flds[i] = map[string]any{"name": name, "ord": i, "font": "Arial", "size": 20,
			"sticky": false, "rtl": false, "media": []any{}}
	}
	tmpls := make([]map[string]any, len(nt.Templates))
	req := make([]any, 0, len(nt.Templates))
	for i, t := range nt.Templates {
		tmpls[i] = map[string]any{"name": t.Name, "ord": i, "qfmt": t.Front, "afmt": t.Back,
			"bqfmt": "", "bafmt": "", "bfont": "", "bsize": 0, "did": nil}
		req = append(req, []any{i, "any", t.Requires})
	}
	typ := 0
	if nt.Cloze {
		typ = 1
	}
	return map[string]any{
		"id": nt.ID, "name": nt.Name, "type": typ, "mod": mod, "usn": -1, "sortf": 0, "did": did,
		"tmpls": tmpls, "flds": flds, "css": css, "latexPre": latexPre, "latexPost": latexPost,
		"latexsvg": false, "req": req, "tags": []any{}, "vers": []any{},
	}
}

// modelSum is the identity of a note type's JSON apart from its mod, to
// tell whether the type changed since the previous package.
func modelSum(m map[string]any) (string, error) {
	// Round-trip through JSON first, so Go values and values read back
	// from a package (all numbers float64) encode alike.
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode note type: %w", err)
	}
	m = nil
	if err := json.Unmarshal(b, &m); err != nil {
		return "", fmt.Errorf("decode note type: %w", err)
	}
	c := make(map[string]any, len(m))
	for k, v := range m {
		if k != "mod" && k != "did" {
			c[k] = v
		}
	}
	b, err = json.Marshal(c) // map keys are sorted
	if err != nil {
		return "", fmt.Errorf("encode note type: %w", err)
	}
	return string(b), nil
}

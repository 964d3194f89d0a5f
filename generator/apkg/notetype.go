package apkg

import (
	"encoding/json"
	"fmt"

	"github.com/quizdeck/quizdeck/generator/anki"
)

// The note types' fixed ids. Anki matches a package's note types by id, so
// these never change: a new id would make Anki add a second copy of the
// type and leave the notes already imported un-updated. A CSV import can
// name them in its #notetype header (see docs/anki.md).
const (
	FactID  = anki.FactTypeID
	ClozeID = anki.ClozeTypeID
)

// The note types' names as Anki shows them. They differ from the stock
// "Basic" and "Cloze" so importing a package never renames a stock type.
const (
	FactName  = "quizdeck Fact"
	ClozeName = "quizdeck Cloze"
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

// NoteTypes returns quizdeck's note types in id order.
//
//   - quizdeck Cloze (a cloze type): Text, Back Extra, as Anki's stock Cloze.
//   - quizdeck Fact: Front, Back, Front 2, Back 2, Front 3, Back 3, one
//     card template per Front/Back pair ("Card 1" … "Card 3"), each
//     wrapped in a conditional on its Front, so Anki makes a card only for
//     the pairs a fact fills (package anki).
func NoteTypes() []NoteType {
	names := anki.FieldNames()
	fact := NoteType{ID: FactID, Name: FactName, Fields: names}
	for i := 0; i < len(names); i += 2 {
		front, back := names[i], names[i+1]
		fact.Templates = append(fact.Templates, CardTemplate{
			Name:     fmt.Sprintf("Card %d", i/2+1),
			Front:    "{{#" + front + "}}{{" + front + "}}{{/" + front + "}}",
			Back:     "{{FrontSide}}" + answerRule + "{{" + back + "}}",
			Requires: []int{i},
		})
	}
	return []NoteType{
		{
			ID: ClozeID, Name: ClozeName, Cloze: true,
			Fields: []string{"Text", "Back Extra"},
			Templates: []CardTemplate{{
				Name: "Cloze", Front: "{{cloze:Text}}", Back: "{{cloze:Text}}<br>\n{{Back Extra}}", Requires: []int{0},
			}},
		},
		fact,
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

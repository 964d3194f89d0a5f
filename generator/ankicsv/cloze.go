package ankicsv

import (
	"bufio"
	"context"
	"io"
	"strconv"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/cloze"
	"github.com/quizdeck/quizdeck/generator/render"
)

// Cloze is the anki-cloze-csv format: one file per deck,
// <build>/<deck>.cloze.tsv, a cloze note per who-said question with the
// speaker hidden, columns GUID, Text, Back Extra, Tags. The notes are the
// cloze notes of a package built with anki.cloze: same GUIDs, same note
// type (quizdeck Cloze, by id), same sub-deck. Anki's fallback without
// that note type is its default type, whose fields are not Text and Back
// Extra: choose the stock Cloze in the import dialog then.
type Cloze struct {
	tmpl *render.Set
}

// NewCloze returns the anki-cloze-csv format.
func NewCloze(tmpl *render.Set) *Cloze { return &Cloze{tmpl: tmpl} }

// Name implements generator.Format.
func (*Cloze) Name() string { return generator.FormatAnkiClozeCSV }

// ClozeColumns are the column labels of a cloze file; Text and Back Extra
// are the fields of quizdeck Cloze and of Anki's stock Cloze.
func ClozeColumns() []string { return []string{"GUID", "Text", "Back Extra", "Tags"} }

// Write implements generator.Format.
func (f *Cloze) Write(ctx context.Context, job *generator.Job, out *generator.Output) error {
	for _, d := range job.Decks {
		sub := *job
		sub.Decks = []*generator.Deck{d}
		sub.Questions = nil
		for _, q := range job.Questions {
			if q.Deck == d.ID && q.Kind == generator.WhoSaid {
				sub.Questions = append(sub.Questions, q)
			}
		}
		if len(sub.Questions) == 0 {
			continue
		}
		notes, err := cloze.Notes(f.tmpl, &sub)
		if err != nil {
			return err
		}
		h := Header{NoteType: strconv.FormatInt(generator.AnkiClozeTypeID, 10), Deck: generator.AnkiClozeDeckName(job.Build, d),
			Columns: ClozeColumns(), GUID: 1, Tags: 4}
		rel := job.Build.Name + "/" + d.ID + ".cloze.tsv"
		err = out.WriteFile(job.Build.Name, rel, f.Name(), func(w io.Writer) error {
			bw := bufio.NewWriterSize(w, 64<<10)
			if err := WriteHeader(bw, h); err != nil {
				return err
			}
			var row []byte
			for _, n := range notes {
				if err := ctx.Err(); err != nil {
					return err
				}
				row = AppendRow(row[:0], n.GUID, n.Text, n.BackExtra, strings.Join(n.AnkiTags(), " "))
				if _, err := bw.Write(row); err != nil {
					return err
				}
			}
			return bw.Flush()
		})
		if err != nil {
			return err
		}
	}
	return nil
}

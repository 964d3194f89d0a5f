// Package ankicsv writes decks as Anki text-import files: tab-separated,
// UTF-8 without BOM, with the file headers Anki reads (separator, html,
// note type, deck, GUID and tags columns) so the import dialog is pre-filled
// and a rebuilt deck updates its notes instead of duplicating them.
//
// Fields are HTML (html:true): text is escaped here and newlines become
// <br>. A field is quoted when it holds a tab, a double quote, CR or LF, or
// starts with '#' (Anki drops any record that begins with '#' as a comment,
// and GUIDs may start with '#'), doubling inner quotes.
package ankicsv

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/render"
)

// Header is the head of an Anki text-import file.
type Header struct {
	NoteType string   // an existing note type's name, e.g. Basic or Cloze
	Deck     string   // deck name; "::" separates subdecks
	Columns  []string // column labels; field columns carry the field's exact name
	GUID     int      // 1-based GUID column, 0 for none
	Tags     int      // 1-based tags column, 0 for none
}

// WriteHeader writes h's header lines: separator and html first, no space
// after the colon, no trailing separators (Anki reads those into the value).
func WriteHeader(w io.Writer, h Header) error {
	var b strings.Builder
	b.WriteString("#separator:tab\n#html:true\n")
	fmt.Fprintf(&b, "#notetype:%s\n#deck:%s\n", headerValue(h.NoteType), headerValue(h.Deck))
	if h.GUID > 0 {
		fmt.Fprintf(&b, "#guid column:%d\n", h.GUID)
	}
	if h.Tags > 0 {
		fmt.Fprintf(&b, "#tags column:%d\n", h.Tags)
	}
	b.WriteString("#if matches:update current\n")
	if len(h.Columns) > 0 {
		labels := make([]string, len(h.Columns))
		for i, c := range h.Columns {
			labels[i] = headerValue(c)
		}
		b.WriteString("#columns:" + strings.Join(labels, "\t") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// headerValue keeps a header value on its line and free of tabs.
func headerValue(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// AppendRow appends one record to dst: fields quoted as Anki needs, joined
// by tabs, ended by LF.
func AppendRow(dst []byte, fields ...string) []byte {
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, '\t')
		}
		dst = appendField(dst, f)
	}
	return append(dst, '\n')
}

func appendField(dst []byte, f string) []byte {
	if !needsQuotes(f) {
		return append(dst, f...)
	}
	dst = append(dst, '"')
	for {
		i := strings.IndexByte(f, '"')
		if i < 0 {
			break
		}
		dst = append(dst, f[:i+1]...)
		dst = append(dst, '"')
		f = f[i+1:]
	}
	dst = append(dst, f...)
	return append(dst, '"')
}

func needsQuotes(f string) bool {
	return strings.HasPrefix(f, "#") || strings.ContainsAny(f, "\t\"\r\n")
}

// Tags is a question's tag cell: generator.AnkiTags joined by spaces.
func Tags(q *generator.Question) string { return strings.Join(generator.AnkiTags(q), " ") }

// Basic is the anki-csv format: one file per deck, <build>/<deck>.tsv, with
// columns GUID, Front, Back, Tags. Its #notetype header names quizdeck
// Basic by id, so once a student has imported a quizdeck package the rows
// update those very notes; without it Anki falls back to its default note
// type (normally the stock Basic, whose fields are also Front and Back).
type Basic struct {
	tmpl *render.Set
}

// New returns the anki-csv format; card backs come from the "card-back" template.
func New(tmpl *render.Set) *Basic { return &Basic{tmpl: tmpl} }

// Name implements generator.Format.
func (*Basic) Name() string { return generator.FormatAnkiCSV }

// BasicColumns are the column labels of a Basic deck file; Front and Back
// match the stock Basic fields so Anki maps them by name.
func BasicColumns() []string { return []string{"GUID", "Front", "Back", "Tags"} }

// Write implements generator.Format.
func (f *Basic) Write(ctx context.Context, job *generator.Job, out *generator.Output) error {
	for _, d := range job.Decks {
		qs := questionsOf(job.Questions, d.ID)
		if len(qs) == 0 {
			continue
		}
		h := Header{NoteType: strconv.FormatInt(generator.AnkiBasicTypeID, 10), Deck: generator.AnkiDeckName(job.Build, d), Columns: BasicColumns(), GUID: 1, Tags: 4}
		rel := job.Build.Name + "/" + d.ID + ".tsv"
		err := out.WriteFile(job.Build.Name, rel, f.Name(), func(w io.Writer) error {
			return f.writeDeck(ctx, w, h, d, qs)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (f *Basic) writeDeck(ctx context.Context, w io.Writer, h Header, d *generator.Deck, qs []*generator.Question) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := WriteHeader(bw, h); err != nil {
		return err
	}
	// Render blocks of rows in parallel (the card-back template dominates)
	// and write them in order, a window at a time, so memory stays bounded
	// however large the deck.
	const block, window = 1024, 16
	rows := make([][]byte, window)
	for start := 0; start < len(qs); start += block * window {
		part := qs[start:min(len(qs), start+block*window)]
		err := generator.ForChunks(ctx, len(part), block, func(lo, hi int) error {
			buf := rows[lo/block][:0]
			for _, q := range part[lo:hi] {
				back, err := f.tmpl.CardBack(q, d)
				if err != nil {
					return err
				}
				buf = AppendRow(buf, q.GUID, generator.AnkiHTML(q.Prompt), back, Tags(q))
			}
			rows[lo/block] = buf
			return nil
		})
		if err != nil {
			return err
		}
		for i := 0; i*block < len(part); i++ {
			if _, err := bw.Write(rows[i]); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

func questionsOf(qs []generator.Question, deck string) []*generator.Question {
	var out []*generator.Question
	for i := range qs {
		if qs[i].Deck == deck {
			out = append(out, &qs[i])
		}
	}
	return out
}

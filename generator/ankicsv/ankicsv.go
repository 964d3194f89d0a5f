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
	"slices"
	"strconv"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/anki"
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
	if strings.HasPrefix(f, "#") {
		return true
	}
	for i := 0; i < len(f); i++ { // a byte loop: ContainsAny builds its set on every call
		switch f[i] {
		case '\t', '"', '\r', '\n':
			return true
		}
	}
	return false
}

// Facts is the anki-csv format: one file per deck, <build>/<deck>.tsv,
// one row per fact, columns GUID, Front, Back, Front 2, Back 2, Front 3,
// Back 3, Tags: the fact's quizdeck Fact note from package anki, as the
// package holds it. Its #notetype header names quizdeck Fact by id, so
// once a student has imported a quizdeck package the rows update those
// very notes. Without that note type Anki falls back to its default type
// (normally the stock Basic) and maps Front and Back by name: one basic
// card per fact, its first question; the other columns are left out.
type Facts struct {
	tmpl *render.Set
}

// New returns the anki-csv format; card backs come from the "card-back" template.
func New(tmpl *render.Set) *Facts { return &Facts{tmpl: tmpl} }

// Name implements generator.Format.
func (*Facts) Name() string { return generator.FormatAnkiCSV }

// Columns are the column labels of a deck file: GUID, quizdeck Fact's
// fields by name, Tags.
func Columns() []string {
	return append(append([]string{"GUID"}, anki.FieldNames()...), "Tags")
}

// Write implements generator.Format.
func (f *Facts) Write(ctx context.Context, job *generator.Job, out *generator.Output) error {
	cols := Columns()
	for _, d := range job.Decks {
		if !slices.ContainsFunc(job.Questions, func(q generator.Question) bool { return q.Deck == d.ID }) {
			continue
		}
		h := Header{NoteType: strconv.FormatInt(anki.FactTypeID, 10), Deck: generator.AnkiDeckName(job.Build, d),
			Columns: cols, GUID: 1, Tags: len(cols)}
		rel := job.Build.Name + "/" + d.ID + ".tsv"
		err := out.WriteFile(job.Build.Name, rel, f.Name(), func(w io.Writer) error {
			bw := bufio.NewWriterSize(w, 64<<10)
			if err := WriteHeader(bw, h); err != nil {
				return err
			}
			row := make([]string, 0, len(cols))
			var line []byte
			// Notes come a window at a time, so memory stays bounded
			// however large the deck.
			err := anki.Each(ctx, f.tmpl, job, d, 16384, func(notes []anki.Note) error {
				for _, n := range notes {
					row = append(append(append(row[:0], n.GUID), n.Fields...), strings.Join(n.Tags, " "))
					line = AppendRow(line[:0], row...)
					if _, err := bw.Write(line); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			return bw.Flush()
		})
		if err != nil {
			return err
		}
	}
	return nil
}

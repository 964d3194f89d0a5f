package quiz

import (
	"io"
	"strconv"
)

// KeyHeader returns the column names of key.csv.
func KeyHeader() []string {
	return []string{"version", "number", "section", "id", "answer", "answer_text", "points", "footnote", "excerpt"}
}

// WriteKeyCSV writes every version's key as CSV: one row per version and
// printed question, versions in order, with the header KeyHeader. answer is
// the correct letter ("" for short answer); answer_text is what that letter
// stands for, so a spreadsheet can be checked by eye.
func WriteKeyCSV(w io.Writer, q *Quiz) error {
	cw, err := NewSheetWriter(w)
	if err != nil {
		return err
	}
	if err := cw.Write(KeyHeader()); err != nil {
		return err
	}
	for _, v := range q.Versions {
		for _, it := range v.Items() {
			fn := ""
			if it.Question.Source.Footnote != 0 {
				fn = strconv.Itoa(it.Question.Source.Footnote)
			}
			row := []string{v.Letter, strconv.Itoa(it.Number), string(it.Kind), it.Question.ID,
				it.Letter(), it.Question.Answer, strconv.Itoa(it.Points), fn, it.Question.Source.Excerpt}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

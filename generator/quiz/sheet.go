package quiz

import (
	"encoding/csv"
	"io"
	"strings"
)

// SheetWriter writes CSV for spreadsheets: a UTF-8 byte order mark first,
// so Excel shows accented names correctly, and every cell that begins
// with '=', '+', '-', '@', a tab or a carriage return prefixed with a
// single quote, so no cell can run as a formula (OWASP, "CSV Injection").
// It is for sheets of text cells (keys, rosters); a column of numbers that
// may be negative (grade's statistics) is written with a plain csv.Writer
// and SafeCell on its text cells, since "-0.4" would gain a quote.
type SheetWriter struct{ cw *csv.Writer }

// NewSheetWriter writes the byte order mark to w and returns the writer.
func NewSheetWriter(w io.Writer) (*SheetWriter, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	return &SheetWriter{csv.NewWriter(w)}, nil
}

// Write writes one row, each cell made safe with SafeCell.
func (s *SheetWriter) Write(row []string) error {
	safe := make([]string, len(row))
	for i, c := range row {
		safe[i] = SafeCell(c)
	}
	return s.cw.Write(safe)
}

// Flush writes any buffered rows.
func (s *SheetWriter) Flush() { s.cw.Flush() }

// Error reports an error of an earlier Write or Flush.
func (s *SheetWriter) Error() error { return s.cw.Error() }

// SafeCell returns c, prefixed with "'" if a spreadsheet would read it as a
// formula.
func SafeCell(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}

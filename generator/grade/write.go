package grade

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/quizdeck/quizdeck/generator/quiz"
)

// The files a grading run writes, relative to its output folder.
const (
	GradesFile  = "grades.csv"
	ItemsFile   = "items.csv"
	SummaryFile = "summary.csv"
	FactsFile   = "flagged-facts.txt"
	ReportFile  = "report.pdf"
)

// Cell makes text safe to open in a spreadsheet: a cell starting with = + -
// @, a tab or a carriage return would be read as a formula (CSV injection),
// so it gets a leading apostrophe, which spreadsheets hide.
func Cell(s string) string { return quiz.SafeCell(s) }

func num(f float64, prec int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if s == "-"+strconv.FormatFloat(0, 'f', prec, 64) {
		s = s[1:]
	}
	return s
}

// points prints a score without a needless fraction: 17, 16.5.
func points(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// WriteGrades writes grades.csv: student, name, version, score, max,
// percent, multiple (the printed numbers marked more than once), then the
// points earned per question id.
func WriteGrades(w io.Writer, res *Result) error {
	cw := csv.NewWriter(w)
	head := []string{"student", "name", "version", "score", "max", "percent", "multiple_marks"}
	for _, it := range res.Key.Items {
		head = append(head, Cell(it.ID))
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	maxPts := float64(res.Key.MaxPoints())
	for _, s := range res.Students {
		mult := make([]string, len(s.Multiple))
		for i, p := range s.Multiple {
			mult[i] = strconv.Itoa(p)
		}
		rec := []string{Cell(s.Student), Cell(s.Name), s.Version, points(s.Score), points(maxPts),
			num(100*s.Score/maxPts, 1), strings.Join(mult, " ")}
		for _, p := range s.Points {
			rec = append(rec, points(p))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteItems writes items.csv: one row per question id with its section,
// points, difficulty, discrimination, flags, blank and multiple-mark counts,
// then the key's text and share and each distractor's text and share.
func WriteItems(w io.Writer, res *Result) error {
	cw := csv.NewWriter(w)
	most := 0
	for _, r := range res.Items {
		most = max(most, len(r.Options))
	}
	head := []string{"id", "section", "points", "difficulty", "discrimination", "flags", "blank", "multiple", "key", "key_share"}
	for j := 2; j <= most; j++ {
		head = append(head, fmt.Sprintf("option_%d", j), fmt.Sprintf("share_%d", j))
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range res.Items {
		rec := []string{Cell(r.Item.ID), r.Item.Section, strconv.Itoa(r.Item.Points), num(r.Difficulty, 3), num(r.Discrimination, 3),
			Cell(r.FlagText()), strconv.Itoa(r.Blank), strconv.Itoa(r.Multiple)}
		if len(r.Options) == 0 {
			rec = append(rec, Cell(r.Item.Answer), "")
		}
		for _, o := range r.Options {
			rec = append(rec, Cell(o.Text), num(o.Share, 3))
		}
		for len(rec) < len(head) {
			rec = append(rec, "")
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSummary writes summary.csv: the test-level figures as name,value rows.
func WriteSummary(w io.Writer, res *Result) error {
	t := res.Test
	cw := csv.NewWriter(w)
	rows := [][]string{
		{"figure", "value"},
		{"build", Cell(res.Key.Build)},
		{"students", strconv.Itoa(t.Students)},
		{"items", strconv.Itoa(t.Items)},
		{"max_points", strconv.Itoa(t.MaxPoints)},
		{"mean", num(t.Mean, 3)},
		{"sd", num(t.SD, 3)},
		{"min", points(t.Min)},
		{"median", points(t.Median)},
		{"max", points(t.Max)},
		{"kr20", num(t.KR20, 3)},
		{"sem", num(t.SEM, 3)},
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// WriteFlaggedFacts writes one line per flag of every flagged item whose
// fact is known, as "file:line:col: question ID: flag (figures)", for the
// curator (and for tools that read file:line:col lines). Items sort as
// Ranked does.
func WriteFlaggedFacts(w io.Writer, res *Result) error {
	for _, r := range res.Ranked() {
		if !r.Flagged() {
			continue
		}
		at := r.Item.FactPos.String()
		if at == "" {
			at = "(not in the current specs)"
		}
		for _, f := range r.Flags {
			if _, err := fmt.Fprintf(w, "%s: question %s: %s (difficulty %s, discrimination %s)\n",
				at, r.Item.ID, f, num(r.Difficulty, 2), or(num(r.Discrimination, 2), "n/a")); err != nil {
				return err
			}
		}
	}
	return nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

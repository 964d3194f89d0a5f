package grade

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/inputfile"
	"github.com/quizdeck/quizdeck/generator/quiz"
)

// Bounds on the input, so a wrong file cannot exhaust memory.
const (
	maxResponseBytes = inputfile.MaxResponses
	maxStudents      = 100_000
)

// Mark is what a student wrote for one printed question.
type Mark struct {
	// Options are the printed option indexes marked (A = 0), in letter
	// order; none for a blank or short-answer cell. More than one is a
	// multiple mark, scored as wrong.
	Options []int
	// Points are the points awarded for a short-answer item.
	Points float64
	// Blank is an empty cell.
	Blank bool
}

// Row is one student's responses, by printed position.
type Row struct {
	Student, Name, Version string
	Line                   int
	Marks                  []Mark
}

// Responses is a parsed responses file.
type Responses struct {
	File string
	Rows []Row
	// Ignored are header cells that name no known column, as "file:line:col:
	// column "Email" ignored" lines for the log.
	Ignored []string
}

// column roles.
const (
	colIgnore = iota
	colID
	colName
	colFirst
	colLast
	colVersion
	colQuestion
)

var questionHeader = regexp.MustCompile(`^(?:q|question|item|no|nr|number|answer|ans)?0*([1-9][0-9]{0,3})$`)

// headerRole classifies a header cell after folding case and dropping
// everything but letters and digits ("Student ID", "student_id" → studentid).
func headerRole(cell string) (role, n int) {
	var b strings.Builder
	for _, r := range strings.ToLower(cell) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	h := b.String()
	switch h {
	case "id", "studentid", "student", "sid", "studentnumber", "studentno", "studentnr", "matriculation", "matrikel", "username", "login":
		return colID, 0
	case "name", "studentname", "fullname":
		return colName, 0
	case "firstname", "givenname", "forename", "first":
		return colFirst, 0
	case "lastname", "surname", "familyname", "last":
		return colLast, 0
	case "version", "form", "testform", "ver", "quizversion", "versionletter", "key", "booklet", "variant":
		return colVersion, 0
	}
	if m := questionHeader.FindStringSubmatch(h); m != nil {
		n, _ := strconv.Atoi(m[1])
		return colQuestion, n
	}
	return colIgnore, 0
}

// sniffComma picks the field separator from the first line: a comma, or the
// semicolon of spreadsheets in comma-decimal locales, or a tab.
func sniffComma(b []byte) rune {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	best, n := ',', bytes.Count(line, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if k := bytes.Count(line, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

// ParseResponses reads a responses CSV (see the package doc) against k.
// Every problem is a *generator.PosError at file:line:col; all are joined.
func ParseResponses(r io.Reader, file string, k *Key) (*Responses, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	return ParseResponsesData(data, file, k)
}

// ParseResponsesData is ParseResponses on the file's bytes, for a caller
// that has read them already (and hashed them as an input).
func ParseResponsesData(data []byte, file string, k *Key) (*Responses, error) {
	at := func(line, col int) generator.Pos { return generator.Pos{File: file, Line: line, Col: col} }
	if len(data) > maxResponseBytes {
		return nil, generator.Errorf(at(0, 0), "larger than %d MiB", maxResponseBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // Excel's UTF-8 mark
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		return nil, generator.Errorf(at(line, 0), "not valid UTF-8 (save the sheet as CSV UTF-8)")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffComma(data)
	cr.FieldsPerRecord = -1

	var errs []error
	bad := func(line, col int, format string, args ...any) {
		errs = append(errs, generator.Errorf(at(line, col), format, args...))
	}
	out := &Responses{File: file}
	head, err := cr.Read()
	if err == io.EOF {
		return nil, generator.Errorf(at(0, 0), "empty: want a header row and one row per student")
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	roles := make([]int, len(head))
	qcol := map[int]int{} // printed number → column
	idCol, versionCol := -1, -1
	nQ := len(k.Items) // every version prints every item
	// Ids match the roster whatever their case, as the roster keeps them
	// unique whatever their case.
	roster := make(map[string]Student, len(k.Students))
	for id, st := range k.Students {
		roster[strings.ToLower(id)] = st
	}
	for c, cell := range head {
		role, n := headerRole(cell)
		_, col := cr.FieldPos(c)
		switch role {
		case colQuestion:
			if prev, dup := qcol[n]; dup {
				bad(1, col, "question %d has two columns (%d and %d)", n, prev+1, c+1)
				continue
			}
			if n > nQ {
				bad(1, col, "column %q: the quiz has %d questions", cell, nQ)
				continue
			}
			qcol[n] = c
		case colID:
			if idCol >= 0 {
				bad(1, col, "column %q: a second student id column", cell)
				continue
			}
			idCol = c
		case colVersion:
			if versionCol >= 0 {
				bad(1, col, "column %q: a second version column", cell)
				continue
			}
			versionCol = c
		case colIgnore:
			if strings.TrimSpace(cell) != "" {
				out.Ignored = append(out.Ignored, fmt.Sprintf("%s: column %q ignored", at(1, col), cell))
			}
		}
		roles[c] = role
	}
	if idCol < 0 {
		bad(1, 1, "no student id column (want a header such as id, student or student id)")
	}
	var missing []string
	for n := 1; n <= nQ; n++ {
		if _, ok := qcol[n]; !ok {
			missing = append(missing, strconv.Itoa(n))
		}
	}
	if len(missing) > 0 {
		bad(1, 1, "no column for question %s (want headers 1…%d or Q1…Q%d)", strings.Join(missing, ", "), nQ, nQ)
	}
	if len(errs) > 0 {
		return nil, generator.JoinErrors(errs)
	}

	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad(pe.Line, pe.Column, "%v", pe.Err)
				break
			}
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		line, _ := cr.FieldPos(0)
		colOf := func(c int) int { _, col := cr.FieldPos(c); return col }
		if blankRow(rec) {
			continue
		}
		if len(rec) != len(head) {
			bad(line, 1, "%d fields, the header has %d", len(rec), len(head))
			continue
		}
		if len(out.Rows) == maxStudents {
			bad(line, 1, "more than %d students", maxStudents)
			break
		}
		row := Row{Line: line, Student: strings.TrimSpace(rec[idCol])}
		var first, last string
		for c, role := range roles {
			switch role {
			case colName:
				row.Name = strings.TrimSpace(rec[c])
			case colFirst:
				first = strings.TrimSpace(rec[c])
			case colLast:
				last = strings.TrimSpace(rec[c])
			}
		}
		if row.Name == "" {
			row.Name = strings.TrimSpace(first + " " + last)
		}
		ok := true
		known, inRoster := roster[strings.ToLower(row.Student)]
		switch {
		case row.Student == "":
			bad(line, colOf(idCol), "no student id")
			ok = false
		case len(k.Students) > 0 && !inRoster:
			bad(line, colOf(idCol), "unknown student %q: not in the build's roster", row.Student)
			ok = false
		default:
			if prev, dup := seen[strings.ToLower(row.Student)]; dup {
				bad(line, colOf(idCol), "student %q already answered on line %d", row.Student, prev)
				ok = false
			}
			seen[strings.ToLower(row.Student)] = line
		}
		if row.Name == "" {
			row.Name = known.Name
		}
		if versionCol >= 0 {
			row.Version = strings.ToUpper(strings.TrimSpace(rec[versionCol]))
		}
		switch {
		case row.Version == "" && known.Version != "":
			row.Version = known.Version
		case row.Version == "" && versionCol < 0:
			bad(line, 1, "no version: add a version column or give the roster key")
			ok = false
		case row.Version == "":
			bad(line, colOf(versionCol), "no version")
			ok = false
		case k.Versions[row.Version] == nil:
			bad(line, colOf(versionCol), "version %q is not one the build printed (%s)", rec[versionCol], strings.Join(k.VersionLetters(), ", "))
			ok = false
		case known.Version != "" && known.Version != row.Version:
			bad(line, colOf(versionCol), "student %s was given version %s, not %s", row.Student, known.Version, row.Version)
			ok = false
		}
		if !ok {
			continue
		}
		slots := k.Versions[row.Version]
		row.Marks = make([]Mark, len(slots))
		for p := range slots {
			c := qcol[p+1]
			it := &k.Items[slots[p].Item]
			m, err := parseMark(rec[c], it)
			if err != nil {
				bad(line, colOf(c), "question %d: %v", p+1, err)
				continue
			}
			row.Marks[p] = m
		}
		out.Rows = append(out.Rows, row)
	}
	if len(errs) > 0 {
		return nil, generator.JoinErrors(errs)
	}
	if len(out.Rows) == 0 {
		return nil, generator.Errorf(at(0, 0), "no student rows")
	}
	return out, nil
}

// parseMark reads one answer cell: letters for multiple-choice and matching
// items ("", "-" blank; "AB", "A,B", "A/B" multiple marks), points for a
// short-answer item (blank is 0; "0,5" is half a point).
func parseMark(cell string, it *Item) (Mark, error) {
	s := strings.TrimSpace(cell)
	if s == "" || s == "-" || s == "–" {
		return Mark{Blank: true}, nil
	}
	if it.Section == ShortAnswer {
		f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil || f != f {
			return Mark{}, fmt.Errorf("want the points awarded (0–%d) for a short-answer item, not %q", it.Points, s)
		}
		if f < 0 || f > float64(it.Points) {
			return Mark{}, fmt.Errorf("%g points is outside 0–%d", f, it.Points)
		}
		return Mark{Points: f}, nil
	}
	var m Mark
	for _, r := range s {
		switch {
		case r == ' ' || r == ',' || r == '/' || r == '|' || r == '+' || r == ';' || r == '&':
			continue
		case 'a' <= r && r <= 'z':
			r -= 'a' - 'A'
		case 'A' <= r && r <= 'Z':
		default:
			return Mark{}, fmt.Errorf("%q is not a letter (want A–%s, blank for no answer)", s, quiz.Letter(len(it.Options)-1))
		}
		i := int(r - 'A')
		if i >= len(it.Options) {
			return Mark{}, fmt.Errorf("letter %c is beyond the options A–%s", r, quiz.Letter(len(it.Options)-1))
		}
		if !slices.Contains(m.Options, i) {
			m.Options = append(m.Options, i)
		}
	}
	if len(m.Options) == 0 {
		return Mark{Blank: true}, nil
	}
	slices.Sort(m.Options)
	return m, nil
}

func blankRow(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return generator.Errorf(generator.Pos{File: file, Line: pe.Line, Col: pe.Column}, "%v", pe.Err)
	}
	return fmt.Errorf("read %s: %w", file, err)
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

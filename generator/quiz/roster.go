package quiz

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/quizdeck/quizdeck/generator"
)

// Student is one roster row.
type Student struct {
	Name string
	ID   string
	Line int // line of the roster file
}

// idRE is what a student id may be: it names the student's file, so ASCII
// letters, digits and ". _ - @ +" (an e-mail address works), starting with
// a letter or digit.
var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$`)

// maxRoster bounds a roster so a wrong file cannot start an endless run.
const maxRoster = 100_000

// columns maps a roster header cell (lower case, without spaces, '_', '-'
// or '.') to the column it names.
func column(cell string) string {
	c := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '_', '-', '.':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(cell)))
	switch c {
	case "name", "studentname", "fullname", "student", "pupil", "learner":
		return "name"
	case "first", "firstname", "givenname", "forename":
		return "first"
	case "last", "lastname", "surname", "familyname":
		return "last"
	case "id", "studentid", "studentnumber", "number", "no", "sid", "username", "login":
		return "id"
	case "email", "emailaddress", "mail", "studentemail":
		return "email"
	}
	return ""
}

// header returns the column index of each name the row names, if the row is
// a header: it names a student (name, or first and last) and an id or e-mail.
func header(rec []string) (map[string]int, bool) {
	cols := map[string]int{}
	for i, cell := range rec {
		if c := column(cell); c != "" {
			if _, dup := cols[c]; !dup {
				cols[c] = i
			}
		}
	}
	_, name := cols["name"]
	_, first := cols["first"]
	_, last := cols["last"]
	_, id := cols["id"]
	_, email := cols["email"]
	return cols, (name || first || last) && (id || email)
}

// ParseRoster reads a roster CSV. Its first row may be a header naming the
// columns in any order with common spellings ("name" or "student name", or
// "first" and "last"; "id", "student id" or "email"): then those columns
// are read and others ignored, and the id is the id column, else the
// e-mail. Without a header each row is name,id. A UTF-8 byte order mark
// (Excel's "CSV UTF-8") is skipped. An id names the student's file, so it
// is ASCII letters, digits, '.', '_', '-', '@' and '+' (an e-mail address
// works), and unique ignoring case. Every bad row is reported as a
// *generator.PosError "file:line: problem", all joined.
func ParseRoster(r io.Reader, file string) ([]Student, error) {
	cr := csv.NewReader(SkipBOM(r))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var (
		out  []Student
		errs []error
		seen = map[string]int{}
		cols map[string]int // nil: no header, name,id
		need int            // fields a row needs under the header
		head string         // the header, for errors
	)
	bad := func(line int, format string, args ...any) {
		errs = append(errs, generator.Errorf(generator.Pos{File: file, Line: line}, format, args...))
	}
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad(pe.Line, "%v", pe.Err)
				if pe.Err == csv.ErrFieldCount {
					continue
				}
			} else {
				bad(0, "%v", err)
			}
			break
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if c, ok := header(rec); ok {
				cols = c
				for _, i := range c {
					need = max(need, i+1)
				}
				head = strings.Join(rec[:need], ",")
				continue
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" || len(rec) == 0 {
			continue // blank line inside quotes or spaces only
		}
		var name, id string
		if cols == nil {
			if len(rec) != 2 {
				bad(line, "want 2 fields (name,id), got %d", len(rec))
				continue
			}
			name, id = strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
		} else {
			if len(rec) < need {
				bad(line, "want %d fields (%s), got %d", need, head, len(rec))
				continue
			}
			cell := func(c string) string {
				if i, ok := cols[c]; ok && i < len(rec) {
					return strings.TrimSpace(rec[i])
				}
				return ""
			}
			name = cell("name")
			if name == "" {
				name = strings.TrimSpace(cell("first") + " " + cell("last"))
			}
			if id = cell("id"); id == "" {
				id = cell("email")
			}
		}
		switch {
		case !utf8.ValidString(name) || !utf8.ValidString(id):
			bad(line, "not valid UTF-8")
			continue
		case name == "":
			bad(line, "empty name")
			continue
		case utf8.RuneCountInString(name) > 200:
			bad(line, "name longer than 200 characters")
			continue
		case strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }):
			bad(line, "name contains a control character")
			continue
		case id == "":
			bad(line, "empty id")
			continue
		case !idRE.MatchString(id):
			bad(line, "id %q must be ASCII letters, digits, '.', '_', '-', '@' or '+' (it names the student's file)", id)
			continue
		}
		if prev, dup := seen[strings.ToLower(id)]; dup {
			bad(line, "id %q already used on line %d", id, prev)
			continue
		}
		seen[strings.ToLower(id)] = line
		if len(out) == maxRoster {
			bad(line, "more than %d students", maxRoster)
			break
		}
		out = append(out, Student{Name: name, ID: id, Line: line})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(out) == 0 {
		return nil, generator.Errorf(generator.Pos{File: file}, "no students")
	}
	return out, nil
}

// RosterKeyName is the file, in a build's folder, that lists each student
// with the version they got (id,name,version,quiz): what grade reads back.
const RosterKeyName = "roster-key.csv"

// SkipBOM drops a leading UTF-8 byte order mark (Excel's "CSV UTF-8", and
// what NewSheetWriter writes).
func SkipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	return br
}

// Assign gives each student a version index: round-robin in roster order, or
// "random" (seeded, balanced: a shuffled round-robin).
func Assign(students []Student, versions int, mode string, seed uint64, build string) ([]int, error) {
	if versions < 1 {
		return nil, fmt.Errorf("no versions to assign")
	}
	out := make([]int, len(students))
	for i := range out {
		out[i] = i % versions
	}
	switch mode {
	case "round-robin", "":
	case "random":
		rng := rand.New(rand.NewPCG(seed, generator.Hash64(seed, "quiz", build, "assign")))
		rng.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	default:
		return nil, fmt.Errorf("quiz.assign must be round-robin or random, not %q", mode)
	}
	return out, nil
}

// WriteRosterKey writes the roster key as spreadsheet-safe CSV (see
// NewSheetWriter): id, name, version, file.
func WriteRosterKey(w io.Writer, students []Student, assigned []int, file func(Student) string) error {
	cw, err := NewSheetWriter(w)
	if err != nil {
		return err
	}
	if err := cw.Write([]string{"id", "name", "version", "quiz"}); err != nil {
		return err
	}
	for i, s := range students {
		if err := cw.Write([]string{s.ID, s.Name, Letter(assigned[i]), file(s)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

package quiz

import (
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

var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// maxRoster bounds a roster so a wrong file cannot start an endless run.
const maxRoster = 100_000

// ParseRoster reads a roster CSV of name,id rows; a first row of exactly
// "name,id" (any case) is a header. An id names the student's file, so it is
// ASCII letters, digits, '.', '_' and '-', and unique. Every bad row is
// reported as a *generator.PosError "file:line: problem", all joined.
func ParseRoster(r io.Reader, file string) ([]Student, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var (
		out  []Student
		errs []error
		seen = map[string]int{}
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
			if len(rec) == 2 && strings.EqualFold(strings.TrimSpace(rec[0]), "name") && strings.EqualFold(strings.TrimSpace(rec[1]), "id") {
				continue
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line inside quotes or spaces only
		}
		if len(rec) != 2 {
			bad(line, "want 2 fields (name,id), got %d", len(rec))
			continue
		}
		name, id := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
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
			bad(line, "id %q must be ASCII letters, digits, '.', '_' or '-' (it names the student's file)", id)
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

// WriteRosterKey writes the roster key as CSV: id, name, version, file.
func WriteRosterKey(w io.Writer, students []Student, assigned []int, file func(Student) string) error {
	cw := csv.NewWriter(w)
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

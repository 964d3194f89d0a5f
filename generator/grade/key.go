package grade

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/quiz"
)

// The section kinds a manifest records, as generator/quiz names them.
const (
	MultipleChoice = string(quiz.MultipleChoice)
	Matching       = string(quiz.Matching)
	ShortAnswer    = string(quiz.ShortAnswer)
)

// Item is one question of a graded quiz, the same in every version.
type Item struct {
	ID      string
	Section string
	Points  int
	// Options are the option texts in version A's printed order (a matching
	// item's are its section's choices); none for a short-answer item.
	Options []string
	// Correct indexes Options; -1 for a short-answer item.
	Correct int
	// Answer is the correct option's text, or a short-answer item's answer.
	Answer string

	// What the specs say about the question, filled by Describe when the
	// question is still in the bank; Prompt is empty when it is not.
	Prompt  string
	Source  generator.Citation
	FactPos generator.Pos
}

// Slot is one printed position of a version.
type Slot struct {
	Item int // index into Key.Items
	// Option maps a printed letter's index to an index of the item's Options.
	Option []int
}

// Student is one roster-key row: who sat which version.
type Student struct {
	ID, Name, Version string
}

// Key is what grading needs from a build: the items, each version's printed
// order, and the students the build printed copies for.
type Key struct {
	Build    string
	Items    []Item
	Versions map[string][]Slot // version letter → slots in printed order
	// Students maps a student id (as printed) to the version they got; empty
	// when the build printed no per-student copies and no roster key is given.
	Students map[string]Student
}

// VersionLetters returns the versions in letter order.
func (k *Key) VersionLetters() []string {
	out := make([]string, 0, len(k.Versions))
	for v := range k.Versions {
		out = append(out, v)
	}
	slices.SortFunc(out, cmpLetters)
	return out
}

// MaxPoints is the quiz's total.
func (k *Key) MaxPoints() int {
	n := 0
	for _, it := range k.Items {
		n += it.Points
	}
	return n
}

// FromManifest reads the key of build from m. With build empty, m must hold
// exactly one build with quiz versions. Every version must print the same
// questions with the same option texts and the same correct option.
func FromManifest(m *generator.Manifest, build string) (*Key, error) {
	if build == "" {
		var names []string
		for _, q := range m.Quizzes {
			if !slices.Contains(names, q.Build) {
				names = append(names, q.Build)
			}
		}
		switch len(names) {
		case 0:
			return nil, fmt.Errorf("the manifest records no quiz versions: build with quiz-pdf")
		case 1:
			build = names[0]
		default:
			return nil, fmt.Errorf("the manifest holds quizzes of several builds (%s): name one", strings.Join(names, ", "))
		}
	}
	k := &Key{Build: build, Versions: map[string][]Slot{}, Students: map[string]Student{}}
	var versions []generator.QuizEntry
	for _, q := range m.Quizzes {
		if q.Build != build {
			continue
		}
		if q.Student != "" {
			k.Students[q.Student] = Student{ID: q.Student, Version: q.Version}
			continue
		}
		versions = append(versions, q)
	}
	if len(versions) == 0 {
		return nil, fmt.Errorf("the manifest records no quiz versions of build %q", build)
	}
	slices.SortFunc(versions, func(a, b generator.QuizEntry) int {
		return cmpLetters(a.Version, b.Version)
	})
	first := versions[0]
	index := map[string]int{}
	for _, a := range first.Questions {
		if _, dup := index[a.ID]; dup {
			return nil, fmt.Errorf("version %s prints question %s twice", first.Version, a.ID)
		}
		if len(a.Options) == 0 && a.Section != ShortAnswer {
			return nil, fmt.Errorf("version %s, question %s: the manifest records no options (rebuild the quiz with this quizdeck)", first.Version, a.ID)
		}
		it := Item{ID: a.ID, Section: a.Section, Points: a.Points, Options: slices.Clone(a.Options), Correct: -1, Answer: a.Answer}
		if it.Points <= 0 {
			it.Points = 1
		}
		if a.Section != ShortAnswer {
			c := letterIndex(a.Answer)
			if c < 0 || c >= len(a.Options) {
				return nil, fmt.Errorf("version %s, question %s: answer %q is not one of %d options", first.Version, a.ID, a.Answer, len(a.Options))
			}
			it.Correct, it.Answer = c, a.Options[c]
		}
		index[a.ID] = len(k.Items)
		k.Items = append(k.Items, it)
	}
	for _, v := range versions {
		if _, dup := k.Versions[v.Version]; dup {
			return nil, fmt.Errorf("version %s is recorded twice", v.Version)
		}
		if len(v.Questions) != len(k.Items) {
			return nil, fmt.Errorf("version %s prints %d questions, version %s %d", v.Version, len(v.Questions), first.Version, len(k.Items))
		}
		slots := make([]Slot, len(v.Questions))
		seen := map[int]bool{}
		for p, a := range v.Questions {
			i, ok := index[a.ID]
			if !ok || seen[i] {
				return nil, fmt.Errorf("version %s prints question %s, which version %s does not (or twice)", v.Version, a.ID, first.Version)
			}
			seen[i] = true
			it := &k.Items[i]
			if a.Section != it.Section || max(a.Points, 1) != it.Points {
				return nil, fmt.Errorf("version %s, question %s: section or points differ from version %s", v.Version, a.ID, first.Version)
			}
			s := Slot{Item: i, Option: make([]int, len(a.Options))}
			if (len(a.Options) == 0) != (len(it.Options) == 0) {
				return nil, fmt.Errorf("version %s, question %s: %d options, version %s has %d", v.Version, a.ID, len(a.Options), first.Version, len(it.Options))
			}
			// Options are matched by text. A matching section's extra
			// choices differ between versions, so an item's options are the
			// union over versions, version A's first.
			used := map[int]bool{}
			for j, o := range a.Options {
				c := -1
				for x, t := range it.Options {
					if t == o && !used[x] {
						c = x
						break
					}
				}
				if c < 0 {
					if it.Section == MultipleChoice {
						return nil, fmt.Errorf("version %s, question %s: option %q is not printed in version %s", v.Version, a.ID, o, first.Version)
					}
					c = len(it.Options)
					it.Options = append(it.Options, o)
				}
				used[c] = true
				s.Option[j] = c
			}
			if it.Section == ShortAnswer {
				if a.Answer != it.Answer {
					return nil, fmt.Errorf("version %s, question %s: answer differs from version %s", v.Version, a.ID, first.Version)
				}
			} else if c := letterIndex(a.Answer); c < 0 || c >= len(s.Option) || s.Option[c] != it.Correct {
				return nil, fmt.Errorf("version %s, question %s: the key %q is not the option version %s keys", v.Version, a.ID, a.Answer, first.Version)
			}
			slots[p] = s
		}
		k.Versions[v.Version] = slots
	}
	for id, st := range k.Students {
		if _, ok := k.Versions[st.Version]; !ok {
			return nil, fmt.Errorf("student %s has version %s, which the build did not print", id, st.Version)
		}
	}
	return k, nil
}

// cmpLetters orders version letters A … Z, AA ….
func cmpLetters(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// letterIndex is the index of a single letter A–Z, or -1.
func letterIndex(s string) int {
	if len(s) == 1 && s[0] >= 'A' && s[0] <= 'Z' {
		return int(s[0] - 'A')
	}
	return -1
}

// RosterKeyPath is where a build written into buildDir keeps its roster key.
func RosterKeyPath(buildDir, build string) string {
	return filepath.Join(buildDir, filepath.FromSlash(build), quiz.RosterKeyName)
}

// ReadRosterKey adds the names (and checks the versions) of a build's
// roster-key.csv (id,name,version,quiz) to k. Problems are *generator.PosError
// values, all joined.
func (k *Key) ReadRosterKey(r io.Reader, file string) error {
	cr := csv.NewReader(quiz.SkipBOM(r))
	cr.FieldsPerRecord = -1
	var errs []error
	bad := func(line, col int, format string, args ...any) {
		errs = append(errs, generator.Errorf(generator.Pos{File: file, Line: line, Col: col}, format, args...))
	}
	header := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad(pe.Line, pe.Column, "%v", pe.Err)
			} else {
				bad(0, 0, "%v", err)
			}
			break
		}
		line, _ := cr.FieldPos(0)
		if header {
			header = false
			if len(rec) >= 3 && strings.EqualFold(rec[0], "id") {
				continue
			}
		}
		if len(rec) < 3 {
			bad(line, 1, "want id,name,version[,quiz], got %d fields", len(rec))
			continue
		}
		id, name, v := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1]), strings.TrimSpace(rec[2])
		if _, ok := k.Versions[v]; !ok {
			_, col := cr.FieldPos(2)
			bad(line, col, "version %q is not one the build printed (%s)", v, strings.Join(k.VersionLetters(), ", "))
			continue
		}
		if prev, ok := k.Students[id]; ok && prev.Version != v {
			_, col := cr.FieldPos(2)
			bad(line, col, "student %s has version %s in the manifest, not %s", id, prev.Version, v)
			continue
		}
		k.Students[id] = Student{ID: id, Name: name, Version: v}
	}
	return generator.JoinErrors(errs)
}

// Describe fills each item's prompt, source and fact position from bank,
// for the questions still in it.
func (k *Key) Describe(bank *generator.Bank) {
	byID := make(map[string]*generator.Question, len(bank.Questions))
	for i := range bank.Questions {
		byID[bank.Questions[i].ID] = &bank.Questions[i]
	}
	for i := range k.Items {
		it := &k.Items[i]
		q, ok := byID[it.ID]
		if !ok {
			continue
		}
		it.Prompt, it.Source = q.Prompt, q.Source
		if d := bank.Deck(q.Deck); d != nil {
			if f := d.Fact(q.Fact); f != nil {
				it.FactPos = f.Pos
			}
		}
	}
}

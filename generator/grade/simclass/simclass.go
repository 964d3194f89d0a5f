// Package simclass draws a simulated class's responses to a built quiz from
// a known item-response model, with faults planted on chosen items, so the
// analysis of package grade can be checked against the truth (and a new
// user can try `quizdeck grade` before a real class sits the quiz).
//
// The model: each student has an ability θ ~ N(0, 1). Each item has a
// discrimination a ~ U(1, 2) and a difficulty b ~ U(−0.3, 1). A student
// knows the answer with probability 1/(1+exp(−1.7a(θ−b))) and marks it;
// otherwise they guess among all the options with weights ~ U(0.8, 1.2).
// About 1% of cells are left blank and 0.5% get two marks.
//
// Planted faults:
//
//	miskey     the key names a wrong option: students who know mark another one
//	dead       one distractor has guessing weight 0.01: almost no one picks it
//	ambiguous  students who know split 40:60 between the key and one distractor
package simclass

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grade"
)

// Model says how many students to draw, from which seed, and where to
// plant faults (indexes into grade.Key.Items; -1 for none).
type Model struct {
	Students                int
	Seed                    uint64
	Miskey, Dead, Ambiguous int
	BlankRate, MultipleRate float64
}

// DefaultModel is 200 students with no planted faults.
func DefaultModel() Model {
	return Model{Students: 200, Seed: 1, Miskey: -1, Dead: -1, Ambiguous: -1, BlankRate: 0.01, MultipleRate: 0.005}
}

// Choice is one student's answer to one item, by the item's own option
// indexes (grade.Item.Options), so it can be printed under any version.
type Choice struct {
	Options []int   // none: blank; two: a multiple mark
	Points  float64 // short answer
	Blank   bool
}

// Student is one simulated student.
type Student struct {
	ID, Name, Version string
	Theta             float64
	Choices           []Choice // by grade.Key.Items index
}

// Class is a simulated class and the truth behind it.
type Class struct {
	Key      *grade.Key
	Students []Student
	// Planted are the faults, by item index: "miskey", "dead", "ambiguous".
	Planted map[int]string
	// DeadOption and Rival name the option of the dead and ambiguous items.
	DeadOption, Rival string
}

var (
	firstNames = []string{"Ana", "Bo", "Chiara", "Dmitri", "Emeka", "Fatima", "Gustavo", "Hana", "Ilya", "Jun", "Kofi", "Lena", "Mei", "Nils", "Olga", "Priya", "Quentin", "Rosa", "Sven", "Tamar", "Uma", "Viktor", "Wen", "Yusuf", "Zoë"}
	lastNames  = []string{"Abbasi", "Bauer", "Chen", "Dubois", "Esposito", "Fischer", "García", "Haddad", "Ivanova", "Jensen", "Kowalski", "López", "Müller", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Sato", "Tanaka", "Usman", "Varga", "Wójcik", "Yilmaz", "Zhang"}
)

// Simulate draws a class for k from m. Students sit the versions round-robin
// unless k records who sat which (per-student copies).
func Simulate(k *grade.Key, m Model) (*Class, error) {
	if m.Students < 1 {
		return nil, fmt.Errorf("simclass: want at least one student")
	}
	for _, i := range []int{m.Miskey, m.Dead, m.Ambiguous} {
		if i >= len(k.Items) {
			return nil, fmt.Errorf("simclass: item %d: the quiz has %d items", i, len(k.Items))
		}
	}
	rng := rand.New(rand.NewPCG(m.Seed, generator.Hash64(m.Seed, "simclass", k.Build)))
	c := &Class{Key: k, Planted: map[int]string{}}
	type params struct {
		a, b    float64
		weights []float64
		truth   int // the option a student who knows marks
		rival   int // ambiguous: the option that takes 60% of them
	}
	ps := make([]params, len(k.Items))
	for i, it := range k.Items {
		p := params{a: 1 + rng.Float64(), b: -0.3 + 1.3*rng.Float64(), truth: it.Correct, rival: -1}
		for j := range it.Options {
			w := 0.8 + 0.4*rng.Float64()
			if !everywhere(k, i, j) {
				w = 0 // a matching choice some version does not print
			}
			p.weights = append(p.weights, w)
		}
		others := func() []int {
			var o []int
			for j := range it.Options {
				if j != it.Correct && everywhere(k, i, j) {
					o = append(o, j)
				}
			}
			return o
		}
		if it.Section != grade.ShortAnswer && len(it.Options) > 1 {
			switch i {
			case m.Miskey:
				o := others()
				p.truth = o[rng.IntN(len(o))]
				p.weights[p.truth] = max(p.weights[p.truth], 0.8)
				c.Planted[i] = "miskey"
			case m.Dead:
				o := others()
				d := o[rng.IntN(len(o))]
				p.weights[d] = 0.01
				c.Planted[i] = "dead"
				c.DeadOption = it.Options[d]
			case m.Ambiguous:
				o := others()
				p.rival = o[rng.IntN(len(o))]
				c.Planted[i] = "ambiguous"
				c.Rival = it.Options[p.rival]
			}
		}
		ps[i] = p
	}
	versions := k.VersionLetters()
	assigned := slices.Sorted(maps.Keys(k.Students))
	for s := range m.Students {
		st := Student{Theta: rng.NormFloat64()}
		if len(assigned) > 0 {
			st.ID = assigned[s%len(assigned)]
			if s >= len(assigned) {
				return nil, fmt.Errorf("simclass: the build printed copies for %d students, not %d", len(assigned), m.Students)
			}
			st.Name, st.Version = k.Students[st.ID].Name, k.Students[st.ID].Version
		} else {
			st.ID = fmt.Sprintf("s%04d", s+1)
			st.Version = versions[s%len(versions)]
		}
		if st.Name == "" {
			st.Name = firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
		}
		for i, it := range k.Items {
			p := ps[i]
			knows := rng.Float64() < 1/(1+math.Exp(-1.7*p.a*(st.Theta-p.b)))
			var ch Choice
			u := rng.Float64()
			switch {
			case u < m.BlankRate:
				ch.Blank = true
			case it.Section == grade.ShortAnswer:
				if knows {
					ch.Points = float64(it.Points)
				}
			case u < m.BlankRate+m.MultipleRate && len(it.Options) > 1:
				a, b := pick(rng, p.weights), pick(rng, p.weights)
				ch.Options = []int{min(a, b), max(a, b)}
				if a == b {
					ch.Options = ch.Options[:1]
				}
			case knows && p.rival >= 0:
				ch.Options = []int{it.Correct}
				if rng.Float64() < 0.6 {
					ch.Options = []int{p.rival}
				}
			case knows:
				ch.Options = []int{p.truth}
			default:
				ch.Options = []int{pick(rng, p.weights)}
			}
			st.Choices = append(st.Choices, ch)
		}
		c.Students = append(c.Students, st)
	}
	return c, nil
}

// everywhere reports whether every version prints option j of item i.
func everywhere(k *grade.Key, i, j int) bool {
	for _, slots := range k.Versions {
		for _, sl := range slots {
			if sl.Item == i && !slices.Contains(sl.Option, j) {
				return false
			}
		}
	}
	return true
}

func pick(rng *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	u := rng.Float64() * total
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

// WriteCSV writes the class's responses as a scanner would: Student ID,
// Name, Version, Q1 … Qn, each answer as the letters of the student's
// version.
func (c *Class) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	n := len(c.Key.Items)
	head := []string{"Student ID", "Name", "Version"}
	for p := range n {
		head = append(head, "Q"+strconv.Itoa(p+1))
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, st := range c.Students {
		rec, err := c.Row(st)
		if err != nil {
			return err
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Row is st's CSV row under st.Version.
func (c *Class) Row(st Student) ([]string, error) {
	slots, ok := c.Key.Versions[st.Version]
	if !ok {
		return nil, fmt.Errorf("simclass: no version %q", st.Version)
	}
	rec := []string{st.ID, st.Name, st.Version}
	for _, sl := range slots {
		ch := st.Choices[sl.Item]
		it := &c.Key.Items[sl.Item]
		switch {
		case ch.Blank:
			rec = append(rec, "")
		case it.Section == grade.ShortAnswer:
			rec = append(rec, strconv.FormatFloat(ch.Points, 'f', -1, 64))
		default:
			var letters []int
			for _, o := range ch.Options {
				letters = append(letters, slices.Index(sl.Option, o))
			}
			slices.Sort(letters)
			s := ""
			for _, l := range letters {
				s += string(rune('A' + l))
			}
			rec = append(rec, s)
		}
	}
	return rec, nil
}

// Run is the simclass command (examples/simclass): it reads the manifest of
// a build, simulates a class and writes its responses CSV to stdout; the
// planted faults go to stderr. Flags: -build DIR, -quiz NAME, -students N,
// -seed N, -plant (default true).
func Run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("simclass", flag.ContinueOnError)
	fs.SetOutput(stderr)
	build := fs.String("build", "out", "output folder of the build (holding manifest.json)")
	name := fs.String("quiz", "", "the build whose quiz the class sits, when the manifest holds several")
	students := fs.Int("students", 120, "class size (at most the roster, when the build printed per-student copies)")
	seed := fs.Uint64("seed", 1, "seed of the simulation")
	plant := fs.Bool("plant", true, "plant a miskey, a dead distractor and an ambiguous item")
	if err := fs.Parse(args); err != nil {
		return err
	}
	raw, err := os.ReadFile(filepath.Join(*build, generator.ManifestName))
	if err != nil {
		return err
	}
	var m generator.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	k, err := grade.FromManifest(&m, *name)
	if err != nil {
		return err
	}
	if f, err := os.Open(grade.RosterKeyPath(*build, k.Build)); err == nil {
		err = k.ReadRosterKey(f, f.Name())
		f.Close()
		if err != nil {
			return err
		}
	}
	model := DefaultModel()
	model.Students, model.Seed = *students, *seed
	if len(k.Students) > 0 {
		model.Students = min(model.Students, len(k.Students)) // one row per printed copy
	}
	if *plant {
		// The first three multiple-choice items of version A.
		var mc []int
		for _, sl := range k.Versions[k.VersionLetters()[0]] {
			if k.Items[sl.Item].Section == grade.MultipleChoice && len(mc) < 3 {
				mc = append(mc, sl.Item)
			}
		}
		if len(mc) < 3 {
			return fmt.Errorf("the quiz has %d multiple-choice items, -plant needs 3", len(mc))
		}
		model.Miskey, model.Dead, model.Ambiguous = mc[0], mc[1], mc[2]
	}
	c, err := Simulate(k, model)
	if err != nil {
		return err
	}
	if *plant {
		fmt.Fprintf(stderr, "planted: miskey %s; dead distractor %q in %s; ambiguous %s (rival %q)\n",
			k.Items[model.Miskey].ID, c.DeadOption, k.Items[model.Dead].ID, k.Items[model.Ambiguous].ID, c.Rival)
	}
	return c.WriteCSV(stdout)
}

// Benchpeers times quizdeck against the tools an instructor would otherwise
// use, in one run on one machine, and prints a Markdown table of ratios
// (docs/benchmarks.md keeps the latest):
//
//	go run ./generator/internal/benchpeers [-runs 5] [-node-modules DIR] [-python PY] [-work DIR]
//
// Work items and their peers (whole processes, started alike, in pairs:
// quizdeck then the peer, run after run, so both see the same machine):
//
//   - 50 and 500 questions × 3 versions with answer keys as PDF: quizdeck
//     build versus LaTeX's exam class run through pdflatex (one pass per
//     document: 3 quizzes and 3 keys written as .tex beforehand from the
//     same questions in the same printed order, untimed); 50 questions come
//     from the embedded deck when it can give them, else from a 100-fact
//     synthetic deck, 500 from a 1,000-fact one;
//   - 10,000 notes as an Anki package: quizdeck build (one quizdeck Fact
//     note per fact) versus genanki-js (npm, run in Node) and genanki
//     (PyPI), each writing as many Basic notes;
//   - 100,000 facts to an Anki CSV: quizdeck alone, against the target.
//
// quizdeck runs with a spec cache of its own, filled by an untimed first
// run, and once more per row with the cache off ("cold").
//
// The decks are synthetic (generator/internal/synthdeck). Peers that are
// not installed are reported as missing, not skipped silently: pdflatex
// with the exam class (Debian texlive-latex-extra), Node with genanki-js
// and sql.js under -node-modules, and a Python with genanki. pdfinfo
// (poppler-utils) counts pages.
package main

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/quizdeck/quizdeck/generator/internal/synthdeck"
)

//go:embed peer.mjs
var peerJS []byte

//go:embed peer.py
var peerPy []byte

func main() {
	log.SetFlags(0)
	log.SetPrefix("benchpeers: ")
	runs := flag.Int("runs", 5, "paired runs per work item")
	nodeModules := flag.String("node-modules", os.Getenv("QUIZDECK_BENCH_NODE_MODULES"), "node_modules folder with genanki-js and sql.js")
	python := flag.String("python", cmp.Or(os.Getenv("QUIZDECK_BENCH_PYTHON"), "python3"), "Python with genanki installed")
	work := flag.String("work", "", "work folder (default: a new temporary folder, removed afterwards)")
	flag.Parse()
	if flag.NArg() > 0 || *runs < 1 {
		flag.Usage()
		os.Exit(2)
	}
	b := &bench{runs: *runs, nodeModules: *nodeModules, python: *python, work: *work}
	if b.work == "" {
		dir, err := os.MkdirTemp("", "benchpeers")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		b.work = dir
	}
	if err := b.run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

type bench struct {
	runs        int
	nodeModules string
	python      string
	work        string
	quizdeck    string
	rows        []row
}

// row is one line of the result table.
type row struct {
	work, peer     string
	peerT, quizT   []time.Duration // wall
	peerC, quizC   []time.Duration // CPU
	peerKB, quizKB []int64
	goal, peerNote string
	quizNote       string
	// cold is one quizdeck run with the spec cache off: every spec parsed.
	coldT  time.Duration
	coldKB int64
}

func (b *bench) run(w io.Writer) error {
	b.quizdeck = filepath.Join(b.work, "quizdeck")
	log.Printf("building quizdeck into %s", b.quizdeck)
	if out, err := exec.Command("go", "build", "-o", b.quizdeck, "./cmd/quizdeck").CombinedOutput(); err != nil {
		return fmt.Errorf("go build (run from the repository root): %v\n%s", err, out)
	}
	for _, n := range []int{50, 500} {
		if err := b.quiz(n); err != nil {
			return err
		}
	}
	if err := b.anki(); err != nil {
		return err
	}
	if err := b.csv(); err != nil {
		return err
	}
	b.print(w)
	return nil
}

// deck writes a synthetic deck of facts facts under work/name.
func (b *bench) deck(name string, facts int) (string, error) {
	dir := filepath.Join(b.work, name)
	_, err := synthdeck.Write(dir, "synth", facts, 1)
	return dir, err
}

// config writes a quizdeck config and returns its path.
func (b *bench) config(name, body string) (string, error) {
	p := filepath.Join(b.work, name+".yaml")
	return p, os.WriteFile(p, []byte(body), 0o644)
}

// quizdeckRun builds config from decks into a fresh folder, with the
// benchmark's own spec cache (filled by the untimed first run of each
// row), as a teacher's second build would.
func (b *bench) quizdeckRun(config, decks string, i int) (string, time.Duration, int64, time.Duration, error) {
	return b.quizdeckRunCache(config, decks, i, filepath.Join(b.work, "cache"))
}

// quizdeckRunCache is quizdeckRun with QUIZDECK_CACHE set to cache.
func (b *bench) quizdeckRunCache(config, decks string, i int, cache string) (string, time.Duration, int64, time.Duration, error) {
	out := filepath.Join(b.work, "out-"+strings.TrimSuffix(filepath.Base(config), ".yaml")+"-"+strconv.Itoa(i))
	os.RemoveAll(out)
	args := []string{"build", "--config", config, "--out", out}
	if decks != "" {
		args = append(args, "--decks", decks)
	}
	t, kb, cpu, err := timedCPUEnv(b.work, []string{"QUIZDECK_CACHE=" + cache}, b.quizdeck, args...)
	return out, t, kb, cpu, err
}

// cold times one build of config with the spec cache off into r.
func (b *bench) cold(r *row, config, decks string) error {
	_, t, kb, _, err := b.quizdeckRunCache(config, decks, -2, "off")
	r.coldT, r.coldKB = t, kb
	return err
}

func (b *bench) quiz(n int) error {
	// A quiz takes one question per fact and passage, none giving another
	// away: 50 questions come from a 100-fact deck (a reading's worth),
	// 500 from a 1,000-fact one.
	facts := 2 * n
	decks, err := b.deck(fmt.Sprintf("decks-quiz%d", facts), facts)
	if err != nil {
		return err
	}
	config, err := b.config(fmt.Sprintf("quiz%d", n), fmt.Sprintf(`builds:
  - name: quiz
    title: Benchmark Quiz
    count: %d
    formats: [quiz-pdf, key-pdf, key-csv]
    quiz: {versions: 3}
`, n))
	if err != nil {
		return err
	}
	r := row{work: fmt.Sprintf("%d questions × 3 versions + keys (PDF)", n), peer: "LaTeX exam + pdflatex",
		goal: map[int]string{50: "≥ 100× (≤ 20 ms)", 500: "≥ 50×"}[n]}
	if n <= 50 {
		// The embedded deck, as a teacher's first build would use, if it
		// has enough facts.
		if _, _, _, _, err := b.quizdeckRun(config, "", -1); err == nil {
			decks = ""
			r.work += ", embedded deck"
		}
	}
	// One untimed build gives the questions in printed order for LaTeX.
	out, _, _, _, err := b.quizdeckRun(config, decks, -1)
	if err != nil {
		return err
	}
	if err := b.cold(&r, config, decks); err != nil {
		return err
	}
	texDir := filepath.Join(b.work, fmt.Sprintf("tex%d", n))
	texFiles, err := writeExams(out, decks, texDir, b)
	if err != nil {
		return err
	}
	pdflatex, perr := exec.LookPath("pdflatex")
	for i := range b.runs {
		qout, t, kb, cpu, err := b.quizdeckRun(config, decks, i)
		if err != nil {
			return err
		}
		r.quizT, r.quizKB, r.quizC = append(r.quizT, t), append(r.quizKB, kb), append(r.quizC, cpu)
		if i == 0 {
			pages, size := pdfStats(filepath.Join(qout, "quiz"))
			r.quizNote = fmt.Sprintf("%d PDFs, %d pages, %s (%s/page)", countPDF(filepath.Join(qout, "quiz")), pages, kb1(size), kb1(size/max(1, int64(pages))))
		}
		if perr != nil {
			continue
		}
		var total, totalCPU time.Duration
		var peak int64
		for _, f := range texFiles {
			t, kb, cpu, err := timedCPU(texDir, pdflatex, "-interaction=batchmode", "-halt-on-error", f)
			if err != nil {
				return fmt.Errorf("pdflatex %s: %w (see its .log)", f, err)
			}
			total += t
			totalCPU += cpu
			peak = max(peak, kb)
		}
		r.peerT, r.peerKB, r.peerC = append(r.peerT, total), append(r.peerKB, peak), append(r.peerC, totalCPU)
		if i == 0 {
			pages, size := pdfStats(texDir)
			r.peerNote = fmt.Sprintf("%d PDFs, %d pages, %s (%s/page)", len(texFiles), pages, kb1(size), kb1(size/max(1, int64(pages))))
		}
	}
	if perr != nil {
		r.peerNote = "pdflatex not installed"
	}
	b.rows = append(b.rows, r)
	return nil
}

func (b *bench) anki() error {
	// 10,000 facts: one quizdeck Fact note each (a card per question); the
	// peers write as many Basic notes.
	decks, err := b.deck("decks-anki", 10000)
	if err != nil {
		return err
	}
	config, err := b.config("anki", "builds:\n  - name: deck\n    formats: [anki-apkg]\n")
	if err != nil {
		return err
	}
	out, _, _, _, err := b.quizdeckRun(config, decks, -1)
	if err != nil {
		return err
	}
	apkgs, _ := filepath.Glob(filepath.Join(out, "deck", "*.apkg"))
	if len(apkgs) != 1 {
		return fmt.Errorf("quizdeck wrote %d packages", len(apkgs))
	}
	notes := 10000
	py := filepath.Join(b.work, "peer.py")
	js := filepath.Join(b.work, "peer.mjs")
	if err := os.WriteFile(py, peerPy, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(js, peerJS, 0o644); err != nil {
		return err
	}
	count := "notes: not counted (no python3)"
	if o, err := exec.Command(b.python, py, "count", apkgs[0]).Output(); err == nil {
		notes, _ = strconv.Atoi(strings.TrimSpace(string(o)))
		count = fmt.Sprintf("%d notes", notes)
	}
	notesFile := filepath.Join(b.work, "notes.json")
	if err := writeNotes(b, decks, notesFile, notes); err != nil {
		return err
	}
	peers := []struct {
		name, goal string
		cmd        []string
		missing    string
	}{
		{"genanki-js (Node)", "≥ 20×, ≤ 100 MiB", []string{"node", js, b.nodeModules, notesFile, filepath.Join(b.work, "js.apkg")}, ""},
		{"genanki (Python)", "", []string{b.python, py, "write", notesFile, filepath.Join(b.work, "py.apkg")}, ""},
	}
	if _, err := os.Stat(filepath.Join(b.nodeModules, "genanki-js")); b.nodeModules == "" || err != nil {
		peers[0].missing = "genanki-js not found (-node-modules)"
	}
	if err := exec.Command(b.python, "-c", "import genanki").Run(); err != nil {
		peers[1].missing = "genanki not importable by " + b.python
	}
	rows := make([]row, len(peers))
	for k, p := range peers {
		rows[k] = row{work: fmt.Sprintf("%s → .apkg", count), peer: p.name, goal: p.goal, peerNote: p.missing}
		if err := b.cold(&rows[k], config, decks); err != nil {
			return err
		}
	}
	for i := range b.runs {
		_, t, kb, cpu, err := b.quizdeckRun(config, decks, i)
		if err != nil {
			return err
		}
		for k, p := range peers {
			rows[k].quizT, rows[k].quizKB, rows[k].quizC = append(rows[k].quizT, t), append(rows[k].quizKB, kb), append(rows[k].quizC, cpu)
			if p.missing != "" {
				continue
			}
			pt, pkb, pcpu, err := timedCPU(b.work, p.cmd[0], p.cmd[1:]...)
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			rows[k].peerT, rows[k].peerKB, rows[k].peerC = append(rows[k].peerT, pt), append(rows[k].peerKB, pkb), append(rows[k].peerC, pcpu)
		}
	}
	b.rows = append(b.rows, rows...)
	return nil
}

func (b *bench) csv() error {
	decks, err := b.deck("decks-100k", 100_000)
	if err != nil {
		return err
	}
	config, err := b.config("csv", "builds:\n  - name: deck\n    formats: [anki-csv]\n")
	if err != nil {
		return err
	}
	r := row{work: "100,000 facts (160,000 questions) → Anki CSV", peer: "—", goal: "< 2 s, < 300 MiB"}
	if _, _, _, _, err := b.quizdeckRun(config, decks, -1); err != nil { // fills the cache
		return err
	}
	if err := b.cold(&r, config, decks); err != nil {
		return err
	}
	for i := range b.runs {
		_, t, kb, cpu, err := b.quizdeckRun(config, decks, i)
		if err != nil {
			return err
		}
		r.quizT, r.quizKB, r.quizC = append(r.quizT, t), append(r.quizKB, kb), append(r.quizC, cpu)
	}
	b.rows = append(b.rows, r)
	return nil
}

// timedCPU runs name with args in dir and returns its wall time, peak
// resident memory in KiB and CPU time (user + system); its output is kept
// only for an error.
func timedCPU(dir, name string, args ...string) (time.Duration, int64, time.Duration, error) {
	return timedCPUEnv(dir, nil, name, args...)
}

// timedCPUEnv is timedCPU with env added to the environment.
func timedCPUEnv(dir string, env []string, name string, args ...string) (time.Duration, int64, time.Duration, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(out.String()))
	}
	var kb int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		kb = ru.Maxrss
	}
	return d, kb, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}

// bank is what benchpeers reads of quizdeck's JSON question bank.
type bank struct {
	Questions []struct {
		ID, Prompt, Answer string
		Distractors        []string
		Attribution        string
		Tags               []string
		GUID               string
		Source             struct {
			Footnote int
			Excerpt  string
		}
	}
}

func readBank(b *bench, decks string) (*bank, error) {
	args := []string{"export", "--format", "json"}
	if decks != "" {
		args = append(args, "--decks", decks)
	}
	cmd := exec.Command(b.quizdeck, args...)
	cmd.Dir = b.work
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("quizdeck export: %w", err)
	}
	var bk bank
	return &bk, json.Unmarshal(out, &bk)
}

// writeExams writes, for each version of the quiz quizdeck built in out,
// an exam-class quiz and key with the same questions in the same order,
// and returns the .tex file names.
func writeExams(out, decks, dir string, b *bench) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	bk, err := readBank(b, decks)
	if err != nil {
		return nil, err
	}
	byID := map[string]int{}
	for i, q := range bk.Questions {
		byID[q.ID] = i
	}
	raw, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var m struct {
		Quizzes []struct {
			Version   string
			Questions []struct{ ID string }
		}
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	var files []string
	for _, v := range m.Quizzes {
		rng := rand.New(rand.NewPCG(1, uint64(v.Version[0])))
		for _, key := range []bool{false, true} {
			var t strings.Builder
			t.WriteString("\\documentclass[11pt,a4paper]{exam}\n\\usepackage[utf8]{inputenc}\n")
			if key {
				t.WriteString("\\printanswers\n")
			}
			fmt.Fprintf(&t, "\\title{Benchmark Quiz}\\author{Version %s}\\date{}\n\\pagestyle{headandfoot}\\cfoot{Version %s · Page \\thepage}\n", v.Version, v.Version)
			t.WriteString("\\begin{document}\n\\maketitle\n\\noindent Name:\\enspace\\hrulefill\\quad Class:\\enspace\\hrulefill\n\n\\begin{questions}\n")
			for _, qa := range v.Questions {
				i, ok := byID[qa.ID]
				if !ok {
					return nil, fmt.Errorf("question %s not in the bank", qa.ID)
				}
				q := bk.Questions[i]
				fmt.Fprintf(&t, "\\question %s\n\\begin{choices}\n", tex(q.Prompt))
				choices := append([]string{q.Answer}, q.Distractors...)
				rng.Shuffle(len(choices), func(i, j int) { choices[i], choices[j] = choices[j], choices[i] })
				for _, c := range choices {
					if c == q.Answer {
						fmt.Fprintf(&t, "\\CorrectChoice %s\n", tex(c))
					} else {
						fmt.Fprintf(&t, "\\choice %s\n", tex(c))
					}
				}
				t.WriteString("\\end{choices}\n")
				if key {
					fmt.Fprintf(&t, "\\begin{solution}%s\\end{solution}\n", tex(fmt.Sprintf("n. %d: “%s”", q.Source.Footnote, q.Source.Excerpt)))
				}
			}
			t.WriteString("\\end{questions}\n\\end{document}\n")
			name := "quiz-" + v.Version + ".tex"
			if key {
				name = "key-" + v.Version + ".tex"
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(t.String()), 0o644); err != nil {
				return nil, err
			}
			files = append(files, name)
		}
	}
	return files, nil
}

var texSpecial = strings.NewReplacer(`\`, `\textbackslash{}`, `&`, `\&`, `%`, `\%`, `$`, `\$`, `#`, `\#`, `_`, `\_`,
	`{`, `\{`, `}`, `\}`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`)

func tex(s string) string { return texSpecial.Replace(s) }

// writeNotes writes n notes for the Anki peers from the deck's questions:
// a Basic note per question, then a second with the options listed, as
// quizdeck's package holds a basic and a multiple-choice note per question.
func writeNotes(b *bench, decks, file string, n int) error {
	bk, err := readBank(b, decks)
	if err != nil {
		return err
	}
	type note struct {
		Front string   `json:"front"`
		Back  string   `json:"back"`
		Tags  []string `json:"tags"`
		GUID  string   `json:"guid"`
	}
	var notes []note
	for variant := 0; len(notes) < n && variant < 3; variant++ {
		for _, q := range bk.Questions {
			if len(notes) == n {
				break
			}
			front := q.Prompt
			if variant > 0 {
				front += "<br>" + strings.Join(append([]string{q.Answer}, q.Distractors...), "<br>")
			}
			back := fmt.Sprintf("<b>%s</b><br>%s<br><small>n. %d: “%s”</small>", q.Answer, q.Attribution, q.Source.Footnote, q.Source.Excerpt)
			notes = append(notes, note{front, back, q.Tags, fmt.Sprintf("%s#%d", q.GUID, variant)})
		}
	}
	raw, err := json.Marshal(notes)
	if err != nil {
		return err
	}
	return os.WriteFile(file, raw, 0o644)
}

var pagesRE = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// pdfStats sums the pages (by pdfinfo) and bytes of the PDFs in dir.
func pdfStats(dir string) (pages int, size int64) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			size += st.Size()
		}
		out, err := exec.Command("pdfinfo", f).Output()
		if m := pagesRE.FindSubmatch(out); err == nil && m != nil {
			p, _ := strconv.Atoi(string(m[1]))
			pages += p
		}
	}
	return pages, size
}

func countPDF(dir string) int {
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	return len(files)
}

func kb1(n int64) string { return fmt.Sprintf("%.1f KB", float64(n)/1000) }

func median[T cmp.Ordered](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func span(ds []time.Duration) string {
	if len(ds) == 0 {
		return "—"
	}
	return fmt.Sprintf("%s (%s)", ms(slices.Min(ds)), ms(median(ds)))
}

func ms(d time.Duration) string {
	if d >= 10*time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	if d >= time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
}

func mib(kbs []int64) string {
	if len(kbs) == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f MiB", float64(slices.Max(kbs))/1024)
}

func (b *bench) print(w io.Writer) {
	fmt.Fprintf(w, "%d paired runs per row, whole processes. Wall: fastest (median); CPU: user + system, median; memory: peak RSS.\n", b.runs)
	fmt.Fprintln(w, "Ratios are peer over quizdeck: of the fastest runs, of the medians, and of CPU time.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "quizdeck's runs read decoded specs from its cache, as every build after a deck's first does; \"cold\" is one run with")
	fmt.Fprintln(w, "the cache off (QUIZDECK_CACHE=off), every spec parsed.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| work | peer | peer wall | quizdeck wall | quizdeck cold | ratio fastest / median | peer CPU | quizdeck CPU | CPU ratio | peer memory | quizdeck memory | goal |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range b.rows {
		ratio, cpuRatio := "—", "—"
		if len(r.peerT) > 0 && len(r.peerT) == len(r.quizT) {
			ratio = fmt.Sprintf("%.0f× / %.0f×", float64(slices.Min(r.peerT))/float64(slices.Min(r.quizT)), float64(median(r.peerT))/float64(median(r.quizT)))
			cpuRatio = fmt.Sprintf("%.0f×", float64(median(r.peerC))/float64(median(r.quizC)))
		}
		peerT := span(r.peerT)
		if r.peerNote != "" && len(r.peerT) == 0 {
			peerT = r.peerNote
		}
		cold := "—"
		if r.coldT > 0 {
			cold = fmt.Sprintf("%s, %s", ms(r.coldT), mib([]int64{r.coldKB}))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.work, r.peer, peerT, span(r.quizT), cold, ratio,
			cpuSpan(r.peerC), cpuSpan(r.quizC), cpuRatio, mib(r.peerKB), mib(r.quizKB), r.goal)
	}
	fmt.Fprintln(w)
	for _, r := range b.rows {
		if r.quizNote != "" {
			fmt.Fprintf(w, "- %s: quizdeck %s; %s %s\n", r.work, r.quizNote, r.peer, r.peerNote)
		}
	}
}

func cpuSpan(ds []time.Duration) string {
	if len(ds) == 0 {
		return "—"
	}
	return ms(median(ds))
}

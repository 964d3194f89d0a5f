// Package pdfquiz writes printable quizzes: per build, one quiz PDF per
// version, an answer key per version plus a grading grid, the key as CSV,
// bubble answer sheets, and optionally one quiz per student of a roster;
// and the grade report. It draws with codeberg.org/go-pdf/fpdf (the
// maintained continuation of github.com/jung-kurt/gofpdf), as its cards
// sub-package does for the flashcards.
//
// Files written per build NAME (paths relative to the output root):
//
//	NAME/quiz-A.pdf …          quiz-pdf: one per version
//	NAME/students/ID.pdf       quiz-pdf with quiz.roster: one per student
//	NAME/roster-key.csv        quiz-pdf with quiz.roster: id,name,version,quiz
//	NAME/students-all.pdf      quiz-pdf with quiz.combined: every copy, for printing
//	NAME/key-A.pdf …           key-pdf: one per version
//	NAME/key-grid.pdf          key-pdf: every version × question → letter
//	NAME/key.csv               key-csv: see quiz.KeyHeader
//	NAME/answer-sheet-A.pdf …  answer-sheet-pdf: one per version
//
// quiz-pdf also records one manifest quiz entry per version (and per
// student copy) with every question's id and answer in printed order, and
// logs each version's answer-letter distribution.
//
// A build's quiz settings (generator.QuizOptions, config key quiz.*):
//
//	versions      1–26 versions, A, B, C …; same questions, own order
//	course, date  printed under the title
//	paper         a4 or letter
//	margin_mm     page margins; font_size: body text in points
//	points        per question; the total is printed with the score line
//	short_answer  how many questions become write-in questions
//	matching      how many who-said questions become a matching section
//	font          a TrueType (glyf) file used for all text instead of the Go fonts
//	roster        a CSV of name,id: one quiz per student, versions by assign
//	assign        round-robin or random (seeded)
//	combined      with roster: every copy also in one students-all.pdf
//
// Instructions, section names and labels come from templates/quiz.txt.tmpl
// and can be overridden like every template.
//
// Layout happens first, into a model (Doc: pages of positioned text, lines,
// rectangles and circles) that tests compare as text; drawing the model
// with fpdf is the last step. Text comes from the quiz.txt.tmpl templates
// and is set in the Go fonts (or quiz.font), embedded as subsets with an
// encoding made per document (see draw), so any Unicode in the Basic
// Multilingual Plane the font covers prints; a rune the font lacks is
// printed as its compatibility form (ᵈ as d) or is an error, never a blank.
// Same input and seed give the same bytes: dates come from the job's epoch
// and the catalog is sorted.
package pdfquiz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"sync"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/inputfile"
	"github.com/quizdeck/quizdeck/generator/quiz"
	"github.com/quizdeck/quizdeck/generator/render"
)

// engine is what the formats of one New share: templates and parsed fonts.
type engine struct {
	tmpl  *render.Set
	fonts *fontCache

	// The formats of a build run one after another with the same job, so
	// the last plan is kept for the next format.
	mu       sync.Mutex
	lastJob  *generator.Job
	lastPlan *plan
	lastErr  error
}

// New returns the quiz formats (quiz-pdf, key-pdf, key-csv,
// answer-sheet-pdf), sharing tmpl and one font cache, so each font is
// parsed once however many documents a run writes.
func New(tmpl *render.Set) []generator.Format { return newEngine(tmpl).formats() }

func newEngine(tmpl *render.Set) *engine { return &engine{tmpl: tmpl, fonts: newFontCache()} }

func (e *engine) formats() []generator.Format {
	return []generator.Format{
		&format{e, generator.FormatQuizPDF, (*engine).writeQuizzes},
		&format{e, generator.FormatKeyPDF, (*engine).writeKeys},
		&format{e, generator.FormatKeyCSV, (*engine).writeKeyCSV},
		&format{e, generator.FormatAnswerSheet, (*engine).writeSheets},
	}
}

type format struct {
	e     *engine
	name  string
	write func(*engine, context.Context, *plan, *generator.Output) error
}

func (f *format) Name() string { return f.name }

func (f *format) Write(ctx context.Context, job *generator.Job, out *generator.Output) error {
	p, err := f.e.plan(job)
	if err != nil {
		return err
	}
	return f.write(f.e, ctx, p, out)
}

// plan is a job's quiz with what its documents need, all checked before
// any document is rendered.
type plan struct {
	job      *generator.Job
	q        *quiz.Quiz
	fonts    *fontSet
	students []quiz.Student // from quiz.roster; nil without one
	assigned []int          // each student's version index
}

// docSpec names one document and how to lay it out.
type docSpec struct {
	name   string
	layout func() (*Doc, error)
}

// specs lists the version documents (not student copies) of one format.
func (p *plan) specs(e *engine, format string) []docSpec {
	var out []docSpec
	switch format {
	case generator.FormatQuizPDF:
		for _, v := range p.q.Versions {
			out = append(out, docSpec{"quiz-" + v.Letter + ".pdf", func() (*Doc, error) { return quizDoc(p.setup(e), v, nil) }})
		}
	case generator.FormatKeyPDF:
		for _, v := range p.q.Versions {
			out = append(out, docSpec{"key-" + v.Letter + ".pdf", func() (*Doc, error) { return keyDoc(p.setup(e), v) }})
		}
		out = append(out, docSpec{"key-grid.pdf", func() (*Doc, error) { return gridDoc(p.setup(e)) }})
	case generator.FormatAnswerSheet:
		for _, v := range p.q.Versions {
			out = append(out, docSpec{"answer-sheet-" + v.Letter + ".pdf", func() (*Doc, error) { return sheetDoc(p.setup(e), v) }})
		}
	}
	return out
}

// renderAll renders and stages the documents of format in parallel and
// returns when every worker has finished: a Write never leaves work behind.
func (p *plan) renderAll(ctx context.Context, e *engine, out *generator.Output, format string) error {
	specs := p.specs(e, format)
	return generator.ForChunks(ctx, len(specs), 1, func(i, _ int) error {
		return p.render(out, format, specs[i].name, specs[i].layout)
	})
}

// plan checks job's inputs (questions, quiz settings, font, roster) and
// returns what its documents need. A problem with a setting is a
// *generator.FieldError keyed relative to the build ("quiz.roster"); a bad
// roster row is a *generator.PosError.
func (e *engine) plan(job *generator.Job) (*plan, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.lastJob == job {
		return e.lastPlan, e.lastErr
	}
	p, err := e.newPlan(job)
	e.lastJob, e.lastPlan, e.lastErr = job, p, err
	return p, err
}

func (e *engine) newPlan(job *generator.Job) (*plan, error) {
	q, err := quiz.New(job)
	if err != nil {
		return nil, &generator.FieldError{Key: "quiz", Err: err}
	}
	fonts, err := e.fonts.get(job.Build.Quiz.Font)
	if err != nil {
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // drop the "quiz.font: " the key says again
		}
		return nil, &generator.FieldError{Key: "quiz.font", Err: err}
	}
	p := &plan{job: job, q: q, fonts: fonts}
	if b := job.Build; b.Quiz.Roster != "" && slices.Contains(b.Formats, generator.FormatQuizPDF) {
		if p.students, err = ReadRoster(b.Quiz.Roster); err != nil {
			return nil, err
		}
		if p.assigned, err = quiz.Assign(p.students, len(q.Versions), b.Quiz.Assign, job.Seed, b.Name); err != nil {
			return nil, &generator.FieldError{Key: "quiz.assign", Err: err}
		}
	}
	return p, nil
}

// Check reports, without rendering, what would make Write fail: quiz
// settings the questions cannot meet, an unreadable font or roster, and
// every bad roster row.
func (f *format) Check(_ context.Context, job *generator.Job) error {
	_, err := f.e.plan(job)
	return err
}

// ReadRoster reads and parses a roster file with a size bound
// (inputfile.MaxRoster) that holds for a FIFO or a device too. A file that
// cannot be read is a *generator.FieldError for quiz.roster; bad rows are
// *generator.PosError values, joined.
func ReadRoster(path string) ([]quiz.Student, error) {
	data, err := inputfile.Read(path, inputfile.MaxRoster)
	if err != nil {
		return nil, &generator.FieldError{Key: "quiz.roster", Err: err}
	}
	return quiz.ParseRoster(bytes.NewReader(data), path)
}

func (p *plan) setup(e *engine) *setup { return newSetup(p.q, p.fonts, e.tmpl) }

func (p *plan) path(name string) string { return path.Join(p.job.Build.Name, name) }

// Layout returns the layout models of job's documents by file name
// (relative to the build folder), for tests and for tools that want to
// inspect a quiz without a PDF.
func Layout(tmpl *render.Set, job *generator.Job) (map[string]*Doc, error) {
	e := &engine{tmpl: tmpl, fonts: newFontCache()}
	p, err := e.plan(job)
	if err != nil {
		return nil, err
	}
	out := map[string]*Doc{}
	for _, v := range p.q.Versions {
		for name, fn := range map[string]func(*setup, *quiz.Version) (*Doc, error){
			"quiz-" + v.Letter + ".pdf":         func(s *setup, v *quiz.Version) (*Doc, error) { return quizDoc(s, v, nil) },
			"key-" + v.Letter + ".pdf":          keyDoc,
			"answer-sheet-" + v.Letter + ".pdf": sheetDoc,
		} {
			d, err := fn(p.setup(e), v)
			if err != nil {
				return nil, err
			}
			out[name] = d
		}
	}
	d, err := gridDoc(p.setup(e))
	if err != nil {
		return nil, err
	}
	out["key-grid.pdf"] = d
	return out, nil
}

// render lays out and draws one document into the output.
func (p *plan) render(out *generator.Output, format, name string, layout func() (*Doc, error)) error {
	d, err := layout()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := draw(d, p.job.Epoch, &buf, true); err != nil {
		return err
	}
	return out.WriteFile(p.job.Build.Name, p.path(name), format, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

func (e *engine) writeQuizzes(ctx context.Context, p *plan, out *generator.Output) error {
	b := p.job.Build
	key := ""
	switch {
	case slices.Contains(b.Formats, generator.FormatKeyPDF):
		key = "key-%s.pdf"
	case slices.Contains(b.Formats, generator.FormatKeyCSV):
		key = "key.csv"
	}
	keyPath := func(letter string) string {
		switch key {
		case "":
			return ""
		case "key.csv":
			return p.path(key)
		}
		return p.path(fmt.Sprintf(key, letter))
	}
	for _, v := range p.q.Versions {
		fmt.Fprintf(p.job.Log, "%s: %s\n", b.Name, v.Distribution())
	}
	if err := p.renderAll(ctx, e, out, generator.FormatQuizPDF); err != nil {
		return err
	}
	for _, v := range p.q.Versions {
		out.AddQuiz(v.Entry(b.Name, p.path("quiz-"+v.Letter+".pdf"), keyPath(v.Letter)))
	}
	if p.students == nil {
		return nil
	}
	return e.writeStudents(ctx, p, out, keyPath)
}

// writeStudents writes one quiz per roster student, streaming: each copy is
// laid out, drawn and staged by a worker, and only the roster stays in memory.
func (e *engine) writeStudents(ctx context.Context, p *plan, out *generator.Output, keyPath func(string) string) error {
	b := p.job.Build
	students, assigned := p.students, p.assigned
	file := func(s quiz.Student) string { return p.path("students/" + s.ID + ".pdf") }
	var mu sync.Mutex
	done := 0
	step := max(50, len(students)/10)
	var docs []*Doc // every copy's layout, for quiz.combined
	if b.Quiz.Combined {
		docs = make([]*Doc, len(students))
	}
	err := generator.ForChunks(ctx, len(students), 1, func(i, _ int) error {
		st := students[i]
		v := p.q.Versions[assigned[i]]
		name := "students/" + st.ID + ".pdf"
		layout := func() (*Doc, error) {
			d, err := quizDoc(p.setup(e), v, &st)
			if docs != nil {
				docs[i] = d
			}
			return d, err
		}
		if err := p.render(out, generator.FormatQuizPDF, name, layout); err != nil {
			return fmt.Errorf("student %s (%s:%d): %w", st.ID, b.Quiz.Roster, st.Line, err)
		}
		entry := v.Entry(b.Name, file(st), keyPath(v.Letter))
		entry.Student = st.ID
		out.AddQuiz(entry)
		mu.Lock()
		done++
		if done%step == 0 || done == len(students) {
			fmt.Fprintf(p.job.Log, "%s: student copies %d/%d\n", b.Name, done, len(students))
		}
		mu.Unlock()
		return nil
	})
	if err != nil {
		return err
	}
	if docs != nil {
		if err := p.writeCombined(out, docs); err != nil {
			return err
		}
	}
	return out.WriteFile(b.Name, p.path(quiz.RosterKeyName), generator.FormatQuizPDF, func(w io.Writer) error {
		return quiz.WriteRosterKey(w, students, assigned, file)
	})
}

// CombinedName is the file, in a build's folder, holding every student's
// copy when quiz.combined is set.
const CombinedName = "students-all.pdf"

// writeCombined draws every student's copy, in roster order, into one PDF;
// a copy with an odd number of pages is followed by a blank page, so each
// copy starts on a right-hand page when printed on both sides.
func (p *plan) writeCombined(out *generator.Output, docs []*Doc) error {
	all := &Doc{Title: p.q.Title + " · every student", W: docs[0].W, H: docs[0].H, fonts: docs[0].fonts}
	for _, d := range docs {
		all.Pages = append(all.Pages, d.Pages...)
		if len(d.Pages)%2 == 1 {
			all.Pages = append(all.Pages, &Page{})
		}
	}
	var buf bytes.Buffer
	if err := draw(all, p.job.Epoch, &buf, true); err != nil {
		return err
	}
	return out.WriteFile(p.job.Build.Name, p.path(CombinedName), generator.FormatQuizPDF, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

func (e *engine) writeKeys(ctx context.Context, p *plan, out *generator.Output) error {
	return p.renderAll(ctx, e, out, generator.FormatKeyPDF)
}

func (e *engine) writeKeyCSV(_ context.Context, p *plan, out *generator.Output) error {
	return out.WriteFile(p.job.Build.Name, p.path("key.csv"), generator.FormatKeyCSV, func(w io.Writer) error {
		return quiz.WriteKeyCSV(w, p.q)
	})
}

func (e *engine) writeSheets(ctx context.Context, p *plan, out *generator.Output) error {
	return p.renderAll(ctx, e, out, generator.FormatAnswerSheet)
}

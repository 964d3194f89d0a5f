// Package htmlquiz writes the self-test page (format html): one
// self-contained HTML file per build, NAME/study.html, that a student opens
// from disk or a course web page to practise the build's questions.
//
// The page needs no server and loads nothing: its CSS and script are
// inline, and its Content-Security-Policy forbids every outside request.
// It offers multiple choice with immediate feedback (the answer, its source
// footnote and excerpt), flashcards (reveal, then mark right or wrong), a
// final score, a round of the questions missed, and keeps progress in the
// browser's localStorage under "quizdeck:<deck id>", keyed by question id,
// so a rebuilt page keeps it. Without script the page is still a list of
// every question with its answer behind a disclosure, which is also what
// prints.
//
// The page comes from the template study-page (templates/study-page.html.tmpl),
// overridable like every template. It is html/template: every value is
// escaped, and the questions reach the script as JSON in a
// <script type="application/json"> element, where html/template escapes
// <, > and & so a "</script>" in a spec stays text. Questions come in
// generator.StudyOrder; choices are ordered by a seeded hash of the
// question id, so the same input gives the same bytes.
package htmlquiz

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"path"
	"slices"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/render"
)

// Template is the name of the page's template.
const Template = "study-page"

// FileName is the page's file name inside the build folder.
const FileName = "study.html"

// StorageKeyPrefix starts the localStorage key of a deck's progress; the
// deck id follows.
const StorageKeyPrefix = "quizdeck:"

// Page is what the template sees; it is also the JSON the page's script reads.
type Page struct {
	Title     string     `json:"title"`
	Build     string     `json:"build"`
	Generator string     `json:"generator"`
	Storage   string     `json:"storage"` // localStorage key prefix
	Decks     []Deck     `json:"decks"`
	Questions []Question `json:"questions"`
}

// Deck is a deck the page draws from, with the source its answers cite.
type Deck struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Author      string `json:"author,omitempty"`
	SourceTitle string `json:"source_title"`
}

// Question is one question of the page. Choices hold the answer and its
// distractors in a seeded order; Answer is the index of the right one.
type Question struct {
	ID          string   `json:"id"`
	Deck        string   `json:"deck"`
	Kind        string   `json:"kind"`
	Prompt      string   `json:"prompt"`
	Choices     []string `json:"choices"`
	Answer      int      `json:"answer"`
	Attribution string   `json:"attribution,omitempty"`
	Note        string   `json:"note,omitempty"`
	Footnote    int      `json:"footnote,omitempty"`
	Excerpt     string   `json:"excerpt"`
	// Source names the deck's source for the citation line.
	Source string `json:"source"`
}

// AnswerText is the right choice's text.
func (q Question) AnswerText() string { return q.Choices[q.Answer] }

// NewPage collects job's questions into a page.
func NewPage(job *generator.Job) (*Page, error) {
	if len(job.Questions) == 0 {
		return nil, fmt.Errorf("no questions to put on the page")
	}
	p := &Page{Title: job.Build.Title, Build: job.Build.Name, Generator: "quizdeck " + generator.Version,
		Storage: StorageKeyPrefix, Questions: make([]Question, 0, len(job.Questions))}
	decks := map[string]*generator.Deck{}
	for _, d := range job.Decks {
		decks[d.ID] = d
	}
	used := map[string]bool{}
	for _, q := range generator.StudyOrder(job) {
		d := decks[q.Deck]
		if d == nil {
			return nil, fmt.Errorf("question %s: deck %q is not in the build", q.ID, q.Deck)
		}
		used[d.ID] = true
		p.Questions = append(p.Questions, Question{ID: q.ID, Deck: q.Deck, Kind: string(q.Kind), Prompt: q.Prompt,
			Choices: nil, Attribution: q.Attribution, Note: q.Note, Footnote: q.Source.Footnote, Excerpt: q.Source.Excerpt,
			Source: sourceLine(d)})
		pq := &p.Questions[len(p.Questions)-1]
		pq.Choices, pq.Answer = choices(job.Seed, q)
	}
	for _, d := range job.Decks {
		if used[d.ID] {
			p.Decks = append(p.Decks, Deck{ID: d.ID, Title: d.Title, Author: d.Source.Author, SourceTitle: d.Source.Title})
		}
	}
	if p.Title == "" {
		p.Title = p.Decks[0].Title
		if len(p.Decks) > 1 {
			p.Title = "Self-test: " + job.Build.Name
		}
	}
	return p, nil
}

// sourceLine is the citation of a deck's source: "Author, Title".
func sourceLine(d *generator.Deck) string {
	if d.Source.Author == "" {
		return d.Source.Title
	}
	return d.Source.Author + ", " + d.Source.Title
}

// choices orders q's answer and distractors by a seeded hash of the
// question id and each choice, and returns where the answer landed.
func choices(seed uint64, q generator.Question) ([]string, int) {
	type c struct {
		text string
		rank uint64
	}
	cs := []c{{q.Answer, generator.Hash64(seed, "html", q.ID, q.Answer)}}
	for _, d := range q.Distractors {
		cs = append(cs, c{d, generator.Hash64(seed, "html", q.ID, d)})
	}
	slices.SortFunc(cs, func(a, b c) int { return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.text, b.text)) })
	out := make([]string, len(cs))
	ans := 0
	for i, x := range cs {
		out[i] = x.text
		if x.text == q.Answer {
			ans = i
		}
	}
	return out, ans
}

// Write renders the page of job with tmpl to w.
func Write(w io.Writer, tmpl *render.Set, job *generator.Job) error {
	p, err := NewPage(job)
	if err != nil {
		return err
	}
	s, err := tmpl.HTML(Template, p)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, s)
	return err
}

// Format is the html build format.
type Format struct{ tmpl *render.Set }

// New returns the html format rendering with tmpl.
func New(tmpl *render.Set) *Format { return &Format{tmpl: tmpl} }

// Name implements generator.Format.
func (f *Format) Name() string { return generator.FormatHTML }

// Write implements generator.Format: it stages NAME/study.html.
func (f *Format) Write(ctx context.Context, job *generator.Job, out *generator.Output) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !f.tmpl.Has(Template) {
		return fmt.Errorf("template %s is missing", Template)
	}
	return out.WriteFile(job.Build.Name, path.Join(job.Build.Name, FileName), f.Name(), func(w io.Writer) error {
		return Write(w, f.tmpl, job)
	})
}

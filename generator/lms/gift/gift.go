// Package gift writes a build's quiz as Moodle's GIFT text format (format
// name gift, file NAME/NAME.gift.txt). Every rule of GIFT lives here: its
// escapes, its markers and its comments.
//
// Each question is preceded by a comment carrying its id and tags
// ("// [id:deck/fact/kind] [tag:…]"), which recent Moodle versions read
// as the question's ID number and tags, and is titled with its id:
//
//	$CATEGORY: $course$/top/NAME/deck/who-said
//
//	// [id:deck/fact/who-said] [tag:caucasus]
//	::deck/fact/who-said::[html]Who said …?{
//	=Vladimir Putin
//	~Dmitry Medvedev
//	####Answer: Vladimir Putin. Source: n. 4: “…”
//	}
//
// Multiple-choice questions list the right answer where version A of the
// printed quiz puts it; Moodle shuffles the options when the quiz's
// "shuffle within questions" is on. Short-answer items accept the answer
// text (Moodle compares case-insensitively by default); the matching
// section is one matching question with the section's extra choices as
// answers without a question. Text is HTML ([html]), escaped once; the
// answers Moodle keeps as plain text (short-answer and matching answers)
// are not HTML-escaped.
package gift

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/lms"
	"github.com/quizdeck/quizdeck/generator/quiz"
	"github.com/quizdeck/quizdeck/generator/render"
)

// Format is the gift format.
type Format struct{ tmpl *render.Set }

// New returns the gift format, its text from tmpl's lms.txt.tmpl.
func New(tmpl *render.Set) Format { return Format{tmpl} }

// Name is "gift".
func (Format) Name() string { return generator.FormatGIFT }

// Write stages NAME/NAME.gift.txt.
func (f Format) Write(ctx context.Context, job *generator.Job, out *generator.Output) error {
	return lms.Write(job, out, f.tmpl, "gift.txt", generator.FormatGIFT, Encode)
}

// Escape escapes GIFT's special characters ~ = # { } : and the backslash
// with a backslash, and writes line breaks as \n, so s stays one line.
func Escape(s string) string {
	if !strings.ContainsAny(s, "~=#{}:\\\r\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range strings.ReplaceAll(s, "\r\n", "\n") {
		switch r {
		case '~', '=', '#', '{', '}', ':', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// html is GIFT text of an HTML field: HTML-escaped once, then GIFT-escaped.
// A leading % would read as an answer weight and a leading [ as the start
// of a format marker ([html]), so either becomes an entity.
func html(s string) string {
	h := lms.HTML(s)
	switch {
	case strings.HasPrefix(h, "%"):
		h = "&#37;" + h[1:]
	case strings.HasPrefix(h, "["):
		h = "&#91;" + h[1:]
	}
	return Escape(h)
}

// formats are the markers Moodle reads at the start of a text.
var formats = []string{"[moodle]", "[html]", "[plain]", "[markdown]"}

// plain is GIFT text of a plain-text answer.
func plain(s string) (string, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "%") {
		return "", fmt.Errorf("answer %q starts with %%, which GIFT reads as a weight", s)
	}
	for _, f := range formats {
		if strings.HasPrefix(s, f) {
			return "", fmt.Errorf("answer %q starts with %s, which GIFT reads as a text format", s, f)
		}
	}
	if strings.ContainsAny(s, "\r\n") {
		return "", fmt.Errorf("answer %q spans lines", s)
	}
	return Escape(s), nil
}

// Encode writes e as GIFT.
func Encode(w io.Writer, e *lms.Export) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "// %s: %d questions, %d points (quizdeck)\n", Escape(e.Title), e.Questions(), e.Total())
	category := ""
	setCategory := func(path []string) {
		c := "$course$/top/" + strings.Join(path, "/")
		if c != category {
			category = c
			fmt.Fprintf(bw, "\n$CATEGORY: %s\n", c)
		}
	}
	err := e.Walk(func(it quiz.Item) error {
		q := &it.Question
		setCategory(e.CategoryPath(q))
		header(bw, q.ID, q.Tags)
		fmt.Fprintf(bw, "::%s::[html]%s{\n", Escape(q.ID), html(q.Prompt))
		switch it.Kind {
		case quiz.MultipleChoice:
			for j, o := range it.Options {
				mark := "~"
				if j == it.Correct {
					mark = "="
				}
				fmt.Fprintf(bw, "%s%s\n", mark, html(o))
			}
		case quiz.ShortAnswer:
			a, err := plain(q.Answer)
			if err == nil && strings.Contains(a, "*") {
				// Moodle's short-answer questions read * as "any text".
				err = fmt.Errorf("short answer %q holds *, which Moodle reads as a wildcard", q.Answer)
			}
			if err != nil {
				return fmt.Errorf("question %s: %w", q.ID, err)
			}
			fmt.Fprintf(bw, "=%s\n", a)
		}
		fmt.Fprintf(bw, "####%s\n}\n", html(e.Feedback(q)))
		return nil
	}, func() error { return writeMatching(bw, e, setCategory) })
	if err != nil {
		return err
	}
	return bw.Flush()
}

// header writes the comment Moodle reads the id number and tags from.
func header(w io.Writer, id string, tags []string) {
	fmt.Fprintf(w, "\n// [id:%s]", id)
	for _, t := range tags {
		fmt.Fprintf(w, " [tag:%s]", t)
	}
	fmt.Fprintln(w)
}

// writeMatching writes the matching section as one question: a row per
// item, then the extra choices as answers with no question.
func writeMatching(w io.Writer, e *lms.Export, setCategory func([]string)) error {
	s := e.Matching
	first := &s.Items[0].Question
	setCategory([]string{e.Build, first.Deck, "matching"})
	header(w, e.MatchingID(), nil)
	fmt.Fprintf(w, "::%s::[html]%s{\n", Escape(e.MatchingID()), html(e.MatchingPrompt()))
	used := make([]bool, len(s.Choices))
	for _, it := range s.Items {
		a, err := plain(s.Choices[it.Correct])
		if err != nil {
			return fmt.Errorf("question %s: %w", it.Question.ID, err)
		}
		used[it.Correct] = true
		fmt.Fprintf(w, "=%s -> %s\n", html(it.Stem()), a)
	}
	for i, c := range s.Choices {
		if used[i] {
			continue
		}
		a, err := plain(c)
		if err != nil {
			return fmt.Errorf("matching choice: %w", err)
		}
		fmt.Fprintf(w, "= -> %s\n", a)
	}
	fmt.Fprintf(w, "####%s\n}\n", html(e.MatchingFeedback()))
	return nil
}

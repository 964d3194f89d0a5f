// Package moodlexml writes a build's quiz as Moodle XML (format name
// moodle-xml, file NAME/NAME.moodle.xml), for Moodle's question bank:
// Question bank → Import → Moodle XML format. Every rule of Moodle XML
// lives here.
//
// Moodle publishes no schema; the rules followed are those its importer
// (question/format/xml/format.php and the question types' save code)
// enforces:
//
//   - multichoice: single="true", at least two answers, exactly one at
//     fraction 100 and the rest at 0 (fractions must be one of Moodle's
//     grade options, and a single-answer question needs a 100% answer);
//   - matching: at least two rows with a question and three answers in
//     all; the section's extra choices are rows with an empty question;
//   - shortanswer: one answer at fraction 100, plain text, compared
//     case-insensitively (usecase 0);
//   - name (at most 255 characters) is the question id; idnumber is the
//     question id too (at most 100 characters; Moodle drops an idnumber
//     that already exists in the category, so a re-import into the same
//     category adds questions rather than replacing them);
//   - defaultgrade is the build's quiz.points (times the rows for matching).
//
// Categories are $course$/top/BUILD/DECK/KIND (the matching question goes
// to …/DECK/matching); the question's tags become Moodle tags. Text is
// HTML (format="html"), escaped once, and the source's footnote and excerpt
// are the general feedback. Options keep version A's order and ask Moodle
// to shuffle them (shuffleanswers), as the quiz's "shuffle within
// questions" setting allows.
package moodlexml

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/lms"
	"github.com/quizdeck/quizdeck/generator/quiz"
	"github.com/quizdeck/quizdeck/generator/render"
)

// Limits of Moodle's question tables.
const (
	MaxName     = 255 // question.name
	MaxIDNumber = 100 // question_bank_entries.idnumber
)

// Format is the moodle-xml format.
type Format struct{ tmpl *render.Set }

// New returns the moodle-xml format, its text from tmpl's lms.txt.tmpl.
func New(tmpl *render.Set) Format { return Format{tmpl} }

// Name is "moodle-xml".
func (Format) Name() string { return generator.FormatMoodleXML }

// Write stages NAME/NAME.moodle.xml.
func (f Format) Write(ctx context.Context, job *generator.Job, out *generator.Output) error {
	return lms.Write(job, out, f.tmpl, "moodle.xml", generator.FormatMoodleXML, Encode)
}

type writer struct {
	w        *bufio.Writer
	category string
}

// text writes s as XML character data.
func (w *writer) text(s string) {
	_ = xml.EscapeText(w.w, []byte(s)) // bufio.Writer keeps the error for Flush
}

// field writes <tag format="html"><text>HTML</text></tag>, the text
// HTML-escaped once.
func (w *writer) field(indent, tag, plain string) {
	fmt.Fprintf(w.w, "%s<%s format=\"html\"><text>", indent, tag)
	w.text(lms.HTML(plain))
	fmt.Fprintf(w.w, "</text></%s>\n", tag)
}

func (w *writer) setCategory(path []string) {
	c := "$course$/top/" + strings.Join(path, "/")
	if c == w.category {
		return
	}
	w.category = c
	fmt.Fprintf(w.w, "  <question type=\"category\">\n    <category><text>")
	w.text(c)
	fmt.Fprintf(w.w, "</text></category>\n    <info format=\"html\"><text></text></info>\n  </question>\n")
}

// head writes what every question starts with.
func (w *writer) head(typ, id, prompt, feedback string, points int) error {
	if len(id) > MaxIDNumber { // bytes: never fewer than runes, so MaxName holds too
		return fmt.Errorf("question id %q is longer than Moodle's idnumber (%d)", id, MaxIDNumber)
	}
	fmt.Fprintf(w.w, "  <question type=\"%s\">\n    <name><text>", typ)
	w.text(id)
	fmt.Fprintf(w.w, "</text></name>\n")
	w.field("    ", "questiontext", prompt)
	w.field("    ", "generalfeedback", feedback)
	fmt.Fprintf(w.w, "    <defaultgrade>%d</defaultgrade>\n    <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n    <idnumber>", points)
	w.text(id)
	fmt.Fprintf(w.w, "</idnumber>\n")
	return nil
}

func (w *writer) tags(tags []string) {
	if len(tags) == 0 {
		return
	}
	fmt.Fprintf(w.w, "    <tags>\n")
	for _, t := range tags {
		fmt.Fprintf(w.w, "      <tag><text>")
		w.text(t)
		fmt.Fprintf(w.w, "</text></tag>\n")
	}
	fmt.Fprintf(w.w, "    </tags>\n")
}

// combined writes the empty right / partly right / wrong feedback every
// multichoice and matching question carries.
func (w *writer) combined() {
	for _, f := range []string{"correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"} {
		fmt.Fprintf(w.w, "    <%s format=\"html\"><text></text></%s>\n", f, f)
	}
}

// Encode writes e as Moodle XML.
func Encode(out io.Writer, e *lms.Export) error {
	w := &writer{w: bufio.NewWriter(out)}
	fmt.Fprintf(w.w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n<!-- ")
	// A comment may not hold "--".
	w.text(strings.ReplaceAll(fmt.Sprintf("%s: %d questions, %d points, written by quizdeck", e.Title, e.Questions(), e.Total()), "--", "- -"))
	fmt.Fprintf(w.w, " -->\n")
	if err := e.Walk(func(it quiz.Item) error { return w.item(e, it) }, func() error { return w.matching(e) }); err != nil {
		return err
	}
	fmt.Fprintf(w.w, "</quiz>\n")
	return w.w.Flush()
}

func (w *writer) item(e *lms.Export, it quiz.Item) error {
	q := &it.Question
	w.setCategory(e.CategoryPath(q))
	switch it.Kind {
	case quiz.MultipleChoice:
		if err := w.head("multichoice", q.ID, q.Prompt, e.Feedback(q), it.Points); err != nil {
			return err
		}
		fmt.Fprintf(w.w, "    <single>true</single>\n    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n    <showstandardinstruction>0</showstandardinstruction>\n")
		w.combined()
		for j, o := range it.Options {
			fraction := 0
			if j == it.Correct {
				fraction = 100
			}
			fmt.Fprintf(w.w, "    <answer fraction=\"%d\" format=\"html\"><text>", fraction)
			w.text(lms.HTML(o))
			fmt.Fprintf(w.w, "</text><feedback format=\"html\"><text></text></feedback></answer>\n")
		}
	case quiz.ShortAnswer:
		if err := w.head("shortanswer", q.ID, q.Prompt, e.Feedback(q), it.Points); err != nil {
			return err
		}
		a := strings.TrimSpace(q.Answer)
		if strings.ContainsAny(a, "*\r\n") {
			// * is Moodle's wildcard in short answers; a line break cannot be typed.
			return fmt.Errorf("question %s: short answer %q holds * or a line break", q.ID, a)
		}
		fmt.Fprintf(w.w, "    <usecase>0</usecase>\n    <answer fraction=\"100\" format=\"plain_text\"><text>")
		w.text(a)
		fmt.Fprintf(w.w, "</text><feedback format=\"html\"><text></text></feedback></answer>\n")
	default:
		return fmt.Errorf("question %s: unexpected item kind %s", q.ID, it.Kind)
	}
	w.tags(q.Tags)
	fmt.Fprintf(w.w, "  </question>\n")
	return nil
}

// matching writes the matching section as one question: a row per item,
// then a row with no question for each extra choice.
func (w *writer) matching(e *lms.Export) error {
	s := e.Matching
	w.setCategory([]string{e.Build, s.Items[0].Question.Deck, "matching"})
	if err := w.head("matching", e.MatchingID(), e.MatchingPrompt(), e.MatchingFeedback(), e.MatchingPoints()); err != nil {
		return err
	}
	fmt.Fprintf(w.w, "    <shuffleanswers>true</shuffleanswers>\n")
	w.combined()
	used := make([]bool, len(s.Choices))
	row := func(stem, answer string) {
		fmt.Fprintf(w.w, "    <subquestion format=\"html\"><text>")
		if stem != "" {
			w.text(lms.HTML(stem))
		}
		fmt.Fprintf(w.w, "</text><answer><text>")
		w.text(strings.TrimSpace(answer))
		fmt.Fprintf(w.w, "</text></answer></subquestion>\n")
	}
	for _, it := range s.Items {
		used[it.Correct] = true
		row(it.Stem(), s.Choices[it.Correct])
	}
	for i, c := range s.Choices {
		if !used[i] {
			row("", c)
		}
	}
	fmt.Fprintf(w.w, "  </question>\n")
	return nil
}

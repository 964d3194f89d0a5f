// Package lms is what the learning-platform formats (Canvas QTI 1.2, QTI
// 2.x, Moodle XML, GIFT) share and no outside format defines: the items an
// export holds, their identifiers and their feedback. Each platform's own
// rules live in its package under generator/lms.
//
// An export holds the printed quiz's version A (generator/quiz): the same
// questions, the same multiple-choice, matching and short-answer sections,
// the same question order and option order. The platforms shuffle options
// again for each student where the format lets the export ask for it.
package lms

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/quiz"
	"github.com/quizdeck/quizdeck/generator/render"
)

// Group values of quiz.lms_groups.
const (
	GroupNone    = ""
	GroupPassage = "passage"
	GroupSection = "section"
)

// Export is one build's questions as every platform format receives them.
type Export struct {
	Build string // the build's name
	Title string // the build's title, or its name
	// Items are the multiple-choice and short-answer items, in printed order.
	Items []quiz.Item
	// Matching is the matching section (nil when the build has none); on a
	// platform it becomes one question with a row per item.
	Matching *quiz.Section
	// MatchingAt is the printed position of the matching section among
	// Items: it comes before Items[MatchingAt].
	MatchingAt int
	Points     int // per item
	Groups     string

	// Text from templates/lms.txt.tmpl.
	feedback       map[string]string // by question id
	groupSize      map[string]int    // items per group key
	matchingPrompt string
	description    string
}

// The templates of templates/lms.txt.tmpl.
const (
	FeedbackTemplate       = "lms-feedback"
	MatchingPromptTemplate = "lms-matching-prompt"
	DescriptionTemplate    = "lms-description"
)

// New plans job's export: version A of the printed quiz, with its text
// from tmpl's lms.txt.tmpl.
func New(job *generator.Job, tmpl *render.Set) (*Export, error) {
	one := *job
	one.Build.Quiz.Versions = 1 // version A is the same in any number of versions
	plan, err := quiz.New(&one)
	if err != nil {
		return nil, err
	}
	title := job.Build.Title
	if title == "" {
		title = job.Build.Name
	}
	e := &Export{Build: job.Build.Name, Title: title, Points: job.Build.Quiz.Points, Groups: job.Build.Quiz.LMSGroups}
	for _, s := range plan.Versions[0].Sections {
		if s.Kind == quiz.Matching {
			s := s
			e.Matching = &s
			e.MatchingAt = len(e.Items)
			continue
		}
		e.Items = append(e.Items, s.Items...)
	}
	e.groupSize = map[string]int{}
	for _, it := range e.Items {
		if k := groupOf(e.Groups, &it.Question); k != "" {
			e.groupSize[k]++
		}
	}
	for _, q := range job.Questions {
		for _, t := range append([]string{q.Prompt, q.Answer, q.Source.Excerpt}, q.Distractors...) {
			if err := CheckText(t); err != nil {
				return nil, fmt.Errorf("question %s: %w", q.ID, err)
			}
		}
	}
	if e.Matching != nil && len(e.Matching.Choices) < 3 {
		// Moodle refuses a matching question with fewer than three
		// answers; Canvas and QTI take it but it gives itself away.
		return nil, fmt.Errorf("the matching section has %d choices; platforms need at least 3", len(e.Matching.Choices))
	}
	if err := e.render(job, tmpl); err != nil {
		return nil, err
	}
	return e, nil
}

// render fills in the export's text from the templates.
func (e *Export) render(job *generator.Job, tmpl *render.Set) error {
	text := func(name string, data any) (string, error) {
		s, err := tmpl.Text(name, data)
		if err != nil {
			return "", err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return "", fmt.Errorf("template %s: empty text", name)
		}
		return s, CheckText(s)
	}
	decks := map[string]*generator.Deck{}
	for _, d := range job.Decks {
		decks[d.ID] = d
	}
	e.feedback = map[string]string{}
	for _, q := range job.Questions {
		d := decks[q.Deck]
		if d == nil {
			d = &generator.Deck{ID: q.Deck}
		}
		s, err := text(FeedbackTemplate, struct {
			Question *generator.Question
			Deck     *generator.Deck
		}{&q, d})
		if err != nil {
			return err
		}
		e.feedback[q.ID] = s
	}
	var err error
	if e.Matching != nil {
		if e.matchingPrompt, err = text(MatchingPromptTemplate, struct{ Count int }{len(e.Matching.Items)}); err != nil {
			return err
		}
	}
	e.description, err = text(DescriptionTemplate, struct {
		Title             string
		Questions, Points int
	}{e.Title, e.Questions(), e.Total()})
	return err
}

// MatchingPoints is the matching question's total: one item's points per row.
func (e *Export) MatchingPoints() int {
	if e.Matching == nil {
		return 0
	}
	return e.Points * len(e.Matching.Items)
}

// Total is every item's points together.
func (e *Export) Total() int { return e.Points*len(e.Items) + e.MatchingPoints() }

// GroupKey is the question group of q under the build's lms_groups: its
// passage or section; "" when the build asks for none, q has none, or no
// other multiple-choice or short-answer item shares it (a group of one
// draws nothing). A sampled quiz takes at most one question per passage,
// so passage groups form when a build keeps every question (count 0) or
// lists several of one passage.
func (e *Export) GroupKey(q *generator.Question) string {
	k := groupOf(e.Groups, q)
	if e.groupSize[k] < 2 {
		return ""
	}
	return k
}

func groupOf(by string, q *generator.Question) string {
	switch by {
	case GroupPassage:
		return q.Passage
	case GroupSection:
		return q.Section
	}
	return ""
}

// Feedback is the general feedback of q, plain text: where the answer
// stands in the source, the footnote and a verbatim excerpt (template
// lms-feedback).
func (e *Export) Feedback(q *generator.Question) string { return e.feedback[q.ID] }

// Description is the quiz's description, plain text (template lms-description).
func (e *Export) Description() string { return e.description }

// Ident is a stable identifier for key (a question id, or a question id and
// a part of it): prefix, then key with every character outside [A-Za-z0-9_-]
// made '-', then 8 hex digits of key's SHA-256 so keys that read alike never
// collide. It is an XML NCName and an NMTOKEN, without '.' or ':' (which
// Canvas's importer rewrites).
func Ident(prefix string, key ...string) string {
	k := strings.Join(key, "\x00")
	var b strings.Builder
	b.WriteString(prefix)
	for _, r := range strings.Join(key, "_") {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
		if b.Len() > 80 {
			break
		}
	}
	sum := sha256.Sum256([]byte(k))
	b.WriteByte('_')
	b.WriteString(hex.EncodeToString(sum[:4]))
	return b.String()
}

// ChoiceIdent is the identifier of the option text of question q: derived
// from the question id and the text, so a re-export keeps an unchanged
// option's identifier whatever its position.
func ChoiceIdent(q *generator.Question, text string) string {
	sum := sha256.Sum256([]byte(q.ID + "\x00" + generator.Normalize(text)))
	return "c" + hex.EncodeToString(sum[:6])
}

// ChoiceIdents are the identifiers of a multiple-choice question's options
// (ChoiceIdent), or an error when two would be the same.
func ChoiceIdents(q *generator.Question, options []string) ([]string, error) {
	ids := make([]string, len(options))
	for j, o := range options {
		ids[j] = ChoiceIdent(q, o)
		if slices.Contains(ids[:j], ids[j]) {
			return nil, fmt.Errorf("question %s: options %q and another share an identifier", q.ID, o)
		}
	}
	return ids, nil
}

// CheckText refuses text an XML file cannot carry: invalid UTF-8 and the
// control characters XML 1.0 forbids (all below U+0020 but tab, line feed
// and carriage return, and U+FFFE, U+FFFF). Every platform format is XML
// or read by an XML-based importer, so the rule holds for all of them.
func CheckText(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("text %q is not valid UTF-8", s)
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return fmt.Errorf("text %q holds the control character %U, which XML cannot carry", s, r)
		}
	}
	return nil
}

// HTML makes plain text the content of an HTML element: & < > become
// entities and line breaks <br>. Quotes stay as they are (they need no
// escape in element content), so text reads the same in a platform's
// plain-text views. Every format escapes a text this way exactly once.
func HTML(s string) string {
	if !strings.ContainsAny(s, "&<>\r\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range strings.ReplaceAll(s, "\r\n", "\n") {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\n', '\r':
			b.WriteString("<br>")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MatchingID is the identity of a build's matching question: it has no
// question id of its own, so the build's name stands in.
func (e *Export) MatchingID() string { return e.Build + "/matching" }

// CategoryPath is the question-bank category of q: build, deck, kind.
func (e *Export) CategoryPath(q *generator.Question) []string {
	return []string{e.Build, q.Deck, string(q.Kind)}
}

// Questions is how many platform questions the export holds: the matching
// section counts as one.
func (e *Export) Questions() int {
	if e.Matching != nil {
		return len(e.Items) + 1
	}
	return len(e.Items)
}

// MatchingPrompt is the matching question's text (template lms-matching-prompt).
func (e *Export) MatchingPrompt() string { return e.matchingPrompt }

// MatchingFeedback is the matching question's general feedback: each
// row's answer and source, one per line.
func (e *Export) MatchingFeedback() string {
	var parts []string
	for _, it := range e.Matching.Items {
		parts = append(parts, e.Feedback(&it.Question))
	}
	return strings.Join(parts, "\n")
}

// Walk calls item for each item in printed order, and matching once at the
// matching section's printed place (when the build has one), stopping at
// the first error.
func (e *Export) Walk(item func(quiz.Item) error, matching func() error) error {
	for i, it := range e.Items {
		if e.Matching != nil && i == e.MatchingAt {
			if err := matching(); err != nil {
				return err
			}
		}
		if err := item(it); err != nil {
			return err
		}
	}
	if e.Matching != nil && e.MatchingAt == len(e.Items) {
		return matching()
	}
	return nil
}

// Write is what each learning-platform format does: plan job's export
// with tmpl, encode it in memory (a failed encode stages nothing) and stage
// it as the build's NAME/NAME.<ext> in out.
func Write(job *generator.Job, out *generator.Output, tmpl *render.Set, ext, format string, encode func(io.Writer, *Export) error) error {
	e, err := New(job, tmpl)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := encode(&buf, e); err != nil {
		return err
	}
	rel := job.Build.Name + "/" + job.Build.Name + "." + ext
	return out.WriteFile(job.Build.Name, rel, format, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// XMLEscape is s as XML character data or an attribute value.
func XMLEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

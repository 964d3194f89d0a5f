// Package render executes quizdeck's templates: the built-in set embedded
// from templates/, with any user file of the same base name taking its place.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	texttemplate "text/template"
	"text/template/parse"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/inputfile"
	"github.com/quizdeck/quizdeck/templates"
)

// Set is a parsed template set. It is safe for concurrent use.
type Set struct {
	text       *texttemplate.Template
	html       *htmltemplate.Template
	digest     string
	overridden []string // the built-in files a user's file replaced
}

// Funcs are the functions every template may call.
func funcs() map[string]any {
	return map[string]any{
		"trimDot":   TrimDot,
		"upper":     strings.ToUpper,
		"join":      strings.Join,
		"add":       func(a, b int) int { return a + b },
		"ask":       Ask,
		"quote":     Quote,
		"bounded":   func(bound string) string { return Bounded(bound, "year") },
		"boundedAs": Bounded,
		"inYear":    InYear,
	}
}

// TrimDot drops a final full stop so a clause can end a question.
func TrimDot(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".") }

// Bounded is what a which-year (which-month, which-date) prompt asks for a
// fact's bound and unit: "in which year", "since which year", "in which
// month and year", "on which date", "until which date".
func Bounded(bound, unit string) string {
	switch {
	case bound != "":
		return bound + " which " + unit
	case unit == "date":
		return "on which date"
	}
	return "in which " + unit
}

// InYear is " in 1999" for a dated fact, "" otherwise.
func InYear(year int) string {
	if year == 0 {
		return ""
	}
	return " in " + strconv.Itoa(year)
}

// Ask ends s with one question mark, unless it already ends in a question
// or exclamation mark, inside a closing quotation mark or not.
func Ask(s string) string {
	s = strings.TrimSpace(s)
	t := strings.TrimRight(s, "”’\"'")
	if strings.HasSuffix(t, "?") || strings.HasSuffix(t, "!") {
		return s
	}
	return s + "?"
}

// Quote puts s in double curly quotation marks, drops a final full stop,
// comma, colon or semicolon (the prompt's own punctuation follows), and
// turns quotation marks inside s into single ones.
func Quote(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ".,;:")
	if strings.ContainsAny(s, `"“”`) {
		s = strings.NewReplacer(`"`, "'", "“", "‘", "”", "’").Replace(s) // a replacer costs more than its use: only when needed
	}
	return "“" + s + "”"
}

// New parses the built-in templates and, if overrideDir is not empty, the
// *.tmpl files there, each of which must share a base name with a built-in
// template file.
func New(overrideDir string) (*Set, error) {
	var override fs.FS
	if overrideDir != "" {
		if st, err := os.Stat(overrideDir); err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		} else if !st.IsDir() {
			return nil, fmt.Errorf("templates: %s is not a folder", overrideDir)
		}
		override = os.DirFS(overrideDir)
	}
	return NewFS(override, overrideDir)
}

// NewFS is New with the overrides read from fsys (nil for none); shown
// names the folder in errors.
func NewFS(fsys fs.FS, shown string) (*Set, error) {
	builtin, err := fs.Glob(templates.FS, "*.tmpl")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, name := range builtin {
		b, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			return nil, err
		}
		files[name] = b
	}
	h := sha256.New()
	var overridden []string
	if fsys != nil {
		names, err := fs.Glob(fsys, "*.tmpl")
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			if !slices.Contains(builtin, name) {
				return nil, fmt.Errorf("template %s: matches no built-in template (known: %s)", path.Join(shown, name), strings.Join(builtin, ", "))
			}
			b, err := inputfile.ReadFS(fsys, name, inputfile.MaxTemplate)
			if err != nil {
				return nil, fmt.Errorf("template %s: %w", path.Join(shown, name), err)
			}
			files[name] = b
			overridden = append(overridden, name)
			fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
			h.Write(b)
		}
	}
	s := &Set{
		text:       texttemplate.New("quizdeck").Option("missingkey=error").Funcs(funcs()),
		html:       htmltemplate.New("quizdeck").Option("missingkey=error").Funcs(funcs()),
		digest:     hex.EncodeToString(h.Sum(nil)),
		overridden: overridden,
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range files {
			if !yield(k) {
				return
			}
		}
	}) {
		src := string(files[name])
		var err error
		if strings.HasSuffix(name, ".html.tmpl") {
			_, err = s.html.New(name).Parse(src)
		} else {
			_, err = s.text.New(name).Parse(src)
		}
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
	}
	if fsys != nil {
		if err := s.checkRanges(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// MaxRange is the largest number a template may range over. With
// MaxOutput it bounds what an override can cost: text/template has no
// time limit, and a range over a huge number that writes nothing would
// otherwise run for hours.
const MaxRange = 10000

// checkRanges rejects a range over a number literal above MaxRange.
func (s *Set) checkRanges() error {
	var trees []*parse.Tree
	for _, t := range s.text.Templates() {
		trees = append(trees, t.Tree)
	}
	for _, t := range s.html.Templates() {
		trees = append(trees, t.Tree)
	}
	for _, tr := range trees {
		if tr == nil || tr.Root == nil {
			continue
		}
		if err := walkRanges(tr, tr.Root); err != nil {
			return err
		}
	}
	return nil
}

func walkRanges(tr *parse.Tree, n parse.Node) error {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := walkRanges(tr, c); err != nil {
				return err
			}
		}
	case *parse.RangeNode:
		if p := n.Pipe; p != nil && len(p.Cmds) == 1 && len(p.Cmds[0].Args) == 1 {
			if num, ok := p.Cmds[0].Args[0].(*parse.NumberNode); ok && num.IsInt && num.Int64 > MaxRange {
				loc, _ := tr.ErrorContext(n)
				return fmt.Errorf("template %s: range over %d; at most %d", loc, num.Int64, MaxRange)
			}
		}
		if err := walkRanges(tr, n.List); err != nil {
			return err
		}
		return walkRanges(tr, n.ElseList)
	case *parse.IfNode:
		if err := walkRanges(tr, n.List); err != nil {
			return err
		}
		return walkRanges(tr, n.ElseList)
	case *parse.WithNode:
		if err := walkRanges(tr, n.List); err != nil {
			return err
		}
		return walkRanges(tr, n.ElseList)
	}
	return nil
}

// Digest identifies the overrides in use, for the manifest's input hash.
func (s *Set) Digest() string { return s.digest }

// MaxOutput bounds what one execution of a template may write: far more
// than any prompt, card or page needs, so an override that loops (a range
// over a huge number) fails instead of filling memory.
const MaxOutput = 1 << 20

// errTooLong is the error of an execution that passed MaxOutput.
var errTooLong = fmt.Errorf("output is over %d bytes", MaxOutput)

// capped is a buffer that refuses to grow past MaxOutput.
type capped struct{ bytes.Buffer }

func (c *capped) Write(p []byte) (int, error) {
	if c.Len()+len(p) > MaxOutput {
		return 0, errTooLong
	}
	return c.Buffer.Write(p)
}

// Text executes the text template name with data.
func (s *Set) Text(name string, data any) (string, error) {
	var b capped
	if err := s.text.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("template %s: %w", name, err)
	}
	return b.String(), nil
}

// HTML executes the HTML template name with data; values are escaped.
func (s *Set) HTML(name string, data any) (string, error) {
	var b capped
	if err := s.html.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("template %s: %w", name, err)
	}
	return b.String(), nil
}

// CardBackTemplate is the HTML template of a basic card's back.
const CardBackTemplate = "card-back"

// CardBack renders q's card back from the card-back template (data .Question
// and .Deck) on one line: raw newlines show as spaces in an Anki HTML field
// anyway, and the CSV files and the package must hold the same Back.
//
// With the built-in HTML templates it runs cardBack, the same template
// written out in Go: html/template spends most of its time in reflection,
// and a 100,000-fact deck renders 160,000 backs. TestCardBackSameBytes and
// FuzzCardBack hold the two to the same bytes.
func (s *Set) CardBack(q *generator.Question, d *generator.Deck) (string, error) {
	var out string
	if s.builtinHTML() {
		var b strings.Builder // its String does not copy
		b.Grow(256 + len(q.Source.Excerpt))
		cardBack(&b, q, d)
		out = b.String()
	} else {
		var err error
		if out, err = s.cardBackTemplate(q, d); err != nil {
			return "", err
		}
	}
	if Blank(out) {
		// Anki drops a note whose field is empty; say so instead.
		return "", fmt.Errorf("template %s: renders an empty card back for %s", CardBackTemplate, q.ID)
	}
	return out, nil
}

// cardBackTemplate renders the card-back template through html/template.
func (s *Set) cardBackTemplate(q *generator.Question, d *generator.Deck) (string, error) {
	out, err := s.HTML(CardBackTemplate, struct {
		Question *generator.Question
		Deck     *generator.Deck
	}{q, d})
	if err != nil {
		return "", err
	}
	if strings.ContainsAny(out, "\r\n") {
		out = strings.ReplaceAll(strings.ReplaceAll(out, "\r", ""), "\n", "")
	}
	return out, nil
}

// cardBack writes templates/card-back.html.tmpl's output for q and d to b.
// Keep the two in step: the tests compare them.
func cardBack(b *strings.Builder, q *generator.Question, d *generator.Deck) {
	b.WriteString("<b>")
	writeEscaped(b, q.Answer)
	b.WriteString("</b>")
	if q.Attribution != "" {
		b.WriteString("<br>")
		writeEscaped(b, q.Attribution)
	}
	if q.Note != "" {
		b.WriteString("<br><i>Note: ")
		writeEscaped(b, q.Note)
		b.WriteString("</i>")
	}
	b.WriteString("<br><small>")
	if d.Source.Author != "" {
		writeEscaped(b, d.Source.Author)
		b.WriteString(", ")
	}
	b.WriteString("“")
	writeEscaped(b, d.Source.Title)
	b.WriteString("”")
	if q.Source.Footnote != 0 {
		b.WriteString(", n. ")
		b.WriteString(strconv.Itoa(q.Source.Footnote))
	}
	b.WriteString(": “")
	writeEscaped(b, q.Source.Excerpt)
	b.WriteString("”")
	for _, c := range q.GroundedBy {
		b.WriteString("; also")
		if c.Footnote != 0 {
			b.WriteString(" n. ")
			b.WriteString(strconv.Itoa(c.Footnote))
		}
		b.WriteString(": “")
		writeEscaped(b, c.Excerpt)
		b.WriteString("”")
	}
	b.WriteString("</small>")
}

// writeEscaped writes s escaped as html/template escapes text in an
// element's content (its htmlReplacementTable): NUL becomes U+FFFD and
// " & ' + < > character references; every other byte stays. Line breaks
// are dropped, as CardBack drops them from the template's output.
func writeEscaped(b *strings.Builder, s string) {
	last := 0 // s[last:i] needs no escaping: written in one piece
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case 0:
			esc = "\uFFFD"
		case '"':
			esc = "&#34;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '+':
			esc = "&#43;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\r', '\n':
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// Blank reports whether rendered text shows nothing: only spaces, or HTML
// tags and spaces (what Anki treats as an empty field).
func Blank(s string) bool {
	for {
		s = strings.TrimSpace(s)
		if s == "" {
			return true
		}
		if s[0] != '<' {
			return strings.TrimSpace(strings.ReplaceAll(s, "&nbsp;", "")) == ""
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return false
		}
		s = s[end+1:]
	}
}

// Has reports whether a text or HTML template called name exists.
func (s *Set) Has(name string) bool {
	return s.text.Lookup(name) != nil || s.html.Lookup(name) != nil
}

// builtinHTML reports whether no HTML template is overridden (any HTML file
// may redefine card-back), so the built-in card back may be rendered by
// cardBack, without reflection.
func (s *Set) builtinHTML() bool {
	return !slices.ContainsFunc(s.overridden, func(f string) bool { return strings.HasSuffix(f, ".html.tmpl") })
}

// Overridden reports whether the built-in template file name (such as
// "prompts.txt.tmpl") was replaced by a user's file.
func (s *Set) Overridden(file string) bool { return slices.Contains(s.overridden, file) }

// Names lists the built-in template files, for `quizdeck templates export`.
func Names() []string {
	names, _ := fs.Glob(templates.FS, "*.tmpl")
	return names
}

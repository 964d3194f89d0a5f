package moodlexml_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/lms"
	"github.com/quizdeck/quizdeck/generator/lms/internal/lmstest"
	"github.com/quizdeck/quizdeck/generator/lms/moodlexml"
	"github.com/quizdeck/quizdeck/generator/quiz"
)

func jobs(t *testing.T) map[string]*generator.Job { return lmstest.Jobs(t, generator.FormatMoodleXML) }

func encode(t *testing.T, job *generator.Job) []byte { return lmstest.Encode(t, job, moodlexml.Encode) }

func TestGolden(t *testing.T) {
	for name, job := range jobs(t) {
		t.Run(name, func(t *testing.T) {
			got := encode(t, job)
			golden.Check(t, filepath.Join("testdata", name+".moodle.xml.golden"), got)
			if staged := lmstest.Staged(t, moodlexml.New(lmstest.Templates(t)), job, "moodle.xml"); !bytes.Equal(staged, got) {
				t.Errorf("staged file differs from Encode")
			}
		})
	}
}

// The Moodle XML elements the importer reads (question/format/xml/format.php).
type text struct {
	Format string `xml:"format,attr"`
	Text   string `xml:"text"`
}

type question struct {
	Type            string `xml:"type,attr"`
	Category        string `xml:"category>text"`
	Name            string `xml:"name>text"`
	QuestionText    text   `xml:"questiontext"`
	GeneralFeedback text   `xml:"generalfeedback"`
	DefaultGrade    string `xml:"defaultgrade"`
	IDNumber        string `xml:"idnumber"`
	Single          string `xml:"single"`
	Answers         []struct {
		Fraction string `xml:"fraction,attr"`
		Text     string `xml:"text"`
	} `xml:"answer"`
	Subquestions []struct {
		Text   string `xml:"text"`
		Answer string `xml:"answer>text"`
	} `xml:"subquestion"`
	Tags []string `xml:"tags>tag>text"`
}

type file struct {
	XMLName   xml.Name   `xml:"quiz"`
	Questions []question `xml:"question"`
}

// fractions are Moodle's grade options (question_bank::fraction_options_full)
// in percent: the importer refuses an answer whose fraction is none of them.
var fractions = []float64{100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
	14.28571, 12.5, 11.11111, 10, 5, 0}

// checkRules applies the checks Moodle's importer and question types make
// on import, returning every problem.
func checkRules(f *file) []string {
	var errs []string
	bad := func(q *question, format string, args ...any) {
		errs = append(errs, q.Name+": "+fmt.Sprintf(format, args...))
	}
	category := ""
	seen := map[string]bool{} // category + idnumber
	for i := range f.Questions {
		q := &f.Questions[i]
		if q.Type == "category" {
			category = strings.TrimSpace(q.Category)
			if !strings.HasPrefix(category, "$course$/top/") {
				bad(q, "category %q is not under the course's top category", category)
			}
			continue
		}
		if category == "" {
			bad(q, "comes before any category")
		}
		name := strings.TrimSpace(q.Name)
		if name == "" || utf8.RuneCountInString(name) > 255 {
			bad(q, "name is empty or over 255 characters")
		}
		if strings.TrimSpace(q.QuestionText.Text) == "" || q.QuestionText.Format != "html" {
			bad(q, "question text empty or not html")
		}
		if id := strings.TrimSpace(q.IDNumber); id == "" || len(id) > 100 || seen[category+"\x00"+id] {
			bad(q, "idnumber %q empty, over 100 characters or repeated in its category", id)
		} else {
			seen[category+"\x00"+id] = true
		}
		if g, err := strconv.ParseFloat(q.DefaultGrade, 64); err != nil || g <= 0 {
			bad(q, "defaultgrade %q", q.DefaultGrade)
		}
		switch q.Type {
		case "multichoice":
			if q.Single != "true" {
				bad(q, "single is %q, want true", q.Single)
			}
			if len(q.Answers) < 2 {
				bad(q, "%d answers; Moodle needs at least 2", len(q.Answers))
			}
			full := 0
			texts := map[string]bool{}
			for _, a := range q.Answers {
				fr, err := strconv.ParseFloat(a.Fraction, 64)
				if err != nil || !slices.Contains(fractions, fr) {
					bad(q, "fraction %q is not a Moodle grade option", a.Fraction)
				}
				if fr == 100 {
					full++
				} else if fr != 0 {
					bad(q, "fraction %q: a single-answer question's answers are right or wrong", a.Fraction)
				}
				t := strings.TrimSpace(a.Text)
				if t == "" || texts[t] {
					bad(q, "answer %q empty or repeated", t)
				}
				texts[t] = true
			}
			if full != 1 {
				bad(q, "%d answers at fraction 100, want exactly 1", full)
			}
		case "shortanswer":
			if len(q.Answers) == 0 || q.Answers[0].Fraction != "100" || strings.TrimSpace(q.Answers[0].Text) == "" {
				bad(q, "short answer needs an answer at fraction 100")
			}
		case "matching":
			withQ, all := 0, 0
			for _, s := range q.Subquestions {
				qt, at := strings.TrimSpace(s.Text), strings.TrimSpace(s.Answer)
				if qt != "" {
					withQ++
				}
				if qt != "" || at != "" {
					all++
				}
				if qt != "" && at == "" {
					bad(q, "row %q has no answer", qt)
				}
			}
			if withQ < 2 || all < 3 {
				bad(q, "%d rows with a question, %d in all; Moodle needs 2 and 3", withQ, all)
			}
		default:
			bad(q, "type %q", q.Type)
		}
	}
	return errs
}

// TestImportRules parses both jobs' XML, applies the importer's rules and
// checks every question round-trips: names, ids, text (HTML-escaped exactly
// once), answers and which is right, points, tags and feedback.
func TestImportRules(t *testing.T) {
	for name, job := range jobs(t) {
		t.Run(name, func(t *testing.T) {
			var f file
			if err := xml.Unmarshal(encode(t, job), &f); err != nil {
				t.Fatal(err)
			}
			for _, e := range checkRules(&f) {
				t.Error(e)
			}
			var got []question
			for _, q := range f.Questions {
				if q.Type != "category" {
					got = append(got, q)
				}
			}
			if d := cmp.Diff(want(t, job), got); d != "" {
				t.Errorf("read back (-want +got):\n%s", d)
			}
		})
	}
}

// TestRulesCatch feeds the rule checker broken questions, so a pass means something.
func TestRulesCatch(t *testing.T) {
	var f file
	if err := xml.Unmarshal(encode(t, lmstest.HostileJob(lmstest.Build("midterm"))), &f); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		mutate func(f *file)
	}{
		{"two right answers", func(f *file) {
			for i := range f.Questions {
				if f.Questions[i].Type == "multichoice" {
					f.Questions[i].Answers[0].Fraction, f.Questions[i].Answers[1].Fraction = "100", "100"
					return
				}
			}
		}},
		{"odd fraction", func(f *file) {
			for i := range f.Questions {
				if f.Questions[i].Type == "multichoice" {
					f.Questions[i].Answers[0].Fraction = "42"
					return
				}
			}
		}},
		{"two matching rows", func(f *file) {
			for i := range f.Questions {
				if f.Questions[i].Type == "matching" {
					f.Questions[i].Subquestions = f.Questions[i].Subquestions[:2]
					return
				}
			}
		}},
		{"repeated idnumber", func(f *file) {
			f.Questions = append(f.Questions, f.Questions[len(f.Questions)-1])
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := file{Questions: slices.Clone(f.Questions)}
			for i := range g.Questions {
				g.Questions[i].Answers = slices.Clone(g.Questions[i].Answers)
			}
			tc.mutate(&g)
			if errs := checkRules(&g); len(errs) == 0 {
				t.Error("no problem found")
			}
		})
	}
}

func want(t *testing.T, job *generator.Job) []question {
	e, err := lms.New(job, lmstest.Templates(t))
	if err != nil {
		t.Fatal(err)
	}
	h := func(s string) string {
		got := lms.HTML(s)
		if html.UnescapeString(got) != strings.ReplaceAll(s, "\n", "<br>") {
			t.Fatalf("HTML(%q) does not unescape to itself", s)
		}
		return got
	}
	type answer = struct {
		Fraction string `xml:"fraction,attr"`
		Text     string `xml:"text"`
	}
	var out []question
	matching := func() {
		q := question{Type: "matching", Name: e.MatchingID(), IDNumber: e.MatchingID(),
			QuestionText: text{"html", h(e.MatchingPrompt())}, GeneralFeedback: text{"html", h(e.MatchingFeedback())},
			DefaultGrade: strconv.Itoa(e.MatchingPoints())}
		used := map[int]bool{}
		for _, it := range e.Matching.Items {
			used[it.Correct] = true
			q.Subquestions = append(q.Subquestions, struct {
				Text   string `xml:"text"`
				Answer string `xml:"answer>text"`
			}{h(it.Stem()), e.Matching.Choices[it.Correct]})
		}
		for i, c := range e.Matching.Choices {
			if !used[i] {
				q.Subquestions = append(q.Subquestions, struct {
					Text   string `xml:"text"`
					Answer string `xml:"answer>text"`
				}{"", c})
			}
		}
		out = append(out, q)
	}
	for i, it := range e.Items {
		if e.Matching != nil && i == e.MatchingAt {
			matching()
		}
		qq := it.Question
		q := question{Name: qq.ID, IDNumber: qq.ID, QuestionText: text{"html", h(qq.Prompt)},
			GeneralFeedback: text{"html", h(e.Feedback(&qq))}, DefaultGrade: strconv.Itoa(it.Points), Tags: qq.Tags}
		if it.Kind == quiz.ShortAnswer {
			q.Type = "shortanswer"
			q.Answers = []answer{{"100", qq.Answer}}
		} else {
			q.Type = "multichoice"
			q.Single = "true"
			for j, o := range it.Options {
				fr := "0"
				if j == it.Correct {
					fr = "100"
				}
				q.Answers = append(q.Answers, answer{fr, h(o)})
			}
		}
		out = append(out, q)
	}
	if e.Matching != nil && e.MatchingAt == len(e.Items) {
		matching()
	}
	return out
}

// FuzzEncode writes a question with arbitrary text and checks the file
// stays well-formed and every text reads back escaped exactly once.
func FuzzEncode(f *testing.F) {
	lmstest.FuzzExport(f, func(t *testing.T, job *generator.Job, e *lms.Export) {
		prompt := job.Questions[0].Prompt
		var buf bytes.Buffer
		if err := moodlexml.Encode(&buf, e); err != nil {
			return
		}
		var got file
		if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, buf.Bytes())
		}
		if errs := checkRules(&got); len(errs) > 0 {
			t.Fatalf("rules: %v", errs)
		}
		for _, q := range got.Questions {
			if q.Name == job.Questions[0].ID && q.QuestionText.Text != lms.HTML(prompt) {
				t.Fatalf("prompt reads %q, want %q", q.QuestionText.Text, lms.HTML(prompt))
			}
		}
	})
}

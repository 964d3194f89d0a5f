package gift_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/internal/testtool"
	"github.com/quizdeck/quizdeck/generator/lms"
	"github.com/quizdeck/quizdeck/generator/lms/gift"
	"github.com/quizdeck/quizdeck/generator/lms/internal/lmstest"
	"github.com/quizdeck/quizdeck/generator/quiz"
)

func jobs(t *testing.T) map[string]*generator.Job { return lmstest.Jobs(t, generator.FormatGIFT) }

func encode(t *testing.T, job *generator.Job) []byte { return lmstest.Encode(t, job, gift.Encode) }

// TestGolden pins the bytes of both jobs' GIFT, and checks Write stages
// the same bytes under the build's folder.
func TestGolden(t *testing.T) {
	for name, job := range jobs(t) {
		t.Run(name, func(t *testing.T) {
			got := encode(t, job)
			golden.Check(t, filepath.Join("testdata", name+".gift.golden"), got)
			if staged := lmstest.Staged(t, gift.New(lmstest.Templates(t)), job, "gift.txt"); !bytes.Equal(staged, got) {
				t.Errorf("staged file differs from Encode")
			}
		})
	}
}

// PegDirEnv names the folder holding node_modules/gift-pegjs; CI runs
// npm install --prefix "$dir" gift-pegjs@1.0.2 and sets it.
const PegDirEnv = "QUIZDECK_GIFT_PEGJS_DIR"

type richText struct {
	Format string `json:"format"`
	Text   string `json:"text"`
}

type parsed struct {
	Type    string    `json:"type"`
	Title   string    `json:"title"`
	ID      *string   `json:"id"`
	Tags    []string  `json:"tags"`
	Stem    richText  `json:"stem"`
	Global  *richText `json:"globalFeedback"`
	Choices []struct {
		IsCorrect bool     `json:"isCorrect"`
		Text      richText `json:"text"`
	} `json:"choices"`
	MatchPairs []struct {
		Subquestion richText `json:"subquestion"`
		Subanswer   string   `json:"subanswer"`
	} `json:"matchPairs"`
}

// placeholders undoes what gift-pegjs 1.0.2 leaves in a matching
// answer: Moodle's importer (question/format/gift/format.php) swaps each
// escape for a placeholder before it splits a question and back after
// (escapedchar_post); gift-pegjs does the first step for matching answers
// but not the second.
var placeholders = strings.NewReplacer("&&058;", ":", "&&035;", "#", "&&061;", "=", "&&123;", "{", "&&125;", "}", "&&126;", "~", "&&010", "\n")

// summary is one question as both sides see it, for comparison.
type summary struct {
	Type, Title, ID, Stem, Feedback string
	Tags                            []string
	Answers                         []string // "=text" right, "~text" wrong, "q -> a" matching
}

// TestGiftPegjs parses both jobs' GIFT with gift-pegjs, a GIFT parser no
// one here wrote, and checks every question round-trips: title, id, tags,
// stem, answers and which is right, and general feedback.
func TestGiftPegjs(t *testing.T) {
	node := testtool.Require(t, "node")
	dir := os.Getenv(PegDirEnv)
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "gift-pegjs", "package.json")); dir == "" || err != nil {
		msg := "gift-pegjs is not installed: set " + PegDirEnv + " to a folder where `npm install --prefix DIR gift-pegjs@1.0.2` ran"
		if os.Getenv("CI") != "" {
			t.Fatalf("%s (required under CI)", msg)
		}
		t.Skip("skipping: " + msg)
	}
	for name, job := range jobs(t) {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "q.gift.txt")
			if err := os.WriteFile(file, encode(t, job), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(node, filepath.Join("testdata", "parse.js"), dir, file)
			cmd.Stderr = os.Stderr
			b, err := cmd.Output()
			if err != nil {
				t.Fatalf("gift-pegjs: %v", err)
			}
			var qs []parsed
			if err := json.Unmarshal(b, &qs); err != nil {
				t.Fatal(err)
			}
			var got []summary
			for _, q := range qs {
				if q.Type == "Category" {
					continue
				}
				s := summary{Type: q.Type, Title: q.Title, Tags: q.Tags, Stem: q.Stem.Format + ":" + q.Stem.Text}
				if q.ID != nil {
					s.ID = *q.ID
				}
				if q.Global != nil {
					s.Feedback = q.Global.Format + ":" + q.Global.Text
				}
				for _, c := range q.Choices {
					mark := "~"
					if c.IsCorrect {
						mark = "="
					}
					s.Answers = append(s.Answers, mark+c.Text.Text)
				}
				for _, p := range q.MatchPairs {
					s.Answers = append(s.Answers, p.Subquestion.Text+" -> "+placeholders.Replace(p.Subanswer))
				}
				got = append(got, s)
			}
			if d := cmp.Diff(want(t, job), got); d != "" {
				t.Errorf("gift-pegjs read (-want +got):\n%s", d)
			}
		})
	}
}

// want is what a GIFT reader must see: text HTML-escaped exactly once
// (never twice), plain answers as they are.
func want(t *testing.T, job *generator.Job) []summary {
	e, err := lms.New(job, lmstest.Templates(t))
	if err != nil {
		t.Fatal(err)
	}
	h := func(s string) string {
		s = lms.HTML(s)
		if strings.HasPrefix(s, "%") {
			s = "&#37;" + s[1:]
		}
		if strings.HasPrefix(s, "[") {
			s = "&#91;" + s[1:]
		}
		return s
	}
	var out []summary
	matching := func() {
		s := summary{Type: "Matching", Title: e.MatchingID(), ID: e.MatchingID(), Stem: "html:" + h(e.MatchingPrompt()),
			Feedback: "html:" + h(e.MatchingFeedback())}
		used := map[int]bool{}
		for _, it := range e.Matching.Items {
			used[it.Correct] = true
			s.Answers = append(s.Answers, h(it.Stem())+" -> "+e.Matching.Choices[it.Correct])
		}
		for i, c := range e.Matching.Choices {
			if !used[i] {
				s.Answers = append(s.Answers, " -> "+c)
			}
		}
		out = append(out, s)
	}
	for i, it := range e.Items {
		if e.Matching != nil && i == e.MatchingAt {
			matching()
		}
		q := it.Question
		s := summary{Title: q.ID, ID: q.ID, Tags: q.Tags, Stem: "html:" + h(q.Prompt), Feedback: "html:" + h(e.Feedback(&q))}
		if len(s.Tags) == 0 {
			s.Tags = nil
		}
		if it.Kind == quiz.ShortAnswer {
			s.Type = "Short"
			s.Answers = []string{"=" + q.Answer}
		} else {
			s.Type = "MC"
			for j, o := range it.Options {
				mark := "~"
				if j == it.Correct {
					mark = "="
				}
				s.Answers = append(s.Answers, mark+h(o))
			}
		}
		out = append(out, s)
	}
	if e.Matching != nil && e.MatchingAt == len(e.Items) {
		matching()
	}
	return out
}

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{`~=#{}:\`, `\~\=\#\{\}\:\\`},
		{"two\nlines", `two\nlines`},
		{"Ünïcödé — ok", "Ünïcödé — ok"},
	} {
		if got := gift.Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzEscape checks that escaped text holds no unescaped special
// character and no line break, and that undoing the escapes gives it back.
func FuzzEscape(f *testing.F) {
	for _, s := range lmstest.Hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.ReplaceAll(s, "\r", "")
		e := gift.Escape(s)
		if strings.ContainsAny(e, "\n\r") {
			t.Fatalf("Escape(%q) = %q spans lines", s, e)
		}
		var b strings.Builder
		for i := 0; i < len(e); i++ {
			c := e[i]
			if strings.IndexByte("~=#{}:", c) >= 0 {
				t.Fatalf("Escape(%q) = %q: unescaped %q", s, e, c)
			}
			if c == '\\' {
				i++
				if e[i] == 'n' {
					b.WriteByte('\n')
					continue
				}
				c = e[i]
			}
			b.WriteByte(c)
		}
		if b.String() != s {
			t.Fatalf("unescape(Escape(%q)) = %q", s, b.String())
		}
	})
}

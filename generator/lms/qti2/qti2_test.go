package qti2_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/lms"
	"github.com/quizdeck/quizdeck/generator/lms/internal/lmstest"
	"github.com/quizdeck/quizdeck/generator/lms/qti2"
	"github.com/quizdeck/quizdeck/generator/quiz"
)

type tcase struct {
	name string
	job  *generator.Job
}

func cases(t *testing.T) []tcase {
	b := lmstest.Build("midterm")
	g := b
	g.Quiz.LMSGroups = lms.GroupPassage
	// The hostile bank also asks for passage groups (xmllint takes 4–20 s a
	// package on a busy machine, so the cases are few).
	return []tcase{{"default", lmstest.DefaultJob(t, b)}, {"hostile", lmstest.HostileJob(g)}}
}

// write runs the format through an Output, as a build does, and returns the zip.
func write(t *testing.T, f generator.Format, job *generator.Job) []byte {
	return lmstest.Staged(t, f, job, f.Name()+".zip")
}

// TestPackage writes each version's package for the default deck and the
// hostile bank, pins its files with a golden, checks two writes give the
// same bytes, reads every item back, and validates every item and test
// against the IMS QTI schema and every manifest against the IMS content
// packaging schema: one xmllint call per version for all its packages,
// since loading the schema is most of xmllint's time.
func TestPackage(t *testing.T) {
	for _, f := range qti2.New(lmstest.Templates(t)) {
		v := f.(qti2.Format).V
		t.Run(v.Format, func(t *testing.T) {
			var qti, manifests []string
			for _, tc := range cases(t) {
				data := write(t, f, tc.job)
				if again := write(t, f, tc.job); !bytes.Equal(data, again) {
					t.Errorf("%s: two writes of the same job differ", tc.name)
				}
				golden.Check(t, filepath.Join("testdata", tc.name+"."+v.Format+".golden"), lmstest.ZipDump(t, data))
				dir, names := lmstest.Unzip(t, data)
				if names[0] != "imsmanifest.xml" || names[1] != "assessmentTest.xml" {
					t.Errorf("%s: entries start %q, want imsmanifest.xml, assessmentTest.xml", tc.name, names[:2])
				}
				manifests = append(manifests, filepath.Join(dir, "imsmanifest.xml"))
				for _, n := range names[1:] {
					qti = append(qti, filepath.Join(dir, filepath.FromSlash(n)))
				}
				checkItems(t, tc.job, dir)
			}
			schemas := lmstest.Schemas(t) // after the goldens, which need no schema
			xsd := filepath.Join(schemas, "qtiv2p"+v.Format[4:], "imsqti_v2p"+v.Format[4:]+".xsd")
			lmstest.Xmllint(t, append([]string{"--schema", xsd}, qti...)...)
			lmstest.Xmllint(t, append([]string{"--schema", filepath.Join(schemas, "imscp_v1p1.xsd")}, manifests...)...)
		})
	}
}

type item struct {
	Identifier string   `xml:"identifier,attr"`
	Title      string   `xml:"title,attr"`
	Correct    []string `xml:"responseDeclaration>correctResponse>value"`
	Mapping    []struct {
		Key   string `xml:"mapKey,attr"`
		Value string `xml:"mappedValue,attr"`
	} `xml:"responseDeclaration>mapping>mapEntry"`
	MaxScore string `xml:"outcomeDeclaration>defaultValue>value"`
	Choice   *struct {
		Prompt  string `xml:"prompt"`
		Choices []struct {
			ID   string `xml:"identifier,attr"`
			Text string `xml:",chardata"`
		} `xml:"simpleChoice"`
	} `xml:"itemBody>choiceInteraction"`
	Text  []string `xml:"itemBody>p"`
	Match *struct {
		Prompt string `xml:"prompt"`
		Sets   []struct {
			Choices []struct {
				ID   string `xml:"identifier,attr"`
				Text string `xml:",chardata"`
			} `xml:"simpleAssociableChoice"`
		} `xml:"simpleMatchSet"`
	} `xml:"itemBody>matchInteraction"`
	Feedback string `xml:"modalFeedback"`
}

// checkItems reads every item back and checks what a player shows and
// scores: prompt, options, the right option, points and feedback.
func checkItems(t *testing.T, job *generator.Job, dir string) {
	t.Helper()
	e, err := lms.New(job, lmstest.Templates(t))
	if err != nil {
		t.Fatal(err)
	}
	read := func(id string) item {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, "items", lms.Ident("Q_", id)+".xml"))
		if err != nil {
			t.Fatal(err)
		}
		var it item
		if err := xml.Unmarshal(b, &it); err != nil {
			t.Fatal(err)
		}
		return it
	}
	pts := strconv.Itoa(e.Points)
	for _, it := range e.Items {
		q := it.Question
		got := read(q.ID)
		if got.Title != q.ID || got.MaxScore != "0" && got.MaxScore != pts {
			t.Errorf("%s: title %q, want the id", q.ID, got.Title)
		}
		if got.Feedback != e.Feedback(&q) {
			t.Errorf("%s: feedback %q, want %q", q.ID, got.Feedback, e.Feedback(&q))
		}
		switch it.Kind {
		case quiz.MultipleChoice:
			if got.Choice == nil || got.Choice.Prompt != q.Prompt || len(got.Choice.Choices) != len(it.Options) {
				t.Fatalf("%s: choice interaction %+v", q.ID, got.Choice)
			}
			for j, c := range got.Choice.Choices {
				if c.Text != it.Options[j] {
					t.Errorf("%s: option %d reads %q, want %q", q.ID, j, c.Text, it.Options[j])
				}
				if right := len(got.Correct) == 1 && got.Correct[0] == c.ID; right != (j == it.Correct) {
					t.Errorf("%s: option %q right = %v", q.ID, c.Text, right)
				}
			}
		case quiz.ShortAnswer:
			if d := cmp.Diff([]string{q.Prompt, ""}, got.Text); d != "" || len(got.Correct) != 1 || got.Correct[0] != q.Answer ||
				len(got.Mapping) != 1 || got.Mapping[0].Key != q.Answer || got.Mapping[0].Value != pts {
				t.Errorf("%s: short answer reads %q, correct %q, mapping %+v", q.ID, got.Text, got.Correct, got.Mapping)
			}
		}
	}
	if e.Matching == nil {
		return
	}
	got := read(e.MatchingID())
	if got.Match == nil || len(got.Match.Sets) != 2 {
		t.Fatalf("matching: %+v", got.Match)
	}
	stems, choices := got.Match.Sets[0].Choices, got.Match.Sets[1].Choices
	var want, have []string
	for i, it := range e.Matching.Items {
		want = append(want, it.Stem()+" -> "+e.Matching.Choices[it.Correct])
		if i < len(stems) {
			for _, c := range choices {
				if slices(got.Correct, stems[i].ID+" "+c.ID) {
					have = append(have, stems[i].Text+" -> "+c.Text)
				}
			}
		}
	}
	if d := cmp.Diff(want, have); d != "" {
		t.Errorf("matching pairs (-want +got):\n%s", d)
	}
	if len(choices) != len(e.Matching.Choices) || got.Feedback != strings.ReplaceAll(e.MatchingFeedback(), "\n", "") {
		// (the <br/> between the lines is markup, not character data)
		t.Errorf("matching: %d choices, feedback %q", len(choices), got.Feedback)
	}
}

func slices(s []string, v string) bool {
	for _, x := range s {
		if strings.TrimSpace(x) == v {
			return true
		}
	}
	return false
}

// FuzzPackage writes a question with arbitrary text and checks every file
// stays well-formed and every item reads back as written.
func FuzzPackage(f *testing.F) {
	lmstest.FuzzExport(f, func(t *testing.T, job *generator.Job, e *lms.Export) {
		entries, err := qti2.V21.Package(context.Background(), e)
		if err != nil {
			return
		}
		dir := t.TempDir()
		for _, en := range entries {
			if err := xml.Unmarshal(en.Data, new(struct{})); err != nil {
				t.Fatalf("%s: not well-formed: %v", en.Name, err)
			}
			p := filepath.Join(dir, filepath.FromSlash(en.Name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, en.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		checkItems(t, job, dir)
	})
}

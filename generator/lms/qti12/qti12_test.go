package qti12_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/lms"
	"github.com/quizdeck/quizdeck/generator/lms/internal/lmstest"
	"github.com/quizdeck/quizdeck/generator/lms/qti12"
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
	return []tcase{{"default", lmstest.DefaultJob(t, b)}, {"hostile", lmstest.HostileJob(b)}, {"hostile-passages", lmstest.HostileJob(g)}}
}

func write(t *testing.T, job *generator.Job) []byte {
	return lmstest.Staged(t, qti12.New(lmstest.Templates(t)), job, "canvas-qti.zip")
}

// namespaces are the attributes the QTI 1.2 DTD predates (it knows no
// XML namespaces), removed from the copy xmllint checks, as the
// validators' README says.
var namespaces = regexp.MustCompile(` (xmlns(:\w+)?|xsi:schemaLocation)="[^"]*"`)

// canvasExtension is Canvas's points_per_item in a question group's
// selection: Canvas needs it for the group's points, and the 1.2 DTD has
// no selection_extension. It is the only thing removed besides namespaces.
var canvasExtension = regexp.MustCompile(`\s*<selection_extension><points_per_item>[0-9.]+</points_per_item></selection_extension>`)

// TestPackage writes the Canvas package of the default deck and the
// hostile bank (with and without passage groups), pins its files with a
// golden, checks two writes give the same bytes, validates the assessment
// against the QTI 1.2 DTD and reads every item back.
func TestPackage(t *testing.T) {
	var files []string
	for _, tc := range cases(t) {
		data := write(t, tc.job)
		if !bytes.Equal(data, write(t, tc.job)) {
			t.Errorf("%s: two writes of the same job differ", tc.name)
		}
		golden.Check(t, filepath.Join("testdata", tc.name+".canvas-qti.golden"), lmstest.ZipDump(t, data))
		dir, names := lmstest.Unzip(t, data)
		if len(names) != 3 || names[0] != "imsmanifest.xml" || !strings.HasSuffix(names[2], "/assessment_meta.xml") {
			t.Fatalf("%s: entries %q", tc.name, names)
		}
		src, err := os.ReadFile(filepath.Join(dir, names[1]))
		if err != nil {
			t.Fatal(err)
		}
		checkItems(t, tc.name, tc.job, src)
		bare := namespaces.ReplaceAll(src, nil)
		if tc.job.Build.Quiz.LMSGroups != "" {
			if !canvasExtension.Match(bare) {
				t.Errorf("%s: groups asked for but no points_per_item written", tc.name)
			}
			bare = canvasExtension.ReplaceAll(bare, nil)
		}
		f := filepath.Join(t.TempDir(), tc.name+".xml")
		if err := os.WriteFile(f, bare, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		var m struct {
			Points string `xml:"points_possible"`
		}
		metaB, _ := os.ReadFile(filepath.Join(dir, names[2]))
		if err := xml.Unmarshal(metaB, &m); err != nil {
			t.Fatal(err)
		}
		e, _ := lms.New(tc.job, lmstest.Templates(t))
		if m.Points != strconv.Itoa(e.Total())+".0" {
			t.Errorf("%s: assessment_meta points_possible %s, want %d", tc.name, m.Points, e.Total())
		}
	}
	dtd := filepath.Join(lmstest.Schemas(t), "qti12", "ims_qtiasiv1p2p1.dtd") // after the goldens, which need no DTD
	lmstest.Xmllint(t, append([]string{"--dtdvalid", dtd}, files...)...)
}

type mattext struct {
	Type string `xml:"texttype,attr"`
	Text string `xml:",chardata"`
}

type field struct {
	Label string `xml:"fieldlabel"`
	Entry string `xml:"fieldentry"`
}

type item struct {
	Ident  string  `xml:"ident,attr"`
	Title  string  `xml:"title,attr"`
	Meta   []field `xml:"itemmetadata>qtimetadata>qtimetadatafield"`
	Prompt mattext `xml:"presentation>material>mattext"`
	Lids   []struct {
		Ident  string  `xml:"ident,attr"`
		Stem   mattext `xml:"material>mattext"`
		Labels []struct {
			Ident string  `xml:"ident,attr"`
			Text  mattext `xml:"material>mattext"`
		} `xml:"render_choice>response_label"`
	} `xml:"presentation>response_lid"`
	Str   *struct{} `xml:"presentation>response_str"`
	Conds []struct {
		Var []struct {
			Resp  string `xml:"respident,attr"`
			Value string `xml:",chardata"`
		} `xml:"conditionvar>varequal"`
		Set string `xml:"setvar"`
	} `xml:"resprocessing>respcondition"`
	Feedback mattext `xml:"itemfeedback>flow_mat>material>mattext"`
}

// checkItems reads the assessment back and checks what Canvas shows and
// scores: type, points, prompt and options (HTML-escaped exactly once), the
// right option, matching pairs and feedback.
func checkItems(t *testing.T, name string, job *generator.Job, src []byte) {
	t.Helper()
	var doc struct {
		Items []item `xml:"assessment>section>item"`
		Group []struct {
			Items []item `xml:"item"`
		} `xml:"assessment>section>section"`
	}
	if err := xml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]item{}
	for _, it := range doc.Items {
		byTitle[it.Title] = it
	}
	for _, g := range doc.Group {
		for _, it := range g.Items {
			byTitle[it.Title] = it
		}
	}
	e, err := lms.New(job, lmstest.Templates(t))
	if err != nil {
		t.Fatal(err)
	}
	once := func(m mattext, want string) {
		t.Helper()
		if m.Type != "text/html" || html.UnescapeString(m.Text) != strings.ReplaceAll(want, "\n", "<br>") || m.Text != lms.HTML(want) {
			t.Errorf("%s: text %q (%s), want %q escaped once", name, m.Text, m.Type, want)
		}
	}
	meta := func(it item, typ string, pts int) {
		t.Helper()
		got := map[string]string{}
		for _, f := range it.Meta {
			got[f.Label] = f.Entry
		}
		if got["question_type"] != typ || got["points_possible"] != strconv.Itoa(pts)+".0" {
			t.Errorf("%s: %s: metadata %v, want %s worth %d", name, it.Title, got, typ, pts)
		}
	}
	if n := len(byTitle); n != e.Questions() {
		t.Errorf("%s: %d items, want %d", name, n, e.Questions())
	}
	for _, want := range e.Items {
		q := want.Question
		got, ok := byTitle[q.ID]
		if !ok {
			t.Errorf("%s: no item %s", name, q.ID)
			continue
		}
		once(got.Prompt, q.Prompt)
		once(got.Feedback, e.Feedback(&q))
		right := ""
		for _, c := range got.Conds {
			if c.Set == "100" && len(c.Var) == 1 {
				right = c.Var[0].Value
			}
		}
		switch want.Kind {
		case quiz.MultipleChoice:
			meta(got, "multiple_choice_question", want.Points)
			if len(got.Lids) != 1 || len(got.Lids[0].Labels) != len(want.Options) {
				t.Fatalf("%s: %s: %d choice lists", name, q.ID, len(got.Lids))
			}
			for j, l := range got.Lids[0].Labels {
				once(l.Text, want.Options[j])
				if (l.Ident == right) != (j == want.Correct) {
					t.Errorf("%s: %s: option %q right = %v", name, q.ID, want.Options[j], l.Ident == right)
				}
			}
		case quiz.ShortAnswer:
			meta(got, "short_answer_question", want.Points)
			if got.Str == nil || right != q.Answer {
				t.Errorf("%s: %s: short answer accepts %q, want %q", name, q.ID, right, q.Answer)
			}
		}
	}
	if e.Matching == nil {
		return
	}
	got := byTitle[e.MatchingID()]
	meta(got, "matching_question", e.MatchingPoints())
	var wantPairs, gotPairs []string
	for _, it := range e.Matching.Items {
		wantPairs = append(wantPairs, it.Stem()+" -> "+e.Matching.Choices[it.Correct])
	}
	for _, lid := range got.Lids {
		for _, c := range got.Conds {
			if len(c.Var) == 1 && c.Var[0].Resp == lid.Ident && c.Set != "" {
				for _, l := range lid.Labels {
					if l.Ident == c.Var[0].Value {
						gotPairs = append(gotPairs, lid.Stem.Text+" -> "+l.Text.Text)
					}
				}
			}
		}
		if len(lid.Labels) != len(e.Matching.Choices) {
			t.Errorf("%s: matching row offers %d choices, want %d", name, len(lid.Labels), len(e.Matching.Choices))
		}
	}
	if d := cmp.Diff(wantPairs, gotPairs); d != "" {
		t.Errorf("%s: matching pairs (-want +got):\n%s", name, d)
	}
}

// FuzzPackage writes a question with arbitrary text and checks the
// assessment stays well-formed and its text reads back escaped once.
func FuzzPackage(f *testing.F) {
	lmstest.FuzzExport(f, func(t *testing.T, job *generator.Job, e *lms.Export) {
		entries, err := qti12.Package(context.Background(), e, job.Epoch)
		if err != nil {
			return
		}
		for _, en := range entries {
			if err := xml.Unmarshal(en.Data, new(struct{})); err != nil {
				t.Fatalf("%s: not well-formed: %v", en.Name, err)
			}
		}
		checkItems(t, "fuzz", job, entries[1].Data)
	})
}

package pdfquiz

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grade"
	"github.com/quizdeck/quizdeck/generator/grade/simclass"
	"github.com/quizdeck/quizdeck/generator/internal/testtool"
	"github.com/quizdeck/quizdeck/generator/quiz"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/templates"
)

// gradedClass plans the test quiz (multiple choice, matching and short
// answer), simulates a class with the three planted faults and grades it.
func gradedClass(t *testing.T, students int) *grade.Result {
	t.Helper()
	job := testJob(t, testBank(), quizBuild())
	plan, err := quiz.New(job)
	if err != nil {
		t.Fatal(err)
	}
	var m generator.Manifest
	for _, v := range plan.Versions {
		m.Quizzes = append(m.Quizzes, v.Entry("midterm", "midterm/quiz-"+v.Letter+".pdf", ""))
	}
	k, err := grade.FromManifest(&m, "")
	if err != nil {
		t.Fatal(err)
	}
	k.Describe(testBank())
	model := simclass.DefaultModel()
	model.Students = students
	var mc []int
	for i, it := range k.Items {
		if it.Section == grade.MultipleChoice && len(mc) < 3 {
			mc = append(mc, i)
		}
	}
	model.Miskey, model.Dead, model.Ambiguous = mc[0], mc[1], mc[2]
	c, err := simclass.Simulate(k, model)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	resp, err := grade.ParseResponses(&buf, "responses.csv", k)
	if err != nil {
		t.Fatal(err)
	}
	res, err := grade.Grade(context.Background(), k, resp)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestReportLayout checks the report as structure: the figures, the item
// table in Ranked order, one section per flagged item with its prompt,
// every option and the source, and page footers; then the model as a golden.
func TestReportLayout(t *testing.T) {
	res := gradedClass(t, 300)
	d, err := ReportLayout(testTemplates(t), res, ReportOptions{Paper: "a4", Epoch: time.Unix(generator.DefaultEpoch, 0).UTC()})
	if err != nil {
		t.Fatal(err)
	}
	texts := d.Texts()
	at := func(s string, from int) int {
		for i := from; i < len(texts); i++ {
			if texts[i] == s {
				return i
			}
		}
		return -1
	}
	for _, s := range []string{"Mean", "SD", "KR-20", "SEM", "Scores", "Items, flagged first", "Flagged items"} {
		if at(s, 0) < 0 {
			t.Errorf("no %q in the report", s)
		}
	}
	// The table lists every item, flagged first, in Ranked order.
	pos := at("Items, flagged first", 0)
	for _, r := range res.Ranked() {
		i := slices.IndexFunc(texts[pos:], func(s string) bool { return strings.HasPrefix(r.Item.ID, strings.TrimSuffix(s, "…")) && s != "" })
		if i < 0 {
			t.Fatalf("item %s missing from the table", r.Item.ID)
		}
		pos += i + 1
	}
	// Each flagged item: its id, prompt (first words), options and source.
	pos = at("Flagged items", 0)
	n := 0
	for _, r := range res.Ranked() {
		if !r.Flagged() {
			continue
		}
		n++
		p := at(r.Item.ID, pos)
		if p < 0 {
			t.Fatalf("flagged item %s has no section after position %d", r.Item.ID, pos)
		}
		rest := strings.Join(texts[p:], "\n")
		first := strings.Fields(r.Item.Prompt)[0]
		if !strings.Contains(rest, first) || !strings.Contains(rest, "Source, ") {
			t.Errorf("flagged item %s: no prompt or source", r.Item.ID)
		}
		for _, o := range r.Options {
			if !strings.Contains(rest, o.Text) {
				t.Errorf("flagged item %s: option %q not shown", r.Item.ID, o.Text)
			}
		}
		pos = p + 1
	}
	if n < 3 {
		t.Errorf("%d flagged items, want at least the 3 planted", n)
	}
	for i := range d.Pages {
		want := "Page " + itoa(i+1) + " of " + itoa(len(d.Pages))
		if !slices.ContainsFunc(d.Pages[i].Elems, func(e Elem) bool { return e.Text == want }) {
			t.Errorf("page %d has no %q", i+1, want)
		}
	}
	golden(t, "report.layout.golden", []byte(d.Dump()))
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestReportPDF draws the report and checks it with qpdf; the same result
// gives the same bytes.
func TestReportPDF(t *testing.T) {
	res := gradedClass(t, 120)
	o := ReportOptions{Paper: "letter", Epoch: time.Unix(generator.DefaultEpoch, 0).UTC()}
	var a, b bytes.Buffer
	if err := Report(testTemplates(t), res, o, &a); err != nil {
		t.Fatal(err)
	}
	if err := Report(testTemplates(t), res, o, &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renderings differ")
	}
	qpdf := testtool.Require(t, "qpdf")
	p := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(p, a.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(qpdf, "--check", p).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

// TestReportTemplateOverride: the report's text comes from report.txt.tmpl,
// which a templates folder can replace.
func TestReportTemplateOverride(t *testing.T) {
	src, err := fs.ReadFile(templates.FS, "report.txt.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	edited := strings.Replace(string(src), "Grade report: {{.Build}}", "Notenbericht {{.Build}}", 1)
	if err := os.WriteFile(filepath.Join(dir, "report.txt.tmpl"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := render.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ReportLayout(set, gradedClass(t, 50), ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(d.Texts(), "Notenbericht midterm") {
		t.Errorf("the override's title is not in the report: %q", d.Texts()[:3])
	}
	if !strings.Contains(strings.Join(d.Texts(), " "), "With 50 students the flags are noisy") {
		t.Error("a class of 50 gets no warning that its flags are noisy")
	}
}

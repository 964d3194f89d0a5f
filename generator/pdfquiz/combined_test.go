package pdfquiz

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator/internal/testtool"
)

// TestCombined writes every student's copy into one PDF as well: copies in
// roster order, each starting on an odd page, each page printing its
// student's id; the file passes qpdf --check.
func TestCombined(t *testing.T) {
	qpdf := testtool.Require(t, "qpdf")
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	if err := os.WriteFile(roster, []byte("name,id\nZoë Ångström,s-001\nAna Núñez,s-002\nLi Wei,s-003\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := quizBuild()
	b.Quiz.Roster, b.Quiz.Combined = roster, true
	out := filepath.Join(dir, "out")
	m, _ := runBuild(t, out, b)
	name := filepath.Join(out, "midterm", CombinedName)
	if got, err := exec.Command(qpdf, "--check", name).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, got)
	}
	n, err := exec.Command(qpdf, "--show-npages", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	total, _ := strconv.Atoi(strings.TrimSpace(string(n)))
	want := 0
	for _, e := range m.Quizzes {
		if e.Student == "" {
			continue
		}
		pages, err := exec.Command(qpdf, "--show-npages", filepath.Join(out, e.Quiz)).Output()
		if err != nil {
			t.Fatal(err)
		}
		p, _ := strconv.Atoi(strings.TrimSpace(string(pages)))
		want += p + p%2
	}
	if total != want {
		t.Errorf("%s has %d pages, want %d (each copy padded to an even count)", CombinedName, total, want)
	}
	text := pdftotext(t, name)
	last := -1
	for _, id := range []string{"s-001", "s-002", "s-003"} {
		i := strings.Index(text, id+" · ")
		if i < 0 || i < last {
			t.Errorf("%s: copy of %s missing or out of roster order", CombinedName, id)
		}
		last = i
	}
}

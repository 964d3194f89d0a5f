package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// requireTool returns the path of program name; under CI a missing tool
// fails the test, elsewhere it skips it (generator/internal/testtool's rule,
// which cmd/ cannot import).
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is required under CI but not installed: %v", name, err)
	}
	t.Skipf("skipping: %s is not installed (CI installs it)", name)
	return ""
}

// TestReadmeScreenshot keeps docs/quiz-page.png, the README's picture of a
// quiz, true to the current build: the default build's quiz-A.pdf page 1
// must print exactly docs/quiz-page.txt. With -update both are regenerated
// together from that page (pdftotext and pdftoppm), so the picture cannot
// show questions the deck no longer has.
func TestReadmeScreenshot(t *testing.T) {
	pdftotext := requireTool(t, "pdftotext")
	pdftoppm := requireTool(t, "pdftoppm")
	docs, err := filepath.Abs("../../docs")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir()) // no decks/ folder: the embedded deck, as a new user gets it
	t.Setenv("SOURCE_DATE_EPOCH", "")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"build"}, &stdout, &stderr); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	pdf := filepath.Join("out", "quiz", "quiz-A.pdf")
	text, err := exec.Command(pdftotext, "-f", "1", "-l", "1", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join(docs, "quiz-page.txt")
	if *update {
		if err := os.WriteFile(golden, text, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pdftoppm, "-f", "1", "-l", "1", "-r", "60", "-png", "-singlefile", pdf, filepath.Join(docs, "quiz-page")).CombinedOutput()
		if err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/quizdeck -run TestReadmeScreenshot -update)", err)
	}
	if d := cmp.Diff(string(want), string(text)); d != "" {
		t.Errorf("page 1 of quiz-A.pdf no longer matches docs/quiz-page.png; regenerate with -update (-want +got):\n%s", d)
	}
}

package htmlquiz

import (
	"bytes"
	"encoding/json"
	"flag"
	"image/png"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/internal/testtool"
)

// PlaywrightDirEnv names the folder whose node_modules holds the pinned
// playwright-core and axe-core; .ci/run installs them there.
const PlaywrightDirEnv = "QUIZDECK_PLAYWRIGHT_DIR"

var shots = flag.String("shots", "", "keep the browser test's screenshots in this folder")

// DocsScreenshot is the README's phone screenshot, rewritten by
// go test ./generator/htmlquiz -run TestBrowser -update.
const DocsScreenshot = "../../docs/study-page-phone.png"

// TestBrowser drives the default deck's page in headless Chromium by
// keyboard (testdata/browser.cjs): answers, score, the repeat round,
// progress after a reload and on a page rebuilt with another seed,
// flashcards, reset, print, a 360 px phone, axe-core in six states, and a
// page built from markup-laden text.
func TestBrowser(t *testing.T) {
	node := testtool.Require(t, "node")
	chromium := testtool.Require(t, "chromium")
	dir := os.Getenv(PlaywrightDirEnv)
	if dir == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s must name the folder holding node_modules/playwright-core and axe-core under CI", PlaywrightDirEnv)
		}
		t.Skipf("skipping: %s is not set (CI installs playwright-core and axe-core there)", PlaywrightDirEnv)
	}
	tmp := t.TempDir()
	out := *shots
	if out == "" {
		out = filepath.Join(tmp, "shots")
	}
	page := filepath.Join(tmp, "study.html")
	hostile := filepath.Join(tmp, "hostile.html")
	rebuilt := filepath.Join(tmp, "rebuilt.html")
	tmpl := templates(t)
	if err := os.WriteFile(page, render1(t, tmpl, defaultJob(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	again := defaultJob(t)
	again.Seed = 2
	if err := os.WriteFile(rebuilt, render1(t, tmpl, again), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(hostile, render1(t, tmpl, hostileJob()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join("testdata", "browser.cjs"), page, hostile, rebuilt, out)
	cmd.Env = append(os.Environ(), "QUIZDECK_CHROMIUM="+chromium)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("browser test: %v\n%s", err, stderr.String())
	}
	var report struct {
		Checks int
		Axe    map[string]struct {
			Violations, Passes int
			Incomplete         []string // rules axe could not decide, for a person to look at
		}
		Screenshots []string
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("browser report: %v\n%s", err, stdout.String())
	}
	t.Logf("browser: %d checks passed; axe states %d; screenshots in %s", report.Checks, len(report.Axe), out)
	if len(report.Axe) < 6 || report.Checks < 100 {
		t.Errorf("the browser script ran too little: %d checks, %d axe states", report.Checks, len(report.Axe))
	}
	for _, state := range slices.Sorted(maps.Keys(report.Axe)) {
		a := report.Axe[state]
		t.Logf("axe %s: %d violations, %d rules passed, undecided: %v", state, a.Violations, a.Passes, a.Incomplete)
		if a.Violations != 0 {
			t.Errorf("axe: %d violations in state %s", a.Violations, state)
		}
	}
	phone := filepath.Join(out, "phone-question.png")
	f, err := os.Open(phone)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(f)
	f.Close()
	if err != nil || cfg.Width != 720 {
		t.Fatalf("phone screenshot: %v, width %d, want 720 (360 px at 2×)", err, cfg.Width)
	}
	if golden.Update() {
		b, err := os.ReadFile(phone)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(DocsScreenshot, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDocsScreenshot checks the README's phone screenshot is there, at the
// size TestBrowser takes it.
func TestDocsScreenshot(t *testing.T) {
	f, err := os.Open(DocsScreenshot)
	if err != nil {
		t.Fatalf("%v (go test -run TestBrowser -update takes it)", err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != 720 {
		t.Errorf("%s: %v, width %d, want 720", DocsScreenshot, err, cfg.Width)
	}
}

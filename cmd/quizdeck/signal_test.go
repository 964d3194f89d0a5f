//go:build unix

package main

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// snapshot maps every path under dir to a hash of its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		got[rel] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	return got
}

func roster(n int) string {
	var b strings.Builder
	b.WriteString("name,id\n")
	for i := range n {
		fmt.Fprintf(&b, "Student %d,s%05d\n", i, i)
	}
	return b.String()
}

// TestSignalCancelsBuild sends SIGTERM or SIGINT to a build in the middle
// of rendering student copies: it must exit 1, say it was interrupted, and
// leave the previous output folder exactly as it was, with nothing beside it.
func TestSignalCancelsBuild(t *testing.T) {
	bin, err := exec.LookPath("quizdeck") // the test binary, set up by testscript.Main
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "quizdeck.yaml"), "builds:\n  - name: midterm\n    count: 10\n    formats: [quiz-pdf]\n    quiz: {roster: roster.csv}\n")
			writeFile(t, filepath.Join(dir, "roster.csv"), roster(3))
			first := exec.Command(bin, "build")
			first.Dir = dir
			if out, err := first.CombinedOutput(); err != nil {
				t.Fatalf("first build: %v\n%s", err, out)
			}
			before := snapshot(t, filepath.Join(dir, "out"))

			writeFile(t, filepath.Join(dir, "roster.csv"), roster(1000))
			cmd := exec.Command(bin, "build")
			cmd.Dir = dir
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(stderr)
			var log []string
			signalled := false
			for sc.Scan() {
				log = append(log, sc.Text())
				if !signalled && strings.Contains(sc.Text(), "student copies") {
					cmd.Process.Signal(sig)
					signalled = true
				}
			}
			err = cmd.Wait()
			if !signalled {
				t.Fatalf("no progress line to interrupt:\n%s", strings.Join(log, "\n"))
			}
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Errorf("exit status %d (%v), want 1\n%s", code, err, strings.Join(log, "\n"))
			}
			if !strings.Contains(strings.Join(log, "\n"), "interrupted") {
				t.Errorf("stderr does not say the build was interrupted:\n%s", strings.Join(log, "\n"))
			}
			after := snapshot(t, filepath.Join(dir, "out"))
			if !maps.Equal(before, after) {
				t.Errorf("the output folder changed: %d files before, %d after", len(before), len(after))
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".quizdeck-") {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}

// TestConcurrentBuildFailsFast starts a second build into the same folder
// while the first is rendering: the second fails at once, naming the lock.
func TestConcurrentBuildFailsFast(t *testing.T) {
	bin, err := exec.LookPath("quizdeck")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "quizdeck.yaml"), "builds:\n  - name: midterm\n    count: 10\n    formats: [quiz-pdf]\n    quiz: {roster: roster.csv}\n")
	writeFile(t, filepath.Join(dir, "roster.csv"), roster(1000))
	first := exec.Command(bin, "build")
	first.Dir = dir
	stderr, err := first.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	defer func() {
		first.Process.Signal(syscall.SIGTERM)
		for sc.Scan() { // drain, so the first build never blocks on a full pipe
		}
		first.Wait()
	}()
	for sc.Scan() && !strings.Contains(sc.Text(), "student copies") {
	}
	second := exec.Command(bin, "build")
	second.Dir = dir
	out, err := second.CombinedOutput()
	if err == nil {
		t.Fatalf("second build succeeded:\n%s", out)
	}
	if !strings.Contains(string(out), "another quizdeck build is writing this folder") {
		t.Errorf("second build's error does not name the lock:\n%s", out)
	}
}

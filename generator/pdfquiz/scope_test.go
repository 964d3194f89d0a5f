//go:build unix

package pdfquiz

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/inputfile"
)

// writeFormat runs one format's Write for build b into a fresh Output and
// returns its error and what it staged.
func writeFormat(t *testing.T, b generator.BuildOptions, name string) (error, []generator.FileEntry) {
	t.Helper()
	out, err := generator.NewOutput(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Abort()
	bank := testBank()
	qs, err := generator.Select(bank, b, 7)
	if err != nil {
		t.Fatal(err)
	}
	job := &generator.Job{Build: b, Decks: bank.Decks, Questions: qs, Seed: 7, Log: &discard{}}
	for _, f := range New(testTemplates(t)) {
		if f.Name() == name {
			err := f.Write(context.Background(), job, out)
			return err, out.Files()
		}
	}
	t.Fatalf("no format %s", name)
	return nil, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// A bad roster fails the quiz format before any document is rendered or
// staged; a FIFO or device as roster is refused without hanging.
func TestRosterCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("name,id\nAna,s1\n,s2\n"), 0o644)
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, roster string
		want         error
	}{
		{"bad row", bad, nil},
		{"fifo", fifo, inputfile.ErrNotRegular},
		{"device", "/dev/zero", inputfile.ErrNotRegular},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := quizBuild()
			b.Quiz.Roster = tc.roster
			err, staged := writeFormat(t, b, generator.FormatQuizPDF)
			if err == nil {
				t.Fatal("Write succeeded")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("Write = %v, want %v", err, tc.want)
			}
			if len(staged) > 0 {
				t.Errorf("staged %d files before the roster was checked, first %s", len(staged), staged[0].Path)
			}
		})
	}
}

// Each format's Write renders and stages exactly its own documents, and
// all of them by the time it returns (no worker outlives the call).
func TestWriteOwnsItsWork(t *testing.T) {
	b := quizBuild()
	want := map[string]int{generator.FormatQuizPDF: 3, generator.FormatKeyPDF: 4, generator.FormatAnswerSheet: 3}
	for name, n := range want {
		err, staged := writeFormat(t, b, name)
		if err != nil {
			t.Fatal(err)
		}
		if len(staged) != n {
			t.Errorf("%s staged %d files, want %d", name, len(staged), n)
		}
		for _, f := range staged {
			if f.SHA256 == "" {
				t.Errorf("%s: %s still being written when Write returned", name, f.Path)
			}
		}
	}
}

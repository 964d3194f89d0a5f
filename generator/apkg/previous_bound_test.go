//go:build unix

package apkg

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/quizdeck/quizdeck/generator/inputfile"
)

// A previous package whose collection inflates past the bound, or that is
// not a regular file, is an error, never a hang or an exhausted memory.
func TestReadPreviousBounded(t *testing.T) {
	dir := t.TempDir()
	bomb := filepath.Join(dir, "bomb.apkg")
	f, err := os.Create(bomb)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create(CollectionEntry)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(bytes.Repeat([]byte{0}, 2<<20)) // 2 MiB of zeros deflate to a few KiB
	zw.Close()
	f.Close()
	if _, err := readPrevious(bomb, dir, 1<<20); !errors.Is(err, inputfile.ErrTooLarge) {
		t.Errorf("zip entry over the bound: %v, want ErrTooLarge", err)
	}

	fifo := filepath.Join(dir, "fifo.apkg")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if _, err := ReadPrevious(fifo); !errors.Is(err, inputfile.ErrNotRegular) {
		t.Errorf("FIFO as the previous package: %v, want ErrNotRegular", err)
	}
}

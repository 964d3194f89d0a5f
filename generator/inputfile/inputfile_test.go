//go:build unix

package inputfile_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/quizdeck/quizdeck/generator/inputfile"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	os.WriteFile(small, []byte("12345"), 0o644)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		limit      int64
		want       error
	}{
		{"within the bound", small, 5, nil},
		{"over the bound", small, 4, inputfile.ErrTooLarge},
		{"FIFO with no writer", fifo, 100, inputfile.ErrNotRegular},
		{"endless device", "/dev/zero", 100, inputfile.ErrNotRegular},
		{"folder", dir, 100, inputfile.ErrNotRegular},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := inputfile.Read(tc.path, tc.limit)
			if !errors.Is(err, tc.want) {
				t.Errorf("Read = %v, want %v", err, tc.want)
			}
			_, err = inputfile.ReadFS(os.DirFS("/"), strings.TrimPrefix(tc.path, "/"), tc.limit)
			if !errors.Is(err, tc.want) {
				t.Errorf("ReadFS = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestLimit(t *testing.T) {
	var out bytes.Buffer
	_, err := out.ReadFrom(inputfile.Limit(bytes.NewReader(make([]byte, 1000)), "entry", 999))
	if !errors.Is(err, inputfile.ErrTooLarge) {
		t.Errorf("1000 bytes through a 999-byte limit: %v", err)
	}
	out.Reset()
	if _, err := out.ReadFrom(inputfile.Limit(bytes.NewReader(make([]byte, 1000)), "entry", 1000)); err != nil || out.Len() != 1000 {
		t.Errorf("1000 bytes through a 1000-byte limit: %d, %v", out.Len(), err)
	}
}

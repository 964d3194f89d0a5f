// Package inputfile reads the files quizdeck takes as input (specs, config,
// rosters, fonts, templates, source texts, previous outputs) with a size
// bound that holds whatever the file is: the size Stat reports is never
// trusted, and anything but a regular file (a FIFO, /dev/zero, a socket)
// is refused before a byte is read, so no input can hang a run or exhaust
// its memory.
package inputfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// Bounds for each kind of input. They are far above any real input and far
// below what would hurt: a run reads a few of each.
const (
	MaxSpec      = 8 << 20   // one YAML spec or config file
	MaxTemplate  = 1 << 20   // one template override
	MaxRoster    = 16 << 20  // a roster CSV (100,000 students fit)
	MaxResponses = 64 << 20  // a class's responses CSV
	MaxFont      = 32 << 20  // a TrueType font (Noto CJK is ~20 MB)
	MaxSource    = 64 << 20  // a source text for grounding
	MaxPackage   = 512 << 20 // a previous .apkg, or one entry inside it
	MaxManifest  = 256 << 20 // a previous manifest.json
)

// ErrTooLarge is returned (wrapped) when an input exceeds its bound.
var ErrTooLarge = errors.New("file is too large")

// ErrNotRegular is returned (wrapped) for a FIFO, device, socket or folder.
var ErrNotRegular = errors.New("not a regular file")

// Read returns the contents of the file at path, at most limit bytes. The
// file is opened without blocking (a FIFO with no writer would otherwise
// hang the open) and refused unless it is a regular file.
func Read(path string, limit int64) ([]byte, error) {
	f, st, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, path, limit, st.Size())
}

// Open opens the file at path as Read does, without blocking and only if
// it is a regular file, for a reader that needs the file itself (a zip).
func Open(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, notRegular(path, st.Mode())
	}
	return f, st, nil
}

// ReadFS is Read for a file of fsys. An fs.FS cannot open without blocking,
// so the type is checked with Stat first; the bound still holds if the file
// changes in between.
func ReadFS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, notRegular(name, st.Mode())
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, name, limit, st.Size())
}

// Limit returns a reader of r that fails with ErrTooLarge after limit
// bytes, for streams such as a zip entry whose header states its size.
func Limit(r io.Reader, name string, limit int64) io.Reader {
	return &limited{r: r, name: name, left: limit}
}

type limited struct {
	r    io.Reader
	name string
	left int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &fs.PathError{Op: "read", Path: l.name, Err: ErrTooLarge}
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, &fs.PathError{Op: "read", Path: l.name, Err: ErrTooLarge}
	}
	return n, err
}

// readAll reads r to its end, refusing more than limit bytes. size, the
// size the file had when it was opened, sizes the buffer (io.ReadAll would
// grow it step by step: three times the file in garbage).
func readAll(r io.Reader, name string, limit, size int64) ([]byte, error) {
	r = io.LimitReader(r, limit+1)
	b := make([]byte, 0, min(max(size, 0), limit)+1) // +1: the end is seen without growing
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(b)) > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%w (over %d bytes)", ErrTooLarge, limit)}
	}
	return b, nil
}

// notRegular is the error for reading what is not a regular file; errors.Is
// finds ErrNotRegular in it.
func notRegular(name string, m fs.FileMode) error {
	return &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%w (%s)", ErrNotRegular, kind(m))}
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return m.Type().String()
}

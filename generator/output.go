package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// ManifestName is the manifest's file name at the root of the output folder.
const ManifestName = "manifest.json"

// Manifest records what a run wrote and from what, so any tool can check or
// grade the outputs.
type Manifest struct {
	Tool    string      `json:"tool"`
	Version string      `json:"version"`
	Seed    uint64      `json:"seed"`
	Epoch   int64       `json:"epoch"`
	Inputs  string      `json:"inputs"` // sha256 of decks, options and templates
	Builds  []string    `json:"builds"`
	Files   []FileEntry `json:"files"`
	Quizzes []QuizEntry `json:"quizzes"`
}

// FileEntry is one written file; Path is slash-separated and relative to the output root.
type FileEntry struct {
	Path   string `json:"path"`
	Build  string `json:"build"`
	Format string `json:"format"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// QuizEntry is one printed quiz version and its answers in printed order.
type QuizEntry struct {
	Build     string       `json:"build"`
	Version   string       `json:"version"`
	Student   string       `json:"student,omitempty"`
	Quiz      string       `json:"quiz"`
	Key       string       `json:"key,omitempty"`
	Questions []QuizAnswer `json:"questions"`
}

// QuizAnswer is a printed question: its id, correct letter (or, for a
// short-answer item, the answer text), section, points and lettered options
// in printed order, so a grader can map any letter back to an option's text.
type QuizAnswer struct {
	ID     string `json:"id"`
	Answer string `json:"answer"`
	// Section is the item's section kind: multiple-choice, matching or short-answer.
	Section string `json:"section,omitempty"`
	Points  int    `json:"points,omitempty"`
	// Options are the texts behind the letters A, B, … in printed order: the
	// item's own options, or a matching section's shared choices; none for
	// short answer.
	Options []string `json:"options,omitempty"`
}

// Output stages a run's files in a temporary folder inside the output root
// and moves them into place only when the whole run succeeded, so a failed
// build leaves earlier outputs as they were. It is safe for concurrent use.
type Output struct {
	root  string
	stage string

	mu      sync.Mutex
	files   map[string]FileEntry
	quizzes []QuizEntry
}

// NewOutput creates the output root if needed and a staging folder in it.
func NewOutput(root string) (*Output, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	stage, err := os.MkdirTemp(root, ".quizdeck-staging-")
	if err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	return &Output{root: root, stage: stage, files: map[string]FileEntry{}}, nil
}

// Root is the output folder.
func (o *Output) Root() string { return o.root }

// WriteFile stages the file rel (slash-separated, relative to the root) of a
// build's format, with the bytes write produces.
func (o *Output) WriteFile(build, rel, format string, write func(io.Writer) error) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) || strings.Contains(rel, "\\") || rel != path.Clean(rel) {
		return fmt.Errorf("output path %q escapes the output folder", rel)
	}
	if rel == ManifestName {
		return fmt.Errorf("output path %q is reserved", rel)
	}
	o.mu.Lock()
	_, dup := o.files[rel]
	if !dup {
		o.files[rel] = FileEntry{Path: rel} // reserve
	}
	o.mu.Unlock()
	if dup {
		return fmt.Errorf("output path %q is written twice", rel)
	}
	name := filepath.Join(o.stage, filepath.FromSlash(rel))
	entry, err := writeHashed(name, write)
	o.mu.Lock()
	defer o.mu.Unlock()
	if err != nil {
		delete(o.files, rel)
		return fmt.Errorf("write %s: %w", rel, err)
	}
	entry.Path, entry.Build, entry.Format = rel, build, format
	o.files[rel] = entry
	return nil
}

func writeHashed(name string, write func(io.Writer) error) (FileEntry, error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return FileEntry{}, err
	}
	f, err := os.Create(name)
	if err != nil {
		return FileEntry{}, err
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(f, h)}
	err = write(cw)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return FileEntry{}, err
	}
	return FileEntry{SHA256: hex.EncodeToString(h.Sum(nil)), Size: cw.n}, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// AddQuiz records a printed quiz version for the manifest.
func (o *Output) AddQuiz(q QuizEntry) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.quizzes = append(o.quizzes, q)
}

// Files returns the staged files sorted by path.
func (o *Output) Files() []FileEntry {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]FileEntry, 0, len(o.files))
	for _, f := range o.files {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b FileEntry) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// Commit moves every staged file into place, then writes the manifest m
// (its Files and Quizzes filled in here) and removes the staging folder.
func (o *Output) Commit(m Manifest) (*Manifest, error) {
	defer os.RemoveAll(o.stage)
	m.Files = o.Files()
	o.mu.Lock()
	m.Quizzes = slices.Clone(o.quizzes)
	o.mu.Unlock()
	slices.SortStableFunc(m.Quizzes, func(a, b QuizEntry) int {
		if c := strings.Compare(a.Build, b.Build); c != 0 {
			return c
		}
		if c := strings.Compare(a.Student, b.Student); c != 0 {
			return c
		}
		return strings.Compare(a.Version, b.Version)
	})
	if m.Quizzes == nil {
		m.Quizzes = []QuizEntry{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	if _, err := writeHashed(filepath.Join(o.stage, ManifestName), func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	}); err != nil {
		return nil, fmt.Errorf("write manifest: %w", err)
	}
	for _, f := range m.Files {
		dst := filepath.Join(o.root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.Path, err)
		}
		if err := os.Rename(filepath.Join(o.stage, filepath.FromSlash(f.Path)), dst); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.Path, err)
		}
	}
	if err := os.Rename(filepath.Join(o.stage, ManifestName), filepath.Join(o.root, ManifestName)); err != nil {
		return nil, fmt.Errorf("write manifest: %w", err)
	}
	return &m, nil
}

// Abort discards every staged file; outputs already in place stay as they were.
func (o *Output) Abort() { os.RemoveAll(o.stage) }

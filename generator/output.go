package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/quizdeck/quizdeck/generator/inputfile"
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

// ErrLocked is returned (wrapped) by NewOutput when another run is writing
// the same output folder.
var ErrLocked = errors.New("another quizdeck build is writing this folder; wait for it to finish")

// Names of quizdeck's own folders beside the output folder ("."+base+infix+random).
const (
	stageInfix  = ".quizdeck-stage-"
	oldInfix    = ".quizdeck-old-"
	tmpPrefix   = ".quizdeck-tmp-"
	legacyStage = ".quizdeck-staging-" // inside the output folder, by earlier versions
)

// Output stages a run's whole output folder beside it (a hidden sibling
// folder) and swaps it in with one directory exchange at Commit, so the
// output folder is at every moment either the complete previous one or the
// complete new one, even if the process is killed. What the new run did
// not write is gone afterwards, except files quizdeck never wrote (those
// the previous manifest does not list), which are carried over unchanged.
//
// A folder that holds files but no manifest.json is refused, so a mistaken
// --out never takes over a folder of other files. While an Output is open
// it holds a lock on the folder, so a second run into it fails at once.
// Output is safe for concurrent use.
type Output struct {
	root   string // the output folder, symlinks resolved
	parent string
	base   string
	stage  string // the new folder until Commit swaps it in
	prev   *Manifest

	rootLock, stageLock *os.File

	// fault, if set (by tests), is called before each step of Commit;
	// an error stops Commit there as if the step had failed.
	fault func(step string) error
	// noExchange makes Commit use the two-rename fallback (tests).
	noExchange bool

	created   bool // NewOutput created the folder
	committed bool
	keep      []string // builds whose previous files and quizzes carry over
	foreign   []string // files carried over that quizdeck did not write

	mu      sync.Mutex
	files   map[string]FileEntry
	quizzes []QuizEntry
	done    bool
}

// NewOutput prepares to replace the folder root (created if missing): it
// locks it, removes what dead runs left beside it, reads its manifest and
// creates the staging folder.
func NewOutput(root string) (*Output, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r // swap the folder a link points at, never the link
	}
	o := &Output{root: abs, parent: filepath.Dir(abs), base: filepath.Base(abs), files: map[string]FileEntry{}}
	if o.parent == abs {
		return nil, fmt.Errorf("output folder %s: cannot replace the file system root", root)
	}
	if err := o.restore(); err != nil {
		return nil, fmt.Errorf("output folder %s: %w", root, err)
	}
	if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) {
		o.created = true // removed again unless a commit fills it
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			o.release() // unlocks, and removes a folder made here
		}
	}()
	st, err := os.Lstat(abs)
	if err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("output folder %s: not a folder", root)
	}
	if o.rootLock, err = lockDir(abs); err != nil {
		return nil, fmt.Errorf("output folder %s: %w", root, err)
	}
	o.removeStale()
	if o.prev, err = readManifest(abs); err != nil {
		return nil, fmt.Errorf("output folder %s: %w", root, err)
	}
	if o.prev == nil {
		entries, err := os.ReadDir(abs)
		if err != nil {
			return nil, fmt.Errorf("output folder: %w", err)
		}
		if len(entries) > 0 {
			return nil, fmt.Errorf("output folder %s holds files but no %s, so quizdeck did not write it; choose an empty or new folder", root, ManifestName)
		}
	}
	if o.stage, err = os.MkdirTemp(o.parent, "."+o.base+stageInfix); err != nil {
		return nil, fmt.Errorf("create staging folder: %w", err)
	}
	if err := os.Chmod(o.stage, st.Mode().Perm()); err != nil {
		return nil, fmt.Errorf("create staging folder: %w", err)
	}
	if o.stageLock, err = lockDir(o.stage); err != nil {
		return nil, fmt.Errorf("create staging folder: %w", err)
	}
	ok = true
	return o, nil
}

// lockDir opens and locks the folder dir; ErrLocked if another process has it.
func lockDir(dir string) (*os.File, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	ok, err := tryLock(f)
	if err != nil || !ok {
		f.Close()
		if err == nil {
			err = ErrLocked
		}
		return nil, err
	}
	return f, nil
}

// restore puts back the previous folder if a run using the two-rename
// fallback died between its renames (the output folder is then missing
// and the previous one waits beside it).
func (o *Output) restore() error {
	if _, err := os.Lstat(o.root); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	olds, _ := filepath.Glob(filepath.Join(o.parent, globEscape("."+o.base+oldInfix)+"*"))
	var newest string
	var newestTime int64
	for _, p := range olds {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			continue
		}
		if t := st.ModTime().UnixNano(); newest == "" || t > newestTime {
			newest, newestTime = p, t
		}
	}
	if newest == "" {
		return nil
	}
	f, err := lockDir(newest)
	if err != nil {
		return nil // a live run owns it
	}
	defer f.Close()
	return os.Rename(newest, o.root)
}

// removeStale removes the staging and previous folders of runs that died
// (their lock is free) and the staging folders older versions kept inside
// the output folder. It runs under the output folder's lock, and a live
// run creates its folders only under that lock, so it never races one.
func (o *Output) removeStale() {
	for _, infix := range []string{stageInfix, oldInfix} {
		ps, _ := filepath.Glob(filepath.Join(o.parent, globEscape("."+o.base+infix)+"*"))
		for _, p := range ps {
			f, err := lockDir(p)
			if err != nil {
				continue
			}
			removeAll(p)
			f.Close()
		}
	}
	legacy, _ := filepath.Glob(filepath.Join(o.root, legacyStage+"*"))
	for _, p := range legacy {
		removeAll(p)
	}
	// Earlier versions built Anki collections in $TMPDIR and left them
	// there when killed. They hold no lock, so only day-old ones go: no
	// build runs that long.
	tmps, _ := filepath.Glob(filepath.Join(os.TempDir(), "quizdeck-apkg-*"))
	for _, p := range tmps {
		if st, err := os.Lstat(p); err == nil && st.IsDir() && time.Since(st.ModTime()) > 24*time.Hour {
			removeAll(p)
		}
	}
}

func globEscape(s string) string {
	r := strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`)
	return r.Replace(s)
}

// removeAll removes p, making read-only folders inside it writable first
// if a plain RemoveAll fails (a read-only sub-folder of an old output).
func removeAll(p string) error {
	if err := os.RemoveAll(p); err == nil {
		return nil
	}
	filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(q, 0o700)
		}
		return nil
	})
	return os.RemoveAll(p)
}

func readManifest(root string) (*Manifest, error) {
	data, err := inputfile.Read(filepath.Join(root, ManifestName), inputfile.MaxManifest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read previous manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("read previous manifest %s: %w", ManifestName, err)
	}
	return &m, nil
}

// Root is the output folder (absolute, symlinks resolved). Until Commit it
// holds the previous run's files, which a format may read (apkg reads its
// previous package).
func (o *Output) Root() string { return o.root }

// Previous is the manifest of the folder being replaced, or nil.
func (o *Output) Previous() *Manifest { return o.prev }

// Keep carries the files and quiz entries of the named builds over from
// the previous folder at Commit, for a run that rebuilds only some builds.
func (o *Output) Keep(builds ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.keep = append(o.keep, builds...)
}

// TempDir returns a new scratch folder for a format's temporary files. It
// lives in the staging folder, so it goes with it whatever happens to the
// run, and it is removed before Commit swaps the folder in.
func (o *Output) TempDir() (string, error) {
	return os.MkdirTemp(o.stage, tmpPrefix)
}

// WriteFile stages the file rel (slash-separated, relative to the root) of a
// build's format, with the bytes write produces.
func (o *Output) WriteFile(build, rel, format string, write func(io.Writer) error) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) || strings.Contains(rel, "\\") || rel != path.Clean(rel) {
		return fmt.Errorf("output path %q escapes the output folder", rel)
	}
	if rel == ManifestName || strings.HasPrefix(rel, ".quizdeck-") {
		return fmt.Errorf("output path %q is reserved", rel)
	}
	o.mu.Lock()
	_, dup := o.files[rel]
	done := o.done
	if !dup && !done {
		o.files[rel] = FileEntry{Path: rel} // reserve
	}
	o.mu.Unlock()
	if done {
		return fmt.Errorf("write %s: output already committed or aborted", rel)
	}
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

// Commit is CommitContext without cancellation.
func (o *Output) Commit(m Manifest) (*Manifest, error) {
	return o.CommitContext(context.Background(), m)
}

// CommitContext writes the manifest m (its Files and Quizzes filled in
// here) into the staging folder, carries over the files quizdeck never
// wrote, and swaps the staging folder in for the output folder; the
// previous folder is then removed. Until the swap, a failure or ctx being
// done leaves the output folder as it was; the Output is finished either way.
func (o *Output) CommitContext(ctx context.Context, m Manifest) (*Manifest, error) {
	o.mu.Lock()
	if o.done {
		o.mu.Unlock()
		return nil, errors.New("commit: output already committed or aborted")
	}
	o.done = true
	o.mu.Unlock()
	defer o.release()
	m.Files = o.Files()
	o.mu.Lock()
	m.Quizzes = slices.Clone(o.quizzes)
	o.mu.Unlock()
	sortQuizzes(m.Quizzes)
	if m.Quizzes == nil {
		m.Quizzes = []QuizEntry{}
	}
	step := func(name string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if o.fault != nil {
			return o.fault(name)
		}
		return nil
	}
	if err := step("remove-temp"); err != nil {
		return nil, err
	}
	tmps, _ := filepath.Glob(filepath.Join(o.stage, tmpPrefix+"*"))
	for _, p := range tmps {
		if err := os.RemoveAll(p); err != nil {
			return nil, fmt.Errorf("remove temporary files: %w", err)
		}
	}
	if err := step("carry"); err != nil {
		return nil, err
	}
	if err := o.carryKept(&m); err != nil {
		return nil, err
	}
	if err := o.carryForeign(m.Files); err != nil {
		return nil, err
	}
	if err := step("manifest"); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	if err := os.WriteFile(filepath.Join(o.stage, ManifestName), buf.Bytes(), 0o666); err != nil {
		return nil, fmt.Errorf("write manifest: %w", err)
	}
	if err := o.swap(step); err != nil {
		return nil, err
	}
	o.committed = true
	// The new folder is in place: from here on nothing can fail the run.
	// The previous folder, now at o.stage (exchange) or at an -old- path
	// (fallback), is removed by release, or by the next run if this dies.
	return &m, nil
}

// swap puts the staging folder in place of the output folder. After it,
// o.stage names the folder to remove.
func (o *Output) swap(step func(string) error) error {
	if err := step("swap"); err != nil {
		return err
	}
	if !o.noExchange {
		err := exchange(o.stage, o.root)
		if err == nil {
			return nil
		}
		if !errors.Is(err, errors.ErrUnsupported) && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOSYS) {
			return fmt.Errorf("replace output folder: %w", err)
		}
	}
	// Two renames: the output folder is briefly absent; NewOutput's restore
	// puts the previous one back if the process dies in between.
	old, err := os.MkdirTemp(o.parent, "."+o.base+oldInfix)
	if err == nil {
		err = os.Remove(old) // os.Rename never replaces a folder; the random name stays free
	}
	if err != nil {
		return fmt.Errorf("replace output folder: %w", err)
	}
	if err := os.Rename(o.root, old); err != nil {
		return fmt.Errorf("replace output folder: %w", err)
	}
	if err = step("swap-in"); err == nil {
		err = os.Rename(o.stage, o.root)
		if err == nil {
			o.stage = old
			return nil
		}
	}
	if rerr := os.Rename(old, o.root); rerr != nil {
		return fmt.Errorf("replace output folder: %w; the previous folder is at %s", rerr, old)
	}
	return fmt.Errorf("replace output folder: %w", err)
}

// carryKept links the previous files of the builds named by Keep into the
// staging folder and adds them and their quizzes to m.
func (o *Output) carryKept(m *Manifest) error {
	if o.prev == nil || len(o.keep) == 0 {
		return nil
	}
	if o.prev.Seed != m.Seed || o.prev.Epoch != m.Epoch {
		// The manifest records one seed and epoch for every file it lists.
		return fmt.Errorf("the other builds (%s) were made with seed %d and epoch %d, this run has seed %d and epoch %d; run every build",
			strings.Join(o.keep, ", "), o.prev.Seed, o.prev.Epoch, m.Seed, m.Epoch)
	}
	written := map[string]bool{}
	for _, f := range m.Files {
		written[f.Path] = true
	}
	kept := false
	for _, f := range o.prev.Files {
		if !slices.Contains(o.keep, f.Build) || written[f.Path] {
			continue
		}
		src := filepath.Join(o.root, filepath.FromSlash(f.Path))
		dst := filepath.Join(o.stage, filepath.FromSlash(f.Path))
		st, err := os.Lstat(src)
		if err != nil {
			return fmt.Errorf("keep %s of build %s: %w", f.Path, f.Build, err)
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := linkOrCopy(src, dst, fs.FileInfoToDirEntry(st)); err != nil {
			return fmt.Errorf("keep %s of build %s: %w", f.Path, f.Build, err)
		}
		m.Files = append(m.Files, f)
		kept = true
	}
	for _, q := range o.prev.Quizzes {
		if slices.Contains(o.keep, q.Build) {
			m.Quizzes = append(m.Quizzes, q)
		}
	}
	for _, b := range o.prev.Builds {
		if slices.Contains(o.keep, b) && !slices.Contains(m.Builds, b) {
			m.Builds = append(m.Builds, b)
		}
	}
	if kept {
		slices.SortFunc(m.Files, func(a, b FileEntry) int { return strings.Compare(a.Path, b.Path) })
	}
	sortQuizzes(m.Quizzes)
	return nil
}

// carryForeign links into the staging folder every file of the output
// folder that the previous manifest does not list (so quizdeck did not
// write it), and every empty folder. Such a file where this run writes
// one is an error: quizdeck never deletes what it did not write.
func (o *Output) carryForeign(written []FileEntry) error {
	if o.prev == nil {
		return nil
	}
	ours := map[string]bool{ManifestName: true}
	for _, f := range o.prev.Files {
		ours[f.Path] = true
	}
	now := map[string]bool{}
	for _, f := range written {
		now[f.Path] = true
	}
	var conflicts []string
	err := filepath.WalkDir(o.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == o.root {
			return nil
		}
		rel, err := filepath.Rel(o.root, p)
		if err != nil {
			return err
		}
		slash := filepath.ToSlash(rel)
		dst := filepath.Join(o.stage, rel)
		if d.IsDir() {
			entries, err := os.ReadDir(p)
			if err != nil {
				return err
			}
			if len(entries) == 0 {
				return os.MkdirAll(dst, 0o755)
			}
			return nil
		}
		if ours[slash] {
			return nil
		}
		if now[slash] {
			conflicts = append(conflicts, slash)
			return nil
		}
		o.foreign = append(o.foreign, slash)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return linkOrCopy(p, dst, d)
	})
	if err != nil {
		return fmt.Errorf("keep files quizdeck did not write: %w", err)
	}
	if len(conflicts) > 0 {
		return fmt.Errorf("the output folder holds %s, which quizdeck did not write and this build would replace; move it away", strings.Join(conflicts, ", "))
	}
	return nil
}

func linkOrCopy(src, dst string, d fs.DirEntry) error {
	if d.Type()&fs.ModeSymlink != 0 {
		target, err := os.Readlink(src)
		if err != nil {
			return err
		}
		return os.Symlink(target, dst)
	}
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	st, err := d.Info()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return &fs.PathError{Op: "copy", Path: src, Err: inputfile.ErrNotRegular}
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, st.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func sortQuizzes(qs []QuizEntry) {
	slices.SortStableFunc(qs, func(a, b QuizEntry) int {
		if c := strings.Compare(a.Build, b.Build); c != 0 {
			return c
		}
		if c := strings.Compare(a.Student, b.Student); c != 0 {
			return c
		}
		return strings.Compare(a.Version, b.Version)
	})
}

// Foreign lists the files Commit carried over because the previous
// manifest does not list them (quizdeck did not write them), sorted.
func (o *Output) Foreign() []string { return slices.Clone(o.foreign) }

// Abort discards every staged file; the output folder stays as it was.
func (o *Output) Abort() {
	o.mu.Lock()
	o.done = true
	o.mu.Unlock()
	o.release()
}

// release removes the staging folder (after a swap: the previous folder)
// and drops the locks, the folder's own lock last.
func (o *Output) release() {
	if o.stage != "" {
		removeAll(o.stage)
		o.stage = ""
	}
	if o.stageLock != nil {
		o.stageLock.Close()
		o.stageLock = nil
	}
	if o.created && !o.committed && o.rootLock != nil {
		// The empty folder NewOutput made (and locked: a run that lost the
		// lock to another never removes that run's folder).
		os.Remove(o.root)
		o.created = false
	}
	if o.rootLock != nil {
		o.rootLock.Close()
		o.rootLock = nil
	}
}

//go:build unix

package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tree maps every file under dir (slash paths) to its contents; symlinks
// map to "-> target" and empty folders to "/".
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case p == dir:
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			got[rel] = "-> " + target
		case d.IsDir():
			if entries, _ := os.ReadDir(p); len(entries) == 0 {
				got[rel] = "/"
			}
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if rel == ManifestName {
				got[rel] = manifestFiles(b)
			} else {
				got[rel] = string(b)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// manifestFiles reduces a manifest to its sorted file list, enough to tell
// which run wrote it.
func manifestFiles(b []byte) string {
	var paths []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.Contains(line, `"path"`) {
			paths = append(paths, strings.TrimSpace(line))
		}
	}
	return "manifest " + strings.Join(paths, " ")
}

// siblings lists quizdeck's own folders left beside root.
func siblings(t *testing.T, root string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(root))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".quizdeck-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func writeAll(t *testing.T, o *Output, files map[string]string) {
	t.Helper()
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		build, _, _ := strings.Cut(rel, "/")
		if err := o.WriteFile(build, rel, "txt", func(w io.Writer) error {
			_, err := io.WriteString(w, files[rel])
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
}

var (
	oldFiles = map[string]string{"a/x.txt": "old x", "a/y.txt": "old y", "b/z.txt": "old z", "b/deep/q.txt": "old q"}
	newFiles = map[string]string{"a/x.txt": "new x", "c/w.txt": "new w"}
)

// commitOld writes the previous run's folder, plus files quizdeck never
// wrote: one at the top, one inside a build folder, an empty folder and a
// symlink.
func commitOld(t *testing.T, root string) map[string]string {
	t.Helper()
	o, err := NewOutput(root)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, o, oldFiles)
	if _, err := o.Commit(Manifest{}); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"notes.txt": "mine", "a/extra.txt": "mine too"} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("notes.txt", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	return tree(t, root)
}

// wantNew is the folder after the new run: its files, the foreign ones, and
// nothing else of the old run.
func wantNew(t *testing.T, old map[string]string, root string) map[string]string {
	want := map[string]string{}
	for _, k := range []string{"notes.txt", "a/extra.txt", "empty", "link"} {
		want[k] = old[k]
	}
	maps.Copy(want, newFiles)
	want[ManifestName] = `manifest "path": "a/x.txt", "path": "c/w.txt",`
	return want
}

var commitSteps = []string{"remove-temp", "carry", "manifest", "swap", "swap-in"}

// TestCommitFaults fails each step of Commit in turn: the folder must be
// exactly the previous one, and with no fault exactly the new one.
func TestCommitFaults(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		for _, step := range append(slices.Clone(commitSteps), "") {
			if step == "swap-in" && !fallback {
				continue
			}
			t.Run(fmt.Sprintf("fallback=%v/fail=%q", fallback, step), func(t *testing.T) {
				root := filepath.Join(t.TempDir(), "out")
				old := commitOld(t, root)
				o, err := NewOutput(root)
				if err != nil {
					t.Fatal(err)
				}
				o.noExchange = fallback
				injected := errors.New("injected")
				o.fault = func(s string) error {
					if s == step {
						return injected
					}
					return nil
				}
				tmp, err := o.TempDir()
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(tmp, "scratch"), []byte("x"), 0o644)
				writeAll(t, o, newFiles)
				_, err = o.Commit(Manifest{})
				got := tree(t, root)
				if step == "" {
					if err != nil {
						t.Fatal(err)
					}
					if d := diffMaps(wantNew(t, old, root), got); d != "" {
						t.Errorf("after commit: %s", d)
					}
				} else {
					if !errors.Is(err, injected) {
						t.Fatalf("Commit = %v, want the injected fault", err)
					}
					if d := diffMaps(old, got); d != "" {
						t.Errorf("after a fault at %s: %s", step, d)
					}
				}
				if s := siblings(t, root); len(s) > 0 {
					t.Errorf("left beside the output folder: %v", s)
				}
			})
		}
	}
}

func diffMaps(want, got map[string]string) string {
	var d []string
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[k]; !ok {
			d = append(d, fmt.Sprintf("missing %s", k))
		} else if g != want[k] {
			d = append(d, fmt.Sprintf("%s = %q, want %q", k, g, want[k]))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			d = append(d, fmt.Sprintf("unexpected %s", k))
		}
	}
	return strings.Join(d, "; ")
}

// TestCommitKilled kills a process (this test binary, re-run) at every
// step of Commit with SIGKILL: the folder is then the complete previous or
// the complete new one, and the next run removes what the dead one left.
func TestCommitKilled(t *testing.T) {
	if dir := os.Getenv("QUIZDECK_TEST_KILL_DIR"); dir != "" {
		killedCommit(dir, os.Getenv("QUIZDECK_TEST_KILL_STEP"), os.Getenv("QUIZDECK_TEST_FALLBACK") != "")
		return
	}
	for _, fallback := range []bool{false, true} {
		for _, step := range commitSteps {
			if step == "swap-in" && !fallback {
				continue
			}
			t.Run(fmt.Sprintf("fallback=%v/kill=%s", fallback, step), func(t *testing.T) {
				root := filepath.Join(t.TempDir(), "out")
				old := commitOld(t, root)
				cmd := exec.Command(os.Args[0], "-test.run=^TestCommitKilled$")
				cmd.Env = append(os.Environ(), "QUIZDECK_TEST_KILL_DIR="+root, "QUIZDECK_TEST_KILL_STEP="+step)
				if fallback {
					cmd.Env = append(cmd.Env, "QUIZDECK_TEST_FALLBACK=1")
				}
				out, err := cmd.CombinedOutput()
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Fatalf("helper was not killed: %v\n%s", err, out)
				}
				if fallback && step == "swap-in" {
					// Between the two renames the folder is absent; the
					// next run puts the previous one back.
					if _, err := os.Lstat(root); !errors.Is(err, fs.ErrNotExist) {
						t.Fatalf("expected the folder to be away between renames: %v", err)
					}
				} else {
					got := tree(t, root)
					if diffMaps(old, got) != "" && diffMaps(wantNew(t, old, root), got) != "" {
						t.Fatalf("killed at %s: folder is neither the old nor the new one: %v", step, got)
					}
				}
				o, err := NewOutput(root)
				if err != nil {
					t.Fatal(err)
				}
				o.Abort()
				got := tree(t, root)
				if diffMaps(old, got) != "" && diffMaps(wantNew(t, old, root), got) != "" {
					t.Fatalf("after the next run: folder is neither the old nor the new one: %v", got)
				}
				if s := siblings(t, root); len(s) > 0 {
					t.Errorf("the next run left %v beside the output folder", s)
				}
			})
		}
	}
}

func killedCommit(root, step string, fallback bool) {
	o, err := NewOutput(root)
	if err != nil {
		fmt.Println(err)
		os.Exit(3)
	}
	o.noExchange = fallback
	o.fault = func(s string) error {
		if s == step {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
		return nil
	}
	for rel, data := range newFiles {
		build, _, _ := strings.Cut(rel, "/")
		o.WriteFile(build, rel, "txt", func(w io.Writer) error {
			_, err := io.WriteString(w, data)
			return err
		})
	}
	if _, err := o.Commit(Manifest{}); err != nil {
		fmt.Println(err)
	}
	os.Exit(4) // not reached when the step is hit
}

func TestOutputLocked(t *testing.T) {
	root := filepath.Join(t.TempDir(), "out")
	a, err := NewOutput(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewOutput(root); !errors.Is(err, ErrLocked) {
		t.Fatalf("second NewOutput = %v, want ErrLocked", err)
	}
	if _, err := a.Commit(Manifest{}); err != nil {
		t.Fatal(err)
	}
	b, err := NewOutput(root)
	if err != nil {
		t.Fatalf("after the first committed: %v", err)
	}
	b.Abort()
}

func TestOutputRefusesForeignFolder(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "thesis.tex"), []byte("x"), 0o644)
	if _, err := NewOutput(root); err == nil || !strings.Contains(err.Error(), "no manifest.json") {
		t.Fatalf("NewOutput of a folder of other files = %v", err)
	}
	if got := tree(t, root); len(got) != 1 {
		t.Errorf("folder changed: %v", got)
	}
}

func TestOutputForeignFileWhereBuildWrites(t *testing.T) {
	root := filepath.Join(t.TempDir(), "out")
	commitOld(t, root)
	o, err := NewOutput(root)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, o, map[string]string{"a/extra.txt": "quizdeck's"})
	if _, err := o.Commit(Manifest{}); err == nil || !strings.Contains(err.Error(), "a/extra.txt") {
		t.Fatalf("Commit = %v, want an error naming a/extra.txt", err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "a", "extra.txt")); string(b) != "mine too" {
		t.Errorf("foreign file changed to %q", b)
	}
}

func TestOutputRemovesStale(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "out")
	commitOld(t, root)
	for _, p := range []string{".out.quizdeck-stage-123/a/x.txt", ".out.quizdeck-old-456/a/x.txt", "out/.quizdeck-staging-789/deck/x"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte("dead"), 0o644)
	}
	os.Chmod(filepath.Join(dir, ".out.quizdeck-old-456/a"), 0o555) // read-only leftovers go too
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, name := range []string{"quizdeck-apkg-dead", "quizdeck-apkg-live"} {
		os.MkdirAll(filepath.Join(tmp, name), 0o755)
		os.WriteFile(filepath.Join(tmp, name, "collection.anki2"), []byte("x"), 0o644)
	}
	dayOld := time.Now().Add(-25 * time.Hour)
	os.Chtimes(filepath.Join(tmp, "quizdeck-apkg-dead"), dayOld, dayOld)
	o, err := NewOutput(root)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	live := filepath.Base(o.stage)
	for _, s := range siblings(t, root) {
		if s != live {
			t.Errorf("stale %s not removed", s)
		}
	}
	if _, err := os.Stat(filepath.Join(root, ".quizdeck-staging-789")); err == nil {
		t.Error("legacy staging folder not removed")
	}
	if _, err := os.Stat(filepath.Join(tmp, "quizdeck-apkg-dead")); err == nil {
		t.Error("a day-old scratch folder of an earlier version was not removed from $TMPDIR")
	}
	if _, err := os.Stat(filepath.Join(tmp, "quizdeck-apkg-live")); err != nil {
		t.Error("a fresh scratch folder (maybe a live run's) was removed")
	}
}

func TestOutputThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	os.Mkdir(real, 0o755)
	link := filepath.Join(dir, "out")
	if err := os.Symlink("real", link); err != nil {
		t.Fatal(err)
	}
	o, err := NewOutput(link)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, o, newFiles)
	if _, err := o.Commit(Manifest{}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(real, "c", "w.txt")); string(b) != "new w" {
		t.Errorf("real/c/w.txt = %q", b)
	}
}

func TestBuildCancelledBeforeCommit(t *testing.T) {
	root := filepath.Join(t.TempDir(), "out")
	old := commitOld(t, root)
	o, err := NewOutput(root)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, o, newFiles)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := o.CommitContext(ctx, Manifest{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("CommitContext = %v", err)
	}
	if d := diffMaps(old, tree(t, root)); d != "" {
		t.Error(d)
	}
}

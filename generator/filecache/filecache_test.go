package filecache

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestPutGet(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k := sha256.Sum256([]byte("a"))
	if _, ok := d.Get(k); ok {
		t.Fatal("hit in an empty cache")
	}
	for _, data := range [][]byte{[]byte("decoded spec"), {}, bytes.Repeat([]byte{7}, 1<<20)} {
		if err := d.Put(k, data); err != nil {
			t.Fatal(err)
		}
		got, ok := d.Get(k)
		if !ok || !bytes.Equal(got, data) {
			t.Fatalf("Get = %d bytes, %v; want %d bytes", len(got), ok, len(data))
		}
	}
	if err := d.Put(k, make([]byte, MaxEntry+1)); err == nil {
		t.Error("an entry over MaxEntry was stored")
	}
}

// Every kind of damage is a miss, never wrong data.
func TestDamagedEntriesMiss(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k := sha256.Sum256([]byte("k"))
	data := []byte("the decoded file")
	for name, damage := range map[string]func([]byte) []byte{
		"flipped data":  func(b []byte) []byte { b[len(b)-1] ^= 1; return b },
		"truncated":     func(b []byte) []byte { return b[:len(b)-3] },
		"longer":        func(b []byte) []byte { return append(b, 'x') },
		"other magic":   func(b []byte) []byte { b[0] = 'Q'; return b },
		"other key":     func(b []byte) []byte { b[len(magic)] ^= 1; return b },
		"empty":         func([]byte) []byte { return nil },
		"header only":   func(b []byte) []byte { return b[:headerSize-1] },
		"flipped check": func(b []byte) []byte { b[headerSize-1] ^= 1; return b },
	} {
		if err := d.Put(k, data); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(d.file(k))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(d.file(k), damage(b), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, ok := d.Get(k); ok {
			t.Errorf("%s: hit with %q", name, got)
		}
	}
}

// Writers racing on one key leave a whole entry.
func TestConcurrentPuts(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k := sha256.Sum256([]byte("race"))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			d.Put(k, bytes.Repeat([]byte{byte(i)}, 64<<10))
			if got, ok := d.Get(k); ok && !bytes.Equal(got, bytes.Repeat(got[:1], 64<<10)) {
				t.Error("a mixed entry")
			}
		})
	}
	wg.Wait()
	if tmp, _ := filepath.Glob(filepath.Join(d.Path(), "*", ".tmp-*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

func TestTrim(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	old, fresh := sha256.Sum256([]byte("old")), sha256.Sum256([]byte("fresh"))
	d.Put(old, []byte("o"))
	d.Put(fresh, []byte("f"))
	stale := time.Now().Add(-MaxAge - time.Hour)
	os.Chtimes(d.file(old), stale, stale)
	// Opened again within a day: nothing is trimmed.
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d.file(old)); err != nil {
		t.Fatal("trimmed twice in a day")
	}
	// A day later the stale entry goes and the fresh one stays.
	yesterday := time.Now().Add(-25 * time.Hour)
	os.Chtimes(filepath.Join(dir, trimFile), yesterday, yesterday)
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d.file(old)); !os.IsNotExist(err) {
		t.Error("stale entry kept")
	}
	if _, ok := d.Get(fresh); !ok {
		t.Error("fresh entry trimmed")
	}
}

// Using an entry refreshes its time, so a deck in use is never trimmed.
func TestGetRefreshesTime(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k := sha256.Sum256([]byte("used"))
	d.Put(k, []byte("x"))
	weekAgo := time.Now().Add(-6 * 24 * time.Hour)
	os.Chtimes(d.file(k), weekAgo, weekAgo)
	if _, ok := d.Get(k); !ok {
		t.Fatal("miss")
	}
	st, err := os.Stat(d.file(k))
	if err != nil || time.Since(st.ModTime()) > time.Minute {
		t.Errorf("entry time %v after use", st.ModTime())
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(""); err == nil {
		t.Error("empty path opened")
	}
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	if _, err := Open(filepath.Join(file, "cache")); err == nil {
		t.Error("a folder under a file opened")
	}
}

// A folder of other files is refused, and trimming removes only what Put
// writes, however old the rest.
func TestOnlyOwnFiles(t *testing.T) {
	home := t.TempDir()
	os.WriteFile(filepath.Join(home, "notes.txt"), []byte("mine"), 0o644)
	if _, err := Open(home); err == nil {
		t.Fatal("a folder of other files was opened as a cache")
	}
	dir := t.TempDir()
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	k := sha256.Sum256([]byte("x"))
	d.Put(k, []byte("x"))
	old := time.Now().Add(-MaxAge - time.Hour)
	keep := []string{"mine-d", filepath.Join(filepath.Base(filepath.Dir(d.file(k))), "mine-d"), filepath.Join("zz", ".tmp-1")}
	for _, p := range keep {
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, nil, 0o644)
		os.Chtimes(p, old, old)
	}
	os.Chtimes(d.file(k), old, old)
	os.Chtimes(filepath.Join(dir, trimFile), old, old)
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d.file(k)); !os.IsNotExist(err) {
		t.Error("a stale entry was kept")
	}
	for _, p := range keep {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s, not the cache's, was removed", p)
		}
	}
}

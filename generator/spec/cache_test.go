package spec_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/filecache"
	"github.com/quizdeck/quizdeck/generator/internal/memcache"
	"github.com/quizdeck/quizdeck/generator/internal/synthdeck"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// loadAll loads every deck of fsys with l.
func loadAll(t *testing.T, l spec.Loader, fsys fs.FS, prefix string) ([]*generator.Deck, string) {
	t.Helper()
	ds, err := l.Load(context.Background(), fsys, prefix)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	return ds, msg
}

// TestCacheGivesTheSameDecks loads decks without a cache, then twice
// through one (cold, warm): the decks and every reported problem must be
// the same, and the warm load must parse nothing.
func TestCacheGivesTheSameDecks(t *testing.T) {
	synth := t.TempDir()
	if _, err := synthdeck.Write(synth, "synth", 300, 7); err != nil {
		t.Fatal(err)
	}
	bad := t.TempDir()
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(bad, filepath.Base(f)[:len(filepath.Base(f))-5])
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "deck.yaml"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		fsys   fs.FS
		prefix string
	}{
		{"embedded", decks.FS, "decks"},
		{"example", os.DirFS("../../examples/cuban-missile-crisis/decks"), "decks"},
		{"synthetic", os.DirFS(synth), "synth"},
		{"bad", os.DirFS(bad), "bad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, wantErr := loadAll(t, spec.Loader{}, tc.fsys, tc.prefix)
			c := &memcache.Cache{}
			l := spec.Loader{Cache: c, Salt: "test"}
			for _, round := range []string{"cold", "warm"} {
				got, gotErr := loadAll(t, l, tc.fsys, tc.prefix)
				if gotErr != wantErr {
					t.Errorf("%s: errors\n%s\nwant\n%s", round, gotErr, wantErr)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: decks differ from an uncached load", round)
				}
			}
			hits, puts := c.Counts()
			if puts == 0 && tc.name != "bad" {
				t.Errorf("nothing cached")
			}
			if hits != puts {
				t.Errorf("warm load: %d hits for %d entries", hits, puts)
			}
		})
	}
}

// TestCacheKeys: another salt or other bytes miss; the same bytes under
// another file name hit, with positions naming the new file.
func TestCacheKeys(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sub, _ := fs.Sub(decks.FS, "eurasian-union")
	names, _ := fs.Glob(sub, "*.yaml")
	for _, n := range names {
		b, _ := fs.ReadFile(sub, n)
		write("eurasian-union/"+n, b)
	}
	c := &memcache.Cache{}
	l := spec.Loader{Cache: c, Salt: "a"}
	if _, msg := loadAll(t, l, os.DirFS(dir), "decks"); msg != "" {
		t.Fatal(msg)
	}
	_, puts := c.Counts()
	_, msg := loadAll(t, spec.Loader{Cache: c, Salt: "b"}, os.DirFS(dir), "decks")
	if hits, puts2 := c.Counts(); msg != "" || hits != 0 || puts2 != 2*puts {
		t.Errorf("another salt: %d hits, %d entries (want 0, %d) %s", hits, puts2, 2*puts, msg)
	}
	ds, msg := loadAll(t, l, os.DirFS(dir), "elsewhere")
	if hits, _ := c.Counts(); msg != "" || hits != puts {
		t.Fatalf("same bytes, another name: %d hits, want %d %s", hits, puts, msg)
	}
	for _, f := range ds[0].Facts {
		if filepath.Dir(f.Pos.File) != "elsewhere/eurasian-union" {
			t.Fatalf("fact %s at %s", f.ID, f.Pos)
		}
		for _, kp := range f.FieldPos.Positions() {
			if kp.Pos.File != f.Pos.File {
				t.Fatalf("fact %s key %s at %s", f.ID, kp.Key, kp.Pos)
			}
		}
	}
}

// TestCacheOnDisk runs the loader over a filecache.Dir, then damages every
// entry: the next load parses again and gives the same decks.
func TestCacheOnDisk(t *testing.T) {
	cdir := t.TempDir()
	c, err := filecache.Open(cdir)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := loadAll(t, spec.Loader{}, decks.FS, "decks")
	l := spec.Loader{Cache: c}
	for range 2 {
		got, msg := loadAll(t, l, decks.FS, "decks")
		if msg != "" || !reflect.DeepEqual(got, want) {
			t.Fatalf("through the disk cache: %s", msg)
		}
	}
	entries, _ := filepath.Glob(filepath.Join(cdir, "*", "*-d"))
	if len(entries) == 0 {
		t.Fatal("no entry written")
	}
	for _, e := range entries {
		b, _ := os.ReadFile(e)
		b[len(b)-1] ^= 0xff
		os.WriteFile(e, b, 0o644)
	}
	got, msg := loadAll(t, l, decks.FS, "decks")
	if msg != "" || !reflect.DeepEqual(got, want) {
		t.Fatalf("after damage: %s", msg)
	}
}

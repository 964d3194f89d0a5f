package spec_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// TestEmbeddedDecks is the content gate: every deck that ships must load
// without a single problem.
func TestEmbeddedDecks(t *testing.T) {
	ds, err := spec.Load(decks.FS, "decks")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 {
		t.Fatal("no embedded deck")
	}
	for _, d := range ds {
		if len(d.Facts) == 0 {
			t.Errorf("deck %s has no facts", d.ID)
		}
	}
}

// TestBad loads each file of testdata/bad as a deck and compares every
// reported problem with its golden file.
func TestBad(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			d, errs := spec.LoadFiles(os.DirFS("testdata/bad"), []string{name}, "testdata/bad", "")
			if d != nil || len(errs) == 0 {
				t.Fatalf("loaded %s without error", name)
			}
			for _, e := range errs {
				var pe *generator.PosError
				if !errors.As(e, &pe) {
					t.Errorf("error without position: %v", e)
				}
			}
			golden.Check(t, strings.TrimSuffix(path, ".yaml")+".golden", []byte(generator.JoinErrors(errs).Error()+"\n"))
		})
	}
}

func TestLoadDeckFolders(t *testing.T) {
	head := "id: demo\ntitle: Demo\nsource: {title: T, author: A}\n"
	fact := "quotes:\n  - {id: q1, speaker: A B, said: words, form: direct, source: {excerpt: A B said words}}\n"
	tests := []struct {
		name    string
		fs      fstest.MapFS
		wantErr string
	}{
		{"one file", fstest.MapFS{"demo/deck.yaml": {Data: []byte(head + fact)}}, ""},
		{"split files", fstest.MapFS{"demo/deck.yaml": {Data: []byte(head)}, "demo/quotes.yaml": {Data: []byte(fact)}}, ""},
		{"id differs from folder", fstest.MapFS{"other/deck.yaml": {Data: []byte(head + fact)}}, `decks/other/deck.yaml:1:5: deck id "demo" differs from its folder name "other"`},
		{"two heads", fstest.MapFS{"demo/a.yaml": {Data: []byte(head + fact)}, "demo/b.yaml": {Data: []byte(head)}}, "decks/demo/b.yaml:1:1: deck id, title and source are already given in decks/demo/a.yaml"},
		{"no head", fstest.MapFS{"demo/quotes.yaml": {Data: []byte(fact)}}, "no file of this deck gives its id"},
		{"no decks", fstest.MapFS{"readme.txt": {Data: []byte("x")}}, "no deck found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := spec.Load(tc.fs, "decks")
			if tc.wantErr == "" {
				if err != nil || len(ds) != 1 || len(ds[0].Facts) != 1 {
					t.Fatalf("Load = %v, %v; want one deck with one fact", ds, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Load error = %v; want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

func TestDigestTracksContent(t *testing.T) {
	a := fstest.MapFS{"d/deck.yaml": {Data: []byte("id: d\ntitle: D\nsource: {title: T, author: A}\nevents:\n  - {id: e, event: x, year: 1992, source: {excerpt: x 1992}}\n")}}
	b := fstest.MapFS{"d/deck.yaml": {Data: []byte("id: d\ntitle: D\nsource: {title: T, author: A}\nevents:\n  - {id: e, event: y, year: 1992, source: {excerpt: y 1992}}\n")}}
	da, err := spec.Load(a, "decks")
	if err != nil {
		t.Fatal(err)
	}
	db, err := spec.Load(b, "decks")
	if err != nil {
		t.Fatal(err)
	}
	if da[0].Digest == db[0].Digest {
		t.Error("different specs have the same digest")
	}
}

func TestLargeFileRejected(t *testing.T) {
	big := make([]byte, 9<<20)
	for i := range big {
		big[i] = '#'
	}
	_, err := spec.Load(fstest.MapFS{"d/deck.yaml": {Data: big}}, "decks")
	if err == nil || !strings.Contains(err.Error(), "limited to") {
		t.Fatalf("err = %v; want a size error", err)
	}
}

// FuzzLoad checks that loading never panics or hangs and that every problem
// carries a position.
func FuzzLoad(f *testing.F) {
	for _, path := range []string{"../../decks/eurasian-union/deck.yaml", "../../decks/eurasian-union/quotes.yaml", "testdata/bad/unknown-keys.yaml", "testdata/bad/bomb.yaml", "testdata/bad/entities.yaml", "../question/testdata/lint/clean.yaml", "../../examples/cuban-missile-crisis/decks/cuban-missile-crisis/deck.yaml", "../../decks/eurasian-union/events.yaml"} {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("id: d\ntitle: D\nsource: {title: T, author: A}\nbases:\n  - {id: b, base: B, country: C, detail: D, source: {excerpt: B}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, errs := spec.LoadFiles(fstest.MapFS{"d/deck.yaml": {Data: data}}, []string{"d/deck.yaml"}, "", "d")
		if d == nil && len(errs) == 0 {
			t.Fatal("no deck and no error")
		}
		for _, e := range errs {
			var pe *generator.PosError
			if !errors.As(e, &pe) {
				t.Fatalf("error without position: %v", e)
			}
		}
	})
}

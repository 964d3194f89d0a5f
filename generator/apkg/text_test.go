package apkg_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	goldenfile "github.com/quizdeck/quizdeck/generator/internal/golden"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/apkg"
)

func TestStripHTML(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Who said it?", "Who said it?"},
		{"entities", "Europe &amp; &lt;no one&gt; &quot;x&quot; &#39;y&#39;", `Europe & <no one> "x" 'y'`},
		{"nbsp", "a&nbsp;b", "a b"},
		{"tags", "<b>Willy Brandt</b><br><small>n. 7</small>", "Willy Brandtn. 7"},
		{"comment style script", "a<!-- x\n-->b<style>.c{}</style>c<script>d()</script>", "abc"},
		{"media keeps file name", `see <img src="map.png"> and <img alt=x src='b c.jpg'/>`, "see  map.png  and  b c.jpg "},
		{"cloze markers stay", "{{c1::Михаил Горбачёв}} held that", "{{c1::Михаил Горбачёв}} held that"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := apkg.StripHTML(tc.in); got != tc.want {
				t.Errorf("StripHTML(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestChecksum(t *testing.T) {
	tests := []struct {
		in   string
		want uint32
	}{
		{"hello", 2868168221},        // anki-import.md 3.6
		{"<b>hello</b>", 2868168221}, // stripped first
		{"h&#101;llo", 2868168221},   // entities decoded
		{"", 3661210606},             // sha1("") = da39a3ee…
	}
	for _, tc := range tests {
		if got := apkg.Checksum(tc.in); got != tc.want {
			t.Errorf("Checksum(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// FuzzStripHTML checks that stripping never panics, leaves valid UTF-8
// valid, and is idempotent on text without markup characters.
func FuzzStripHTML(f *testing.F) {
	for _, s := range []string{"<b>x</b>", "a &amp; b", `<img src="x.png">`, "<!--", "&#0;", "日ソ<br>宣言"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := apkg.StripHTML(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("StripHTML(%q) = %q is not valid UTF-8", s, got)
		}
		if !strings.ContainsAny(s, "<&") && got != s {
			t.Fatalf("StripHTML(%q) = %q changed text without markup", s, got)
		}
		_ = apkg.Checksum(s)
	})
}

// TestGolden pins the note types (ids, names, fields, templates, CSS) and
// the notes of the synthetic bank as the package stores them, with note
// and card ids (ord:id). Run with
// -update after a deliberate change, and review the diff: a changed
// field or template list breaks updates for everyone who imported.
func TestGolden(t *testing.T) {
	out := t.TempDir()
	buildWith(t, testBank(), out, apkg.New(templates(t)), epoch, generator.AnkiOptions{Cloze: true, Reversed: true})
	db := openCollection(t, filepath.Join(out, "deck", "ostpolitik.apkg"))

	var models string
	if err := db.QueryRow(`SELECT models FROM col`).Scan(&models); err != nil {
		t.Fatal(err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, []byte(models), "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	golden(t, "notetypes.golden", pretty.Bytes())

	rows, err := db.Query(`SELECT n.id, n.guid, n.mid, n.mod, n.tags, n.flds, group_concat(c.ord || ':' || c.id, ',')
		FROM notes n JOIN cards c ON c.nid = n.id GROUP BY n.id ORDER BY n.mid, n.guid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var dump bytes.Buffer
	for rows.Next() {
		var guid, tags, flds, cards string
		var id, mid, mod int64
		if err := rows.Scan(&id, &guid, &mid, &mod, &tags, &flds, &cards); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&dump, "note %s id %d type %d mod %d cards %s tags %q\n", guid, id, mid, mod, cards, tags)
		for i, f := range strings.Split(flds, "\x1f") {
			fmt.Fprintf(&dump, "  %d: %s\n", i, f)
		}
	}
	golden(t, "ostpolitik-notes.golden", dump.Bytes())
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

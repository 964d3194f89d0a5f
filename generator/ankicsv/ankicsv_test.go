package ankicsv_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/ankicsv"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/render"
)

// readAnki reads a file the way Anki's importer does (anki-import.md 1.4):
// tab delimiter, '"' quotes, no trimming, records starting with '#' dropped
// as comments, rows of any length.
func readAnki(t testing.TB, data []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = '\t'
	r.Comment = '#'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read back: %v\n%s", err, data)
	}
	return recs
}

func TestAppendRowQuoting(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Who said it?", "Who said it?"},
		{"leading hash", "#guid", `"#guid"`},
		{"hash inside", "a#b", "a#b"},
		{"tab", "a\tb", "\"a\tb\""},
		{"quote", `say "hi"`, `"say ""hi"""`},
		{"newline", "a\nb", "\"a\nb\""},
		{"carriage return", "a\rb", "\"a\rb\""},
		{"unicode", "“Putin’s” – Łódź", "“Putin’s” – Łódź"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(ankicsv.AppendRow(nil, tc.in, "x"))
			if want := tc.want + "\tx\n"; got != want {
				t.Errorf("AppendRow(%q) = %q, want %q", tc.in, got, want)
			}
			recs := readAnki(t, []byte("#separator:tab\n"+got))
			if len(recs) != 1 || recs[0][0] != tc.in {
				t.Errorf("read back %q, want %q", recs, tc.in)
			}
		})
	}
}

func TestAnkiHTML(t *testing.T) {
	got := generator.AnkiHTML("a < b & \"c\"\nnext\r\nlast")
	want := "a &lt; b &amp; &#34;c&#34;<br>next<br>last"
	if got != want {
		t.Errorf("AnkiHTML = %q, want %q", got, want)
	}
}

func testDeck() (*generator.Deck, []generator.Question) {
	d := &generator.Deck{ID: "demo", Title: "Demo", AnkiDeck: "quizdeck::Demo",
		Source: generator.SourceInfo{Title: "An Essay", Author: "A. Author"},
		Facts: []*generator.Fact{
			{ID: "medvedev", Kind: generator.Quote, Speaker: "Dmitry Medvedev", Said: "Russia has privileged interests", Year: 2008},
			{ID: "tashkent", Kind: generator.Event, Event: "the Tashkent treaty", Year: 1992},
		}}
	mk := func(fact string, k generator.Kind, prompt, answer string) generator.Question {
		id := generator.QuestionID("demo", fact, k)
		return generator.Question{ID: id, Deck: "demo", Fact: fact, Kind: k, Prompt: prompt, Answer: answer,
			Distractors: []string{"x", "y", "z"}, Attribution: "President; 2008; paraphrase",
			Source: generator.Citation{Footnote: 4, Excerpt: "President Dmitry Medvedev famously told an interviewer"},
			Tags:   []string{"georgia"}, GUID: generator.NoteGUID("demo", fact)}
	}
	return d, []generator.Question{
		mk("medvedev", generator.WhoSaid, "Who said: “Russia has <privileged> interests & more”?", "Dmitry Medvedev"),
		mk("medvedev", generator.WhichYear, "In which year did Dmitry Medvedev say that Russia has privileged interests?", "2008"),
		mk("tashkent", generator.WhichYear, "In which year, according to the essay: the \"Tashkent\"\ttreaty?", "1992"),
	}
}

// TestFactsFormat checks the anki-csv file: one row per fact, its
// questions as Front/Back pairs in kind order, Anki's header rules.
func TestFactsFormat(t *testing.T) {
	tmpl, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	d, qs := testDeck()
	out, err := generator.NewOutput(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	job := &generator.Job{Build: generator.BuildOptions{Name: "deck"}, Decks: []*generator.Deck{d}, Questions: qs, Log: io.Discard}
	if err := ankicsv.New(tmpl).Write(context.Background(), job, out); err != nil {
		t.Fatal(err)
	}
	if _, err := out.Commit(generator.Manifest{}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out.Root(), "deck", "demo.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/facts.tsv.golden", data)

	// Anki's rules: header lines first, no BOM, no trailing separators.
	lines := strings.Split(string(data), "\n")
	for _, want := range []string{"#separator:tab", "#html:true", "#notetype:1384720616", "#deck:quizdeck::Demo", "#guid column:1", "#tags column:8",
		"#columns:GUID\tFront\tBack\tFront 2\tBack 2\tFront 3\tBack 3\tTags"} {
		found := false
		for _, l := range lines {
			if l == want {
				found = true
			}
		}
		if !found {
			t.Errorf("missing header line %q", want)
		}
	}
	if !strings.HasPrefix(lines[0], "#separator:tab") || !strings.HasPrefix(lines[1], "#html:") {
		t.Errorf("separator and html must come first, got %q", lines[:2])
	}
	recs := readAnki(t, data)
	facts := [][]generator.Question{qs[:2], qs[2:]}
	if len(recs) != len(facts) {
		t.Fatalf("%d records, want one per fact (%d)", len(recs), len(facts))
	}
	for i, r := range recs {
		if len(r) != 8 {
			t.Fatalf("record %d has %d fields: %q", i, len(r), r)
		}
		if r[0] != facts[i][0].GUID || r[0] != generator.NoteGUID("demo", facts[i][0].Fact) {
			t.Errorf("record %d GUID %q, want %q", i, r[0], facts[i][0].GUID)
		}
		var wantTags []string
		for j := range 3 {
			front, back := r[1+2*j], r[2+2*j]
			if j >= len(facts[i]) {
				if front != "" || back != "" {
					t.Errorf("record %d slot %d: %q, %q, want empty", i, j+1, front, back)
				}
				continue
			}
			q := facts[i][j]
			wantTags = append(wantTags, "demo::"+string(q.Kind))
			if front != generator.AnkiHTML(q.Prompt) {
				t.Errorf("record %d front %d %q, want the escaped prompt", i, j+1, front)
			}
			if !strings.Contains(back, "<b>"+q.Answer+"</b>") {
				t.Errorf("record %d back %d %q lacks the answer", i, j+1, back)
			}
		}
		if want := strings.Join(append(wantTags, "georgia"), " "); r[7] != want {
			t.Errorf("record %d tags %q, want %q", i, r[7], want)
		}
	}
}

// FuzzRoundTrip checks that any row written, read back with Anki's rules,
// gives back the same fields.
func FuzzRoundTrip(f *testing.F) {
	f.Add("#a", "b\tc", "\"quoted\"", "line\nbreak")
	f.Add("", "x", "“curly” – dash", "\r")
	f.Fuzz(func(t *testing.T, a, b, c, d string) {
		fields := []string{"guid", a, b, c, d}
		for _, s := range fields {
			// Anki reads UTF-8 only and csv rejects a bare quote inside an
			// unquoted field, which we never write; NUL is not text.
			if !isText(s) {
				return
			}
		}
		row := ankicsv.AppendRow(nil, fields...)
		recs := readAnki(t, append([]byte("#separator:tab\n"), row...))
		if len(recs) != 1 {
			t.Fatalf("%q read back as %d records", row, len(recs))
		}
		got := recs[0]
		// encoding/csv folds \r\n inside quoted fields to \n, as Anki's reader does not;
		// compare with that folding applied.
		for i := range fields {
			want := strings.ReplaceAll(fields[i], "\r\n", "\n")
			if i >= len(got) || got[i] != want {
				t.Fatalf("field %d: wrote %q, read %q (row %q)", i, fields[i], got, row)
			}
		}
	})
}

func isText(s string) bool {
	for _, r := range s {
		if r == 0 || r == 0xFFFD {
			return false
		}
	}
	return strings.ToValidUTF8(s, "") == s
}

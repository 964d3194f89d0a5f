package apkg_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/apkg"
)

// FuzzPackage writes a package from a question and a quotation with
// arbitrary text and checks what Anki relies on: every note has its note
// type's field count (no stray 0x1F), one GUID per note, and csum and
// sfld follow Anki's rule for the stored first field.
func FuzzPackage(f *testing.F) {
	f.Add("Who said: “x”?", "Willy Brandt", "Ich tat, was Menschen tun.", "Egon Bahr")
	f.Add("a\x1fb\x00c", "<b>&amp;</b>", "{{c2::x}}\r\n::", "\x7f")
	f.Add("#hash\tand \"quotes\" 'too'", "日本", "“«»”", "")
	tmpl := templates(f)
	fieldCount := map[int64]int{}
	for _, nt := range apkg.NoteTypes() {
		fieldCount[nt.ID] = len(nt.Fields)
	}
	f.Fuzz(func(t *testing.T, prompt, answer, said, distractor string) {
		if strings.TrimSpace(answer) == "" || strings.TrimSpace(said) == "" {
			return // the spec loader rejects empty answers and quotations
		}
		d := &generator.Deck{ID: "fuzz", AnkiDeck: "Fuzz::Deck", Facts: []*generator.Fact{
			{ID: "q", Kind: generator.Quote, Speaker: answer, Said: said, Direct: true}}}
		id := generator.QuestionID("fuzz", "q", generator.WhoSaid)
		q := generator.Question{ID: id, Deck: "fuzz", Fact: "q", Kind: generator.WhoSaid, Prompt: prompt,
			Answer: answer, Distractors: []string{distractor}, GUID: generator.NoteGUID("fuzz", "q")}
		job := &generator.Job{Build: generator.BuildOptions{Name: "b"}, Decks: []*generator.Deck{d},
			Questions: []generator.Question{q}, Epoch: time.Unix(epoch, 0), Log: io.Discard,
			Anki: generator.AnkiOptions{MultipleChoice: true, Cloze: true}}
		p, err := apkg.New(tmpl).Package(job, d)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "f.apkg")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		notes := readNotes(t, openCollection(t, path))
		if len(notes) != 2 {
			t.Fatalf("%d notes, want the fact's (with options) and its cloze", len(notes))
		}
		for guid, n := range notes {
			fields := strings.Split(n.flds, "\x1f")
			if len(fields) != fieldCount[n.mid] {
				t.Fatalf("note %s: %d fields, note type %d has %d", guid, len(fields), n.mid, fieldCount[n.mid])
			}
			if want := int64(apkg.Checksum(fields[0])); n.csum != want {
				t.Errorf("note %s: csum %d, want %d", guid, n.csum, want)
			}
			if sfld, ok := n.sfld.(string); ok && sfld != apkg.StripHTML(fields[0]) {
				t.Errorf("note %s: sfld %q, want %q", guid, sfld, apkg.StripHTML(fields[0]))
			}
		}
	})
}

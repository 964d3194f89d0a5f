package quiz

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Cells a spreadsheet would run as formulas are quoted; the file starts
// with a byte order mark so Excel reads UTF-8.
func TestSheetWriter(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+49 30": "'+49 30", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "Ana Núñez": "Ana Núñez", "": "", "a=b": "a=b"} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
	var b bytes.Buffer
	students := []Student{{Name: `=HYPERLINK("http://x","click")`, ID: "s1"}, {Name: "Zoë", ID: "s2"}}
	if err := WriteRosterKey(&b, students, []int{0, 1}, func(s Student) string { return s.ID + ".pdf" }); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if !strings.HasPrefix(got, "\ufeffid,name,version,quiz\n") {
		t.Errorf("no byte order mark or header: %q", got)
	}
	if !strings.Contains(got, `s1,"'=HYPERLINK(""http://x"",""click"")",A,s1.pdf`) {
		t.Errorf("formula not neutralised:\n%s", got)
	}
}

// FuzzSheetWriter writes any row and reads it back: the cells survive
// (after SafeCell), none can start a formula, and the file starts with
// the byte order mark.
func FuzzSheetWriter(f *testing.F) {
	for _, s := range []string{"=1+1", "a,b", "\"q\"", "-", "@x\n=y", "Zoë", ""} {
		f.Add(s, "x")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) || strings.ContainsRune(a+b, '\r') {
			return // csv normalises \r\n; rosters reject invalid UTF-8
		}
		var buf bytes.Buffer
		w, err := NewSheetWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write([]string{a, b}); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		if !strings.HasPrefix(buf.String(), "\ufeff") {
			t.Fatal("no byte order mark")
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatalf("read back: %v", err)
		}
		if a == "" && b == "" {
			return // an empty row reads back as nothing
		}
		if len(rows) != 1 || rows[0][0] != SafeCell(a) || rows[0][1] != SafeCell(b) {
			t.Fatalf("wrote %q, %q; read %q", a, b, rows)
		}
		for _, c := range rows[0] {
			if c != "" && strings.ContainsRune("=+-@\t", rune(c[0])) {
				t.Errorf("cell %q can start a formula", c)
			}
		}
	})
}

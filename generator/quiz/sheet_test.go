package quiz

import (
	"bytes"
	"strings"
	"testing"
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

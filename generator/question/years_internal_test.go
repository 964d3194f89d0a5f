package question

import (
	"regexp"
	"slices"
	"strconv"
	"testing"
)

var yearWordRE = regexp.MustCompile(`\b(1[0-9]{3}|20[0-9]{2}|2100)\b`)

func regexpYears(s string) []int {
	var out []int
	for _, m := range yearWordRE.FindAllString(s, -1) {
		y, _ := strconv.Atoi(m)
		out = append(out, y)
	}
	return out
}

func FuzzYearsIn(f *testing.F) {
	for _, s := range []string{"", "1999", "in 1999, and 2004.", "12345", "x1999", "_2000", "1999x", "é1999é", "0999 1000 2100 2101",
		"Who said in 1995 “…”?", "1999-2004", "(1812)", "2100s", "１９９９"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := yearsIn(s), regexpYears(s); !slices.Equal(got, want) {
			t.Fatalf("yearsIn(%q) = %v, the expression finds %v", s, got, want)
		}
	})
}

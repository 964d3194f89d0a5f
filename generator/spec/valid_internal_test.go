package spec

import (
	"regexp"
	"testing"
)

var (
	idExpr  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,79}$`)
	tagExpr = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*(::[a-z0-9][a-z0-9_-]*)*$`)
)

// FuzzValidIDAndTag holds the hand-written checks to the expressions they
// replace.
func FuzzValidIDAndTag(f *testing.F) {
	for _, s := range []string{"", "a", "-a", "a-", "putin-1999", "A", "a_b", "caucasus::armenia", "a::", "::a", "a:::b", "a:b",
		"_a", "a::_b", "a::-b", "x123456789012345678901234567890123456789012345678901234567890123456789012345678", "é", "a\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validID(s), idExpr.MatchString(s); got != want {
			t.Fatalf("validID(%q) = %v, the expression says %v", s, got, want)
		}
		if got, want := validTag(s), tagExpr.MatchString(s); got != want {
			t.Fatalf("validTag(%q) = %v, the expression says %v", s, got, want)
		}
	})
}

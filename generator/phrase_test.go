package generator_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/quizdeck/quizdeck/generator"
)

// slowNormalize and slowContainsPhrase are the plain definitions the fast
// ones must agree with.
func slowNormalize(s string) string {
	s = norm.NFKC.String(s)
	var b []byte
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = utf8.AppendRune(b, unicode.ToLower(r))
			continue
		}
		space = true
	}
	return string(b)
}

func slowContainsPhrase(text, phrase string) bool {
	return phrase != "" && strings.Contains(" "+text+" ", " "+phrase+" ")
}

var phraseSeeds = []string{"", " ", "putin", "Putin", " putin", "putin ", "a  b", "a b", "Nagorno-Karabakh", "café", "Łódź",
	"1999", "in 1999 putin said", "putin said", "said", "xputin", "putinx", "a b c", "b c", "\u00a0a", "ﬁ", "Ⅻ"}

func TestNormalizeAndContainsPhrase(t *testing.T) {
	for _, a := range phraseSeeds {
		if got, want := generator.Normalize(a), slowNormalize(a); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", a, got, want)
		}
		for _, b := range phraseSeeds {
			if got, want := generator.ContainsPhrase(a, b), slowContainsPhrase(a, b); got != want {
				t.Errorf("ContainsPhrase(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range phraseSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := generator.Normalize(s), slowNormalize(s); got != want {
			t.Fatalf("Normalize(%q) = %q, want %q", s, got, want)
		}
	})
}

func FuzzContainsPhrase(f *testing.F) {
	for _, a := range phraseSeeds {
		f.Add(a, "putin")
		f.Add(a, a)
	}
	f.Fuzz(func(t *testing.T, text, phrase string) {
		if got, want := generator.ContainsPhrase(text, phrase), slowContainsPhrase(text, phrase); got != want {
			t.Fatalf("ContainsPhrase(%q, %q) = %v, want %v", text, phrase, got, want)
		}
	})
}

func FuzzSquashAndWordCount(f *testing.F) {
	for _, s := range append(phraseSeeds, "a\tb", "a\u00a0b", " a", "a ", "a\n", "\u2028", "a\xffb c") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := generator.Squash(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("Squash(%q) = %q, want %q", s, got, want)
		}
		if got, want := generator.WordCount(s), len(strings.Fields(s)); got != want {
			t.Fatalf("WordCount(%q) = %d, want %d", s, got, want)
		}
	})
}

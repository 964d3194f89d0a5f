package htmlquiz

import (
	"bytes"
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

var scriptTagRE = regexp.MustCompile(`(?i)</?script`)

// FuzzPage fills a page with arbitrary text: the page must keep exactly
// the template's own script elements, and its JSON must give back every
// string exactly.
func FuzzPage(f *testing.F) {
	f.Add("Who said “this”?", "Dmitry Medvedev", "Putin", "an excerpt", "President, 2008")
	f.Add("</script><script>alert(1)</script>", "<!--", "]]>", "</SCRIPT >", "\u2028\u2029")
	f.Add(`{{.Title}}`, `"; alert(1); "`, "<img src=x onerror=alert(1)>", "&amp;&lt;", "<style>*{}</style>")
	tmpl := templates(f)
	f.Fuzz(func(t *testing.T, prompt, answer, distractor, excerpt, attribution string) {
		for _, s := range []string{prompt, answer, distractor, excerpt, attribution} {
			if !utf8.ValidString(s) {
				t.Skip("specs are UTF-8")
			}
		}
		if answer == distractor {
			t.Skip("distractors never equal the answer")
		}
		job := smallJob()
		q := &job.Questions[0]
		q.Prompt, q.Answer, q.Distractors, q.Source.Excerpt, q.Attribution = prompt, answer, []string{distractor}, excerpt, attribution
		var b bytes.Buffer
		if err := Write(&b, tmpl, job); err != nil {
			t.Fatal(err)
		}
		if n := len(scriptTagRE.FindAll(b.Bytes(), -1)); n != 4 {
			t.Fatalf("page has %d script tags, want the template's 2 elements", n)
		}
		want, err := NewPage(job)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, pageData(t, b.Bytes())); d != "" {
			t.Fatalf("page JSON (-want +got):\n%s", d)
		}
	})
}

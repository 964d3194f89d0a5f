package htmlquiz

import (
	"io"
	"testing"
)

// BenchmarkPage renders the default deck's page.
func BenchmarkPage(b *testing.B) {
	j := defaultJob(b)
	tmpl := templates(b)
	for b.Loop() {
		if err := Write(io.Discard, tmpl, j); err != nil {
			b.Fatal(err)
		}
	}
}

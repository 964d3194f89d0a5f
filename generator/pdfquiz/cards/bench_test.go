package cards

import (
	"bytes"
	"context"
	"testing"
)

// BenchmarkCards lays out and draws the default deck's cards (88 on 11 sheets).
func BenchmarkCards(b *testing.B) {
	j := defaultJob(b, "a4")
	tmpl := testTemplates(b)
	for b.Loop() {
		d, err := Layout(context.Background(), tmpl, j)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Draw(d, j, &buf); err != nil {
			b.Fatal(err)
		}
	}
}

package pdfquiz

import (
	"bytes"
	"compress/zlib"
	"io"
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// TestEmbeddedFonts checks the pre-compressed fonts are the Go fonts of
// the golang.org/x/image in go.mod.
func TestEmbeddedFonts(t *testing.T) {
	for name, want := range map[string][]byte{"fonts/goregular.ttf.z": goregular.TTF, "fonts/gobold.ttf.z": gobold.TTF} {
		z, err := goFonts.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not the x/image Go font: run go generate ./generator/pdfquiz", name)
		}
	}
}

package pdfquiz

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// fpdfDoc draws a three-page document, letting fpdf compress or not.
func fpdfDoc(t *testing.T, compress bool) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(compress)
	pdf.SetCreationDate(time.Unix(0, 0))
	pdf.SetModificationDate(time.Unix(0, 0))
	pdf.SetFont("Helvetica", "", 12)
	for p := range 3 {
		pdf.AddPage()
		for i := range 40 {
			pdf.Text(20, float64(20+6*i), strings.Repeat("page text ", p+1))
		}
		pdf.Rect(10, 10, 50, 50, "D")
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// deflateStreams must give exactly the file fpdf writes when it compresses
// itself: same level, same streams, same offsets.
func TestDeflateStreamsMatchesFpdf(t *testing.T) {
	var z pageZlib
	for range 2 { // the second round reuses the pooled writer
		got, err := z.deflateStreams(fpdfDoc(t, false))
		if err != nil {
			t.Fatal(err)
		}
		if want := fpdfDoc(t, true); !bytes.Equal(got, want) {
			t.Fatalf("deflateStreams gave %d bytes, fpdf's compression %d", len(got), len(want))
		}
	}
}

func TestDeflateStreamsRejectsDamage(t *testing.T) {
	plain := fpdfDoc(t, false)
	for name, pdf := range map[string][]byte{
		"no xref":        bytes.Replace(plain, []byte("\nxref\n"), []byte("\nxrex\n"), 1),
		"short table":    bytes.Replace(plain, []byte(" 00000 n \n"), []byte(" 00000 n\n"), 1),
		"wrong length":   bytes.Replace(plain, []byte("<</Length "), []byte("<</Length 1"), 1),
		"free object":    bytes.Replace(plain, []byte(" 00000 n \n"), []byte(" 00000 f \n"), 1),
		"empty document": nil,
	} {
		if _, err := new(pageZlib).deflateStreams(pdf); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func FuzzDeflateStreams(f *testing.F) {
	f.Add([]byte("%PDF-1.3\n1 0 obj\n<</Length 3>>\nstream\nabc\nendstream\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<<\n/Size 2\n>>\nstartxref\n55\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		var z pageZlib
		out, err := z.deflateStreams(pdf)
		if err != nil {
			return
		}
		if !bytes.HasSuffix(out, []byte("%%EOF\n")) {
			t.Fatalf("no end of file marker")
		}
	})
}

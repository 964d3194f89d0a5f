package cards

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/internal/golden"
	"github.com/quizdeck/quizdeck/generator/internal/testtool"
)

// DocsImage is the README's picture of a card sheet, rewritten by
// go test ./generator/pdfquiz/cards -run TestDocsImage -update.
const DocsImage = "../../../docs/cards-sheet.png"

// TestDocsImage renders the first sheet of the default deck's cards (front
// and back, with pdftoppm) as sheets of paper lying on a desk. With
// -update it rewrites the README's picture; without, it checks the picture
// is there at the size this code makes.
func TestDocsImage(t *testing.T) {
	pdf, _ := pdfOf(t, defaultJob(t, "a4"))
	img := sheetPhoto(t, pdf)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if golden.Update() {
		if err := os.WriteFile(DocsImage, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(DocsImage)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := image.Rect(0, 0, cfg.Width, cfg.Height), img.Bounds(); got != want {
		t.Errorf("%s is %v, this code makes %v: run go test -update", DocsImage, got, want)
	}
}

// sheetPhoto lays pages 1 and 2 of pdf side by side on a desk, each with
// a soft shadow.
func sheetPhoto(t *testing.T, pdf []byte) *image.RGBA {
	t.Helper()
	bin := testtool.Require(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "cards.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	var pages []image.Image
	for _, n := range []string{"1", "2"} {
		if out, err := exec.Command(bin, "-r", "72", "-png", "-singlefile", "-f", n, "-l", n, in, filepath.Join(dir, n)).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		f, err := os.Open(filepath.Join(dir, n+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, img)
	}
	pw, ph := pages[0].Bounds().Dx(), pages[0].Bounds().Dy()
	const m = 44
	canvas := image.NewRGBA(image.Rect(0, 0, 2*pw+3*m, ph+2*m))
	// A desk: a vertical gradient with a fixed grain, no randomness.
	for y := range canvas.Bounds().Dy() {
		for x := range canvas.Bounds().Dx() {
			grain := int(generator.Mix64(uint64(y)<<20|uint64(x)) % 3)
			v := 205 - 22*y/canvas.Bounds().Dy() + grain
			canvas.SetRGBA(x, y, color.RGBA{uint8(v + 6), uint8(v), uint8(v - 10), 255})
		}
	}
	for i, p := range pages {
		at := image.Pt(m+i*(pw+m), m)
		shadow(canvas, image.Rectangle{Min: at, Max: at.Add(image.Pt(pw, ph))}.Add(image.Pt(6, 9)), 9)
		draw.Draw(canvas, p.Bounds().Add(at), p, p.Bounds().Min, draw.Src)
	}
	return canvas
}

// shadow darkens dst under r, blurred by a box of radius rad run three
// times (close to a Gaussian).
func shadow(dst *image.RGBA, r image.Rectangle, rad int) {
	b := dst.Bounds()
	w, h := b.Dx(), b.Dy()
	a := make([]float64, w*h)
	for y := max(r.Min.Y, 0); y < min(r.Max.Y, h); y++ {
		for x := max(r.Min.X, 0); x < min(r.Max.X, w); x++ {
			a[y*w+x] = 1
		}
	}
	tmp := make([]float64, w*h)
	for range 3 {
		for y := range h {
			for x := range w {
				s, n := 0.0, 0
				for k := max(0, x-rad); k <= min(w-1, x+rad); k++ {
					s += a[y*w+k]
					n++
				}
				tmp[y*w+x] = s / float64(n)
			}
		}
		for y := range h {
			for x := range w {
				s, n := 0.0, 0
				for k := max(0, y-rad); k <= min(h-1, y+rad); k++ {
					s += tmp[k*w+x]
					n++
				}
				a[y*w+x] = s / float64(n)
			}
		}
	}
	for i, v := range a {
		if v == 0 {
			continue
		}
		k := 1 - 0.42*v
		p := dst.Pix[4*i : 4*i+3]
		for j := range p {
			p[j] = uint8(float64(p[j]) * k)
		}
	}
}

package pdfquiz

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator/internal/testtool"
)

// TestToUnicode builds the test quiz and checks every font of every PDF
// with pdffonts (embedded, subset, ToUnicode: "yes yes yes"), and that
// qpdf accepts the incremental update that adds the maps.
func TestToUnicode(t *testing.T) {
	pdffonts := testtool.Require(t, "pdffonts")
	qpdf := testtool.Require(t, "qpdf")
	out := t.TempDir()
	m, _ := runBuild(t, out, quizBuild())
	n := 0
	for _, f := range m.Files {
		if !strings.HasSuffix(f.Path, ".pdf") {
			continue
		}
		path := filepath.Join(out, f.Path)
		list, err := exec.Command(pdffonts, path).Output()
		if err != nil {
			t.Fatalf("pdffonts %s: %v", f.Path, err)
		}
		lines := strings.Split(strings.TrimSpace(string(list)), "\n")[2:]
		if len(lines) == 0 {
			t.Errorf("%s: no fonts", f.Path)
		}
		for _, l := range lines {
			if !strings.Contains(l, " yes yes yes ") {
				t.Errorf("%s: font without embedding, subset or ToUnicode: %s", f.Path, l)
			}
		}
		if b, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check %s: %v\n%s", f.Path, err, b)
		}
		n++
	}
	if n < 10 {
		t.Errorf("checked %d PDFs", n)
	}
}

// TestToUnicodeMap reads the maps back: each encoding code maps to the
// rune its /uniXXXX name stands for, and ASCII to itself.
func TestToUnicodeMap(t *testing.T) {
	out := t.TempDir()
	m, _ := runBuild(t, out, quizBuild())
	pdf, err := os.ReadFile(filepath.Join(out, m.Quizzes[0].Quiz))
	if err != nil {
		t.Fatal(err)
	}
	streams := regexp.MustCompile(`(?s)<</Filter /FlateDecode /Length (\d+)>>\nstream\n`).FindAllSubmatchIndex(pdf, -1)
	found := 0
	for _, s := range streams {
		zr, err := zlib.NewReader(bytes.NewReader(pdf[s[1]:]))
		if err != nil {
			continue
		}
		cmap, _ := io.ReadAll(io.LimitReader(zr, 1<<20))
		if !bytes.Contains(cmap, []byte("/CMapName /Adobe-Identity-UCS")) {
			continue
		}
		found++
		for _, want := range []string{"<41> <0041>", "<7A> <007A>", "<80> <"} {
			if !bytes.Contains(cmap, []byte(want)) {
				t.Errorf("ToUnicode map lacks %q", want)
			}
		}
	}
	if found < 2 {
		t.Errorf("%d ToUnicode maps in %s, want one per font", found, m.Quizzes[0].Quiz)
	}
	if !bytes.Contains(pdf, []byte("/Prev ")) {
		t.Error("no incremental update")
	}
}

func TestToUnicodeCMap(t *testing.T) {
	codes := map[int]rune{}
	for c := 32; c < 256; c++ {
		codes[c] = rune(0x400 + c)
	}
	codes[200] = '𝄞' // beyond the BMP: a surrogate pair
	cmap := toUnicodeCMap(codes)
	if strings.Count(cmap, "beginbfchar") != 3 { // 224 entries, at most 100 a block
		t.Errorf("bfchar blocks:\n%s", cmap)
	}
	for _, want := range []string{"<20> <0420>", "<C8> <D834DD1E>", "<FF> <04FF>"} {
		if !strings.Contains(cmap, want) {
			t.Errorf("map lacks %q", want)
		}
	}
}

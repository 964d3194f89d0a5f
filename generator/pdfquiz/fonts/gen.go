//go:build ignore

// gen writes the Go fonts zlib-compressed, as PDFs embed them, so a run
// does not spend its first milliseconds compressing them, into the folder
// named by its argument. Run it with `go generate ./generator/pdfquiz`
// after updating golang.org/x/image; TestEmbeddedFonts fails until you do.
package main

import (
	"bytes"
	"compress/zlib"
	"log"
	"os"
	"path/filepath"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

func main() {
	for name, ttf := range map[string][]byte{"goregular.ttf.z": goregular.TTF, "gobold.ttf.z": gobold.TTF} {
		var b bytes.Buffer
		zw, err := zlib.NewWriterLevel(&b, zlib.BestCompression)
		if err != nil {
			log.Fatal(err)
		}
		zw.Write(ttf)
		if err := zw.Close(); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(os.Args[1], name), b.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

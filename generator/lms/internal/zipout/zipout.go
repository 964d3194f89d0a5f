// Package zipout writes the zip packages of the learning-platform formats
// with the same bytes every time: entries in the order given, each dated
// with the job's epoch, deflated.
package zipout

import (
	"archive/zip"
	"fmt"
	"io"
	"time"
)

// Entry is one file of a package.
type Entry struct {
	Name string
	Data []byte
}

// Write writes entries to w as a zip, every entry dated t.
func Write(w io.Writer, t time.Time, entries []Entry) error {
	zw := zip.NewWriter(w)
	seen := map[string]bool{}
	for _, e := range entries {
		if seen[e.Name] {
			return fmt.Errorf("zip entry %q twice", e.Name)
		}
		seen[e.Name] = true
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: t.UTC()})
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}

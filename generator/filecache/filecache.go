// Package filecache keeps derived data between runs in a folder, keyed by
// a hash of what it was derived from, as Go's build cache does: quizdeck
// keeps decoded spec files there, so a deck that did not change is not
// parsed again.
//
// An entry is written to a temporary file and renamed into place, so
// readers see a whole entry or none; each carries its key, length and a
// CRC-32C of its data, and an entry that does not check out is a miss.
// Entries not used for MaxAge are removed, at most once a day.
package filecache

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/quizdeck/quizdeck/generator/inputfile"
)

const (
	// MaxEntry bounds one entry: a spec file is at most 8 MiB of YAML.
	MaxEntry = 64 << 20
	// MaxAge is how long an unused entry is kept.
	MaxAge = 7 * 24 * time.Hour

	magic      = "quizdeck cache 1\n"
	headerSize = len(magic) + 32 + 8 + 4
	trimFile   = "trimmed"
	readmeFile = "README"
	readme     = "This folder is quizdeck's cache: decoded spec files and font subsets,\nkeyed by what they were made from. Delete it at any time.\n"
	touchAfter = time.Hour // an entry's time is refreshed on use at most this often
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Dir is a cache folder.
type Dir struct {
	path string
	now  func() time.Time
}

// Open returns the cache in folder path, creating it if needed, and trims
// entries unused for MaxAge if that was not done in the last day. A folder
// that holds other files and no cache (its README) is refused: trimming
// must never touch what quizdeck did not write.
func Open(path string) (*Dir, error) {
	if path == "" {
		return nil, errors.New("cache folder: empty path")
	}
	if err := os.MkdirAll(path, 0o777); err != nil {
		return nil, fmt.Errorf("cache folder: %w", err)
	}
	if _, err := os.Stat(filepath.Join(path, readmeFile)); err != nil {
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, fmt.Errorf("cache folder: %w", err)
		}
		if len(entries) > 0 {
			return nil, fmt.Errorf("cache folder %s holds other files and no quizdeck cache", path)
		}
		if err := os.WriteFile(filepath.Join(path, readmeFile), []byte(readme), 0o666); err != nil {
			return nil, fmt.Errorf("cache folder: %w", err)
		}
	}
	d := &Dir{path: path, now: time.Now}
	d.trim()
	return d, nil
}

// Path is the cache's folder.
func (d *Dir) Path() string { return d.path }

func (d *Dir) file(key [32]byte) string {
	h := hex.EncodeToString(key[:])
	return filepath.Join(d.path, h[:2], h+"-d")
}

// Get returns the data stored under key.
func (d *Dir) Get(key [32]byte) ([]byte, bool) {
	name := d.file(key)
	b, err := inputfile.Read(name, int64(headerSize+MaxEntry))
	if err != nil || len(b) < headerSize || string(b[:len(magic)]) != magic {
		return nil, false
	}
	h := b[len(magic):headerSize]
	n := binary.BigEndian.Uint64(h[32:40])
	data := b[headerSize:]
	if !bytes.Equal(h[:32], key[:]) || n != uint64(len(data)) || binary.BigEndian.Uint32(h[40:44]) != crc32.Checksum(data, castagnoli) {
		return nil, false
	}
	if st, err := os.Stat(name); err == nil {
		if now := d.now(); now.Sub(st.ModTime()) > touchAfter {
			os.Chtimes(name, now, now) // best effort: a read-only cache still serves
		}
	}
	return data, true
}

// Put stores data under key. A cache that cannot be written is no error:
// the next run derives the data again.
func (d *Dir) Put(key [32]byte, data []byte) error {
	if len(data) > MaxEntry {
		return fmt.Errorf("cache entry of %d bytes (at most %d)", len(data), MaxEntry)
	}
	name := d.file(key)
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		return err
	}
	hdr := make([]byte, headerSize)
	copy(hdr, magic)
	copy(hdr[len(magic):], key[:])
	binary.BigEndian.PutUint64(hdr[len(magic)+32:], uint64(len(data)))
	binary.BigEndian.PutUint32(hdr[len(magic)+40:], crc32.Checksum(data, castagnoli))
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(hdr)
	if err == nil {
		_, err = f.Write(data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// trim removes entries, and temporary files of writers that died, unused
// for MaxAge, once a day at most.
func (d *Dir) trim() {
	now := d.now()
	marker := filepath.Join(d.path, trimFile)
	if st, err := os.Stat(marker); err == nil && now.Sub(st.ModTime()) < 24*time.Hour {
		return
	}
	if err := os.WriteFile(marker, []byte(now.UTC().Format(time.RFC3339)+"\n"), 0o666); err != nil {
		return // read-only: leave it to a writer
	}
	// Only what Put writes: two-digit hex folders, and in them entries and
	// temporary files.
	subs, _ := os.ReadDir(d.path)
	for _, sub := range subs {
		if !sub.IsDir() || !isHex(sub.Name(), 2) {
			continue
		}
		dir := filepath.Join(d.path, sub.Name())
		files, _ := os.ReadDir(dir)
		for _, e := range files {
			name := e.Name()
			entry := len(name) == 66 && strings.HasSuffix(name, "-d") && isHex(name[:64], 64)
			if e.IsDir() || !entry && !strings.HasPrefix(name, ".tmp-") {
				continue
			}
			if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > MaxAge {
				os.Remove(filepath.Join(dir, name))
			}
		}
	}
}

// isHex reports whether s is n lower-case hexadecimal digits.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

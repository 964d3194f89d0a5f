package apkg

import (
	"archive/zip"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/quizdeck/quizdeck/generator/inputfile"
)

// Previous is what a package written earlier says about its notes and
// note types: each one's mod and a sum of its content.
type Previous struct {
	Notes  map[string]PreviousNote // by GUID
	Models map[int64]PreviousNote  // by note type id; Sum is the JSON without mod
}

// PreviousNote is one note (or note type) of a previous package.
type PreviousNote struct {
	Mod int64
	Sum string
}

// StampFrom sets every note's and note type's mod from the package at
// path, written by an earlier build of the same deck (a missing file is
// no previous package):
//
//   - not in the previous package: the epoch;
//   - in it with the same content (note type, fields, tags): its mod, so
//     an unchanged rebuild gives the same bytes;
//   - in it with other content: max(epoch, its mod + 1), so the mod is
//     newer than the one Anki stored when the student imported it.
//
// On error the package keeps the epoch everywhere.
func (p *Package) StampFrom(path string) error {
	prev, err := readPrevious(path, p.TempDir, inputfile.MaxPackage)
	if err != nil || prev == nil {
		return err
	}
	p.Stamp(prev)
	return nil
}

// Stamp applies the mod rule of StampFrom with prev.
func (p *Package) Stamp(prev *Previous) {
	epoch := p.Epoch.Unix()
	bump := func(old PreviousNote, ok bool, sum string) int64 {
		switch {
		case !ok:
			return epoch
		case old.Sum == sum:
			return old.Mod
		}
		return max(epoch, old.Mod+1)
	}
	for i := range p.Notes {
		n := &p.Notes[i]
		old, ok := prev.Notes[n.GUID]
		n.Mod = bump(old, ok, sumString(contentSum(n.TypeID, strings.Join(n.Fields, fieldSep), tagString(n.Tags))))
	}
	for _, nt := range NoteTypes() {
		sum, err := modelSum(nt.modelJSON(p.CSS, 0, 0))
		if err != nil {
			continue
		}
		old, ok := prev.Models[nt.ID]
		p.ModelMods[nt.ID] = bump(old, ok, sum)
	}
}

func sumString(s [32]byte) string { return string(s[:]) }

// ReadPrevious reads the notes and note types of the package at path; nil
// and no error if there is no file. Anything but a regular file is refused,
// and the collection is read with a size bound (inputfile.MaxPackage)
// whatever the zip's headers claim.
func ReadPrevious(path string) (*Previous, error) {
	return readPrevious(path, "", inputfile.MaxPackage)
}

func readPrevious(path, tmp string, limit int64) (*Previous, error) {
	f, st, err := inputfile.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: inputfile.ErrTooLarge}
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(tmp, "quizdeck-apkg-prev-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, CollectionEntry)
	if err := extract(zr, CollectionEntry, name, limit); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", name)
	if err != nil {
		return nil, err
	}
	defer db.Close()

	prev := &Previous{Notes: map[string]PreviousNote{}, Models: map[int64]PreviousNote{}}
	rows, err := db.Query(`SELECT guid, mid, mod, flds, tags FROM notes`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var guid, flds, tags string
		var mid, mod int64
		if err := rows.Scan(&guid, &mid, &mod, &flds, &tags); err != nil {
			return nil, err
		}
		prev.Notes[guid] = PreviousNote{Mod: mod, Sum: sumString(contentSum(mid, flds, tags))}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var models string
	if err := db.QueryRow(`SELECT models FROM col`).Scan(&models); err != nil {
		return nil, err
	}
	var m map[string]map[string]any
	if err := json.Unmarshal([]byte(models), &m); err != nil {
		return nil, fmt.Errorf("note types: %w", err)
	}
	for key, model := range m {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("note type id %q: %w", key, err)
		}
		mod, _ := model["mod"].(float64)
		sum, err := modelSum(model)
		if err != nil {
			return nil, err
		}
		prev.Models[id] = PreviousNote{Mod: int64(mod), Sum: sum}
	}
	return prev, nil
}

func extract(zr *zip.Reader, entry, dst string, limit int64) error {
	f, err := zr.Open(entry)
	if err != nil {
		return err
	}
	defer f.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, inputfile.Limit(f, entry, limit)); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

package pdfquiz

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/render"
)

// subsetFormat names how a subset is cached; change it with the subsetter.
const subsetFormat = "pdfquiz subset 1"

// subsetCache keeps compressed font subsets in a generator.Cache: cutting
// and deflating a subset was a sixth of a 50-question quiz's CPU time, done
// again in every process. Salt is mixed into every key:
// the command passes what identifies its binary, so a new build of
// quizdeck, whose subsetter may differ, never reads an older one's.
type subsetCache struct {
	c    generator.Cache
	salt string
}

// key is the cache key of face f's subset holding ASCII and runes.
func (sc *subsetCache) key(f *face, runes string) [32]byte {
	f.sumOnce.Do(func() { f.sum = sha256.Sum256(f.ttf) })
	h := sha256.New()
	h.Write([]byte(subsetFormat + "\x00" + sc.salt + "\x00"))
	h.Write(f.sum[:])
	h.Write([]byte(runes))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

func (sc *subsetCache) get(k [32]byte) (z []byte, size int, ok bool) {
	b, ok := sc.c.Get(k)
	if !ok || len(b) < 4 {
		return nil, 0, false
	}
	return b[4:], int(binary.BigEndian.Uint32(b)), true
}

func (sc *subsetCache) put(k [32]byte, z []byte, size int) {
	b := binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(z)), uint32(size))
	sc.c.Put(k, append(b, z...)) // a cache that cannot be written costs only time
}

// NewCached is New keeping font subsets in c between runs, with salt mixed
// into every key (see subsetCache).
func NewCached(tmpl *render.Set, c generator.Cache, salt string) []generator.Format {
	e := newEngine(tmpl)
	if c != nil {
		e.fonts.subsets = &subsetCache{c: c, salt: salt}
	}
	return e.formats()
}

package spec

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"reflect"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
)

// cacheFormat names how a decoded file is cached. Change it whenever what
// the YAML decoder makes of a file changes without a change to the types
// (typeSignature covers those).
const cacheFormat = "spec.deckFile gob 2"

// A Loader loads decks; with a Cache it decodes each spec file once and
// takes it from the cache while its bytes stay the same (parsing YAML was
// a third of a large build's time; decoding a cached file is three to
// four times faster). Salt, when not
// empty, is mixed into every key: the command passes what identifies its
// own binary, so a new build of quizdeck never reads an older one's
// entries.
type Loader struct {
	Cache generator.Cache
	Salt  string
}

// keyPrefix is what every key of l hashes before a file's bytes.
func (l Loader) keyPrefix() string {
	return cacheFormat + "\x00" + l.Salt + "\x00" + typeSignature(reflect.TypeFor[deckFile]()) + "\x00"
}

// key is the cache key of a spec file's bytes.
func key(prefix string, data []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(prefix))
	h.Write(data)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// cached returns the decoded file cached for data, its positions naming
// shown.
func (l Loader) cached(key [32]byte, shown string) *deckFile {
	b, ok := l.Cache.Get(key)
	if !ok {
		return nil
	}
	f := &deckFile{}
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(f); err != nil {
		return nil // an entry from a damaged or foreign cache: parse again
	}
	f.setFile(shown)
	return f
}

// store caches f, decoded without error, under key. Positions are stored
// without the file name: the same bytes under another name are the same
// entry, and a decoded name is not a string per position.
func (l Loader) store(key [32]byte, f *deckFile, shown string) {
	f.setFile("")
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(f)
	f.setFile(shown)
	if err == nil {
		l.Cache.Put(key, b.Bytes()) // a cache that cannot be written costs only time
	}
}

// setFile names file in every position of f (a zero position, of
// something absent, stays zero).
func (f *deckFile) setFile(file string) {
	set := func(p *generator.Pos) {
		if p.Line != 0 {
			p.File = file
		}
	}
	pos := func(p *generator.Pos, at generator.Positions) {
		set(p)
		for i := range at {
			set(&at[i].Pos)
		}
	}
	cite := func(c *citation) { pos(&c.Pos, c.At) }
	keys := func(k *factKeys) {
		cite(&k.Source)
		for i := range k.GroundedBy {
			cite(&k.GroundedBy[i])
		}
	}
	pos(&f.Pos, f.At)
	if f.Source != nil {
		pos(&generator.Pos{}, f.Source.At)
	}
	if f.Pools != nil {
		pos(&generator.Pos{}, f.Pools.At)
	}
	for i := range f.People {
		pos(&f.People[i].Pos, f.People[i].At)
	}
	for i := range f.Places {
		pos(&f.Places[i].Pos, f.Places[i].At)
	}
	for i := range f.Quotes {
		q := &f.Quotes[i]
		pos(&q.Pos, q.At)
		keys(&q.Keys)
	}
	for i := range f.Events {
		e := &f.Events[i]
		pos(&e.Pos, e.At)
		keys(&e.Keys)
	}
	for i := range f.Bases {
		b := &f.Bases[i]
		pos(&b.Pos, b.At)
		keys(&b.Keys)
	}
}

// typeSignature describes t's fields, tags and types all the way down, so
// a change to the decoded types changes every cache key.
func typeSignature(t reflect.Type) string {
	var b strings.Builder
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			b.WriteString(t.Kind().String() + " ")
			walk(t.Elem())
		case reflect.Map:
			b.WriteString("map[")
			walk(t.Key())
			b.WriteString("]")
			walk(t.Elem())
		case reflect.Struct:
			if seen[t] {
				b.WriteString(t.String())
				return
			}
			seen[t] = true
			b.WriteString(t.String() + "{")
			for i := range t.NumField() {
				f := t.Field(i)
				fmt.Fprintf(&b, "%s %q ", f.Name, f.Tag)
				walk(f.Type)
				b.WriteString(";")
			}
			b.WriteString("}")
		default:
			b.WriteString(t.String())
		}
	}
	walk(t)
	return b.String()
}

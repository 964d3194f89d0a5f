package pdfquiz

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"sync"
)

// subset returns the font file ttf with the outlines of every glyph not in
// keep (nor used by a kept composite glyph) removed. Glyph ids, cmap and
// metrics stay as they are, so nothing else changes: the glyf and loca
// tables shrink and the checksums are recomputed. Glyph 0 (.notdef) is
// always kept.
func subset(ttf []byte, keep map[uint16]bool) ([]byte, error) {
	type table struct {
		tag       string
		off, size int
	}
	if len(ttf) < 12 {
		return nil, fmt.Errorf("font too short")
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	if len(ttf) < 12+16*n {
		return nil, fmt.Errorf("font table directory truncated")
	}
	tables := make([]table, n)
	byTag := map[string]int{}
	for i := range n {
		r := ttf[12+16*i:]
		t := table{string(r[:4]), int(binary.BigEndian.Uint32(r[8:])), int(binary.BigEndian.Uint32(r[12:]))}
		if t.off < 0 || t.size < 0 || t.off+t.size > len(ttf) {
			return nil, fmt.Errorf("font table %q out of range", t.tag)
		}
		tables[i] = t
		byTag[t.tag] = i
	}
	data := func(tag string) ([]byte, error) {
		i, ok := byTag[tag]
		if !ok {
			return nil, fmt.Errorf("font has no %s table", tag)
		}
		return ttf[tables[i].off : tables[i].off+tables[i].size], nil
	}
	head, err := data("head")
	if err != nil {
		return nil, err
	}
	maxp, err := data("maxp")
	if err != nil {
		return nil, err
	}
	loca, err := data("loca")
	if err != nil {
		return nil, err
	}
	glyf, err := data("glyf")
	if err != nil {
		return nil, err
	}
	if len(head) < 54 || len(maxp) < 6 {
		return nil, fmt.Errorf("font head or maxp table truncated")
	}
	long := binary.BigEndian.Uint16(head[50:]) == 1
	glyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	offset := func(i int) int {
		if long {
			return int(binary.BigEndian.Uint32(loca[4*i:]))
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*i:]))
	}
	if (long && len(loca) < 4*(glyphs+1)) || (!long && len(loca) < 2*(glyphs+1)) {
		return nil, fmt.Errorf("font loca table truncated")
	}
	outline := func(g int) ([]byte, error) {
		a, b := offset(g), offset(g+1)
		if a > b || b > len(glyf) {
			return nil, fmt.Errorf("font glyph %d out of range", g)
		}
		return glyf[a:b], nil
	}

	// Close keep over composite glyphs' components.
	kept := make([]bool, glyphs)
	var queue []int
	add := func(g int) {
		if g < glyphs && !kept[g] {
			kept[g] = true
			queue = append(queue, g)
		}
	}
	add(0)
	for g := range keep {
		add(int(g))
	}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		o, err := outline(g)
		if err != nil {
			return nil, err
		}
		if len(o) < 10 || int16(binary.BigEndian.Uint16(o)) >= 0 {
			continue // empty or simple glyph
		}
		for p := 10; p+4 <= len(o); {
			flags := binary.BigEndian.Uint16(o[p:])
			add(int(binary.BigEndian.Uint16(o[p+2:])))
			p += 4
			if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x0008 != 0: // WE_HAVE_A_SCALE
				p += 2
			case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
				p += 4
			case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
				p += 8
			}
			if flags&0x0020 == 0 { // MORE_COMPONENTS
				break
			}
		}
	}

	// New glyf and loca: kept outlines, each padded to four bytes.
	var newGlyf bytes.Buffer
	newLoca := make([]byte, 0, len(loca))
	put := func(off int) {
		if long {
			newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(off))
		} else {
			newLoca = binary.BigEndian.AppendUint16(newLoca, uint16(off/2))
		}
	}
	for g := range glyphs {
		put(newGlyf.Len())
		if kept[g] {
			o, _ := outline(g)
			newGlyf.Write(unhinted(o))
			for newGlyf.Len()%4 != 0 {
				newGlyf.WriteByte(0)
			}
		}
	}
	put(newGlyf.Len())
	newLoca = append(newLoca, loca[len(newLoca):]...) // any trailing bytes as they were

	// Reassemble: same directory order less the tables a PDF renderer never
	// reads (names, layout and device tables) and post without its glyph
	// names (with them, a third of a small subset's bytes), tables four-byte aligned, checksums
	// recomputed, head's checkSumAdjustment last.
	body := map[string][]byte{"glyf": newGlyf.Bytes(), "loca": newLoca}
	if post, err := data("post"); err == nil && len(post) >= 32 {
		// Version 3: the same metrics without glyph names.
		post = slices.Clone(post[:32])
		binary.BigEndian.PutUint32(post, 0x00030000)
		body["post"] = post
	}
	var keepT []table
	for _, t := range tables {
		if !dropped(t.tag) {
			keepT = append(keepT, t)
		}
	}
	var out bytes.Buffer
	out.Grow(newGlyf.Len() + len(newLoca) + 16<<10)
	out.Write(ttf[:4])
	nt := len(keepT)
	sel := bits.Len(uint(nt)) - 1
	out.Write(binary.BigEndian.AppendUint16(nil, uint16(nt)))
	out.Write(binary.BigEndian.AppendUint16(nil, uint16(16<<sel)))
	out.Write(binary.BigEndian.AppendUint16(nil, uint16(sel)))
	out.Write(binary.BigEndian.AppendUint16(nil, uint16(16*nt-16<<sel)))
	out.Write(make([]byte, 16*nt))
	headAt := -1
	for i, t := range keepT {
		b, ok := body[t.tag]
		if !ok {
			b = ttf[t.off : t.off+t.size]
		}
		if t.tag == "head" {
			b = slices.Clone(b)
			binary.BigEndian.PutUint32(b[8:], 0)
			headAt = out.Len()
		}
		rec := out.Bytes()[12+16*i:]
		copy(rec, t.tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(b))
		binary.BigEndian.PutUint32(rec[8:], uint32(out.Len()))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(b)))
		out.Write(b)
		for out.Len()%4 != 0 {
			out.WriteByte(0)
		}
	}
	font := out.Bytes()
	binary.BigEndian.PutUint32(font[headAt+8:], 0xB1B0AFBA-checksum(font))
	return font, nil
}

// dropped reports whether subset leaves the table tag out: a PDF's
// TrueType font program needs head, hhea, loca, glyf, hmtx, maxp, cmap (to
// find glyphs by Unicode name) and post (without glyph names); a viewer
// takes names, shaping and device metrics from the PDF or not at all. The
// hinting programs go too, with every glyph's instructions (unhinted):
// they are half the Go fonts' bytes, print does not use them, and PDF
// viewers mostly ignore them or hint on their own.
func dropped(tag string) bool {
	switch tag {
	case "name", "DSIG", "fpgm", "prep", "cvt ", "gasp", "GDEF", "GPOS", "GSUB", "kern", "hdmx", "LTSH", "VDMX", "PCLT", "JSTF", "BASE", "MATH":
		return true
	}
	return false
}

// unhinted returns the glyph outline o without its TrueType instructions.
// Malformed outlines are returned as they are.
func unhinted(o []byte) []byte {
	if len(o) < 10 {
		return o
	}
	nc := int(int16(binary.BigEndian.Uint16(o)))
	if nc >= 0 { // simple: header, end points, instruction length, instructions, the rest
		at := 10 + 2*nc
		if at+2 > len(o) {
			return o
		}
		n := int(binary.BigEndian.Uint16(o[at:]))
		if n == 0 || at+2+n > len(o) {
			return o
		}
		out := make([]byte, 0, len(o)-n)
		out = append(out, o[:at]...)
		out = append(out, 0, 0)
		return append(out, o[at+2+n:]...)
	}
	// Composite: components, then instructions if the last says so.
	for p := 10; p+4 <= len(o); {
		flags := binary.BigEndian.Uint16(o[p:])
		next := p + 4
		if flags&0x0001 != 0 {
			next += 4
		} else {
			next += 2
		}
		switch {
		case flags&0x0008 != 0:
			next += 2
		case flags&0x0040 != 0:
			next += 4
		case flags&0x0080 != 0:
			next += 8
		}
		if flags&0x0020 != 0 { // MORE_COMPONENTS
			p = next
			continue
		}
		if flags&0x0100 == 0 || next > len(o) { // no WE_HAVE_INSTRUCTIONS
			return o
		}
		out := slices.Clone(o[:next])
		binary.BigEndian.PutUint16(out[p:], flags&^0x0100)
		return out
	}
	return o
}

// checksum is the TrueType table checksum: the sum of big-endian words,
// the last one zero-padded.
func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var w [4]byte
		copy(w[:], b)
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// subsetFile is a face's subset for a set of runes, compressed for
// embedding, with the tag that names it.
type subsetFile struct {
	once sync.Once
	tag  string // six capital letters, as PDF subset names begin
	z    []byte
	size int // uncompressed
	err  error
}

// maxSubsets bounds each face's cache of subsets; a run's documents share
// a few rune sets (every version of a quiz has the same one), and student
// copies that differ only by name fall out of it harmlessly.
const maxSubsets = 64

// subsetFor returns the compressed subset of f holding ASCII and runes
// (sorted), cached by rune set. Documents that ask for the same set at the
// same time (the versions of a quiz, rendered in parallel) wait for one
// computation rather than each doing it.
func (f *face) subsetFor(runes []rune) *subsetFile {
	key := string(runes)
	f.subMu.Lock()
	s, ok := f.subsets[key]
	if !ok {
		if len(f.subsets) >= maxSubsets {
			clear(f.subsets)
		}
		s = &subsetFile{}
		f.subsets[key] = s
	}
	f.subMu.Unlock()
	s.once.Do(func() { f.makeSubset(s, key, runes) })
	return s
}

func (f *face) makeSubset(s *subsetFile, key string, runes []rune) {
	defer s.setTag(f.psName, key)
	var ck [32]byte
	if f.cache != nil {
		ck = f.cache.key(f, key)
		if z, size, ok := f.cache.get(ck); ok {
			s.z, s.size = z, size
			return
		}
	}
	keep := map[uint16]bool{}
	f.mu.Lock()
	for r := ' '; r <= '~'; r++ {
		if g, err := f.font.GlyphIndex(&f.buf, r); err == nil {
			keep[uint16(g)] = true
		}
	}
	for _, r := range runes {
		if g, err := f.font.GlyphIndex(&f.buf, r); err == nil {
			keep[uint16(g)] = true
		}
	}
	f.mu.Unlock()
	sub, err := subset(f.ttf, keep)
	if err != nil {
		s.err = fmt.Errorf("subset font %s: %w", f.name, err)
		return
	}
	s.z, s.size = f.deflate(sub), len(sub)
	if f.cache != nil {
		f.cache.put(ck, s.z, s.size)
	}
}

// setTag names the subset of face psName holding key's runes: six capital
// letters, as PDF subset names begin, the same for the same runes.
func (s *subsetFile) setTag(psName, key string) {
	sum := sha256.Sum256([]byte(psName + "\x00" + key))
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	s.tag = string(tag)
}

// deflate compresses data at DefaultCompression with a writer from the
// face's pool.
func (f *face) deflate(data []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(data) / 2)
	f.zlib.deflate(&b, data, zlib.DefaultCompression)
	return b.Bytes()
}

package pdfquiz

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestSubset cuts the Go fonts to a few runes and checks the result
// parses, keeps those outlines exactly and drops the rest.
func TestSubset(t *testing.T) {
	for name, ttf := range map[string][]byte{"regular": goregular.TTF, "bold": gobold.TTF} {
		t.Run(name, func(t *testing.T) {
			orig, err := sfnt.Parse(ttf)
			if err != nil {
				t.Fatal(err)
			}
			var buf sfnt.Buffer
			gid := func(f *sfnt.Font, r rune) sfnt.GlyphIndex {
				g, err := f.GlyphIndex(&buf, r)
				if err != nil || g == 0 {
					t.Fatalf("no glyph for %q", r)
				}
				return g
			}
			keep := map[uint16]bool{}
			for _, r := range "Aé“”–²" {
				keep[uint16(gid(orig, r))] = true
			}
			sub, err := subset(ttf, keep)
			if err != nil {
				t.Fatal(err)
			}
			if len(sub) > len(ttf)/2 {
				t.Errorf("subset is %d bytes of %d", len(sub), len(ttf))
			}
			if !hasGlyf(sub) {
				t.Fatal("subset lost its glyf table")
			}
			got, err := sfnt.Parse(sub)
			if err != nil {
				t.Fatalf("subset does not parse: %v", err)
			}
			ppem := fixed.Int26_6(orig.UnitsPerEm()) << 6
			outline := func(f *sfnt.Font, r rune) sfnt.Segments {
				segs, err := f.LoadGlyph(&buf, gid(f, r), ppem, nil)
				if err != nil {
					t.Fatalf("load %q: %v", r, err)
				}
				return slices.Clone(segs)
			}
			for _, r := range "Aé“”–²" {
				if a, b := outline(orig, r), outline(got, r); !slices.Equal(a, b) || len(a) == 0 {
					t.Errorf("%q: outline changed (%d → %d segments)", r, len(a), len(b))
				}
			}
			if segs := outline(got, 'Z'); len(segs) != 0 {
				t.Errorf("Z kept %d segments; it was not asked for", len(segs))
			}
			for i := range int(binary.BigEndian.Uint16(sub[4:])) {
				if tag := string(sub[12+16*i : 16+16*i]); dropped(tag) {
					t.Errorf("subset keeps table %q", tag)
				}
			}
			if len(sub) > 30000 {
				t.Errorf("subset of 6 glyphs and ASCII-free cmap is %d bytes: hinting left in?", len(sub))
			}
			if checksum(sub) != 0xB1B0AFBA {
				t.Errorf("whole-font checksum %#x, want 0xB1B0AFBA", checksum(sub))
			}
		})
	}
	if _, err := subset([]byte("not a font at all"), nil); err == nil {
		t.Error("subset of garbage did not fail")
	}
}

// TestSubsetComposite builds a four-glyph font by hand whose glyph 3 is a
// composite of glyphs 1 and 2 (the Go fonts have no composites) and checks
// that keeping glyph 3 keeps its parts.
func TestSubsetComposite(t *testing.T) {
	font := tinyFont()
	glyphs := func(ttf []byte) [][]byte {
		n := int(binary.BigEndian.Uint16(ttf[4:]))
		var lo, gl []byte
		for i := range n {
			r := ttf[12+16*i:]
			o, l := binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
			switch string(r[:4]) {
			case "loca":
				lo = ttf[o : o+l]
			case "glyf":
				gl = ttf[o : o+l]
			}
		}
		var out [][]byte
		for g := range 4 {
			a, b := 2*int(binary.BigEndian.Uint16(lo[2*g:])), 2*int(binary.BigEndian.Uint16(lo[2*g+2:]))
			out = append(out, bytes.TrimRight(gl[a:b], "\x00"))
		}
		return out
	}
	want := glyphs(font.Bytes())
	for _, tc := range []struct {
		keep []uint16
		kept []bool
	}{{[]uint16{3}, []bool{true, true, true, true}}, {[]uint16{2}, []bool{true, false, true, false}}} {
		keep := map[uint16]bool{}
		for _, g := range tc.keep {
			keep[g] = true
		}
		sub, err := subset(font.Bytes(), keep)
		if err != nil {
			t.Fatal(err)
		}
		got := glyphs(sub)
		for g := range 4 {
			if kept := len(got[g]) > 0 || len(want[g]) == 0; kept != tc.kept[g] || (kept && !bytes.Equal(got[g], want[g])) {
				t.Errorf("keep %v: glyph %d = %x, want kept=%v (%x)", tc.keep, g, got[g], tc.kept[g], want[g])
			}
		}
	}
}

// tinyFont is a four-glyph TrueType font: glyph 0 empty, 1 and 2 simple,
// 3 a composite of 1 and 2.
func tinyFont() *bytes.Buffer {
	be16 := func(v ...uint16) []byte {
		var b []byte
		for _, x := range v {
			b = binary.BigEndian.AppendUint16(b, x)
		}
		return b
	}
	simple := func(id byte) []byte { // one contour, padded to 12 bytes
		return append(be16(1, 0, 0, 10, 10), id, id)
	}
	composite := append(be16(0xFFFF, 0, 0, 10, 10),
		be16(0x0020|0x0001, 1, 0, 0)...) // MORE_COMPONENTS, words: glyph 1
	composite = append(composite, be16(0x0001, 2, 5, 5)...) // glyph 2
	glyf := append(append(simple(1), simple(2)...), composite...)
	loca := be16(0, 0, 6, 12, uint16(len(glyf)/2)) // glyph 0 empty; short offsets are halves
	head := make([]byte, 54)                       // indexToLocFormat 0 at 50
	maxp := be16(0, 0x5000, 4)
	tables := []struct {
		tag  string
		data []byte
	}{{"glyf", glyf}, {"head", head}, {"loca", loca}, {"maxp", maxp}}
	var font bytes.Buffer
	font.Write(be16(0, 1, uint16(len(tables)), 0, 0, 0)) // sfnt 1.0, 4 tables
	off := 12 + 16*len(tables)
	for _, tb := range tables {
		font.WriteString(tb.tag)
		font.Write(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 0), uint32(off)), uint32(len(tb.data))))
		off += (len(tb.data) + 3) &^ 3
	}
	for _, tb := range tables {
		font.Write(tb.data)
		for font.Len()%4 != 0 {
			font.WriteByte(0)
		}
	}
	return &font
}

// FuzzSubset checks a damaged font file makes subset fail, never panic.
func FuzzSubset(f *testing.F) {
	f.Add(tinyFont().Bytes(), uint16(3))
	f.Add(tinyFont().Bytes(), uint16(1))
	f.Fuzz(func(t *testing.T, ttf []byte, g uint16) {
		subset(ttf, map[uint16]bool{g: true})
	})
}

// TestUnhinted strips the instructions of a simple and of a composite glyph.
func TestUnhinted(t *testing.T) {
	be16 := func(v ...uint16) []byte {
		var b []byte
		for _, x := range v {
			b = binary.BigEndian.AppendUint16(b, x)
		}
		return b
	}
	// One contour ending at point 3, 3 bytes of instructions, then a flag byte.
	simple := append(be16(1, 0, 0, 10, 10, 3, 3), 0xB0, 0x01, 0x31, 0x31)
	if got, want := unhinted(simple), be16(1, 0, 0, 10, 10, 3, 0); !slices.Equal(got, append(want, 0x31)) {
		t.Errorf("simple: % x", got)
	}
	// One component (ARGS_ARE_XY_VALUES | WE_HAVE_INSTRUCTIONS, byte args), then 2 bytes of instructions.
	comp := append(be16(0xFFFF, 0, 0, 10, 10, 0x0102, 7), 1, 2)
	comp = append(comp, be16(2)...)
	comp = append(comp, 0xB0, 0x01)
	got := unhinted(comp)
	if want := append(be16(0xFFFF, 0, 0, 10, 10, 0x0002, 7), 1, 2); !slices.Equal(got, want) {
		t.Errorf("composite: % x\nwant       % x", got, want)
	}
	if bad := []byte{0, 1, 2}; !slices.Equal(unhinted(bad), bad) {
		t.Error("a short outline changed")
	}
}

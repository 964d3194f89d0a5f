package pdfquiz

import (
	"encoding/binary"
	"fmt"
	"math"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"

	"github.com/quizdeck/quizdeck/generator/inputfile"
)

// Style is a font style: "" regular, "B" bold. There is no italic: every
// style embeds one more font file in every PDF, so emphasis is weight,
// size and gray.
type Style string

// The styles a layout uses.
const (
	Regular Style = ""
	Bold    Style = "B"
)

// face is one parsed TrueType font with its advance widths in thousandths
// of an em. The layout measures with them and the PDF declares them, so
// what is measured is what prints.
type face struct {
	name   string
	psName string // PostScript name for the PDF, letters and digits only
	ttf    []byte
	font   *sfnt.Font
	upem   int
	desc   fontDesc

	subMu   sync.Mutex
	subsets map[string]*subsetFile // by the runes beyond ASCII they hold
	zlib    zlibPool               // DefaultCompression writers, reused between subsets
	cache   *subsetCache           // subsets kept between runs, or nil
	sumOnce sync.Once
	sum     [32]byte // SHA-256 of ttf, for cache keys

	mu  sync.Mutex // guards buf
	buf sfnt.Buffer
	// widths caches width(r)+2 for every rune of the BMP, 0 meaning not
	// yet looked up, so layout goroutines read it without locking.
	widths []atomic.Int32
}

func newFace(name string, ttf []byte) (*face, error) {
	if !hasGlyf(ttf) {
		return nil, fmt.Errorf("font %s: not a TrueType font with glyf outlines (OpenType CFF and collections are not supported)", name)
	}
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	fc := &face{name: name, psName: psName(name), ttf: ttf, font: f, upem: int(f.UnitsPerEm()),
		widths: make([]atomic.Int32, 0x10000), subsets: map[string]*subsetFile{}}
	if fc.upem <= 0 {
		return nil, fmt.Errorf("font %s: bad units per em", name)
	}
	if fc.width('A') < 0 || fc.width('0') < 0 {
		return nil, fmt.Errorf("font %s: no glyphs for basic Latin letters", name)
	}
	if fc.desc, err = fc.descriptor(); err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	return fc, nil
}

// fontDesc is what a PDF font descriptor says about a face, in
// thousandths of an em.
type fontDesc struct {
	Ascent, Descent, CapHeight int
	XMin, YMin, XMax, YMax     int
	StemV, MissingWidth        int
}

func (f *face) descriptor() (fontDesc, error) {
	ppem := fixed.Int26_6(f.upem << 6)
	m, err := f.font.Metrics(&f.buf, ppem, 0)
	if err != nil {
		return fontDesc{}, err
	}
	bb, err := f.font.Bounds(&f.buf, ppem, 0)
	if err != nil {
		return fontDesc{}, err
	}
	k := func(v fixed.Int26_6) int { return int(math.Round(1000 * float64(v) / 64 / float64(f.upem))) }
	d := fontDesc{Ascent: k(m.Ascent), Descent: -k(m.Descent), CapHeight: k(m.CapHeight),
		XMin: k(bb.Min.X), YMin: -k(bb.Max.Y), XMax: k(bb.Max.X), YMax: -k(bb.Min.Y), StemV: 80, MissingWidth: 500}
	if d.CapHeight == 0 {
		d.CapHeight = d.Ascent
	}
	if strings.Contains(strings.ToLower(f.name), "bold") {
		d.StemV = 140
	}
	if adv, err := f.font.GlyphAdvance(&f.buf, 0, ppem, 0); err == nil {
		d.MissingWidth = k(adv)
	}
	return d, nil
}

// psName makes a PostScript font name from a font's name or file path.
func psName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.TrimSuffix(name, path.Ext(name))
	var b strings.Builder
	for _, r := range name {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "Font"
	}
	return b.String()
}

// hasGlyf reports whether b is a single TrueType font with a glyf table,
// which a PDF TrueType font (FontFile2) needs.
func hasGlyf(b []byte) bool {
	if len(b) < 12 {
		return false
	}
	if v := binary.BigEndian.Uint32(b); v != 0x00010000 && v != 0x74727565 { // 1.0 or 'true'
		return false
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return false
	}
	for i := range n {
		if string(b[12+16*i:16+16*i]) == "glyf" {
			return true
		}
	}
	return false
}

// width returns the advance of r in thousandths of an em, or -1 when the
// font has no glyph for r (or r lies outside the Basic Multilingual Plane,
// which fpdf cannot encode).
func (f *face) width(r rune) int {
	if r < 0 || r >= 0x10000 {
		return -1
	}
	if w := f.widths[r].Load(); w != 0 {
		return int(w) - 2
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	w := -1
	if g, err := f.font.GlyphIndex(&f.buf, r); err == nil && g != 0 {
		adv, err := f.font.GlyphAdvance(&f.buf, g, fixed.Int26_6(f.upem<<6), 0)
		if err == nil {
			w = int(math.Round(1000 * float64(adv) / 64 / float64(f.upem)))
		}
	}
	f.widths[r].Store(int32(w) + 2)
	return w
}

// fontSet is the styles a document uses.
type fontSet struct {
	faces map[Style]*face
	pages pageZlib // deflates the page streams of every document drawn in the set

	// cmaps holds each ToUnicode map deflated, by its encoding's
	// /Differences: the versions of a quiz share their encodings, so most
	// documents repeat them.
	cmapMu sync.Mutex
	cmaps  map[string][]byte
}

// toUnicode returns the deflated ToUnicode map of an encoding with the
// given /Differences, made once per set (cmapFor).
func (fs *fontSet) toUnicode(diffs []byte) ([]byte, error) {
	fs.cmapMu.Lock()
	z, ok := fs.cmaps[string(diffs)]
	fs.cmapMu.Unlock()
	if ok {
		return z, nil
	}
	z, err := cmapFor(diffs, fs.faces[Regular].deflate)
	if err != nil {
		return nil, err
	}
	fs.cmapMu.Lock()
	if fs.cmaps == nil || len(fs.cmaps) >= maxSubsets {
		fs.cmaps = map[string][]byte{}
	}
	fs.cmaps[string(diffs)] = z
	fs.cmapMu.Unlock()
	return z, nil
}

func (fs *fontSet) face(s Style) *face { return fs.faces[s] }

// measure returns the width of s in mm at size pt, and the first rune the
// font cannot draw (0 if none).
func (fs *fontSet) measure(s string, st Style, size float64) (float64, rune) {
	f := fs.faces[st]
	total := 0
	var missing rune
	for _, r := range s {
		w := f.width(r)
		if w < 0 {
			if missing == 0 {
				missing = r
			}
			continue
		}
		total += w
	}
	return float64(total) * size / 1000 * ptMM, missing
}

// fold replaces each rune the style's font cannot draw by its compatibility
// form (NFKC) when the font can draw that, so "102ⁿᵈ" prints as "102ⁿd"
// rather than failing; runes with no drawable form stay, for measure to report.
func (fs *fontSet) fold(s string, st Style) string {
	f := fs.faces[st]
	ok := true
	for _, r := range s {
		if f.width(r) < 0 {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if f.width(r) >= 0 {
			b.WriteRune(r)
			continue
		}
		alt := norm.NFKC.String(string(r))
		good := alt != string(r)
		for _, a := range alt {
			if f.width(a) < 0 {
				good = false
			}
		}
		if good {
			b.WriteString(alt)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fontCache parses each font once per process run and shares it between
// documents and goroutines: parsing is a large part of a small PDF's cost.
type fontCache struct {
	mu   sync.Mutex
	sets map[string]*fontSet
	// subsets, when not nil, keeps compressed font subsets between runs.
	subsets *subsetCache
}

func newFontCache() *fontCache { return &fontCache{sets: map[string]*fontSet{}} }

// get returns the font set for path: the Go fonts when path is empty, else
// the TrueType file at path for every style (one file has one weight, so
// bold prints in it too).
func (c *fontCache) get(path string) (*fontSet, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.sets[path]; ok {
		return s, nil
	}
	s := &fontSet{faces: map[Style]*face{}}
	if path == "" {
		for _, g := range []struct {
			st   Style
			name string
			ttf  []byte
		}{{Regular, "Go Regular", goregular.TTF}, {Bold, "Go Bold", gobold.TTF}} {
			f, err := newFace(g.name, g.ttf)
			if err != nil {
				return nil, err
			}
			f.cache = c.subsets
			s.faces[g.st] = f
		}
	} else {
		b, err := inputfile.Read(path, inputfile.MaxFont)
		if err != nil {
			return nil, fmt.Errorf("quiz.font: %w", err)
		}
		f, err := newFace(path, b)
		if err != nil {
			return nil, fmt.Errorf("quiz.font: %w", err)
		}
		f.cache = c.subsets
		s.faces[Regular], s.faces[Bold] = f, f
	}
	c.sets[path] = s
	return s, nil
}

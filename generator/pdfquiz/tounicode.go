package pdfquiz

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
)

// fpdf writes a ToUnicode map only on its UTF-8 font path, which parses the
// whole font again for every document. The quizzes embed their own subsets
// as simple TrueType fonts whose encodings name every glyph (/uniXXXX in
// /Differences), so the map follows from the file itself: withToUnicode
// appends it as a PDF incremental update (ISO 32000-1, 7.5.6), one CMap per
// font and the font dictionary again with /ToUnicode, leaving every byte
// fpdf wrote in place. Copy-paste, search and screen readers then get the
// exact text in any viewer, not only those that read glyph names.

var (
	encodingRE  = regexp.MustCompile(`/Encoding (\d+) 0 R`)
	diffsRE     = regexp.MustCompile(`/Differences \[([^\]]*)\]`)
	trailerRE   = regexp.MustCompile(`(?s)trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$`)
	sizeRE      = regexp.MustCompile(`/Size (\d+)`)
	trailerRefs = regexp.MustCompile(`/(Root|Info) (\d+) 0 R`)
)

// withToUnicode returns pdf with a ToUnicode CMap for every simple font
// whose encoding object lists its codes as /uniXXXX names. cmap gives the
// compressed map for an encoding's /Differences (cmapFor, or a cache of
// it: the versions of a quiz share their encodings). Objects are found
// through the cross-reference table, not by searching the file.
func withToUnicode(pdf []byte, cmap func(diffs []byte) ([]byte, error)) ([]byte, error) {
	t, err := readXref(pdf)
	if err != nil {
		return nil, fmt.Errorf("tounicode: %w", err)
	}
	tr := trailerRE.FindSubmatch(pdf[t.at:])
	if tr == nil {
		return nil, fmt.Errorf("tounicode: no trailer")
	}
	size, _ := strconv.Atoi(string(sizeRE.FindSubmatch(tr[1])[1]))
	bodies := make(map[int][]byte, len(t.objs)) // by object number
	for k, o := range t.objs {
		bodies[o.num] = t.body(pdf, k)
	}
	var out bytes.Buffer
	out.Grow(len(pdf) + 4<<10)
	out.Write(pdf)
	type entry struct{ num, off int }
	var xref []entry
	next := size
	for k, o := range t.objs {
		dict := fontDict(t.body(pdf, k))
		enc := encodingRE.FindSubmatch(dict)
		if dict == nil || enc == nil || bytes.Contains(dict, []byte("/ToUnicode")) {
			continue
		}
		encNum, _ := strconv.Atoi(string(enc[1]))
		encObj, ok := bodies[encNum]
		if !ok {
			return nil, fmt.Errorf("tounicode: no encoding object %s", enc[1])
		}
		var diffs []byte
		if d := diffsRE.FindSubmatch(encObj); d != nil {
			diffs = d[1]
		}
		z, err := cmap(diffs)
		if err != nil {
			return nil, err
		}
		num := o.num
		xref = append(xref, entry{next, out.Len()})
		fmt.Fprintf(&out, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", next, len(z))
		out.Write(z)
		out.WriteString("\nendstream\nendobj\n")
		xref = append(xref, entry{num, out.Len()})
		fmt.Fprintf(&out, "%d 0 obj\n%s/ToUnicode %d 0 R\n>>\nendobj\n", num, dict[:len(dict)-2], next)
		next++
	}
	if len(xref) == 0 {
		return pdf, nil
	}
	slices.SortFunc(xref, func(a, b entry) int { return a.num - b.num })
	at := out.Len()
	out.WriteString("xref\n")
	for i := 0; i < len(xref); {
		j := i + 1
		for j < len(xref) && xref[j].num == xref[j-1].num+1 {
			j++
		}
		fmt.Fprintf(&out, "%d %d\n", xref[i].num, j-i)
		for _, e := range xref[i:j] {
			fmt.Fprintf(&out, "%010d 00000 n \n", e.off)
		}
		i = j
	}
	fmt.Fprintf(&out, "trailer\n<<\n/Size %d\n", next)
	for _, r := range trailerRefs.FindAllSubmatch(tr[1], -1) {
		fmt.Fprintf(&out, "/%s %s 0 R\n", r[1], r[2])
	}
	fmt.Fprintf(&out, "/Prev %s\n>>\nstartxref\n%d\n%%%%EOF\n", tr[2], at)
	return out.Bytes(), nil
}

// fontDict is the dictionary of a font object "N 0 obj\n<</Type /Font\n
// … \n>>\nendobj", through its closing >>, or nil for any other object.
func fontDict(obj []byte) []byte {
	_, rest, ok := bytes.Cut(obj, []byte(" 0 obj\n"))
	if !ok || !bytes.HasPrefix(rest, []byte("<</Type /Font\n")) {
		return nil
	}
	end := bytes.Index(rest, []byte("\n>>\nendobj"))
	if end < 0 {
		return nil
	}
	return rest[:end+len("\n>>")]
}

// cmapFor is the ToUnicode map, deflated, of an encoding with the given
// /Differences (nil: none).
func cmapFor(diffs []byte, deflate func([]byte) []byte) ([]byte, error) {
	codes, err := encodingCodes(diffs)
	if err != nil {
		return nil, err
	}
	return deflate([]byte(toUnicodeCMap(codes))), nil
}

// encodingCodes are the codes of an encoding: the printable ASCII codes of
// its WinAnsi base, then each code of its /Differences (diffs) and the rune
// its /uniXXXX name stands for.
func encodingCodes(diffs []byte) (map[int]rune, error) {
	codes := map[int]rune{}
	for c := 32; c < 127; c++ {
		codes[c] = rune(c)
	}
	code := 0
	for _, tok := range bytes.Fields(diffs) {
		if n, err := strconv.Atoi(string(tok)); err == nil {
			code = n
			continue
		}
		if name, ok := bytes.CutPrefix(tok, []byte("/uni")); ok && len(name) == 4 {
			r, err := strconv.ParseUint(string(name), 16, 32)
			if err != nil {
				return nil, fmt.Errorf("tounicode: glyph name %s", tok)
			}
			codes[code] = rune(r)
		}
		code++
	}
	return codes, nil
}

// toUnicodeCMap is the CMap mapping each one-byte code to its rune.
func toUnicodeCMap(codes map[int]rune) string {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n")
	keys := make([]int, 0, len(codes))
	for c := range codes {
		keys = append(keys, c)
	}
	slices.Sort(keys)
	for len(keys) > 0 {
		n := min(len(keys), 100) // a bfchar block holds at most 100 entries
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, c := range keys[:n] {
			r := codes[c]
			if r > 0xFFFF {
				hi, lo := 0xD800+((r-0x10000)>>10), 0xDC00+((r-0x10000)&0x3FF)
				fmt.Fprintf(&b, "<%02X> <%04X%04X>\n", c, hi, lo)
			} else {
				fmt.Fprintf(&b, "<%02X> <%04X>\n", c, r)
			}
		}
		b.WriteString("endbfchar\n")
		keys = keys[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.String()
}

package pdfquiz

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
)

// fpdf deflates each page's content stream with a new zlib writer, which
// allocates and clears about a megabyte: for a 50-question quiz in three
// versions with keys that was a third of the drawing time. So fpdf writes
// the pages uncompressed and deflateStreams compresses them afterwards
// with pooled writers, at fpdf's level (BestSpeed), rewriting the
// cross-reference table for the new offsets.

var (
	xrefRE      = regexp.MustCompile(`(?s)\nxref\n0 (\d+)\n(.*?)trailer\n`)
	plainStream = regexp.MustCompile(`^\d+ 0 obj\n<</Length (\d+)>>\nstream\n`)
)

// pageZlib holds BestSpeed zlib writers shared by every document drawn.
type pageZlib struct{ pool sync.Pool }

func (z *pageZlib) deflate(dst *bytes.Buffer, data []byte) {
	zw, _ := z.pool.Get().(*zlib.Writer)
	if zw == nil {
		zw, _ = zlib.NewWriterLevel(dst, zlib.BestSpeed) // a valid level cannot fail
	} else {
		zw.Reset(dst)
	}
	zw.Write(data) // a bytes.Buffer does not fail
	zw.Close()
	z.pool.Put(zw)
}

// deflateStreams returns pdf, as fpdf writes it (one classic
// cross-reference table, objects in order), with every stream that has no
// filter deflated.
func (z *pageZlib) deflateStreams(pdf []byte) ([]byte, error) {
	m := xrefRE.FindSubmatchIndex(pdf)
	if m == nil {
		return nil, fmt.Errorf("deflate streams: no cross-reference table")
	}
	xrefAt := m[0] + 1
	n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
	table := pdf[m[4]:m[5]]
	if n < 2 || len(table) != 20*n {
		return nil, fmt.Errorf("deflate streams: cross-reference table of %d entries has %d bytes", n, len(table))
	}
	type obj struct{ num, off int }
	objs := make([]obj, 0, n-1)
	for i := 1; i < n; i++ {
		e := table[20*i : 20*i+20]
		if e[17] != 'n' {
			return nil, fmt.Errorf("deflate streams: object %d is not in use", i)
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || off <= 0 || off >= xrefAt {
			return nil, fmt.Errorf("deflate streams: object %d at offset %q", i, e[:10])
		}
		objs = append(objs, obj{i, off})
	}
	slices.SortFunc(objs, func(a, b obj) int { return a.off - b.off })
	offsets := make([]int, n)
	var out bytes.Buffer
	out.Grow(len(pdf) / 2)
	out.Write(pdf[:objs[0].off])
	for k, o := range objs {
		end := xrefAt
		if k+1 < len(objs) {
			end = objs[k+1].off
		}
		body := pdf[o.off:end]
		offsets[o.num] = out.Len()
		sm := plainStream.FindSubmatchIndex(body)
		if sm == nil {
			out.Write(body)
			continue
		}
		length, _ := strconv.Atoi(string(body[sm[2]:sm[3]]))
		data, rest, ok := bytes.Cut(body[sm[1]:], []byte("\nendstream\n"))
		if !ok || len(data) != length {
			return nil, fmt.Errorf("deflate streams: object %d: stream of %d bytes, declared %d", o.num, len(data), length)
		}
		var z0 bytes.Buffer
		z.deflate(&z0, data)
		fmt.Fprintf(&out, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", o.num, z0.Len())
		out.Write(z0.Bytes())
		out.WriteString("\nendstream\n")
		out.Write(rest)
	}
	at := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", n)
	for _, off := range offsets[1:] {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	trailer := pdf[m[5]:]
	sx := bytes.LastIndex(trailer, []byte("startxref\n"))
	if sx < 0 {
		return nil, fmt.Errorf("deflate streams: no startxref")
	}
	out.Write(trailer[:sx])
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", at)
	return out.Bytes(), nil
}

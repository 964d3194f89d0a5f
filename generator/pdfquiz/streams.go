package pdfquiz

import (
	"bytes"
	"compress/zlib"
	"fmt"
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

// zlibPool keeps zlib writers of one level for reuse (a new one allocates
// most of a megabyte): a free list, not a sync.Pool, which a collection
// empties.
type zlibPool struct {
	mu   sync.Mutex
	free []*zlib.Writer
}

// deflate compresses data into dst at level; a pool serves one level.
func (z *zlibPool) deflate(dst *bytes.Buffer, data []byte, level int) {
	z.mu.Lock()
	var zw *zlib.Writer
	if n := len(z.free); n > 0 {
		zw, z.free = z.free[n-1], z.free[:n-1]
	}
	z.mu.Unlock()
	if zw == nil {
		zw, _ = zlib.NewWriterLevel(dst, level) // a valid level cannot fail
	} else {
		zw.Reset(dst)
	}
	zw.Write(data) // a bytes.Buffer does not fail
	zw.Close()
	z.mu.Lock()
	z.free = append(z.free, zw)
	z.mu.Unlock()
}

// pageZlib deflates page streams at fpdf's level, BestSpeed.
type pageZlib struct{ pool zlibPool }

func (z *pageZlib) deflate(dst *bytes.Buffer, data []byte) { z.pool.deflate(dst, data, zlib.BestSpeed) }

// plainStream returns the declared length and the offset of the data of
// obj, an object that starts "N 0 obj\n<</Length L>>\nstream\n" (a stream
// with no filter, as fpdf writes a page), or ok false.
func plainStream(obj []byte) (length, data int, ok bool) {
	i := 0
	for i < len(obj) && '0' <= obj[i] && obj[i] <= '9' {
		i++
	}
	rest, found := bytes.CutPrefix(obj[i:], []byte(" 0 obj\n<</Length "))
	if i == 0 || !found {
		return 0, 0, false
	}
	j := 0
	for j < len(rest) && '0' <= rest[j] && rest[j] <= '9' {
		j++
	}
	if j == 0 || j > 10 || !bytes.HasPrefix(rest[j:], []byte(">>\nstream\n")) {
		return 0, 0, false
	}
	length, _ = strconv.Atoi(string(rest[:j]))
	return length, len(obj) - len(rest) + j + len(">>\nstream\n"), true
}

// deflateStreams returns pdf, as fpdf writes it (one classic
// cross-reference table, objects in order), with every stream that has no
// filter deflated.
func (z *pageZlib) deflateStreams(pdf []byte) ([]byte, error) {
	t, err := readXref(pdf)
	if err != nil {
		return nil, fmt.Errorf("deflate streams: %w", err)
	}
	offsets := make([]int, t.n)
	var out bytes.Buffer
	out.Grow(len(pdf) / 2)
	out.Write(pdf[:t.objs[0].off])
	for k, o := range t.objs {
		body := t.body(pdf, k)
		offsets[o.num] = out.Len()
		length, at, ok := plainStream(body)
		if !ok {
			out.Write(body)
			continue
		}
		data, rest, ok := bytes.Cut(body[at:], []byte("\nendstream\n"))
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
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", t.n)
	for _, off := range offsets[1:] {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	sx := bytes.LastIndex(t.trailer, []byte("startxref\n"))
	if sx < 0 {
		return nil, fmt.Errorf("deflate streams: no startxref")
	}
	out.Write(t.trailer[:sx])
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", at)
	return out.Bytes(), nil
}

// xref is the one classic cross-reference table fpdf writes, read.
type xref struct {
	n       int // entries, object 0 included
	at      int // offset of "xref"
	objs    []xrefObj
	trailer []byte // from "trailer" to the end
}

type xrefObj struct{ num, off int }

// readXref reads pdf's table: "\nxref\n0 N\n", N entries of 20 bytes,
// "trailer\n". Every object must be in use; objs are in file order.
func readXref(pdf []byte) (*xref, error) {
	xrefAt := bytes.LastIndex(pdf, []byte("\nxref\n0 ")) + 1
	if xrefAt == 0 {
		return nil, fmt.Errorf("no cross-reference table")
	}
	head, after, _ := bytes.Cut(pdf[xrefAt+len("xref\n0 "):], []byte("\n"))
	n, err := strconv.Atoi(string(head))
	if err != nil || n < 2 || n > len(after)/20 || !bytes.HasPrefix(after[20*n:], []byte("trailer\n")) {
		return nil, fmt.Errorf("cross-reference table of %q entries does not end in a trailer", head)
	}
	table := after[:20*n]
	t := &xref{n: n, at: xrefAt, objs: make([]xrefObj, 0, n-1), trailer: after[20*n:]}
	for i := 1; i < n; i++ {
		e := table[20*i : 20*i+20]
		if e[17] != 'n' {
			return nil, fmt.Errorf("object %d is not in use", i)
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || off <= 0 || off >= xrefAt {
			return nil, fmt.Errorf("object %d at offset %q", i, e[:10])
		}
		t.objs = append(t.objs, xrefObj{i, off})
	}
	slices.SortFunc(t.objs, func(a, b xrefObj) int { return a.off - b.off })
	return t, nil
}

// body is the bytes of the k-th object in file order, up to the next one
// (or the table).
func (t *xref) body(pdf []byte, k int) []byte {
	end := t.at
	if k+1 < len(t.objs) {
		end = t.objs[k+1].off
	}
	return pdf[t.objs[k].off:end]
}

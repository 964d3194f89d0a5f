// Package yamlpos decodes YAML strictly into Go structs and reports every
// problem with its file:line:col: unknown and duplicate keys, wrong types,
// missing required keys. It walks a yaml.Node tree itself because
// yaml.Node.Decode ignores KnownFields and yaml's own type errors carry no
// column.
//
// Struct fields are named by their yaml tag; the option "inline" makes a
// struct field's own keys those of the mapping; the option "required" marks a
// key that must be present and non-null. A field of type generator.Pos
// receives the position of the mapping it is decoded from, and a field of
// type generator.Positions receives each key's value position.
package yamlpos

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/quizdeck/quizdeck/generator"
)

// Node is a parsed YAML node.
type Node = yaml.Node

// MaxSize is the largest YAML input accepted, in bytes.
const MaxSize = 8 << 20

// maxVisits bounds the nodes one decode visits, so alias chains that expand
// exponentially (a "billion laughs" document) fail fast instead of hanging.
const maxVisits = 2_000_000

// Parse parses data as a single YAML document. It rejects inputs larger than
// MaxSize, invalid UTF-8 and multiple documents, with positions.
func Parse(file string, data []byte) (*yaml.Node, error) {
	if len(data) > MaxSize {
		return nil, generator.Errorf(generator.Pos{File: file}, "file is %d bytes; specs are limited to %d", len(data), MaxSize)
	}
	if !utf8.Valid(data) {
		return nil, generator.Errorf(invalidUTF8(file, data), "invalid UTF-8 (save the file as UTF-8)")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, generator.Errorf(generator.Pos{File: file, Line: 1, Col: 1}, "empty file")
		}
		msg := syntaxMessage(err)
		return nil, generator.Errorf(problemPos(data, syntaxPos(file, err), msg), "%s", msg)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, generator.Errorf(generator.Pos{File: file, Line: extra.Line, Col: extra.Column}, "a spec file holds one YAML document")
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0], nil
	}
	return &doc, nil
}

// invalidUTF8 returns the position of the first invalid UTF-8 byte.
func invalidUTF8(file string, data []byte) generator.Pos {
	line, col := 1, 1
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[n:]
	}
	return generator.Pos{File: file, Line: line, Col: col}
}

// syntaxPos pulls "line N" out of a yaml syntax error.
// syntaxMessage is a YAML syntax error without its "yaml: line N:" prefix:
// the position is reported on its own.
func syntaxMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if i := strings.Index(msg, ": "); strings.HasPrefix(msg, "line ") && i > 0 {
		msg = msg[i+2:]
	}
	return msg
}

func syntaxPos(file string, err error) generator.Pos {
	p := generator.Pos{File: file}
	msg := err.Error()
	if i := strings.Index(msg, "line "); i >= 0 {
		rest := msg[i+5:]
		j := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
		if j < 0 {
			j = len(rest)
		}
		if n, err := strconv.Atoi(rest[:j]); err == nil {
			p.Line = n
		}
	}
	return p
}

// problemPos moves p from where yaml.v3 reports a syntax error to the line
// that causes it. yaml.v3 names the start of the enclosing block (its
// "context mark": the "quotes:" line for a bad indent ten lines further
// down); the offending line is the first at which the file cut after it
// fails with the same message. Only small files are searched, over a
// bounded number of lines, since each try parses the file again.
func problemPos(data []byte, p generator.Pos, msg string) generator.Pos {
	const maxData, maxLines = 256 << 10, 300
	if p.Line < 1 || len(data) > maxData {
		return p
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	end := 0
	for _, l := range lines[:min(p.Line-1, len(lines))] {
		end += len(l)
	}
	for k := p.Line; k <= len(lines) && k < p.Line+maxLines; k++ {
		end += len(lines[k-1])
		var n yaml.Node
		err := yaml.Unmarshal(data[:end], &n)
		if err == nil {
			continue
		}
		if syntaxMessage(err) != msg {
			continue
		}
		line := lines[k-1]
		col := 1 + len(line) - len(bytes.TrimLeft(line, " \t"))
		if len(bytes.TrimSpace(line)) == 0 {
			col = 1
		}
		return generator.Pos{File: p.File, Line: k, Col: col}
	}
	return p
}

// Decode decodes node into v, a pointer to a struct, and returns every
// problem found, each a *generator.PosError. Fields it could decode are set
// even when others fail.
func Decode(file string, node *yaml.Node, v any) []error {
	return DecodeTag(file, node, v, "yaml")
}

// DecodeTag is Decode with keys taken from the struct tag named tag (for
// example "mapstructure", to check a viper config file against its struct).
func DecodeTag(file string, node *yaml.Node, v any, tag string) []error {
	d := &decoder{file: file, tag: tag}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("yamlpos: Decode needs a non-nil pointer")
	}
	d.value(node, rv.Elem(), "document")
	return d.errs
}

type decoder struct {
	file   string
	tag    string
	types  map[reflect.Type]*structInfo // fields per struct type, found once
	errs   []error
	visits int
	bomb   bool
}

var (
	posType    = reflect.TypeFor[generator.Pos]()
	posMapType = reflect.TypeFor[generator.Positions]()
)

func (d *decoder) pos(n *yaml.Node) generator.Pos {
	return generator.Pos{File: d.file, Line: n.Line, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, generator.Errorf(d.pos(n), format, args...))
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			return fmt.Sprintf("the text %q", n.Value)
		case "!!null":
			return "null"
		}
		return n.Value
	}
	return "an unexpected node"
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func (d *decoder) value(n *yaml.Node, v reflect.Value, what string) {
	if d.bomb {
		return
	}
	if d.visits++; d.visits > maxVisits {
		d.bomb = true
		d.errorf(n, "document expands to too many nodes (aliases nested too deeply?)")
		return
	}
	if n.Kind == yaml.AliasNode {
		d.value(n.Alias, v, what)
		return
	}
	if isNull(n) {
		return // left at its zero value; required keys are checked by the mapping
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(n, v.Elem(), what)
	case reflect.Struct:
		d.structValue(n, v, what)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "%s must be a list, not %s", what, kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.value(c, s.Index(i), what+" item")
		}
		v.Set(s)
	case reflect.Map:
		d.mapValue(n, v, what)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, "%s must be text, not %s", what, kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, "%s must be true or false, not %s", what, kindName(n))
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.errorf(n, "%s must be a whole number, not %s", what, kindName(n))
			return
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, v.Type().Bits())
		if err != nil {
			d.errorf(n, "%s: %s is out of range", what, n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Uint64, reflect.Uint, reflect.Uint32:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.errorf(n, "%s must be a whole number, not %s", what, kindName(n))
			return
		}
		i, err := strconv.ParseUint(strings.ReplaceAll(n.Value, "_", ""), 0, v.Type().Bits())
		if err != nil {
			d.errorf(n, "%s: %s is not a non-negative whole number in range", what, n.Value)
			return
		}
		v.SetUint(i)
	case reflect.Float64:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
			d.errorf(n, "%s must be a number, not %s", what, kindName(n))
			return
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			d.errorf(n, "%s: %s is not a finite number", what, n.Value)
			return
		}
		v.SetFloat(f)
	default:
		panic("yamlpos: unsupported type " + v.Type().String())
	}
}

func (d *decoder) mapValue(n *yaml.Node, v reflect.Value, what string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping, not %s", what, kindName(n))
		return
	}
	if v.Type().Key().Kind() != reflect.String {
		panic("yamlpos: map keys must be strings")
	}
	m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if prev, dup := seen[k.Value]; dup {
			d.errorf(k, "key %q repeats the one at line %d", k.Value, prev.Line)
			continue
		}
		seen[k.Value] = k
		e := reflect.New(v.Type().Elem()).Elem()
		d.value(val, e, fmt.Sprintf("%s %q", what, k.Value))
		m.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), e)
	}
	v.Set(m)
}

type field struct {
	key      string
	index    []int // as reflect.Value.FieldByIndex takes it: inline structs add a step
	required bool
}

type structInfo struct {
	fields            []field
	posIdx, posMapIdx int
	known             string
}

func (d *decoder) structInfo(t reflect.Type) *structInfo {
	if si, ok := d.types[t]; ok {
		return si
	}
	if d.types == nil {
		d.types = map[reflect.Type]*structInfo{}
	}
	si := &structInfo{}
	si.fields, si.posIdx, si.posMapIdx = structFields(t, d.tag)
	si.known = knownKeys(si.fields)
	d.types[t] = si
	return si
}

func structFields(t reflect.Type, tagName string) (fields []field, posIdx, posMapIdx int) {
	posIdx, posMapIdx = -1, -1
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case f.Type == posType:
			posIdx = i
			continue
		case f.Type == posMapType:
			posMapIdx = i
			continue
		}
		tag := f.Tag.Get(tagName)
		name, opts, _ := strings.Cut(tag, ",")
		inline := slices.Contains(strings.Split(opts, ","), "inline") && f.Type.Kind() == reflect.Struct
		if tag == "-" || !f.IsExported() && !(inline && f.Anonymous) {
			continue
		}
		if inline {
			// The inline struct's keys are this mapping's own.
			inner, _, _ := structFields(f.Type, tagName)
			for _, in := range inner {
				in.index = append([]int{i}, in.index...)
				fields = append(fields, in)
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fields = append(fields, field{key: name, index: []int{i}, required: slices.Contains(strings.Split(opts, ","), "required")})
	}
	return fields, posIdx, posMapIdx
}

func (d *decoder) structValue(n *yaml.Node, v reflect.Value, what string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping, not %s", what, kindName(n))
		return
	}
	si := d.structInfo(v.Type())
	fields, posIdx, posMapIdx := si.fields, si.posIdx, si.posMapIdx
	if posIdx >= 0 {
		v.Field(posIdx).Set(reflect.ValueOf(d.pos(n)))
	}
	var posMap generator.Positions
	if posMapIdx >= 0 {
		posMap = make(generator.Positions, 0, len(n.Content)/2)
		defer func() { v.Field(posMapIdx).Set(reflect.ValueOf(posMap)) }()
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "%s has a key that is not text", what)
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			d.errorf(k, "key %q repeats the one at line %d", k.Value, prev.Line)
			continue
		}
		seen[k.Value] = k
		j := slices.IndexFunc(fields, func(f field) bool { return f.key == k.Value })
		if j < 0 {
			d.errorf(k, "unknown key %q in %s (known: %s)", k.Value, what, si.known)
			continue
		}
		if posMapIdx >= 0 {
			posMap = append(posMap, generator.KeyPos{Key: k.Value, Pos: d.pos(val)})
		}
		d.value(val, v.FieldByIndex(fields[j].index), strconv.Quote(k.Value))
	}
	for _, f := range fields {
		if !f.required {
			continue
		}
		if val, ok := seen[f.key]; !ok {
			d.errorf(n, "%s is missing required key %q", what, f.key)
		} else if vn := valueOf(n, val); vn != nil && isNull(vn) {
			d.errorf(vn, "required key %q is empty", f.key)
		}
	}
}

// valueOf returns the value node that follows key k in mapping n.
func valueOf(n, k *yaml.Node) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i] == k {
			return n.Content[i+1]
		}
	}
	return nil
}

func knownKeys(fields []field) string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	return strings.Join(keys, ", ")
}

// Find returns the value node at a dotted key path such as "builds.0.count"
// (list items by index), or nil.
func Find(n *yaml.Node, path string) *yaml.Node {
	for _, part := range strings.Split(path, ".") {
		for n != nil && n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if n == nil {
			return nil
		}
		switch n.Kind {
		case yaml.MappingNode:
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == part {
					next = n.Content[i+1]
					break
				}
			}
			n = next
		case yaml.SequenceNode:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
		default:
			return nil
		}
	}
	return n
}

package yamlpos_test

import (
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/yamlpos"
)

type inner struct {
	N   int `yaml:"n,required"`
	Pos generator.Pos
	At  generator.Positions
}

type doc struct {
	Name  string           `yaml:"name"`
	Flag  bool             `yaml:"flag"`
	Ratio float64          `yaml:"ratio"`
	Seed  uint64           `yaml:"seed"`
	List  []inner          `yaml:"list"`
	Map   map[string][]int `yaml:"map"`
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"ok", "name: x\nflag: true\nratio: 1.5\nseed: 3\nlist: [{n: 1}]\nmap: {a: [1, 2]}\n", nil},
		{"unknown key", "nmae: x\n", []string{`f.yaml:1:1: unknown key "nmae" in document (known: name, flag, ratio, seed, list, map)`}},
		{"types", "flag: yes-ish\nratio: abc\nseed: -1\nlist: {n: 1}\n", []string{
			`f.yaml:1:7: "flag" must be true or false, not the text "yes-ish"`,
			`f.yaml:2:8: "ratio" must be a number, not the text "abc"`,
			`f.yaml:3:7: "seed": -1 is not a non-negative whole number in range`,
			`f.yaml:4:7: "list" must be a list, not a mapping`,
		}},
		{"required and duplicate", "list:\n  - {}\n  - {n: ~}\nname: a\nname: b\n", []string{
			`f.yaml:2:5: "list" item is missing required key "n"`,
			`f.yaml:3:9: required key "n" is empty`,
			`f.yaml:5:1: key "name" repeats the one at line 4`,
		}},
		{"overflow", "list: [{n: 99999999999999999999}]\n", []string{`f.yaml:1:12: "n" must be a whole number, not 99999999999999999999`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := yamlpos.Parse("f.yaml", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			var d doc
			errs := yamlpos.Decode("f.yaml", n, &d)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if tc.name == "ok" && (d.List[0].Pos.Line != 5 || func() int { p, _ := d.List[0].At.Get("n"); return p.Col }() != 12 || d.Map["a"][1] != 2) {
				t.Errorf("positions or values wrong: %+v", d)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", "f.yaml:1:1: empty file"},
		{"a: 1\n---\nb: 2\n", "f.yaml:2:1: a spec file holds one YAML document"},
		{"a: [1\n", "f.yaml:1:1: did not find expected ',' or ']'"},
		// yaml.v3 reports these at the start of the block (line 2); the
		// problem is the line the position now names.
		{"id: d\nquotes:\n  - id: q1\n    speaker: X\n    said: ok\n   form: bad indent\n", "f.yaml:6:4: did not find expected '-' indicator"},
		{"id: d\nquotes:\n  - id: q1\n    speaker: [a, b\n    form: direct\n", "f.yaml:4:5: did not find expected ',' or ']'"},
		{"id: d\nquotes:\n  - id: q1\n    speaker: a\n  - id: q2\n    speaker: b\n     said: deeper\n", "f.yaml:7:6: mapping values are not allowed in this context"},
		{"ok: \"caf\xe9\"\n", "f.yaml:1:9: invalid UTF-8"},
	}
	for _, tc := range tests {
		_, err := yamlpos.Parse("f.yaml", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want prefix %q", tc.src, err, tc.want)
		}
	}
}

// TestAliasBomb checks that a document whose aliases expand exponentially
// fails fast instead of hanging.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [{n: 1}, {n: 1}, {n: 1}, {n: 1}, {n: 1}, {n: 1}, {n: 1}, {n: 1}, {n: 1}, {n: 1}]\n")
	prev := "a0"
	for i := 1; i <= 6; i++ {
		name := "a" + string(rune('0'+i))
		b.WriteString(name + ": &" + name + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	b.WriteString("list: *a6\n")
	n, err := yamlpos.Parse("bomb.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		List [][][][][][][]inner `yaml:"list"`
	}
	errs := yamlpos.Decode("bomb.yaml", n, &d)
	found := false
	for _, e := range errs {
		if strings.Contains(e.Error(), "too many nodes") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no expansion error among %d errors", len(errs))
	}
}

// shared is inlined into withShared: its keys are the mapping's own.
type shared struct {
	Tag  string `yaml:"tag"`
	Need int    `yaml:"need,required"`
}

type withShared struct {
	ID     string `yaml:"id"`
	shared `yaml:",inline"`
	At     generator.Positions
}

func TestInline(t *testing.T) {
	var v withShared
	node, err := yamlpos.Parse("f.yaml", []byte("id: a\ntag: t\nneed: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if errs := yamlpos.Decode("f.yaml", node, &v); len(errs) > 0 {
		t.Fatal(errs)
	}
	if v.ID != "a" || v.Tag != "t" || v.Need != 2 || !v.At.Has("need") {
		t.Errorf("decoded %+v", v)
	}
	node, _ = yamlpos.Parse("f.yaml", []byte("id: a\ntga: t\n"))
	errs := yamlpos.Decode("f.yaml", node, &v)
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	want := []string{ // in the order found: keys, then what is missing
		`f.yaml:2:1: unknown key "tga" in document (known: id, tag, need)`,
		`f.yaml:1:1: document is missing required key "need"`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

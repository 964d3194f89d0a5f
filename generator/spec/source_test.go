package spec_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/spec"
)

func TestSourceAndCitations(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("w ", n)) }
	tests := []struct {
		name    string
		yaml    string
		check   func(t *testing.T, d *generator.Deck)
		wantErr string
	}{
		{"author optional, kind and year decoded",
			"source: {title: Cuban Missile Crisis, kind: encyclopedia article, year: 2022}\n" + quoteWith("footnote: 4"),
			func(t *testing.T, d *generator.Deck) {
				want := generator.SourceInfo{Title: "Cuban Missile Crisis", Kind: "encyclopedia article", Year: 2022}
				if d.Source != want {
					t.Errorf("Source = %+v, want %+v", d.Source, want)
				}
				if d.Source.Noun() != "encyclopedia article" {
					t.Errorf("Noun = %q", d.Source.Noun())
				}
				if c := d.Facts[0].Source; c.Footnote != 4 || c.NoFootnote {
					t.Errorf("citation = %+v, want footnote 4", c)
				}
			}, ""},
		{"no kind reads as source", "source: {title: T}\n" + quoteWith(""),
			func(t *testing.T, d *generator.Deck) {
				if d.Source.Noun() != "source" {
					t.Errorf("Noun = %q, want source", d.Source.Noun())
				}
			}, ""},
		{"footnote none", "source: {title: T}\n" + quoteWith("footnote: none"),
			func(t *testing.T, d *generator.Deck) {
				if c := d.Facts[0].Source; c.Footnote != 0 || !c.NoFootnote {
					t.Errorf("citation = %+v, want no footnote of its own", c)
				}
			}, ""},
		{"footnote neither number nor none", "source: {title: T}\n" + quoteWith("footnote: n. 4"),
			nil, `deck.yaml:9:49: footnote must be a number or none, not "n. 4"`},
		{"bad kind", "source: {title: T, kind: Essay!}\n" + quoteWith(""), nil, `source kind "Essay!" must be a lower-case noun`},
		{"bad year", "source: {title: T, year: 62}\n" + quoteWith(""), nil, "source year 62 is not a plausible year"},
		{"grounded_by decoded",
			"source: {title: T}\n" + quoteWith("") + "    grounded_by:\n      - {footnote: 2, excerpt: \"The crisis  of 1962\"}\n      - {footnote: none, excerpt: began}\n",
			func(t *testing.T, d *generator.Deck) {
				want := []generator.Citation{{Footnote: 2, Excerpt: "The crisis of 1962"}, {NoFootnote: true, Excerpt: "began"}}
				got := d.Facts[0].GroundedBy
				if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
					t.Errorf("GroundedBy = %+v, want %+v", got, want)
				}
			}, ""},
		{"grounded_by excerpt too long", "source: {title: T}\n" + quoteWith("") + "    grounded_by: [{excerpt: " + words(51) + "}]\n",
			nil, `deck.yaml:10:29: excerpt of fact "q1" is 51 words; keep it to 50 (an excerpt quotes the evidence, not the page: cut it, confirm a distant answer with grounded_by, or raise the deck's excerpt_words)`},
		{"excerpt_words raises the limit", "source: {title: T}\nexcerpt_words: 60\n" + quoteWithExcerpt(words(55)), nil, ""},
		{"excerpt_words lowers the limit", "source: {title: T}\nexcerpt_words: 3\n" + quoteWithExcerpt(words(4)), nil, `is 4 words; keep it to 3`},
		{"excerpt_words out of range", "source: {title: T}\nexcerpt_words: 0\n" + quoteWithExcerpt("w"), nil, "excerpt_words must be 1-200, not 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := fstest.MapFS{"demo/deck.yaml": {Data: []byte("id: demo\ntitle: Demo\n" + tc.yaml)}}
			ds, err := spec.Load(fs, "decks")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Load error = %v; want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.check != nil {
				tc.check(t, ds[0])
			}
		})
	}
}

// quoteWith is a quotes list of one quote whose source mapping holds extra.
func quoteWith(extra string) string {
	if extra != "" {
		extra = ", " + extra
	}
	return "quotes:\n  - id: q1\n    speaker: A B\n    said: words\n    form: direct\n    source: {excerpt: A B said words" + extra + "}\n"
}

func quoteWithExcerpt(excerpt string) string {
	return "quotes:\n  - {id: q1, speaker: A B, said: words, form: direct, source: {excerpt: " + excerpt + "}}\n"
}

package cloze_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/cloze"
	"github.com/quizdeck/quizdeck/generator/render"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, noun, speaker, said string
		direct                    bool
		want                      string
	}{
		{"direct", "essay", "Jeffrey Mankoff", "Re-integrating the states has been on Russia's agenda.", true,
			"{{c1::Jeffrey Mankoff}}: “Re-integrating the states has been on Russia's agenda.”"},
		{"paraphrase", "essay", "Dmitry Medvedev", "Russia has privileged interests.", false,
			"According to the essay, {{c1::Dmitry Medvedev}} held that Russia has privileged interests."},
		{"paraphrase from an article", "article", "Dobrynin", "the outcome was a blow to Soviet prestige.", false,
			"According to the article, {{c1::Dobrynin}} held that the outcome was a blow to Soviet prestige."},
		{"no kind given", "", "Dobrynin", "it was a blow.", false,
			"According to the source, {{c1::Dobrynin}} held that it was a blow."},
		{"cyrillic and spaces", "essay", "  Владимир Путин ", " Россия — это «государство-цивилизация» ", true,
			"{{c1::Владимир Путин}}: “Россия — это «государство-цивилизация»”"},
		{"html is escaped", "essay", "A <b>&</b> B", "x < y && y > z", true,
			"{{c1::A &lt;b&gt;&amp;&lt;/b&gt; B}}: “x &lt; y &amp;&amp; y &gt; z”"},
		{"braces cannot open a deletion", "essay", "Sp{{c2::eaker}}", "say {{c3::this}}", true,
			"{{c1::Sp&#123;&#123;c2&#58;&#58;eaker&#125;&#125;}}: “say &#123;&#123;c3::this&#125;&#125;”"},
		{"colon in the speaker is not a hint", "essay", "Lord Ismay: NATO", "keep the Russians out", true,
			"{{c1::Lord Ismay&#58; NATO}}: “keep the Russians out”"},
		{"newline becomes br", "essay", "Mao", "line one\nline two", true,
			"{{c1::Mao}}: “line one<br>line two”"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cloze.Text(tc.noun, tc.speaker, tc.said, tc.direct); got != tc.want {
				t.Errorf("Text(%q, %q, %q, %v)\n got %q\nwant %q", tc.noun, tc.speaker, tc.said, tc.direct, got, tc.want)
			}
		})
	}
}

// deletionRE matches one cloze deletion as Anki's parser reads it.
var deletionRE = regexp.MustCompile(`\{\{c(\d+)::(.*?)\}\}`)

// FuzzText checks that any quotation gives exactly one deletion, c1, with
// no hint, and that the text reads back (markers removed, entities
// decoded) as the speaker and quotation that went in.
func FuzzText(f *testing.F) {
	f.Add("Jeffrey Mankoff", "In one form or another…", true)
	f.Add("Лавров", "{{c2::x::y}} <i>&amp;</i>", false)
	f.Add("a::b}}", "}}{{", true)
	f.Fuzz(func(t *testing.T, speaker, said string, direct bool) {
		if strings.TrimSpace(speaker) == "" {
			return
		}
		got := cloze.Text("article", speaker, said, direct)
		if n := strings.Count(got, "{{"); n != 1 {
			t.Fatalf("Text has %d '{{', want 1: %q", n, got)
		}
		m := deletionRE.FindAllStringSubmatch(got, -1)
		if len(m) != 1 || m[0][1] != "1" || strings.Contains(m[0][2], "::") {
			t.Fatalf("Text %q: deletions %q, want one c1 without a hint", got, m)
		}
		if strings.ContainsAny(got, "<>") && !strings.Contains(got, "<br>") {
			t.Fatalf("Text %q has raw markup", got)
		}
		plain := html.UnescapeString(strings.ReplaceAll(deletionRE.ReplaceAllString(got, "$2"), "<br>", "\n"))
		if !strings.Contains(plain, strings.TrimSpace(speaker)) || !strings.Contains(plain, strings.TrimSpace(said)) {
			t.Fatalf("Text %q reads back as %q, which lost the speaker or the quotation", got, plain)
		}
	})
}

func TestNotes(t *testing.T) {
	set, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	deck := &generator.Deck{
		ID:     "ostpolitik",
		Source: generator.SourceInfo{Title: "Ostpolitik & after", Author: "Jürgen Müller"},
		Facts: []*generator.Fact{
			{ID: "brandt-kniefall", Kind: generator.Quote, Speaker: "Willy Brandt", Role: "Chancellor",
				Said: "Ich tat, was Menschen tun, wenn die Sprache versagt.", Direct: true, Year: 1970},
			{ID: "moscow-treaty", Kind: generator.Event, Event: "the Moscow Treaty is signed", Year: 1970},
		},
	}
	q := func(fact string, k generator.Kind) generator.Question {
		id := generator.QuestionID(deck.ID, fact, k)
		return generator.Question{ID: id, Deck: deck.ID, Fact: fact, Kind: k, GUID: generator.NoteGUID(deck.ID, fact),
			Answer: "Willy Brandt", Attribution: "Chancellor, 1970", Tags: []string{"germany"},
			Source: generator.Citation{Footnote: 7, Excerpt: "Brandt <knelt> in Warsaw"}}
	}
	job := &generator.Job{Decks: []*generator.Deck{deck}, Questions: []generator.Question{
		q("moscow-treaty", generator.WhichYear),
		q("brandt-kniefall", generator.WhoSaid),
		q("brandt-kniefall", generator.WhichYear),
	}}
	notes, err := cloze.Notes(set, job)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 {
		t.Fatalf("got %d notes, want 1 (only who-said questions): %+v", len(notes), notes)
	}
	n := notes[0]
	id := "ostpolitik/brandt-kniefall/who-said"
	want := cloze.Note{
		ID: id, Deck: "ostpolitik", GUID: generator.GUID("ostpolitik/brandt-kniefall", "cloze"),
		Text: "{{c1::Willy Brandt}}: “Ich tat, was Menschen tun, wenn die Sprache versagt.”",
		BackExtra: "Chancellor, 1970<br><small>Jürgen Müller, “Ostpolitik &amp; after”, n. 7: " +
			"“Brandt &lt;knelt&gt; in Warsaw”</small>",
		Tags: []string{"germany"},
	}
	if n.ID != want.ID || n.Deck != want.Deck || n.GUID != want.GUID || n.Text != want.Text ||
		n.BackExtra != want.BackExtra || strings.Join(n.Tags, " ") != "germany" {
		t.Errorf("note\n got %+v\nwant %+v", n, want)
	}
	if n.GUID == generator.NoteGUID("ostpolitik", "brandt-kniefall") {
		t.Error("the cloze note shares the fact note's GUID")
	}

	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			q    generator.Question
			want string
		}{
			{"missing fact", q("nobody", generator.WhoSaid), `deck ostpolitik has no fact "nobody"`},
			{"not a quote", q("moscow-treaty", generator.WhoSaid), "is a event, not a quote"},
			{"missing deck", generator.Question{ID: "x/y/who-said", Deck: "x", Fact: "y", Kind: generator.WhoSaid}, `no deck "x"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := cloze.Notes(set, &generator.Job{Decks: job.Decks, Questions: []generator.Question{tc.q}})
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("err = %v, want it to contain %q", err, tc.want)
				}
			})
		}
	})
}

// TestNoteFromAnArticle: a source of another kind and without an author
// gives a note that names neither an essay nor an empty author.
func TestNoteFromAnArticle(t *testing.T) {
	set, err := render.New("")
	if err != nil {
		t.Fatal(err)
	}
	d := &generator.Deck{ID: "cmc", Source: generator.SourceInfo{Title: "Cuban Missile Crisis", Kind: "encyclopedia article"},
		Facts: []*generator.Fact{{ID: "dobrynin", Kind: generator.Quote, Speaker: "Anatoly Dobrynin",
			Said: "the leadership took the outcome as a blow to its prestige"}}}
	id := generator.QuestionID("cmc", "dobrynin", generator.WhoSaid)
	q := generator.Question{ID: id, Deck: "cmc", Fact: "dobrynin", Kind: generator.WhoSaid,
		Source: generator.Citation{Footnote: 7, Excerpt: "According to Dobrynin"}}
	n, err := cloze.NewNote(set, d, d.Facts[0], q)
	if err != nil {
		t.Fatal(err)
	}
	if want := "According to the encyclopedia article, {{c1::Anatoly Dobrynin}} held that"; !strings.HasPrefix(n.Text, want) {
		t.Errorf("Text = %q, want it to start %q", n.Text, want)
	}
	if want := "<small>“Cuban Missile Crisis”, n. 7: “According to Dobrynin”</small>"; n.BackExtra != want {
		t.Errorf("BackExtra = %q, want %q", n.BackExtra, want)
	}
}

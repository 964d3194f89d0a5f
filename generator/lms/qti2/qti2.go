// Package qti2 writes a build's quiz as an IMS QTI 2.1 or 2.2 content
// package (format names qti21 and qti22, files NAME/NAME.qti21.zip and
// NAME/NAME.qti22.zip), for OpenOLAT, Inspera, TAO, ONYX and other QTI 2
// players. Every rule of QTI 2 and IMS content packaging lives here.
//
// The zip holds imsmanifest.xml (IMS Content Packaging 1.1), one
// assessmentItem per question under items/, and assessmentTest.xml, which
// lists the items in the printed order of version A:
//
//   - a multiple-choice question is a choiceInteraction (one choice,
//     shuffle="true": the player shuffles, version A's order is the
//     fallback); SCORE is quiz.points when the right choice is made;
//   - a short-answer question is a textEntryInteraction scored by a
//     case-insensitive mapping of the answer to quiz.points;
//   - the matching section is one matchInteraction (statements × speakers,
//     directedPair), quiz.points per right pair;
//   - every item declares MAXSCORE, and shows the source (footnote and
//     excerpt) as modal feedback once answered.
//
// With quiz.lms_groups, the questions of each passage or section sit in a
// sub-section with <selection select="1"/>, so the player draws one of them.
//
// Identifiers come from question ids (lms.Ident), so a re-export replaces
// the same items. Text is XML character data in XHTML, escaped once.
package qti2

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/lms"
	"github.com/quizdeck/quizdeck/generator/lms/internal/zipout"
	"github.com/quizdeck/quizdeck/generator/quiz"
	"github.com/quizdeck/quizdeck/generator/render"
)

// Version is a QTI 2 version: its format name, namespace and package types.
type Version struct {
	Format    string // qti21 or qti22
	Namespace string
	Schema    string // schemaLocation's schema URL
	ItemType  string // manifest resource types
	TestType  string
}

// V21 and V22 are the versions written.
var (
	V21 = Version{generator.FormatQTI21, "http://www.imsglobal.org/xsd/imsqti_v2p1",
		"http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd", "imsqti_item_xmlv2p1", "imsqti_test_xmlv2p1"}
	V22 = Version{generator.FormatQTI22, "http://www.imsglobal.org/xsd/imsqti_v2p2",
		"http://www.imsglobal.org/xsd/qti/qtiv2p2/imsqti_v2p2.xsd", "imsqti_item_xmlv2p2", "imsqti_test_xmlv2p2"}
)

// Format writes one QTI 2 version.
type Format struct {
	V    Version
	tmpl *render.Set
}

// New returns the qti21 and qti22 formats, their text from tmpl's lms.txt.tmpl.
func New(tmpl *render.Set) []generator.Format {
	return []generator.Format{Format{V21, tmpl}, Format{V22, tmpl}}
}

// Name is qti21 or qti22.
func (f Format) Name() string { return f.V.Format }

// Write stages NAME/NAME.qti21.zip (or .qti22.zip).
func (f Format) Write(ctx context.Context, job *generator.Job, out *generator.Output) error {
	return lms.Write(job, out, f.tmpl, f.V.Format+".zip", f.V.Format, func(w io.Writer, e *lms.Export) error {
		entries, err := f.V.Package(ctx, e)
		if err != nil {
			return err
		}
		return zipout.Write(w, job.Epoch, entries)
	})
}

// esc is XML character data (and attribute value) for s.
func esc(s string) string { return lms.XMLEscape(s) }

// xhtml is plain text as XHTML content: escaped once, line breaks <br/>.
func xhtml(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = esc(l)
	}
	return strings.Join(lines, "<br/>")
}

// ref is one item of the test, with the group it belongs to.
type ref struct {
	ident, href, group string
}

// Package returns the package's files in the order they are zipped:
// manifest, test, items.
func (v Version) Package(ctx context.Context, e *lms.Export) ([]zipout.Entry, error) {
	var items []zipout.Entry
	var refs []ref
	add := func(ident, group, body string) {
		href := "items/" + ident + ".xml"
		items = append(items, zipout.Entry{Name: href, Data: []byte(body)})
		refs = append(refs, ref{ident, href, group})
	}
	err := e.Walk(func(it quiz.Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		ident, body, err := v.item(e, it)
		if err != nil {
			return err
		}
		add(ident, e.GroupKey(&it.Question), body)
		return nil
	}, func() error {
		ident, body := v.matching(e)
		add(ident, "", body)
		return nil
	})
	if err != nil {
		return nil, err
	}
	testIdent := lms.Ident("T_", e.Build)
	test := v.test(e, testIdent, refs)
	manifest := v.manifest(e, testIdent, refs)
	return append([]zipout.Entry{{Name: "imsmanifest.xml", Data: []byte(manifest)}, {Name: "assessmentTest.xml", Data: []byte(test)}}, items...), nil
}

func (v Version) open(b *strings.Builder, ident, title string) {
	fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="%s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="%s %s" identifier="%s" title="%s" adaptive="false" timeDependent="false">
`, v.Namespace, v.Namespace, v.Schema, ident, esc(title))
}

// outcomes declares SCORE, MAXSCORE and FEEDBACK.
func outcomes(b *strings.Builder, max int) {
	fmt.Fprintf(b, `  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">
    <defaultValue><value>0</value></defaultValue>
  </outcomeDeclaration>
  <outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float">
    <defaultValue><value>%d</value></defaultValue>
  </outcomeDeclaration>
  <outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>
`, max)
}

// closeItem writes the response processing tail (FEEDBACK shown once answered)
// and the source as modal feedback.
func closeItem(b *strings.Builder, feedback string) {
	fmt.Fprintf(b, `    <setOutcomeValue identifier="FEEDBACK">
      <baseValue baseType="identifier">SOURCE</baseValue>
    </setOutcomeValue>
  </responseProcessing>
  <modalFeedback outcomeIdentifier="FEEDBACK" showHide="show" identifier="SOURCE" title="Source">%s</modalFeedback>
</assessmentItem>
`, xhtml(feedback))
}

func (v Version) item(e *lms.Export, it quiz.Item) (ident, body string, err error) {
	q := &it.Question
	ident = lms.Ident("Q_", q.ID)
	var b strings.Builder
	v.open(&b, ident, q.ID)
	switch it.Kind {
	case quiz.MultipleChoice:
		ids, err := lms.ChoiceIdents(q, it.Options)
		if err != nil {
			return "", "", err
		}
		fmt.Fprintf(&b, `  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>%s</value></correctResponse>
  </responseDeclaration>
`, ids[it.Correct])
		outcomes(&b, it.Points)
		fmt.Fprintf(&b, "  <itemBody>\n    <choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"true\" maxChoices=\"1\">\n      <prompt>%s</prompt>\n", xhtml(q.Prompt))
		for j, o := range it.Options {
			fmt.Fprintf(&b, "      <simpleChoice identifier=\"%s\">%s</simpleChoice>\n", ids[j], xhtml(o))
		}
		fmt.Fprintf(&b, `    </choiceInteraction>
  </itemBody>
  <responseProcessing>
    <responseCondition>
      <responseIf>
        <match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>
        <setOutcomeValue identifier="SCORE"><baseValue baseType="float">%d</baseValue></setOutcomeValue>
      </responseIf>
    </responseCondition>
`, it.Points)
	case quiz.ShortAnswer:
		a := strings.TrimSpace(q.Answer)
		fmt.Fprintf(&b, `  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string">
    <correctResponse><value>%s</value></correctResponse>
    <mapping defaultValue="0">
      <mapEntry mapKey="%s" mappedValue="%d" caseSensitive="false"/>
    </mapping>
  </responseDeclaration>
`, esc(a), esc(a), it.Points)
		outcomes(&b, it.Points)
		fmt.Fprintf(&b, `  <itemBody>
    <p>%s</p>
    <p><textEntryInteraction responseIdentifier="RESPONSE" expectedLength="%d"/></p>
  </itemBody>
  <responseProcessing>
    <setOutcomeValue identifier="SCORE"><mapResponse identifier="RESPONSE"/></setOutcomeValue>
`, xhtml(q.Prompt), max(20, len([]rune(a))+5))
	default:
		return "", "", fmt.Errorf("question %s: unexpected item kind %s", q.ID, it.Kind)
	}
	closeItem(&b, e.Feedback(q))
	return ident, b.String(), nil
}

// matching writes the matching section as one matchInteraction: the
// statements are the first set, the speakers (with the extra choices) the
// second; each right pair scores quiz.points.
func (v Version) matching(e *lms.Export) (ident, body string) {
	s := e.Matching
	ident = lms.Ident("Q_", e.MatchingID())
	stems := make([]string, len(s.Items))
	for i, it := range s.Items {
		stems[i] = lms.Ident("S_", it.Question.ID)
	}
	mq := &generator.Question{ID: e.MatchingID()}
	choices := make([]string, len(s.Choices))
	for i, c := range s.Choices {
		choices[i] = lms.ChoiceIdent(mq, c)
	}
	var b strings.Builder
	v.open(&b, ident, e.MatchingID())
	fmt.Fprintf(&b, "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"multiple\" baseType=\"directedPair\">\n    <correctResponse>\n")
	for i, it := range s.Items {
		fmt.Fprintf(&b, "      <value>%s %s</value>\n", stems[i], choices[it.Correct])
	}
	fmt.Fprintf(&b, "    </correctResponse>\n    <mapping defaultValue=\"0\" lowerBound=\"0\">\n")
	for i, it := range s.Items {
		fmt.Fprintf(&b, "      <mapEntry mapKey=\"%s %s\" mappedValue=\"%d\"/>\n", stems[i], choices[it.Correct], e.Points)
	}
	fmt.Fprintf(&b, "    </mapping>\n  </responseDeclaration>\n")
	outcomes(&b, e.MatchingPoints())
	fmt.Fprintf(&b, "  <itemBody>\n    <matchInteraction responseIdentifier=\"RESPONSE\" shuffle=\"true\" maxAssociations=\"%d\">\n      <prompt>%s</prompt>\n      <simpleMatchSet>\n",
		len(s.Items), xhtml(e.MatchingPrompt()))
	for i, it := range s.Items {
		fmt.Fprintf(&b, "        <simpleAssociableChoice identifier=\"%s\" matchMax=\"1\">%s</simpleAssociableChoice>\n", stems[i], xhtml(it.Stem()))
	}
	fmt.Fprintf(&b, "      </simpleMatchSet>\n      <simpleMatchSet>\n")
	for i, c := range s.Choices {
		fmt.Fprintf(&b, "        <simpleAssociableChoice identifier=\"%s\" matchMax=\"%d\">%s</simpleAssociableChoice>\n", choices[i], len(s.Items), xhtml(c))
	}
	fmt.Fprintf(&b, `      </simpleMatchSet>
    </matchInteraction>
  </itemBody>
  <responseProcessing>
    <setOutcomeValue identifier="SCORE"><mapResponse identifier="RESPONSE"/></setOutcomeValue>
`)
	closeItem(&b, e.MatchingFeedback())
	return ident, b.String()
}

// test writes assessmentTest.xml: one part, one section in printed order,
// grouped items in sub-sections that select one.
func (v Version) test(e *lms.Export, ident string, refs []ref) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<assessmentTest xmlns="%s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="%s %s" identifier="%s" title="%s">
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float"/>
  <testPart identifier="P1" navigationMode="nonlinear" submissionMode="simultaneous">
    <assessmentSection identifier="S1" title="%s" visible="true">
`, v.Namespace, v.Namespace, v.Schema, ident, esc(e.Title), esc(e.Title))
	done := map[string]bool{}
	for _, r := range refs {
		switch {
		case r.group == "":
			fmt.Fprintf(&b, "      <assessmentItemRef identifier=\"%s\" href=\"%s\"/>\n", r.ident, r.href)
		case !done[r.group]:
			done[r.group] = true
			fmt.Fprintf(&b, "      <assessmentSection identifier=\"%s\" title=\"%s\" visible=\"false\">\n        <selection select=\"1\"/>\n",
				lms.Ident("G_", e.Build, r.group), esc(r.group))
			for _, m := range refs {
				if m.group == r.group {
					fmt.Fprintf(&b, "        <assessmentItemRef identifier=\"%s\" href=\"%s\"/>\n", m.ident, m.href)
				}
			}
			fmt.Fprintf(&b, "      </assessmentSection>\n")
		}
	}
	fmt.Fprintf(&b, `    </assessmentSection>
  </testPart>
  <outcomeProcessing>
    <setOutcomeValue identifier="SCORE"><sum><testVariables variableIdentifier="SCORE"/></sum></setOutcomeValue>
    <setOutcomeValue identifier="MAXSCORE"><sum><testVariables variableIdentifier="MAXSCORE"/></sum></setOutcomeValue>
  </outcomeProcessing>
</assessmentTest>
`)
	return b.String()
}

// manifest writes imsmanifest.xml: the test and each item as resources.
func (v Version) manifest(e *lms.Export, testIdent string, refs []ref) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd" identifier="%s">
  <metadata>
    <schema>QTIv2.%s Package</schema>
    <schemaversion>1.0.0</schemaversion>
  </metadata>
  <organizations/>
  <resources>
    <resource identifier="%s" type="%s" href="assessmentTest.xml">
      <file href="assessmentTest.xml"/>
`, lms.Ident("M_", e.Build, v.Format), v.Format[len(v.Format)-1:], testIdent, v.TestType)
	for _, r := range refs {
		fmt.Fprintf(&b, "      <dependency identifierref=\"%s\"/>\n", r.ident)
	}
	fmt.Fprintf(&b, "    </resource>\n")
	for _, r := range refs {
		fmt.Fprintf(&b, "    <resource identifier=\"%s\" type=\"%s\" href=\"%s\">\n      <file href=\"%s\"/>\n    </resource>\n", r.ident, v.ItemType, r.href, r.href)
	}
	fmt.Fprintf(&b, "  </resources>\n</manifest>\n")
	return b.String()
}

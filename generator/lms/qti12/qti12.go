// Package qti12 writes a build's quiz as a Canvas QTI 1.2 package (format
// name canvas-qti, file NAME/NAME.canvas-qti.zip), for Canvas's Settings →
// Import course content → "QTI .zip file". Every rule of Canvas's QTI 1.2
// dialect lives here.
//
// The zip holds imsmanifest.xml, the assessment (QUIZ/QUIZ.xml, QTI 1.2 as
// Canvas exports it) and Canvas's quiz settings (QUIZ/assessment_meta.xml:
// title, description, total points, shuffled answers, unpublished). Items
// carry Canvas's item metadata (question_type, points_possible):
//
//   - multiple_choice_question: one response_lid, the right choice scoring
//     100 (Canvas scales to points_possible); options in version A's
//     order, shuffle_answers asks Canvas to shuffle them;
//   - short_answer_question: the answer as the one accepted text (Canvas
//     compares case-insensitively);
//   - matching_question: the matching section, a response_lid per
//     statement over the speakers (with the extra choices), each right pair
//     scoring its share;
//   - the source (footnote and excerpt) as general feedback: an
//     itemfeedback named general_fb, which Canvas shows as the question's
//     general comments. (Canvas's own exports also point at it from a
//     respcondition on <other/>, which its importer flags as a guess.)
//
// With quiz.lms_groups, the questions of each passage or section sit in a
// question group (a section with selection_number 1 and Canvas's
// points_per_item), so Canvas draws one of them per student.
//
// Identifiers come from question ids (lms.Ident), without '.' or ':',
// which Canvas's importer rewrites. Question and option text is HTML
// (texttype="text/html"), escaped once; matching rows are plain text, as
// Canvas keeps them.
package qti12

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/lms"
	"github.com/quizdeck/quizdeck/generator/lms/internal/zipout"
	"github.com/quizdeck/quizdeck/generator/quiz"
	"github.com/quizdeck/quizdeck/generator/render"
)

// Format is the canvas-qti format.
type Format struct{ tmpl *render.Set }

// New returns the canvas-qti format, its text from tmpl's lms.txt.tmpl.
func New(tmpl *render.Set) Format { return Format{tmpl} }

// Name is "canvas-qti".
func (Format) Name() string { return generator.FormatCanvasQTI }

// Write stages NAME/NAME.canvas-qti.zip.
func (f Format) Write(ctx context.Context, job *generator.Job, out *generator.Output) error {
	return lms.Write(job, out, f.tmpl, "canvas-qti.zip", generator.FormatCanvasQTI, func(w io.Writer, e *lms.Export) error {
		entries, err := Package(ctx, e, job.Epoch)
		if err != nil {
			return err
		}
		return zipout.Write(w, job.Epoch, entries)
	})
}

// esc is XML character data (and attribute value) for s.
func esc(s string) string { return lms.XMLEscape(s) }

// html is a mattext of HTML: the text HTML-escaped once, then XML-escaped.
func html(s string) string {
	return `<mattext texttype="text/html">` + esc(lms.HTML(s)) + `</mattext>`
}

// plain is a mattext of plain text.
func plain(s string) string {
	return `<mattext texttype="text/plain">` + esc(s) + `</mattext>`
}

// points is a point value as Canvas writes it.
func points(n int) string { return fmt.Sprintf("%d.0", n) }

// Package returns the package's files in zip order: manifest, assessment,
// assessment_meta.xml.
func Package(ctx context.Context, e *lms.Export, epoch time.Time) ([]zipout.Entry, error) {
	quizIdent := lms.Ident("g", e.Build)
	metaIdent := lms.Ident("m", e.Build)
	assessment, err := assessment(ctx, e, quizIdent)
	if err != nil {
		return nil, err
	}
	return []zipout.Entry{
		{Name: "imsmanifest.xml", Data: []byte(manifest(e, quizIdent, metaIdent, epoch))},
		{Name: quizIdent + "/" + quizIdent + ".xml", Data: []byte(assessment)},
		{Name: quizIdent + "/assessment_meta.xml", Data: []byte(meta(e, quizIdent))},
	}, nil
}

func manifest(e *lms.Export, quizIdent, metaIdent string, epoch time.Time) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="%s" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_v1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd http://www.imsglobal.org/xsd/imsmd_v1p2 http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd">
  <metadata>
    <schema>IMS Content</schema>
    <schemaversion>1.1.3</schemaversion>
    <imsmd:lom>
      <imsmd:general>
        <imsmd:title><imsmd:string>%s</imsmd:string></imsmd:title>
      </imsmd:general>
      <imsmd:lifeCycle>
        <imsmd:contribute>
          <imsmd:date><imsmd:dateTime>%s</imsmd:dateTime></imsmd:date>
        </imsmd:contribute>
      </imsmd:lifeCycle>
    </imsmd:lom>
  </metadata>
  <organizations/>
  <resources>
    <resource identifier="%s" type="imsqti_xmlv1p2">
      <file href="%s/%s.xml"/>
      <dependency identifierref="%s"/>
    </resource>
    <resource identifier="%s" type="associatedcontent/imscc_xmlv1p1/learning-application-resource" href="%s/assessment_meta.xml">
      <file href="%s/assessment_meta.xml"/>
    </resource>
  </resources>
</manifest>
`, lms.Ident("M", e.Build), esc(e.Title), epoch.UTC().Format("2006-01-02"), quizIdent, quizIdent, quizIdent, metaIdent, metaIdent, quizIdent, quizIdent)
}

// meta is Canvas's assessment_meta.xml: the quiz's settings. The quiz
// arrives unpublished, answers shuffled, one attempt, correct answers shown.
func meta(e *lms.Export, quizIdent string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<quiz identifier="%s" xmlns="http://canvas.instructure.com/xsd/cccv1p0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://canvas.instructure.com/xsd/cccv1p0 https://canvas.instructure.com/xsd/cccv1p0.xsd">
  <title>%s</title>
  <description>%s</description>
  <shuffle_answers>true</shuffle_answers>
  <scoring_policy>keep_highest</scoring_policy>
  <hide_results></hide_results>
  <quiz_type>assignment</quiz_type>
  <points_possible>%s</points_possible>
  <require_lockdown_browser>false</require_lockdown_browser>
  <require_lockdown_browser_for_results>false</require_lockdown_browser_for_results>
  <require_lockdown_browser_monitor>false</require_lockdown_browser_monitor>
  <show_correct_answers>true</show_correct_answers>
  <anonymous_submissions>false</anonymous_submissions>
  <could_be_locked>false</could_be_locked>
  <allowed_attempts>1</allowed_attempts>
  <one_question_at_a_time>false</one_question_at_a_time>
  <cant_go_back>false</cant_go_back>
  <available>false</available>
  <one_time_results>false</one_time_results>
  <show_correct_answers_last_attempt>false</show_correct_answers_last_attempt>
  <only_visible_to_overrides>false</only_visible_to_overrides>
  <module_locked>false</module_locked>
</quiz>
`, quizIdent, esc(e.Title), esc(lms.HTML(e.Description())), points(e.Total()))
}

// assessment writes the QTI 1.2 assessment: items in printed order, grouped
// items in a question group where the first of them stands.
func assessment(ctx context.Context, e *lms.Export, quizIdent string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2">
  <assessment ident="%s" title="%s">
    <qtimetadata>
      <qtimetadatafield><fieldlabel>cc_maxattempts</fieldlabel><fieldentry>1</fieldentry></qtimetadatafield>
    </qtimetadata>
    <section ident="root_section">
`, quizIdent, esc(e.Title))
	byGroup := map[string][]quiz.Item{}
	for _, it := range e.Items {
		if g := e.GroupKey(&it.Question); g != "" {
			byGroup[g] = append(byGroup[g], it)
		}
	}
	done := map[string]bool{}
	err := e.Walk(func(it quiz.Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		g := e.GroupKey(&it.Question)
		switch {
		case g == "":
			return item(&b, e, it, "      ")
		case !done[g]:
			done[g] = true
			fmt.Fprintf(&b, `      <section ident="%s" title="%s">
        <selection_ordering>
          <selection>
            <selection_number>1</selection_number>
            <selection_extension><points_per_item>%s</points_per_item></selection_extension>
          </selection>
        </selection_ordering>
`, lms.Ident("grp", e.Build, g), esc(g), points(e.Points))
			for _, m := range byGroup[g] {
				if err := item(&b, e, m, "        "); err != nil {
					return err
				}
			}
			fmt.Fprintf(&b, "      </section>\n")
		}
		return nil
	}, func() error {
		matching(&b, e, "      ")
		return nil
	})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "    </section>\n  </assessment>\n</questestinterop>\n")
	return b.String(), nil
}

// itemHead writes an item's start and Canvas's item metadata.
func itemHead(b *strings.Builder, in, ident, title, qtype string, pts int, answerIDs []string) {
	fmt.Fprintf(b, `%s<item ident="%s" title="%s">
%s  <itemmetadata>
%s    <qtimetadata>
%s      <qtimetadatafield><fieldlabel>question_type</fieldlabel><fieldentry>%s</fieldentry></qtimetadatafield>
%s      <qtimetadatafield><fieldlabel>points_possible</fieldlabel><fieldentry>%s</fieldentry></qtimetadatafield>
%s      <qtimetadatafield><fieldlabel>original_answer_ids</fieldlabel><fieldentry>%s</fieldentry></qtimetadatafield>
%s      <qtimetadatafield><fieldlabel>assessment_question_identifierref</fieldlabel><fieldentry>%s</fieldentry></qtimetadatafield>
%s    </qtimetadata>
%s  </itemmetadata>
`, in, ident, esc(title), in, in, in, qtype, in, points(pts), in, strings.Join(answerIDs, ","), in, lms.Ident("aq", ident), in, in)
}

// itemTail writes the general feedback (itemfeedback general_fb) and the
// item's end.
func itemTail(b *strings.Builder, in, feedback string) {
	fmt.Fprintf(b, `%s  <itemfeedback ident="general_fb">
%s    <flow_mat><material>%s</material></flow_mat>
%s  </itemfeedback>
%s</item>
`, in, in, html(feedback), in, in)
}

// outcomes declares SCORE, 0–100; Canvas scales it to points_possible.
// Canvas's exports also give minvalue and maxvalue, which its importer
// turns into extra clamping rules (and a warning); scores here never
// leave 0–100, so they are left out.
const outcomes = `<outcomes><decvar varname="SCORE" vartype="Decimal"/></outcomes>`

func item(b *strings.Builder, e *lms.Export, it quiz.Item, in string) error {
	q := &it.Question
	ident := lms.Ident("i", q.ID)
	switch it.Kind {
	case quiz.MultipleChoice:
		ids, err := lms.ChoiceIdents(q, it.Options)
		if err != nil {
			return err
		}
		itemHead(b, in, ident, q.ID, "multiple_choice_question", it.Points, ids)
		fmt.Fprintf(b, "%s  <presentation>\n%s    <material>%s</material>\n%s    <response_lid ident=\"response1\" rcardinality=\"Single\">\n%s      <render_choice>\n",
			in, in, html(q.Prompt), in, in)
		for j, o := range it.Options {
			fmt.Fprintf(b, "%s        <response_label ident=\"%s\"><material>%s</material></response_label>\n", in, ids[j], html(o))
		}
		fmt.Fprintf(b, `%s      </render_choice>
%s    </response_lid>
%s  </presentation>
%s  <resprocessing>
%s    %s
%s    <respcondition continue="No"><conditionvar><varequal respident="response1" case="Yes">%s</varequal></conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition>
%s  </resprocessing>
`, in, in, in, in, in, outcomes, in, ids[it.Correct], in)
	case quiz.ShortAnswer:
		a := strings.TrimSpace(q.Answer)
		itemHead(b, in, ident, q.ID, "short_answer_question", it.Points, []string{lms.ChoiceIdent(q, a)})
		fmt.Fprintf(b, `%s  <presentation>
%s    <material>%s</material>
%s    <response_str ident="response1" rcardinality="Single">
%s      <render_fib><response_label ident="answer1" rshuffle="No"/></render_fib>
%s    </response_str>
%s  </presentation>
%s  <resprocessing>
%s    %s
%s    <respcondition continue="No"><conditionvar><varequal respident="response1">%s</varequal></conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition>
%s  </resprocessing>
`, in, in, html(q.Prompt), in, in, in, in, in, in, outcomes, in, esc(a), in)
	default:
		return fmt.Errorf("question %s: unexpected item kind %s", q.ID, it.Kind)
	}
	itemTail(b, in, e.Feedback(q))
	return nil
}

// matching writes the matching section as one matching_question: a
// response_lid per statement, each offering every choice; each right pair
// adds its share of 100.
func matching(b *strings.Builder, e *lms.Export, in string) {
	s := e.Matching
	mq := &generator.Question{ID: e.MatchingID()}
	ident := lms.Ident("i", e.MatchingID())
	choices := make([]string, len(s.Choices))
	for i, c := range s.Choices {
		choices[i] = lms.ChoiceIdent(mq, c)
	}
	var stems []string
	for _, it := range s.Items {
		stems = append(stems, lms.Ident("response_", it.Question.ID))
	}
	itemHead(b, in, ident, e.MatchingID(), "matching_question", e.MatchingPoints(), stems)
	fmt.Fprintf(b, "%s  <presentation>\n%s    <material>%s</material>\n", in, in, html(e.MatchingPrompt()))
	for i, it := range s.Items {
		fmt.Fprintf(b, "%s    <response_lid ident=\"%s\">\n%s      <material>%s</material>\n%s      <render_choice>\n", in, stems[i], in, plain(it.Stem()), in)
		for j, c := range s.Choices {
			fmt.Fprintf(b, "%s        <response_label ident=\"%s\"><material>%s</material></response_label>\n", in, choices[j], plain(c))
		}
		fmt.Fprintf(b, "%s      </render_choice>\n%s    </response_lid>\n", in, in)
	}
	fmt.Fprintf(b, "%s  </presentation>\n%s  <resprocessing>\n%s    %s\n", in, in, in, outcomes)
	share := fmt.Sprintf("%.2f", 100/float64(len(s.Items)))
	for i, it := range s.Items {
		fmt.Fprintf(b, "%s    <respcondition><conditionvar><varequal respident=\"%s\" case=\"Yes\">%s</varequal></conditionvar><setvar varname=\"SCORE\" action=\"Add\">%s</setvar></respcondition>\n",
			in, stems[i], choices[it.Correct], share)
	}
	fmt.Fprintf(b, "%s  </resprocessing>\n", in)
	itemTail(b, in, e.MatchingFeedback())
}

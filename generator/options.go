package generator

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"
)

// Format names, as builds list them in their formats key.
const (
	FormatAnkiCSV      = "anki-csv"       // Anki text import, Basic note type
	FormatJSON         = "json"           // the question bank as JSON
	FormatAnkiClozeCSV = "anki-cloze-csv" // Anki text import, Cloze note type (with anki.cloze)
	FormatAnkiAPKG     = "anki-apkg"      // Anki package
	FormatQuizPDF      = "quiz-pdf"       // printable quiz, one PDF per version
	FormatKeyPDF       = "key-pdf"        // answer key, one PDF per version plus a grid
	FormatKeyCSV       = "key-csv"        // answer key as CSV
	FormatAnswerSheet  = "answer-sheet-pdf"

	// Learning-platform formats: the quiz's questions for import online.
	FormatCanvasQTI = "canvas-qti" // Canvas QTI 1.2 package (zip)
	FormatQTI21     = "qti21"      // IMS QTI 2.1 items, test and manifest (zip)
	FormatQTI22     = "qti22"      // IMS QTI 2.2, the same package in the 2.2 namespace
	FormatMoodleXML = "moodle-xml" // Moodle XML question bank
	FormatGIFT      = "gift"       // Moodle GIFT text
	FormatHTML      = "html"       // self-test web page, one file per build
	FormatCardsPDF  = "cards-pdf"  // double-sided printable flashcards
)

// DefaultEpoch is the timestamp stamped into outputs when neither the config
// nor SOURCE_DATE_EPOCH gives one: outputs never carry the clock.
const DefaultEpoch = 1704067200 // 2024-01-01T00:00:00Z

// MaxEpoch is the latest epoch accepted: 2100-01-01, well inside what zip
// (to 2107) and PDF dates (four-digit years) can record.
const MaxEpoch = 4102444800

// MinLineMMPerPt is the narrowest line, in mm per point of type size, the
// quiz layout keeps free of overlaps (about 35 characters): a right-aligned
// label such as "13 points" must fit beside the longest section title.
// pdfquiz's TestLayoutSweep checks the accepted range up to this limit.
const MinLineMMPerPt = 6.5

// PaperWidthMM returns the width of paper ("a4" or "letter") in mm, 0 if unknown.
func PaperWidthMM(paper string) float64 {
	switch paper {
	case "a4":
		return 210
	case "letter":
		return 215.9
	}
	return 0
}

// MaxPoints bounds a question's points, so a typo cannot print a total in
// the millions.
const MaxPoints = 100

// Options are a run's resolved settings: config file, environment and flags
// merged by the CLI, then checked by Validate.
type Options struct {
	// DecksDir is the folder of deck specs, one sub-folder per deck. Empty
	// means the decks embedded in the binary.
	DecksDir string `mapstructure:"decks_dir" json:"decks_dir"`
	// Out is the output root.
	Out string `mapstructure:"out" json:"out"`
	// Seed drives every shuffle and sample.
	Seed uint64 `mapstructure:"seed" json:"seed"`
	// Templates is a folder of *.tmpl files overriding built-in templates by name.
	Templates string `mapstructure:"templates" json:"templates"`
	// Epoch is the Unix time stamped into PDFs and packages.
	Epoch int64 `mapstructure:"epoch" json:"epoch"`
	// Anki switches the optional cards of the Anki formats.
	Anki AnkiOptions `mapstructure:"anki" json:"anki"`
	// Builds are the named outputs of one run.
	Builds []BuildOptions `mapstructure:"builds" json:"builds"`
}

// AnkiOptions are the writer switches of the Anki formats (package and
// CSV alike). Every fact is one note whatever they say.
type AnkiOptions struct {
	// MultipleChoice puts a question's lettered options on the front of
	// its card and the letter on the back.
	MultipleChoice bool `mapstructure:"multiple_choice" json:"multiple_choice"`
	// Cloze adds a cloze note per quotation (its own note type, so not a
	// sibling Anki can bury with the fact's cards) to the package.
	Cloze bool `mapstructure:"cloze" json:"cloze"`
	// Reversed gives a base fact the card of the other direction (which
	// base, given country and detail) when the build asks only its country.
	Reversed bool `mapstructure:"reversed" json:"reversed"`
}

// BuildOptions describe one named build: which questions, in which formats.
type BuildOptions struct {
	Name  string `mapstructure:"name" json:"name"`
	Title string `mapstructure:"title" json:"title,omitempty"`
	// Decks limits the build to these deck ids; empty means every deck.
	Decks []string `mapstructure:"decks" json:"decks,omitempty"`
	// Tags keeps questions with at least one of these tags.
	Tags []string `mapstructure:"tags" json:"tags,omitempty"`
	// Kinds keeps questions of these kinds.
	Kinds []string `mapstructure:"kinds" json:"kinds,omitempty"`
	// Questions lists question ids to use, in this order, instead of a sample.
	Questions []string `mapstructure:"questions" json:"questions,omitempty"`
	// Count samples this many questions (at most one per fact, balanced
	// across kinds); 0 keeps every question that passes the filters.
	Count   int         `mapstructure:"count" json:"count,omitempty"`
	Formats []string    `mapstructure:"formats" json:"formats"`
	Quiz    QuizOptions `mapstructure:"quiz" json:"quiz"`
}

// QuizOptions shape the printable quizzes of a build.
type QuizOptions struct {
	Versions    int     `mapstructure:"versions" json:"versions"`
	Course      string  `mapstructure:"course" json:"course,omitempty"`
	Date        string  `mapstructure:"date" json:"date,omitempty"`
	Paper       string  `mapstructure:"paper" json:"paper"` // a4 or letter
	MarginMM    float64 `mapstructure:"margin_mm" json:"margin_mm"`
	FontSize    float64 `mapstructure:"font_size" json:"font_size"`
	Points      int     `mapstructure:"points" json:"points"` // per multiple-choice question
	Font        string  `mapstructure:"font" json:"font,omitempty"`
	Roster      string  `mapstructure:"roster" json:"roster,omitempty"`
	Assign      string  `mapstructure:"assign" json:"assign,omitempty"` // round-robin or random
	ShortAnswer int     `mapstructure:"short_answer" json:"short_answer,omitempty"`
	Matching    int     `mapstructure:"matching" json:"matching,omitempty"`
	// LMSGroups groups the learning-platform exports' questions by passage
	// or section, for a platform to draw one of each ("" = no groups).
	LMSGroups string `mapstructure:"lms_groups" json:"lms_groups,omitempty"`
	// Combined also writes every student's copy into one print-ready PDF,
	// each copy starting on a right-hand page (for duplex printing).
	Combined bool `mapstructure:"combined" json:"combined,omitempty"`
}

// DefaultQuizOptions are the quiz settings a build starts from.
func DefaultQuizOptions() QuizOptions {
	return QuizOptions{Versions: 2, Paper: "a4", MarginMM: 18, FontSize: 11, Points: 1, Assign: "round-robin"}
}

// FillDefaults sets every zero quiz setting to its default, for callers
// that build options by hand. The CLI does not use it: it decodes the
// config into settings pre-filled with defaults, so an explicit 0 is kept
// (and validated) rather than replaced.
func (b *BuildOptions) FillDefaults() {
	d := DefaultQuizOptions()
	q := &b.Quiz
	if q.Versions == 0 {
		q.Versions = d.Versions
	}
	if q.Paper == "" {
		q.Paper = d.Paper
	}
	if q.MarginMM == 0 {
		q.MarginMM = d.MarginMM
	}
	if q.FontSize == 0 {
		q.FontSize = d.FontSize
	}
	if q.Points == 0 {
		q.Points = d.Points
	}
	if q.Assign == "" {
		q.Assign = d.Assign
	}
}

// DefaultOptions are the settings of a run with no config: the embedded
// decks, built into ./out in every format quizdeck writes.
func DefaultOptions() Options {
	return Options{Out: "out", Seed: 1, Epoch: DefaultEpoch}
}

// DefaultBuilds are the builds of a run whose config names none: the whole
// bank in every deck format, and a 20-question quiz in two versions.
func DefaultBuilds() []BuildOptions {
	builds := []BuildOptions{{Name: "deck", Formats: DeckFormats(), Quiz: DefaultQuizOptions()}}
	if q := QuizFormats(); len(q) > 0 {
		builds = append(builds, BuildOptions{Name: "quiz", Title: "Quiz", Count: 20, Formats: q, Quiz: DefaultQuizOptions()})
	}
	return builds
}

// DeckFormats are the formats that write every selected question as a card.
func DeckFormats() []string {
	return []string{FormatAnkiCSV, FormatJSON, FormatAnkiAPKG, FormatHTML, FormatCardsPDF}
}

// ExtraFormats are formats a build may list that no default build writes.
func ExtraFormats() []string { return []string{FormatAnkiClozeCSV} }

// QuizFormats are the formats of a printable quiz.
func QuizFormats() []string {
	return []string{FormatQuizPDF, FormatKeyPDF, FormatKeyCSV, FormatAnswerSheet}
}

// LMSFormats are the learning-platform formats.
func LMSFormats() []string {
	return []string{FormatCanvasQTI, FormatQTI21, FormatQTI22, FormatMoodleXML, FormatGIFT}
}

// KnownFormats lists every format name a build may ask for.
func KnownFormats() []string {
	return slices.Concat(DeckFormats(), ExtraFormats(), QuizFormats(), LMSFormats())
}

// Time returns Epoch as a UTC time.
func (o *Options) Time() time.Time { return time.Unix(o.Epoch, 0).UTC() }

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// ValidName reports whether s may name a deck or build: it becomes a path
// element, so it is lower-case ASCII letters, digits, '.', '_' and '-'.
func ValidName(s string) bool { return nameRE.MatchString(s) && s != "." && s != ".." }

// FieldError is a problem with one config key, named by its path ("builds.0.count").
type FieldError struct {
	Key string
	Err error
}

func (e *FieldError) Error() string { return e.Key + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// Validate checks the options and returns every problem joined, each a *FieldError.
func (o *Options) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, &FieldError{Key: key, Err: fmt.Errorf(format, args...)})
	}
	if o.Out == "" {
		bad("out", "must not be empty")
	}
	if o.Epoch < 0 || o.Epoch > MaxEpoch {
		bad("epoch", "must be between 0 and %d (2100-01-01), not %d", MaxEpoch, o.Epoch)
	}
	seen := map[string]bool{}
	known := KnownFormats()
	for i, b := range o.Builds {
		k := fmt.Sprintf("builds.%d", i)
		switch {
		case b.Name == "":
			bad(k+".name", "is required")
		case !ValidName(b.Name):
			bad(k+".name", "%q is not a valid build name (lower-case letters, digits, '.', '_', '-')", b.Name)
		case seen[b.Name]:
			bad(k+".name", "build %q is defined twice", b.Name)
		}
		seen[b.Name] = true
		if b.Count < 0 {
			bad(k+".count", "must not be negative")
		}
		if b.Count > 0 && len(b.Questions) > 0 {
			bad(k+".count", "cannot be combined with questions")
		}
		if len(b.Formats) == 0 {
			bad(k+".formats", "lists no format (known: %v)", known)
		}
		for j, f := range b.Formats {
			if !slices.Contains(known, f) {
				bad(fmt.Sprintf("%s.formats.%d", k, j), "unknown format %q (known: %v)", f, known)
			}
		}
		for j, kind := range b.Kinds {
			if !slices.Contains(Kinds(), Kind(kind)) {
				bad(fmt.Sprintf("%s.kinds.%d", k, j), "unknown question kind %q (known: %v)", kind, Kinds())
			}
		}
		for j, d := range b.Decks {
			if !ValidName(d) {
				bad(fmt.Sprintf("%s.decks.%d", k, j), "%q is not a valid deck id", d)
			}
		}
		q := b.Quiz
		if q.Versions < 1 || q.Versions > 26 {
			bad(k+".quiz.versions", "must be between 1 and 26, not %d", q.Versions)
		}
		if q.Paper != "a4" && q.Paper != "letter" {
			bad(k+".quiz.paper", "must be a4 or letter, not %q", q.Paper)
		}
		if q.MarginMM < 5 || q.MarginMM > 50 {
			bad(k+".quiz.margin_mm", "must be between 5 and 50, not %g", q.MarginMM)
		}
		if q.FontSize < 6 || q.FontSize > 24 {
			bad(k+".quiz.font_size", "must be between 6 and 24, not %g", q.FontSize)
		}
		if w := PaperWidthMM(q.Paper); w > 0 && q.MarginMM >= 5 && q.MarginMM <= 50 && q.FontSize >= 6 && q.FontSize <= 24 {
			if line := w - 2*q.MarginMM; line < MinLineMMPerPt*q.FontSize {
				bad(k+".quiz.font_size", "%g pt with %g mm margins leaves %.0f mm per line; at most %.1f pt fits (or narrow the margins to %.1f mm)",
					q.FontSize, q.MarginMM, line, line/MinLineMMPerPt, (w-MinLineMMPerPt*q.FontSize)/2)
			}
		}
		if q.Points < 0 || q.Points > MaxPoints {
			bad(k+".quiz.points", "must be between 0 and %d, not %d", MaxPoints, q.Points)
		}
		if q.ShortAnswer < 0 {
			bad(k+".quiz.short_answer", "must not be negative")
		}
		if q.Matching < 0 || q.Matching == 1 {
			bad(k+".quiz.matching", "must be 0 or at least 2, not %d", q.Matching)
		}
		if q.LMSGroups != "" && q.LMSGroups != "passage" && q.LMSGroups != "section" {
			bad(k+".quiz.lms_groups", "must be passage, section or empty, not %q", q.LMSGroups)
		}
		if q.Combined && q.Roster == "" {
			bad(k+".quiz.combined", "needs quiz.roster: it combines the students' copies")
		}
		if q.Assign != "round-robin" && q.Assign != "random" {
			bad(k+".quiz.assign", "must be round-robin or random, not %q", q.Assign)
		}
	}
	return errors.Join(errs...)
}

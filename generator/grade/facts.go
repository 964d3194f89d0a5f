package grade

import (
	"bufio"
	"io"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
)

// FlaggedFact is one line of flagged-facts.txt (see WriteFlaggedFacts).
type FlaggedFact struct {
	Question string // the question id, <deck>/<fact>/<kind>
	Text     string // the flag and its figures
	Line     int    // line in the file
}

// ReadFlaggedFacts reads a flagged-facts.txt, so `quizdeck check` can show
// the flags at the facts' current places in the specs. A line that is not
// "…: question ID: text" is a *generator.PosError; all are joined.
func ReadFlaggedFacts(r io.Reader, file string) ([]FlaggedFact, error) {
	sc := bufio.NewScanner(r)
	var (
		out  []FlaggedFact
		errs []error
	)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		_, rest, ok := strings.Cut(line, ": question ")
		id, text, ok2 := strings.Cut(rest, ": ")
		if !ok || !ok2 || strings.Count(id, "/") != 2 || strings.ContainsAny(id, " \t") {
			errs = append(errs, generator.Errorf(generator.Pos{File: file, Line: n}, "not a flagged-fact line (want file:line:col: question ID: flag)"))
			continue
		}
		out = append(out, FlaggedFact{Question: id, Text: text, Line: n})
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, generator.Errorf(generator.Pos{File: file}, "%v", err))
	}
	return out, generator.JoinErrors(errs)
}

package main

import (
	"bytes"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grade"
	"github.com/quizdeck/quizdeck/generator/inputfile"
)

// flaggedWarnings reads a flagged-facts.txt that `quizdeck grade` wrote and
// returns each flag as a warning at its fact's current place in ds, so the
// lines stay right after the specs are edited.
func flaggedWarnings(path string, ds []*generator.Deck) ([]error, error) {
	data, err := inputfile.Read(path, inputfile.MaxSource)
	if err != nil {
		return nil, err
	}
	flags, err := grade.ReadFlaggedFacts(bytes.NewReader(data), path)
	if err != nil {
		return nil, err
	}
	var out []error
	for _, fl := range flags {
		parts := strings.SplitN(fl.Question, "/", 3)
		pos := generator.Pos{File: path, Line: fl.Line}
		found := false
		if d := (&generator.Bank{Decks: ds}).Deck(parts[0]); d != nil && len(parts) > 1 {
			if fact := d.Fact(parts[1]); fact != nil {
				pos, found = fact.Pos, true
			}
		}
		if !found {
			out = append(out, generator.Errorf(pos, "graded question %s is no longer in the specs: %s", fl.Question, fl.Text))
			continue
		}
		out = append(out, generator.Errorf(pos, "graded question %s: %s", fl.Question, fl.Text))
	}
	return out, nil
}

package render

import "github.com/quizdeck/quizdeck/generator"

// CardBackViaTemplate renders a card back with html/template whatever the
// overrides, for tests comparing it with the compiled built-in.
func (s *Set) CardBackViaTemplate(q *generator.Question, d *generator.Deck) (string, error) {
	return s.cardBackTemplate(q, d)
}

// CompiledCardBack reports whether CardBack takes the compiled path.
func (s *Set) CompiledCardBack() bool { return s.builtinHTML() }

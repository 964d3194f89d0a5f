package generator

import (
	"cmp"
	"errors"
	"slices"
	"strings"
)

// JoinErrors sorts errs by position (file, line, column), drops repeats (an
// aliased node reports its problem once) and joins them.
func JoinErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	errs = slices.Clone(errs)
	slices.SortStableFunc(errs, func(a, b error) int {
		pa, pb := posOf(a), posOf(b)
		return cmp.Or(strings.Compare(pa.File, pb.File), cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col))
	})
	errs = slices.CompactFunc(errs, func(a, b error) bool { return a.Error() == b.Error() })
	return errors.Join(errs...)
}

func posOf(err error) Pos {
	var pe *PosError
	if errors.As(err, &pe) {
		return pe.Pos
	}
	return Pos{}
}

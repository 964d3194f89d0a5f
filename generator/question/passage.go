package question

import (
	"context"
	"strings"

	"github.com/quizdeck/quizdeck/generator"
)

// shingle is how many consecutive words two excerpts must share to count
// as one passage: enough that a stock phrase ("the United States and the
// Soviet Union") does not join two passages, few enough that two excerpts
// of one sentence always meet.
const shingle = 8

// Passages names the passage group of each of d's facts, in fact order.
// Facts whose excerpts overlap (share a run of eight words, or are the same
// short excerpt) or that give the same passage: key form one group, named by the
// first passage: key among them or else by their first fact's id. A quiz
// takes at most one question per group: two questions on one sentence
// answer each other.
func Passages(d *generator.Deck) []string {
	n := len(d.Facts)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		if rb < ra {
			ra, rb = rb, ra
		}
		parent[rb] = ra
	}
	// Hashing the excerpts is most of the work and each fact's is its own:
	// in parallel, into per-fact slots, then joined in fact order.
	keysOf := make([][]uint64, n)
	generator.ForChunks(context.Background(), n, 1024, func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			keysOf[i] = excerptKeys(d.Facts[i].Source.Excerpt)
		}
		return nil
	})
	seen := make(map[uint64]int, n)
	for i, f := range d.Facts {
		keys := keysOf[i]
		if f.Passage != "" {
			keys = append(keys, generator.PhraseHash([]string{"passage\x00" + f.Passage})) // no normalised word holds a NUL
		}
		for _, k := range keys {
			if j, ok := seen[k]; ok {
				union(i, j)
			} else {
				seen[k] = i
			}
		}
	}
	name := make(map[int]string, n)
	for i, f := range d.Facts { // the first passage: key of a group names it
		if r := find(i); f.Passage != "" && name[r] == "" {
			name[r] = f.Passage
		}
	}
	for i := range d.Facts { // else its first fact
		if r := find(i); name[r] == "" {
			name[r] = d.Facts[r].ID
		}
	}
	out := make([]string, n)
	for i := range d.Facts {
		out[i] = name[find(i)]
	}
	return out
}

// excerptKeys are the hashes (generator.PhraseHash) of the runs of
// shingle words of an excerpt, normalised; an excerpt shorter than that is
// one key. Hashes, not the runs themselves: a 100,000-fact deck has
// millions of runs, and two runs of 64-bit hash in common join their
// passages wrongly about once in four million such decks.
func excerptKeys(excerpt string) []uint64 {
	words := strings.Fields(generator.Normalize(excerpt))
	if len(words) == 0 {
		return nil
	}
	if len(words) <= shingle {
		return []uint64{generator.PhraseHash(words)}
	}
	keys := make([]uint64, 0, len(words)-shingle+1)
	for i := 0; i+shingle <= len(words); i++ {
		keys = append(keys, generator.PhraseHash(words[i:i+shingle]))
	}
	return keys
}

package generator

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Format writes one output format of a build.
type Format interface {
	// Name is the format's name in a build's formats list.
	Name() string
	// Write stages the format's files for job in out.
	Write(ctx context.Context, job *Job, out *Output) error
}

// Bank is every loaded deck and every question generated from them.
type Bank struct {
	Decks     []*Deck
	Questions []Question
}

// Deck returns the deck with the given id, or nil.
func (b *Bank) Deck(id string) *Deck {
	for _, d := range b.Decks {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// Fact returns the fact with the given id, or nil.
func (d *Deck) Fact(id string) *Fact {
	for _, f := range d.Facts {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// Job is one build's input to a format: its options and selected questions.
type Job struct {
	Build     BuildOptions
	Decks     []*Deck    // the decks the build draws from, in bank order
	Questions []Question // the selected questions, in bank order unless the build lists ids
	Seed      uint64
	Epoch     time.Time
	Anki      AnkiOptions // the Anki formats' switches
	// Log receives progress lines for long runs (the CLI's stderr); never nil.
	Log io.Writer
}

// Checker is implemented by formats that can tell, without writing
// anything, whether Write would fail on a job's inputs (a roster, a font,
// counts the questions cannot meet). Build runs every Check before it
// creates the output folder, and `quizdeck check` runs them too, so check
// reports what build would reject.
type Checker interface {
	Check(ctx context.Context, job *Job) error
}

// Plan selects every build's questions and runs the formats' checks. It
// returns one job per build of opts, or every problem joined: a problem
// with a build's settings is a *FieldError keyed by its config path
// ("builds.0.questions.2"), a problem in an input file a *PosError.
func Plan(ctx context.Context, bank *Bank, opts Options, formats []Format, log io.Writer) ([]*Job, error) {
	return plan(ctx, bank, opts, nil, formats, log)
}

// plan is Plan for the builds named in only (all if empty); keys keep each
// build's index in opts.
func plan(ctx context.Context, bank *Bank, opts Options, only []string, formats []Format, log io.Writer) ([]*Job, error) {
	if log == nil {
		log = io.Discard
	}
	byName := map[string]Format{}
	for _, f := range formats {
		byName[f.Name()] = f
	}
	var jobs []*Job
	var errs []error
	for i, b := range opts.Builds {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(only) > 0 && !slices.Contains(only, b.Name) {
			continue
		}
		key := fmt.Sprintf("builds.%d", i)
		job, berrs := planBuild(bank, opts, b, key, log)
		errs = append(errs, berrs...)
		if job == nil {
			continue
		}
		jobs = append(jobs, job)
		for j, name := range b.Formats {
			f, ok := byName[name]
			if !ok {
				errs = append(errs, &FieldError{Key: fmt.Sprintf("%s.formats.%d", key, j), Err: fmt.Errorf("build %s: format %q is not available", b.Name, name)})
				continue
			}
			c, ok := f.(Checker)
			if !ok {
				continue
			}
			if err := c.Check(ctx, job); err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				for _, e := range unjoinErr(err) {
					errs = append(errs, underKey(key, b.Name, e))
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, JoinErrors(dedupe(errs))
	}
	return jobs, nil
}

// underKey places a format's problem under the build's config key: a
// *FieldError's key is relative to the build, a *PosError keeps its place.
func underKey(key, build string, err error) error {
	var pe *PosError
	if errors.As(err, &pe) {
		return err
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return &FieldError{Key: key + "." + fe.Key, Err: fmt.Errorf("build %s: %w", build, fe.Err)}
	}
	return &FieldError{Key: key, Err: fmt.Errorf("build %s: %w", build, err)}
}

// dedupe drops repeated problems: two formats of a build share a roster
// and report its problems once each.
func dedupe(errs []error) []error {
	seen := map[string]bool{}
	out := errs[:0]
	for _, e := range errs {
		if !seen[e.Error()] {
			seen[e.Error()] = true
			out = append(out, e)
		}
	}
	return out
}

func unjoinErr(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// planBuild checks build b's filters against the bank, each problem at its
// key, and selects its questions.
func planBuild(bank *Bank, opts Options, b BuildOptions, key string, log io.Writer) (*Job, []error) {
	var errs []error
	bad := func(k string, format string, args ...any) {
		errs = append(errs, &FieldError{Key: k, Err: fmt.Errorf("build %s: %w", b.Name, fmt.Errorf(format, args...))})
	}
	var ids []string
	for _, d := range bank.Decks {
		ids = append(ids, d.ID)
	}
	for j, id := range b.Decks {
		if bank.Deck(id) == nil {
			bad(fmt.Sprintf("%s.decks.%d", key, j), "no deck %q (known: %s)", id, strings.Join(ids, ", "))
		}
	}
	if len(b.Questions) > 0 {
		known := make(map[string]bool, len(bank.Questions))
		for _, q := range bank.Questions {
			known[q.ID] = true
		}
		seen := map[string]bool{}
		for j, id := range b.Questions {
			switch {
			case !known[id]:
				bad(fmt.Sprintf("%s.questions.%d", key, j), "no question %q (quizdeck list shows the decks; ids are <deck>/<fact>/<kind>)", id)
			case seen[id]:
				bad(fmt.Sprintf("%s.questions.%d", key, j), "question %q is listed twice", id)
			}
			seen[id] = true
		}
	}
	for j, tag := range b.Tags {
		found := false
		for _, q := range bank.Questions {
			if (len(b.Decks) == 0 || slices.Contains(b.Decks, q.Deck)) && slices.Contains(q.Tags, tag) {
				found = true
				break
			}
		}
		if !found {
			bad(fmt.Sprintf("%s.tags.%d", key, j), "tag %q matches no question of the build's decks", tag)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	qs, err := Select(bank, b, opts.Seed)
	if err != nil {
		k := key
		if b.Count > 0 {
			k += ".count"
		}
		return nil, []error{&FieldError{Key: k, Err: fmt.Errorf("build %s: %w", b.Name, err)}}
	}
	job := &Job{Build: b, Questions: qs, Seed: opts.Seed, Epoch: opts.Time(), Anki: opts.Anki, Log: log}
	for _, d := range bank.Decks {
		if len(b.Decks) == 0 || slices.Contains(b.Decks, d.ID) {
			job.Decks = append(job.Decks, d)
		}
	}
	return job, nil
}

// Build runs every build of opts over bank with the given formats and
// commits the outputs only if all of them succeed. Plan's checks run
// first, so inputs a format would reject fail the run before the output
// folder is touched. extraInputs (for example a digest of template
// overrides) goes into the manifest's input hash. Progress lines go to log
// (io.Discard if nil).
func Build(ctx context.Context, bank *Bank, opts Options, formats []Format, extraInputs string, log io.Writer) (*Manifest, error) {
	return BuildOnly(ctx, bank, opts, nil, formats, extraInputs, log)
}

// BuildOnly is Build for the builds of opts named in only (every build if
// only is empty). The output folder still changes at once: the files and
// quizzes the previous run wrote for the other builds of opts are kept.
func BuildOnly(ctx context.Context, bank *Bank, opts Options, only []string, formats []Format, extraInputs string, log io.Writer) (*Manifest, error) {
	if log == nil {
		log = io.Discard
	}
	var others []string
	if len(only) > 0 {
		for _, name := range only {
			if !slices.ContainsFunc(opts.Builds, func(b BuildOptions) bool { return b.Name == name }) {
				return nil, fmt.Errorf("no build %q", name)
			}
		}
		for _, b := range opts.Builds {
			if !slices.Contains(only, b.Name) {
				others = append(others, b.Name)
			}
		}
	}
	byName := map[string]Format{}
	for _, f := range formats {
		byName[f.Name()] = f
	}
	jobs, err := plan(ctx, bank, opts, only, formats, log)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out, err := NewOutput(opts.Out)
	if err != nil {
		return nil, err
	}
	defer out.Abort() // a no-op after a successful commit
	out.Keep(others...)
	m := Manifest{Tool: "quizdeck", Version: Version, Seed: opts.Seed, Epoch: opts.Epoch,
		Inputs: inputsDigest(bank, opts, extraInputs)}
	for _, job := range jobs {
		if err := runJob(ctx, job, byName, out); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("build %s: %w", job.Build.Name, err)
		}
		m.Builds = append(m.Builds, job.Build.Name)
	}
	done, err := out.CommitContext(ctx, m)
	if f := out.Foreign(); err == nil && len(f) > 0 {
		// Never deleted, but worth a word: an upgrade from a version that
		// left stale files behind shows them here.
		shown := f[:min(len(f), 10)]
		more := ""
		if len(f) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(f)-len(shown))
		}
		fmt.Fprintf(log, "kept %d file(s) in %s that quizdeck did not write (not in its manifest): %s%s\n",
			len(f), opts.Out, strings.Join(shown, ", "), more)
	}
	return done, err
}

func runJob(ctx context.Context, job *Job, byName map[string]Format, out *Output) error {
	for _, name := range job.Build.Formats {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := byName[name].Write(ctx, job, out); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func inputsDigest(bank *Bank, opts Options, extra string) string {
	h := sha256.New()
	fmt.Fprintf(h, "quizdeck %s\n", Version)
	for _, d := range bank.Decks {
		fmt.Fprintf(h, "deck %s %s\n", d.ID, d.Digest)
	}
	opts.Out = "" // where outputs go does not change them
	if b, err := json.Marshal(opts); err == nil {
		h.Write(b)
	}
	fmt.Fprintf(h, "\nextra %s\n", extra)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// Select returns the questions of build b: those passing its deck, kind and
// tag filters; or the ids it lists, in that order; or, with a count, a
// sample drawn with seed that takes at most one question per fact (so no
// question gives away another's answer) and balances kinds and tags.
func Select(bank *Bank, b BuildOptions, seed uint64) ([]Question, error) {
	for _, id := range b.Decks {
		if bank.Deck(id) == nil {
			return nil, fmt.Errorf("no deck %q", id)
		}
	}
	if len(b.Questions) > 0 {
		byID := make(map[string]int, len(bank.Questions))
		for i, q := range bank.Questions {
			byID[q.ID] = i
		}
		out := make([]Question, 0, len(b.Questions))
		seen := map[string]bool{}
		for _, id := range b.Questions {
			i, ok := byID[id]
			if !ok {
				return nil, fmt.Errorf("no question %q", id)
			}
			if seen[id] {
				return nil, fmt.Errorf("question %q is listed twice", id)
			}
			seen[id] = true
			out = append(out, bank.Questions[i])
		}
		return out, nil
	}
	pool := bank.Questions // shared, never modified
	if len(b.Decks) > 0 || len(b.Kinds) > 0 || len(b.Tags) > 0 || slices.ContainsFunc(pool, func(q Question) bool { return Precise(q.Kind) }) {
		pool = nil
		for _, q := range bank.Questions {
			if keep(q, b) {
				pool = append(pool, q)
			}
		}
	}
	if len(pool) == 0 {
		return nil, fmt.Errorf("no question passes the filters (decks %v, kinds %v, tags %v)", b.Decks, b.Kinds, b.Tags)
	}
	if b.Count == 0 {
		return pool, nil
	}
	return sample(pool, b, seed)
}

func keep(q Question, b BuildOptions) bool {
	if len(b.Decks) > 0 && !slices.Contains(b.Decks, q.Deck) {
		return false
	}
	if len(b.Kinds) > 0 && !slices.Contains(b.Kinds, string(q.Kind)) {
		return false
	}
	if len(b.Kinds) == 0 && Precise(q.Kind) {
		return false // month and date questions only where a build asks for them
	}
	if len(b.Tags) > 0 && !slices.ContainsFunc(q.Tags, func(t string) bool { return slices.Contains(b.Tags, t) }) {
		return false
	}
	return true
}

// sample picks b.Count questions from pool so that no question helps with
// another: at most one question per fact and per passage (Question.Passage,
// facts read from one passage), and none whose prompt holds another picked
// question's answer. Sections and kinds are represented in proportion to
// what the pool holds: each pick goes to the (section, kind) stratum
// furthest below its share (Sainte-Laguë), not to every kind in turn.
// Within a stratum it takes the question whose tags have been used least,
// ties broken by a seeded hash of the question id, so adding a question to
// the bank moves few others out of a sample.
func sample(pool []Question, b BuildOptions, seed uint64) ([]Question, error) {
	type cand struct {
		idx  int
		rank uint64
	}
	type stratum struct {
		key   string
		cands []cand
		size  int // questions in the pool: the stratum's weight
		taken int
	}
	var strata []*stratum
	byKey := map[string]*stratum{}
	groups := map[string]bool{}
	for i, q := range pool {
		k := q.Section + "\x00" + string(q.Kind)
		st := byKey[k]
		if st == nil {
			st = &stratum{key: k}
			byKey[k] = st
			strata = append(strata, st)
		}
		st.cands = append(st.cands, cand{i, Hash64(seed, b.Name, q.ID)})
		st.size++
		groups[passageKey(&q)] = true
	}
	if len(groups) < b.Count {
		return nil, fmt.Errorf("asks for %d questions but its filters allow only %d (one per fact and passage)", b.Count, len(groups))
	}
	slices.SortFunc(strata, func(x, y *stratum) int { return cmp.Compare(x.key, y.key) })
	for _, st := range strata {
		slices.SortFunc(st.cands, func(x, y cand) int { return cmp.Or(cmp.Compare(x.rank, y.rank), cmp.Compare(x.idx, y.idx)) })
	}
	used := map[string]bool{} // facts and passages
	tagUse := map[string]int{}
	var picked []int
	// What the picked questions give away: their answers, and every run of
	// up to phraseWords words of their prompts, normalised and hashed. A
	// candidate helps (or is helped by) a picked question when a run of its
	// prompt is the picked answer, or its answer is a run of the picked
	// prompt. Each candidate is checked against each picked question once,
	// however often it is looked at, so a 500-question sample stays fast.
	// Answers longer than phraseWords are compared word by word.
	type text struct {
		answer, prompt string
		answerHash     uint64
		long           bool            // the answer is longer than phraseWords
		runs           map[uint64]bool // hashes of the prompt's runs
		checked        int             // picked questions this one was checked against
	}
	texts := map[int]*text{}
	textOf := func(idx int) *text {
		if t := texts[idx]; t != nil {
			return t
		}
		q := &pool[idx]
		t := &text{answer: Normalize(q.Answer), prompt: Normalize(q.Prompt)}
		t.long = strings.Count(t.answer, " ") >= phraseWords
		t.answerHash = PhraseHash(strings.Fields(t.answer))
		t.runs = runHashes(t.prompt)
		texts[idx] = t
		return t
	}
	var chosen []*text               // the picked questions' texts, in picking order
	gives := func(a, b *text) bool { // a's answer stands in b's prompt
		switch {
		case a.answer == "":
			return false
		case a.long:
			return ContainsPhrase(b.prompt, a.answer)
		}
		return b.runs[a.answerHash]
	}
	helps := func(idx int) bool {
		t := textOf(idx)
		for ; t.checked < len(chosen); t.checked++ {
			if p := chosen[t.checked]; gives(p, t) || gives(t, p) {
				return true
			}
		}
		return false
	}
	record := func(idx int) { chosen = append(chosen, textOf(idx)) }
	const window = 64 // candidates looked at per pick: keeps sampling linear
	for len(picked) < b.Count {
		// The stratum with the highest Sainte-Laguë quotient among those
		// that still have a question to give.
		var best *stratum
		bestQ := -1.0
		for _, st := range strata {
			if len(st.cands) == 0 {
				continue
			}
			if q := float64(st.size) / float64(2*st.taken+1); q > bestQ {
				best, bestQ = st, q
			}
		}
		if best == nil {
			break
		}
		pick, pickScore, looked := -1, 0, 0
		for j := 0; j < len(best.cands) && looked < window; j++ {
			q := &pool[best.cands[j].idx]
			if used[q.Deck+"/"+q.Fact] || used[passageKey(q)] || helps(best.cands[j].idx) {
				best.cands = slices.Delete(best.cands, j, j+1) // never usable again
				j--
				continue
			}
			looked++
			score := 0
			for _, t := range q.Tags {
				score += tagUse[t]
			}
			if pick < 0 || score < pickScore {
				pick, pickScore = j, score
			}
		}
		if pick < 0 {
			continue // the stratum is empty now
		}
		idx := best.cands[pick].idx
		q := &pool[idx]
		picked = append(picked, idx)
		best.cands = slices.Delete(best.cands, pick, pick+1)
		best.taken++
		used[q.Deck+"/"+q.Fact], used[passageKey(q)] = true, true
		record(idx)
		for _, t := range q.Tags {
			tagUse[t]++
		}
	}
	if len(picked) < b.Count {
		return nil, fmt.Errorf("asks for %d questions but only %d can be drawn without two from one passage or one prompt holding another's answer", b.Count, len(picked))
	}
	slices.Sort(picked)
	out := make([]Question, len(picked))
	for i, idx := range picked {
		out[i] = pool[idx]
	}
	return out, nil
}

// phraseWords bounds the runs of prompt words the sampler indexes: answers
// (names, years, places) are shorter; longer ones are checked one by one.
const phraseWords = 6

// runHashes are the PhraseHash of every run of 1 to phraseWords
// consecutive words of the normalised text.
func runHashes(text string) map[uint64]bool {
	words := strings.Fields(text)
	out := make(map[uint64]bool, len(words)*phraseWords)
	for i := range words {
		for j := i + 1; j <= len(words) && j-i <= phraseWords; j++ {
			out[PhraseHash(words[i:j])] = true
		}
	}
	return out
}

// PhraseHash is the FNV-1a hash of words joined by single spaces: phrases
// are compared by it where there are too many to keep as strings.
func PhraseHash(words []string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for i, w := range words {
		if i > 0 {
			h = (h ^ ' ') * prime
		}
		for k := 0; k < len(w); k++ {
			h = (h ^ uint64(w[k])) * prime
		}
	}
	return h
}

// passageKey is the group a question belongs to for sampling: its passage,
// or its fact when it has none.
func passageKey(q *Question) string {
	if q.Passage == "" {
		return q.Deck + "/" + q.Fact
	}
	return q.Deck + "//" + q.Passage
}

// GiveAway reports whether one of two questions helps with the other: both
// about one fact or passage, or either prompt holding the other's answer.
// A sample never holds such a pair; check reports them in listed builds.
func GiveAway(a, b *Question) bool {
	if a.Deck == b.Deck && (a.Fact == b.Fact || passageKey(a) == passageKey(b)) {
		return true
	}
	return ContainsPhrase(Normalize(a.Prompt), Normalize(b.Answer)) || ContainsPhrase(Normalize(b.Prompt), Normalize(a.Answer))
}

// Hash64 is a stable 64-bit hash of a seed and strings (FNV-1a, then the
// SplitMix64 finaliser), for seeded ranks and shuffles that depend neither
// on map order nor on other questions. It is not for security.
func Hash64(seed uint64, parts ...string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037) ^ Mix64(seed)
	for i, p := range parts {
		if i > 0 {
			h = (h ^ 0xff) * prime // separator: ("ab","c") differs from ("a","bc")
		}
		for j := 0; j < len(p); j++ {
			h = (h ^ uint64(p[j])) * prime
		}
	}
	return Mix64(h)
}

// Mix64 is the SplitMix64 finaliser: it spreads every input bit over the output.
func Mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Package synthdeck writes synthetic decks of any size in the ordinary spec
// format, with realistic names, years, bases and non-ASCII text, for
// benchmarks and whole-process timings. The same size and seed give the
// same files.
package synthdeck

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// FactsPerFile keeps each spec file well under the loader's size limit.
const FactsPerFile = 4000

// Write writes a deck of n facts (40% quotes, 40% events, 20% bases) with
// id deckID into dir/deckID and returns the files written. With today's
// question kinds each fact gives 1.6 questions: a quote who-said and
// which-year, an event which-year, a base which-base and base-country, so
// 100,000 facts give 160,000 questions (quizdeck list counts them). Every
// name prints in the Go fonts.
func Write(dir, deckID string, n int, seed uint64) ([]string, error) {
	root := filepath.Join(dir, deckID)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	head := fmt.Sprintf(`id: %s
title: "Synthetic deck of %d facts: Eurasian politics, 1900–2020"
source:
  title: "A synthetic source"
  author: "quizdeck synthdeck"
pools:
  countries: [Kyrgyzstan, Tajikistan, Belarus, Moldova, Azerbaijan]
`, deckID, n)
	files := []string{filepath.Join(root, "deck.yaml")}
	if err := os.WriteFile(files[0], []byte(head), 0o644); err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	for start := 0; start < n; start += FactsPerFile {
		name := filepath.Join(root, fmt.Sprintf("facts-%04d.yaml", start/FactsPerFile))
		if err := writePart(name, r, start, min(n, start+FactsPerFile)); err != nil {
			return nil, err
		}
		files = append(files, name)
	}
	return files, nil
}

func writePart(name string, r *rand.Rand, from, to int) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	var quotes, events, bases []int
	for i := from; i < to; i++ {
		switch i % 5 {
		case 0, 1:
			quotes = append(quotes, i)
		case 2, 3:
			events = append(events, i)
		default:
			bases = append(bases, i)
		}
	}
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	if len(quotes) > 0 {
		fmt.Fprintln(w, "quotes:")
	}
	for _, i := range quotes {
		speaker := pick(firstNames) + " " + pick(surnames)
		if r.IntN(4) == 0 {
			speaker += "-" + pick(surnames)
		}
		said := fmt.Sprintf("%s %s %s (thesis %d)", pick(subjects), pick(verbs), pick(objects), i)
		year := 1900 + r.IntN(121)
		fmt.Fprintf(w, "  - id: q%d\n    speaker: %q\n    role: %q\n    year: %d\n    said: %q\n    form: %s\n    tags: [%s, %s]\n    source:\n      footnote: %d\n      excerpt: %q\n",
			i, speaker, pick(roles), year, said, pick([]string{"direct", "paraphrase"}), pick(tags), pick(tags),
			1+r.IntN(120), fmt.Sprintf("In %d %s declared that %s.", year, speaker, said))
	}
	if len(events) > 0 {
		fmt.Fprintln(w, "events:")
	}
	for _, i := range events {
		year := 1900 + r.IntN(121)
		event := fmt.Sprintf("%s %s in %s (file K%s)", pick(actors), pick(actions), pick(places), strconv.FormatInt(int64(i), 36))
		fmt.Fprintf(w, "  - id: e%d\n    event: %q\n    year: %d\n    tags: [%s]\n    source:\n      footnote: %d\n      excerpt: %q\n",
			i, event, year, pick(tags), 1+r.IntN(120), fmt.Sprintf("In %d %s.", year, event))
	}
	if len(bases) > 0 {
		fmt.Fprintln(w, "bases:")
	}
	for _, i := range bases {
		base := fmt.Sprintf("%s-%d", pick(places), i)
		country := pick(countries)
		// The site code keeps details distinct without repeating the number
		// in the base's name, which would give the which-base answer away
		// (and the question would be left out).
		detail := fmt.Sprintf("a %s leased until %d with %s (site S%s)", pick(facilities), 2020+r.IntN(50), pick(stationed), strconv.FormatInt(int64(i), 36))
		fmt.Fprintf(w, "  - id: b%d\n    base: %q\n    country: %q\n    detail: %q\n    tags: [%s]\n    source:\n      excerpt: %q\n",
			i, base, country, detail, pick(tags), fmt.Sprintf("Russia keeps %s, %s, in %s.", base, detail, country))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

var (
	firstNames = []string{"Vladimir", "Dmitry", "Sergei", "Nursultan", "Ilham", "Łukasz", "Zoë", "Grzegorz", "Jürgen", "Émile", "Aliaksandr", "Serzh", "Mikheil", "Kassym-Jomart", "Søren", "Iwona", "Jeffrey", "Fiona"}
	surnames   = []string{"Lavrov", "Karaganov", "Nazarbayev", "Aliyev", "Wiśniewska", "Müller", "Lukashenka", "Sargsyan", "Saakashvili", "Dugin", "Tokayev", "Kørner", "Mankoff", "Hill", "Trenin", "Ćosić", "Brzeziński", "Şahin"}
	roles      = []string{"President", "Foreign Minister", "Defense Minister", "analyst", "scholar", "Prime Minister", "ambassador", "general"}
	subjects   = []string{"Russia", "the Customs Union", "the CSTO", "Moscow", "the Eurasian Union", "the West", "the CIS"}
	verbs      = []string{"must defend", "cannot abandon", "will integrate", "has privileged interests in", "rejects", "must lead"}
	objects    = []string{"the post-Soviet space", "its “near abroad”", "the Caucasus — and beyond", "Central Asia", "Ukraine’s sovereignty", "the Eurasian economy"}
	actors     = []string{"Russia", "Kazakhstan", "Belarus", "Armenia", "Ukraine", "Georgia", "Uzbekistan", "the EU", "China"}
	actions    = []string{"signed a treaty", "joined the Customs Union", "left the CSTO", "held elections", "opened a pipeline", "recognised two regions"}
	places     = []string{"Gyumri", "Navoi", "Kant", "Dushanbe", "Sevastopol", "Tiraspol", "Gudauta", "Baikonur", "Qabala", "Khujand"}
	countries  = []string{"Armenia", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Ukraine", "Moldova", "Georgia", "Kazakhstan", "Azerbaijan", "Belarus"}
	facilities = []string{"air base", "naval base", "radar station", "airfield", "garrison", "test range"}
	stationed  = []string{"MiG-29 fighters", "Iskander-M missiles", "3,000 troops", "S-300 air defences", "a motor-rifle division"}
	tags       = []string{"caucasus", "central-asia", "csto", "eu", "china", "ukraine", "georgia", "energy"}
)

// Synth writes a synthetic deck of realistic facts in the ordinary spec
// format, for benchmarks and whole-process timings:
//
//	go run ./generator/internal/synth -facts 100000 -out /tmp/synth
//	quizdeck build --decks /tmp/synth
package main

import (
	"flag"
	"fmt"
	"log"

	"github.com/quizdeck/quizdeck/generator/internal/synthdeck"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("synth: ")
	facts := flag.Int("facts", 1000, "number of facts")
	out := flag.String("out", "synth-decks", "folder to write the deck folder into")
	id := flag.String("id", "synth", "deck id (and folder name)")
	seed := flag.Uint64("seed", 1, "seed")
	flag.Parse()
	if *facts < 1 || flag.NArg() > 0 {
		flag.Usage()
		log.Fatal("usage: synth [-facts N] [-out DIR] [-id ID] [-seed N]")
	}
	files, err := synthdeck.Write(*out, *id, *facts, *seed)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %d facts in %d files under %s\n", *facts, len(files), *out)
}

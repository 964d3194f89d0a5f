// Simclass writes a simulated class's responses to a built quiz, for trying
// `quizdeck grade` before a real class sits it.
//
// Usage:
//
//	go run ./examples/simclass -build out [-quiz NAME] [-students 120] [-seed 1] [-plant] > responses.csv
//
// The responses come from a known item-response model (see package
// generator/grade/simclass). With -plant, the first three questions of
// version A get a fault each: a miskey, a dead distractor and an ambiguous
// item; the planted faults are printed to standard error, so the grade
// report's flags can be checked against them.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grade"
	"github.com/quizdeck/quizdeck/generator/grade/simclass"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("simclass: ")
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("simclass", flag.ContinueOnError)
	build := fs.String("build", "out", "output folder of the build (holding manifest.json)")
	name := fs.String("quiz", "", "the build whose quiz the class sits, when the manifest holds several")
	students := fs.Int("students", 120, "class size (at most the roster, when the build printed per-student copies)")
	seed := fs.Uint64("seed", 1, "seed of the simulation")
	plant := fs.Bool("plant", true, "plant a miskey, a dead distractor and an ambiguous item")
	if err := fs.Parse(args); err != nil {
		return err
	}
	raw, err := os.ReadFile(filepath.Join(*build, generator.ManifestName))
	if err != nil {
		return err
	}
	var m generator.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	k, err := grade.FromManifest(&m, *name)
	if err != nil {
		return err
	}
	model := simclass.DefaultModel()
	model.Students, model.Seed = *students, *seed
	if *plant {
		// The first three multiple-choice items of version A.
		var mc []int
		for _, sl := range k.Versions[k.VersionLetters()[0]] {
			if k.Items[sl.Item].Section == grade.MultipleChoice && len(mc) < 3 {
				mc = append(mc, sl.Item)
			}
		}
		if len(mc) < 3 {
			return fmt.Errorf("the quiz has %d multiple-choice items, -plant needs 3", len(mc))
		}
		model.Miskey, model.Dead, model.Ambiguous = mc[0], mc[1], mc[2]
	}
	c, err := simclass.Simulate(k, model)
	if err != nil {
		return err
	}
	if *plant {
		fmt.Fprintf(stderr, "planted: miskey %s; dead distractor %q in %s; ambiguous %s (rival %q)\n",
			k.Items[model.Miskey].ID, c.DeadOption, k.Items[model.Dead].ID, k.Items[model.Ambiguous].ID, c.Rival)
	}
	return c.WriteCSV(stdout)
}

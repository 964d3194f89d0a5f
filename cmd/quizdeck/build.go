package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/inputfile"
)

func newBuildCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "build [NAME...]",
		Short: "Run every build in the config, or only those named",
		Long: `Build runs every build of the config (quizdeck.yaml, or --config FILE) and
writes its outputs under the output folder, with manifest.json at its root
listing every file written with its sha256.

The whole output folder is staged beside it and swapped in at once when
every build succeeded, so a failed, interrupted or killed build leaves the
previous folder as it was; files the build no longer writes are gone, files
quizdeck never wrote (not in the previous manifest) are kept. A folder of
other files is refused, and a second build into the same folder fails at
once. The same specs, config and seed give byte-identical files.

With no config, the builds are: "deck" (every question in every deck
format: Anki CSV, package, JSON, self-test page and flashcards) and
"quiz" (a 20-question sample in two versions, with keys and answer
sheets). The paths written are printed to standard output; warnings
(questions left out) go to standard error.

With NAME arguments only those builds run; the files the previous run wrote
for the config's other builds are kept as they were.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			cfg.withGitEpoch(cmd.Context())
			var names []string
			for _, b := range cfg.opts.Builds {
				names = append(names, b.Name)
			}
			for _, n := range args {
				if !slices.Contains(names, n) {
					return &usageError{fmt.Errorf("no build %q in the config (builds: %s)", n, strings.Join(names, ", "))}
				}
			}
			l, err := load(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			l.printWarnings(a.stderr)
			m, err := generator.BuildOnly(cmd.Context(), l.bank, cfg.opts, args, formats(l.tmpl, cfg.loader), extraInputs(cfg.opts, l.tmpl.Digest()), a.stderr)
			if err != nil {
				return cfg.doc.locate(err)
			}
			for _, f := range m.Files {
				fmt.Fprintln(a.stdout, f.Path)
			}
			fmt.Fprintln(a.stdout, generator.ManifestName)
			return nil
		},
	}
	d := generator.DefaultOptions()
	cmd.Flags().String("out", d.Out, "output folder (config out)")
	cmd.Flags().Uint64("seed", d.Seed, "seed of every shuffle and sample (config seed)")
	cmd.Flags().Int64("epoch", d.Epoch, "Unix time stamped into outputs (config epoch, env SOURCE_DATE_EPOCH)")
	setsConfig(cmd.Flags(), "out", "out")
	setsConfig(cmd.Flags(), "seed", "seed")
	setsConfig(cmd.Flags(), "epoch", "epoch")
	return cmd
}

// extraInputs digests what a build reads besides the specs and options:
// the template overrides and each build's roster and font files, so the
// manifest's input hash changes whenever an output could.
func extraInputs(opts generator.Options, templates string) string {
	h := sha256.New()
	fmt.Fprintf(h, "templates %s\n", templates)
	fmt.Fprintf(h, "anki %+v\n", opts.Anki)
	for _, b := range opts.Builds {
		for _, path := range []string{b.Quiz.Roster, b.Quiz.Font} {
			if path == "" {
				continue
			}
			data, err := inputfile.Read(path, max(inputfile.MaxRoster, inputfile.MaxFont))
			if err != nil {
				fmt.Fprintf(h, "%s unreadable\n", path)
				continue // the build itself reports it
			}
			fmt.Fprintf(h, "%s %x\n", path, sha256.Sum256(data))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grounding"
	"github.com/quizdeck/quizdeck/generator/inputfile"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

func newCheckCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Validate deck specs and config, printing every problem",
		Long: `Check validates specs and config and prints every problem as
file:line:col: message, sorted; it exits 1 if there is any.

With no PATH it checks the config (if any) and the decks a build would read,
and everything build would reject: each build's question ids, decks, tags
and counts, quiz settings the questions cannot meet, rosters, fonts, and
card faces the templates leave empty. A PATH may be a deck folder, a folder
of deck folders, a spec file (its deck is checked), or a config file (named
quizdeck.yaml or quizdeck.yml).

With --source FILE each deck is also checked against the text it was
curated from: every excerpt must occur in it (whitespace, quote and dash
styles, footnote markers and light markup aside), each answer (speaker,
year, base, country, role) must stand in the excerpt, right next to it or
next to a grounded_by excerpt, and each footnote number must be the one
the text prints for the passage. Markers may be superscripts, [12], ^12,
(12) or <sup>12</sup>; a text without markers needs no footnotes.

Questions that cannot be made honestly (fewer than three plausible
distractors, or a prompt that gives its answer away) are reported as
warnings (also when there are errors), and item-writing flaws a program can see as
file:line:col: code: message (implausible or guessable options, prompts
that state an option or lean on unseen context, option-length cues,
template collisions, and quiz builds with two questions from one passage
or a prompt holding another's answer; see docs/item-quality.md). Neither
fails the check unless --strict is given.

With --flagged FILE (the flagged-facts.txt of 'quizdeck grade') each item
flag is printed as a warning at its fact's current place in the specs.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			cfg, err := loadConfig(cmd)
			if err != nil && len(args) == 0 {
				return err
			}
			var errs []error
			if err != nil {
				errs = append(errs, unjoin(err)...)
			}
			var ds []*generator.Deck
			if len(args) == 0 {
				loaded, err := loadDecks(ctx, cfg.opts, cfg.loader)
				if err != nil && len(loaded) == 0 {
					return err
				}
				ds = loaded
				if err != nil {
					errs = append(errs, unjoin(err)...)
				}
			}
			for _, p := range args {
				got, perrs := checkPath(cmd, p)
				ds = append(ds, got...)
				errs = append(errs, perrs...)
			}
			if source, _ := cmd.Flags().GetString("source"); source != "" {
				text, err := inputfile.Read(source, inputfile.MaxSource)
				if err != nil {
					return fmt.Errorf("read source: %w", err)
				}
				src := grounding.Parse(text)
				for _, d := range ds {
					errs = append(errs, src.Check(d)...)
				}
			}
			tmplDir, seed := "", generator.DefaultOptions().Seed
			if cfg != nil {
				tmplDir, seed = cfg.opts.Templates, cfg.opts.Seed
			}
			tmpl, err := render.New(tmplDir)
			if err != nil {
				return generator.JoinErrors(append(errs, err))
			}
			// Warnings come first and also when there are errors: a curator
			// fixing a deck sees every problem in one run.
			qs, warns, err := question.Generate(ds, seed, tmpl)
			for _, w := range warns {
				fmt.Fprintln(a.stderr, w)
			}
			if err != nil {
				errs = append(errs, err)
			}
			if len(errs) > 0 {
				return generator.JoinErrors(errs)
			}
			// What build would reject beyond the specs: card faces the
			// templates leave empty, and each build's selection, counts,
			// roster and font.
			bank := &generator.Bank{Decks: ds, Questions: qs}
			for i := range qs {
				if _, err := tmpl.CardBack(&qs[i], bank.Deck(qs[i].Deck)); err != nil {
					errs = append(errs, err)
				}
			}
			var jobs []*generator.Job // each build's selection, when the config's builds were planned
			if len(args) == 0 {
				var err error
				if jobs, err = generator.Plan(ctx, bank, cfg.opts, formats(tmpl, cfg.loader), io.Discard); err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					errs = append(errs, unjoin(cfg.doc.locate(err))...)
				}
			}
			if len(errs) > 0 {
				return generator.JoinErrors(errs)
			}
			nwarn := len(warns)
			if p, _ := cmd.Flags().GetString("flagged"); p != "" {
				fw, err := flaggedWarnings(p, ds)
				if err != nil {
					return err
				}
				for _, w := range fw {
					fmt.Fprintln(a.stderr, w)
				}
				nwarn += len(fw)
			}
			findings := question.Lint(ds, qs)
			if jobs == nil && cfg != nil { // paths named: the builds were not planned
				for _, b := range cfg.opts.Builds {
					if sel, err := generator.Select(bank, b, seed); err == nil {
						jobs = append(jobs, &generator.Job{Build: b, Questions: sel})
					}
				}
			}
			for _, j := range jobs {
				if j.Build.Count > 0 || len(j.Build.Questions) > 0 { // a quiz, not the whole bank
					findings = append(findings, question.LintQuiz(ds, j.Build.Name, j.Questions)...)
				}
			}
			for _, f := range findings {
				fmt.Fprintln(a.stderr, f)
			}
			facts := 0
			for _, d := range ds {
				facts += len(d.Facts)
			}
			fmt.Fprintf(a.stdout, "ok: %d deck(s), %d facts, %d questions, %d warning(s), %d item-writing finding(s)\n",
				len(ds), facts, len(qs), nwarn, len(findings))
			if strict, _ := cmd.Flags().GetBool("strict"); strict && nwarn+len(findings) > 0 {
				return fmt.Errorf("--strict: %d warning(s) and %d item-writing finding(s) (see docs/item-quality.md)", nwarn, len(findings))
			}
			return nil
		},
	}
	cmd.Flags().String("source", "", "check every deck against this source text")
	cmd.Flags().Bool("strict", false, "fail on any warning or item-writing finding (dropped questions, implausible options, give-aways)")
	cmd.Flags().String("flagged", "", "print the flags of a grade's flagged-facts.txt as warnings at their facts")
	return cmd
}

// checkPath loads what p names: a config file, a spec file, a deck folder
// or a folder of decks.
func checkPath(cmd *cobra.Command, p string) ([]*generator.Deck, []error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, []error{err}
	}
	if !st.IsDir() {
		base := filepath.Base(p)
		if strings.HasPrefix(base, "quizdeck.") {
			if err := cmd.Flags().Set("config", p); err != nil {
				return nil, []error{err}
			}
			if _, err := loadConfig(cmd); err != nil {
				return nil, unjoin(err)
			}
			return nil, nil
		}
		// A spec file is checked with the deck it belongs to: its folder.
		if !spec.IsSpecFile(base) {
			return nil, []error{fmt.Errorf("%s: not a spec file (.yaml) or config file (quizdeck.yaml)", p)}
		}
		p = filepath.Dir(p)
	}
	if files := deckFiles(p); len(files) > 0 {
		d, errs := spec.LoadFiles(os.DirFS(p), files, p, filepath.Base(filepath.Clean(p)))
		if d == nil {
			return nil, errs
		}
		return []*generator.Deck{d}, errs
	}
	ds, err := spec.Load(os.DirFS(p), p)
	if err != nil {
		return ds, unjoin(err)
	}
	return ds, nil
}

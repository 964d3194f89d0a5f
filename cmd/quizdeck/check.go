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
styles aside), each answer (speaker, year, base, country) must stand in
the excerpt or right next to it, and each footnote number must be the
one the text prints for the passage.

Questions that cannot be made honestly (fewer than three distractors, or a
prompt that gives its answer away) are reported as warnings; they do not
fail the check.`,
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
				fsys, prefix, err := deckSource(cfg.opts)
				if err != nil {
					return err
				}
				loaded, err := spec.LoadContext(ctx, fsys, prefix)
				if err != nil {
					return err
				}
				ds = loaded
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
			if len(errs) > 0 {
				return generator.JoinErrors(errs)
			}
			tmplDir, seed := "", generator.DefaultOptions().Seed
			if cfg != nil {
				tmplDir, seed = cfg.opts.Templates, cfg.opts.Seed
			}
			tmpl, err := render.New(tmplDir)
			if err != nil {
				return err
			}
			qs, warns, err := question.Generate(ds, seed, tmpl)
			if err != nil {
				return err
			}
			for _, w := range warns {
				fmt.Fprintln(a.stderr, w)
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
			if len(args) == 0 {
				if _, err := generator.Plan(ctx, bank, cfg.opts, formats(tmpl), io.Discard); err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					errs = append(errs, unjoin(cfg.doc.locate(err))...)
				}
			}
			if len(errs) > 0 {
				return generator.JoinErrors(errs)
			}
			facts := 0
			for _, d := range ds {
				facts += len(d.Facts)
			}
			fmt.Fprintf(a.stdout, "ok: %d deck(s), %d facts, %d questions, %d warning(s)\n", len(ds), facts, len(qs), len(warns))
			return nil
		},
	}
	cmd.Flags().String("source", "", "check every deck against this source text")
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
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, []error{err}
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && spec.IsSpecFile(e.Name()) {
			files = append(files, e.Name())
		}
	}
	if len(files) > 0 {
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

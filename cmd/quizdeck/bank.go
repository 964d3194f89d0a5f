package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/ankicsv"
	"github.com/quizdeck/quizdeck/generator/apkg"
	"github.com/quizdeck/quizdeck/generator/htmlquiz"
	"github.com/quizdeck/quizdeck/generator/jsonbank"
	"github.com/quizdeck/quizdeck/generator/lms/gift"
	"github.com/quizdeck/quizdeck/generator/lms/moodlexml"
	"github.com/quizdeck/quizdeck/generator/lms/qti12"
	"github.com/quizdeck/quizdeck/generator/lms/qti2"
	"github.com/quizdeck/quizdeck/generator/pdfquiz"
	"github.com/quizdeck/quizdeck/generator/pdfquiz/cards"
	"github.com/quizdeck/quizdeck/generator/question"
	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// deckSource picks the decks a run reads: decks_dir when set, else a decks/
// folder in the working directory, else the decks embedded in the binary.
func deckSource(opts generator.Options) (fs.FS, string, error) {
	if opts.DecksDir != "" {
		st, err := os.Stat(opts.DecksDir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, "", fmt.Errorf("decks folder %s does not exist (decks_dir, --decks or QUIZDECK_DECKS_DIR)", opts.DecksDir)
		case err != nil:
			return nil, "", fmt.Errorf("decks folder %s (decks_dir, --decks or QUIZDECK_DECKS_DIR): %w", opts.DecksDir, errors.Unwrap(err))
		}
		if !st.IsDir() {
			return nil, "", fmt.Errorf("decks folder %s (decks_dir, --decks or QUIZDECK_DECKS_DIR): not a folder", opts.DecksDir)
		}
		return os.DirFS(opts.DecksDir), opts.DecksDir, nil
	}
	if st, err := os.Stat("decks"); err == nil && st.IsDir() {
		return os.DirFS("decks"), "decks", nil
	}
	return decks.FS, "decks", nil
}

// loadDecks loads the decks a run reads (see deckSource). decks_dir may
// name a folder of deck folders or one deck folder itself; a decks_dir
// that does not exist is named in the error. Decks that load are returned
// with the problems of those that do not.
func loadDecks(ctx context.Context, opts generator.Options, loader spec.Loader) ([]*generator.Deck, error) {
	fsys, prefix, err := deckSource(opts)
	if err != nil {
		return nil, err
	}
	if opts.DecksDir != "" {
		if files := deckFiles(opts.DecksDir); len(files) > 0 {
			// One deck folder, named directly.
			d, errs := loader.LoadFiles(ctx, fsys, files, prefix, filepath.Base(filepath.Clean(opts.DecksDir)))
			if d == nil {
				return nil, generator.JoinErrors(errs)
			}
			return []*generator.Deck{d}, generator.JoinErrors(errs)
		}
	}
	return loader.Load(ctx, fsys, prefix)
}

// deckFiles lists the spec files directly in dir.
func deckFiles(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && spec.IsSpecFile(e.Name()) {
			files = append(files, e.Name())
		}
	}
	return files
}

// loaded is everything a run derives from its specs and templates.
type loaded struct {
	bank     *generator.Bank
	tmpl     *render.Set
	warnings []*question.Warning
}

// load reads the decks and templates of opts and generates the question bank.
func load(ctx context.Context, cfg *config) (*loaded, error) {
	opts := cfg.opts
	tmpl, err := render.New(opts.Templates)
	if err != nil {
		return nil, err
	}
	ds, err := loadDecks(ctx, opts, cfg.loader)
	if err != nil {
		return nil, err
	}
	qs, warns, err := question.Generate(ds, opts.Seed, tmpl)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &loaded{bank: &generator.Bank{Decks: ds, Questions: qs}, tmpl: tmpl, warnings: warns}, nil
}

func (l *loaded) printWarnings(w io.Writer) {
	for _, warn := range l.warnings {
		fmt.Fprintln(w, warn)
	}
}

// loadAll resolves the options of cmd, loads what they name and prints the
// warnings: what build, list and export all start with.
func (a *app) loadAll(cmd *cobra.Command) (*config, *loaded, error) {
	cfg, err := loadConfig(cmd)
	if err != nil {
		return nil, nil, err
	}
	l, err := load(cmd.Context(), cfg)
	if err != nil {
		return nil, nil, err
	}
	l.printWarnings(a.stderr)
	return cfg, l, nil
}

// formats are every output format this binary writes; the quiz formats
// keep their font subsets in the cache the loader has, if any.
func formats(tmpl *render.Set, loader spec.Loader) []generator.Format {
	quizzes := pdfquiz.New(tmpl)
	if loader.Cache != nil {
		quizzes = pdfquiz.NewCached(tmpl, loader.Cache, loader.Salt)
	}
	fs := append([]generator.Format{
		ankicsv.New(tmpl),
		ankicsv.NewCloze(tmpl),
		jsonbank.Format{},
		apkg.New(tmpl),
		htmlquiz.New(tmpl),
		cards.New(tmpl),
	}, quizzes...)
	fs = append(fs, qti12.New(tmpl), moodlexml.New(tmpl), gift.New(tmpl))
	return append(fs, qti2.New(tmpl)...)
}

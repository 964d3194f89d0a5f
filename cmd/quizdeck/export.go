package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/jsonbank"
)

func newExportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export --format json [--out FILE]",
		Short: "Write the whole generated question bank as JSON",
		Long: `Export writes every generated question of every deck (id, deck, fact, kind,
prompt, answer, distractors, attribution, source, tags, guid) as JSON, to
standard output or to --out FILE (written whole or not at all).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, _ := cmd.Flags().GetString("format")
			if format != "json" {
				return &usageError{fmt.Errorf("unknown export format %q (known: json)", format)}
			}
			cfg, l, err := a.loadAll(cmd)
			if err != nil {
				return err
			}
			path, _ := cmd.Flags().GetString("out")
			if path == "" || path == "-" {
				return jsonbank.Write(a.stdout, cfg.opts.Seed, l.bank.Questions)
			}
			return writeFileAtomic(path, func(w io.Writer) error {
				return jsonbank.Write(w, cfg.opts.Seed, l.bank.Questions)
			})
		},
	}
	cmd.Flags().String("format", "json", "output format (json)")
	cmd.Flags().String("out", "", "output file (default standard output)")
	cmd.Flags().Uint64("seed", generator.DefaultOptions().Seed, "seed of distractor choice (config seed)")
	setsConfig(cmd.Flags(), "seed", "seed")
	return cmd
}

// writeFileAtomic writes path through a temporary file in its folder, so a
// failure leaves any earlier file as it was. A symlink is followed (the
// file it points at is replaced, the link kept), and a device or FIFO
// (/dev/stdout, /dev/null) is written through, never replaced by a file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return fmt.Errorf("write %s: is a folder", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		err = write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".quizdeck-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

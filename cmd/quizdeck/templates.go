package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/quizdeck/quizdeck/generator/render"
	"github.com/quizdeck/quizdeck/templates"
)

func newTemplatesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "Work with the built-in templates",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "export DIR",
		Short: "Copy the built-in templates into DIR to edit them",
		Long: `Export copies every built-in template into DIR. Point the templates config
key (or --templates) at DIR to use your edited copies; a file there replaces
the built-in file of the same name, and a file matching none is an error.
Existing files in DIR are never overwritten.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			for _, name := range render.Names() {
				dst := filepath.Join(dir, name)
				if _, err := os.Stat(dst); err == nil {
					return fmt.Errorf("%s exists; not overwriting it", dst)
				} else if !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				b, err := fs.ReadFile(templates.FS, name)
				if err != nil {
					return err
				}
				if err := writeFileAtomic(dst, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, dst)
			}
			return nil
		},
	})
	return cmd
}

package main

import (
	"io/fs"

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
			files := map[string][]byte{}
			for _, name := range render.Names() {
				b, err := fs.ReadFile(templates.FS, name)
				if err != nil {
					return err
				}
				files[name] = b
			}
			return writeNewFiles(a.stdout, args[0], files, "not overwriting it")
		},
	})
	return cmd
}

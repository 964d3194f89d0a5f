package main

import (
	"encoding/json"

	"github.com/spf13/cobra"
)

func newConfigCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the resolved options as JSON",
		Long: `Config prints the options a build would use, after merging flags,
environment (QUIZDECK_*), the config file and defaults, in that order of
precedence, and filling each build's defaults.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			cfg.withGitEpoch(cmd.Context())
			enc := json.NewEncoder(a.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(cfg.opts)
		},
	}
	d := newBuildCmd(a).Flags()
	cmd.Flags().AddFlagSet(d)
	return cmd
}

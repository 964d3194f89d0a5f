package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quizdeck/quizdeck/generator"
)

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, module version and the commit it was built from",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(a.stdout, versionString())
			return nil
		},
	}
}

// versionString is the tool version recorded in manifests, then what the
// Go toolchain stamped into the binary: module version, VCS commit and
// time (with "modified" for a dirty tree) and the Go version.
func versionString() string {
	parts := []string{"quizdeck " + generator.Version}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return parts[0]
	}
	var detail []string
	if v := info.Main.Version; v != "" {
		detail = append(detail, "module "+v)
	}
	set := map[string]string{}
	for _, s := range info.Settings {
		set[s.Key] = s.Value
	}
	if rev := set["vcs.revision"]; rev != "" {
		c := "commit " + rev[:min(12, len(rev))]
		if t := set["vcs.time"]; t != "" {
			c += " " + t
		}
		if set["vcs.modified"] == "true" {
			c += ", modified"
		}
		detail = append(detail, c)
	}
	detail = append(detail, info.GoVersion)
	return parts[0] + " (" + strings.Join(detail, "; ") + ")"
}

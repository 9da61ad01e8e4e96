package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cli/agreement"
	"github.com/qdabridge/qdabridge/internal/cli/check"
	"github.com/qdabridge/qdabridge/internal/cli/convert"
	"github.com/qdabridge/qdabridge/internal/cli/diff"
	"github.com/qdabridge/qdabridge/internal/cli/excerpts"
	"github.com/qdabridge/qdabridge/internal/cli/inspect"
	"github.com/qdabridge/qdabridge/internal/cli/merge"
	"github.com/qdabridge/qdabridge/internal/cli/pseudonymise"
	"github.com/qdabridge/qdabridge/internal/cli/revise"
	"github.com/qdabridge/qdabridge/internal/cli/serve"
)

// version is set when a release is built (-ldflags "-X main.version=v1.2.3");
// otherwise it is the module version go install recorded, or "devel".
var version = ""

// root returns the qdabridge command with every subcommand.
func root() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "qdabridge",
		Short: "Carry qualitative-research projects between tools without losing a coding",
		Long: `qdabridge reads and writes REFI-QDA projects (.qdpx) and codebooks (.qdc),
project workbooks (.xlsx) and NVivo's spreadsheet exports; reads the
projects of RQDA, QualCoder and Taguette and the coded segments MAXQDA,
ATLAS.ti, Taguette and QualCoder export; converts a project for NVivo,
ATLAS.ti, MAXQDA or QualCoder, saying exactly what it converted and what,
if anything, was lost; and merges projects, pseudonymises one, takes in a
revised transcript and measures how far coders agree, keeping every coding
on its passage.`,
		Version: versionString(),
	}
	cmd.AddCommand(convert.Command(), inspect.Command(), excerpts.Command(), check.Command(), diff.Command(), revise.Command(), merge.Command(), pseudonymise.Command(), agreement.Command(), serve.Command(), versionCommand())
	return cmd
}

func versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version of qdabridge",
		Example: "  qdabridge version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), "qdabridge", versionString())
			return err
		},
	}
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

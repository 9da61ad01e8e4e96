// Package diff is the diff subcommand of qdabridge: what differs between
// two REFI-QDA projects (or codebooks), field by field.
package diff

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cli/toolinput"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/refi"
)

// The exit statuses of diff, as diff(1) and cmp(1) have them, so that a
// script can tell "they differ" from "they could not be compared".
const (
	exitSame      = 0
	exitDifferent = 1
	exitTrouble   = 2
)

type difference struct {
	Path string `json:"path"`
	A    string `json:"a"`
	B    string `json:"b"`
}

type report struct {
	A           string       `json:"a"`
	B           string       `json:"b"`
	Same        bool         `json:"same"`
	Differences []difference `json:"differences"`
}

// Command returns the diff subcommand.
func Command() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "diff A B [--json]",
		Short: "Say what differs between two projects",
		Long: `Compare two REFI-QDA files (.qdpx, .qde or .qdc), or such a file and the
RQDA, QualCoder or Taguette project it was converted from, and say what differs
between the projects they hold, field by field: names, descriptions,
colours, codes, cases, variables, sources, selections, codings, notes,
links, sets, graphs and users, and then any identifier that B gives to more
objects than A does and any reference that leads to another object in B
than in A. It compares meaning, not bytes: identifiers as written, colours
as colours (#F00 is #FF0000), times as instants; everything else must be
equal, lists in the same order. It does not compare the bytes of the
source files in the archives (qdabridge check does, for a round trip).

It prints one difference per line: where it is in the project
(Project.Codes[2].Name is the name of the second top-level code; lists
count from 1), then A's value and B's value (each in quotes, "" when
absent); or, when there is none, "no differences between A and B". With
--json it prints one JSON object: {"a": A, "b": B, "same": true or false,
"differences": [{"path", "a", "b"}, ...]}.

Exit status, as diff(1) and cmp(1) have it: 0 when the two projects are the
same, 1 when they differ, 2 when one could not be read (or the output could
not be written) or on a usage error.`,
		Example: `  qdabridge diff interviews.qdpx interviews-from-nvivo.qdpx
  qdabridge diff before.qdpx after.qdpx --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return cli.Usage("two files are needed, A and B (got %d)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			status := run(cmd, args[0], args[1], asJSON)
			if status == exitSame {
				return nil
			}
			return cli.Exit(status)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	return cmd
}

// run compares the files a and b and returns the exit status, having said
// on standard error why when it is 2.
func run(cmd *cobra.Command, a, b string, asJSON bool) int {
	fail := func(err error) int {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", cmd.CommandPath(), cmdutil.Printable(cli.Message(err)))
		return exitTrouble
	}
	docA, err := open(a)
	if err != nil {
		return fail(err)
	}
	defer docA.Close()
	docB, err := open(b)
	if err != nil {
		return fail(err)
	}
	defer docB.Close()

	rep := report{A: a, B: b, Differences: []difference{}}
	for _, d := range refi.Diff(docA.Project, docB.Project) {
		rep.Differences = append(rep.Differences, difference{Path: d.Path, A: d.A, B: d.B})
	}
	rep.Same = len(rep.Differences) == 0

	out := cli.NewOutput(cmd.OutOrStdout())
	p := cmdutil.Printable
	switch {
	case asJSON:
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	case rep.Same:
		fmt.Fprintf(out, "no differences between %s and %s\n", p(a), p(b))
	default:
		for _, d := range rep.Differences {
			fmt.Fprintln(out, p(refi.Difference{Path: d.Path, A: d.A, B: d.B}.String()))
		}
	}
	if err := out.Close(); err != nil {
		return fail(err)
	}
	if !rep.Same {
		return exitDifferent
	}
	return exitSame
}

// open reads the project at path: a REFI-QDA file, or the project of
// RQDA, QualCoder or Taguette.
func open(path string) (*refi.Document, error) { return toolinput.Open(path) }

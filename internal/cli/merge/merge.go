// Package merge is the merge subcommand of qdabridge: merge several
// projects into one, keeping every coder's codings.
package merge

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cli/toolinput"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/merge"
	"github.com/qdabridge/qdabridge/refi"
)

type options struct {
	out           string
	asJSON, force bool
}

// Command returns the merge subcommand.
func Command() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "merge A B ... -o OUT",
		Short: "Merge projects into one, keeping every coder's codings",
		Long: `Merge the projects A, B, ... (in that order) into one and write it to OUT
(.qdpx or .qde). Items are matched as NVivo matches duplicates on import:

  sources    the same name, kind and text; a text that differs a little
             (at least 50% similar) is the same source, and the later
             project's passages are moved onto the first one's text
  codes      the same name and place in the code tree
  cases      the same name; sets too
  users      the same name (and id, when both have one)
  variables  the same name and type (another type is kept apart)

Every coding is kept with its coder: two coders' codings of one passage stay
two codings, and the same passage, code and coder in two projects is one
coding, so a project merged with a copy of itself is the same project.
Sources with the same name and very different texts, and variables with
another type, are kept apart as "NAME (2)". When a case or source has two
values of one variable, the first project's is kept and the conflict is
reported. Positions are converted to the first project's convention.

It prints on standard error, for each project, what matched and what was
added; conflicts; the passages moved onto another text (touched ones, and
deleted ones, which are dropped); and the ledger. With --json it prints the
same as one JSON object on standard output. No input is ever written to;
an existing OUT is replaced only with --force.

Exit status: 0 when the project was written, 1 when it could not be, 2 on a
usage error.`,
		Example: `  qdabridge merge ana.qdpx ben.qdpx -o team.qdpx
  qdabridge merge site1.qdpx site2.qdpx site3.qdpx -o study.qdpx --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return cli.Usage("two projects or more are needed (got %d)", len(args))
			}
			if o.out == "" {
				return cli.Usage("-o OUT is needed: where the merged project is written")
			}
			_, err := cli.ProjectFormat(o.out)
			return err
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := run(cmd, args, o); err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", cmd.CommandPath(), cmdutil.Printable(cli.Message(err)))
				return cli.Exit(cli.ExitFailed)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.out, "output", "o", "", "the project to write: OUT.qdpx or OUT.qde")
	f.BoolVar(&o.asJSON, "json", false, "print the report as one JSON object on standard output")
	f.BoolVar(&o.force, "force", false, "replace OUT if it exists")
	return cmd
}

// report is what merge did, as --json prints it.
type report struct {
	Inputs    []inputReport    `json:"inputs"`
	Output    string           `json:"output"`
	Bytes     int64            `json:"bytes"`
	Positions string           `json:"positions"`
	Conflicts []merge.Conflict `json:"conflicts"`
	Remapped  []merge.Remapped `json:"remapped"`
	Ledger    *refi.Ledger     `json:"ledger"`
	Write     *refi.Ledger     `json:"writeLedger,omitempty"`
}

type inputReport struct {
	File      string `json:"file"`
	Positions string `json:"positions"`
	merge.Input
}

func run(cmd *cobra.Command, in []string, o options) error {
	var docs []*refi.Document
	defer func() {
		for _, d := range docs {
			d.Close()
		}
	}()
	for _, p := range in {
		d, err := toolinput.Open(p)
		if err != nil {
			return err
		}
		docs = append(docs, d)
	}
	res, err := merge.Projects(docs, merge.Options{})
	if err != nil {
		return err
	}
	rep := &report{Output: o.out, Positions: res.Positions.String(), Conflicts: res.Conflicts, Remapped: res.Remapped, Ledger: res.Ledger}
	for i, r := range res.Inputs {
		rep.Inputs = append(rep.Inputs, inputReport{File: in[i], Positions: r.Positions.String(), Input: r})
	}
	rep.Bytes, rep.Write, err = cli.WriteProject(o.out, o.force, in, res.Document)
	if err != nil {
		return err
	}
	if o.asJSON {
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printReport(cmd.ErrOrStderr(), rep)
	return nil
}

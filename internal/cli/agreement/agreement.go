// Package agreement is the agreement subcommand of qdabridge: how far the
// coders of a project agree, per code and source, as NVivo's Coding
// Comparison Query measures it, with Krippendorff's alpha per code.
package agreement

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/agreement"
	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cli/toolinput"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/refi"
)

type options struct {
	coders []string
	codes  []string
	asJSON bool
	out    string
	force  bool
}

// Command returns the agreement subcommand.
func Command() *cobra.Command {
	var opt options
	cmd := &cobra.Command{
		Use:   "agreement FILE [--coders A,B[,C...]] [--code PATH]... [--json] [-o FILE.xlsx]",
		Short: "Measure how far two or more coders agree, per code and source",
		Long: `Measure how far the coders of a project agree, character by character, as
NVivo's Coding Comparison Query does: for each code and each text source,
the percentage agreement (the characters both coders coded at the code or
neither did, out of all the characters of the source) and Cohen's kappa
between coders A and B; then, per code, the same two figures averaged over
the sources, each source weighing its number of characters, and
Krippendorff's alpha (nominal, one unit per character) between all the
coders compared. A coder's overlapping passages count once. Kappa is 1
when neither coder coded the source at the code, as in NVivo.

FILE is a .qdpx or .qde project, or the project of RQDA (.rqda), QualCoder
(a NAME.qda folder) or Taguette (.sqlite3). The coders are the users who
made the codings. --coders names them (by name or GUID): percentage
agreement and kappa compare the first two, alpha all of them; by default
kappa compares the two coders with the most codings and alpha every coder.
--code (repeatable) names a code by its path ("Parent > Child"), name or
GUID; by default every code with a coding is compared. Pictures and
recordings have no characters and are skipped, and said to be.

It prints a table, or with --json one JSON object; with -o FILE.xlsx it
also writes the tables to a workbook (sheets Sources, Codes and Skipped).

Exit status: 0 when the agreement was measured, 1 when the file could not
be read, has codings by fewer than two coders, or the output could not be
written, 2 on a usage error (an unknown coder or code among them).`,
		Example: `  qdabridge agreement interviews.qdpx
  qdabridge agreement interviews.qdpx --coders Ann,Ben --code "Trust > Institutions"
  qdabridge agreement interviews.qdpx --json
  qdabridge agreement interviews.qdpx -o agreement.xlsx`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cli.Usage("one project file is needed (got %d)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(cmd, args[0], opt)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&opt.coders, "coders", nil, "the coders `A,B[,C...]` compared, by name or GUID")
	f.StringArrayVar(&opt.codes, "code", nil, "a code `PATH` (or name or GUID) to compare (repeatable)")
	f.BoolVar(&opt.asJSON, "json", false, "print one JSON object")
	f.StringVarP(&opt.out, "out", "o", "", "also write the tables to `FILE`.xlsx")
	f.BoolVar(&opt.force, "force", false, "replace an existing output file")
	return cmd
}

func run(cmd *cobra.Command, in string, opt options) error {
	if len(opt.coders) == 1 {
		return cli.Usage("--coders needs at least two coders (got %q)", opt.coders[0])
	}
	if opt.out != "" && !strings.EqualFold(filepath.Ext(opt.out), ".xlsx") {
		return cli.Usage("the output must be a workbook (.xlsx), not %q", opt.out)
	}
	doc, err := toolinput.Open(in)
	if err != nil {
		return err
	}
	defer doc.Close()
	if doc.Format == refi.FormatQDC {
		return fmt.Errorf("%s is a codebook: it has no codings", in)
	}
	rep, err := agreement.Compare(doc, agreement.Options{Coders: opt.coders, Codes: opt.codes})
	if errors.Is(err, agreement.ErrNotFound) {
		return cli.Usage("%s", cli.Message(err))
	}
	if err != nil {
		return err
	}
	if opt.out != "" {
		// an interrupted run (Ctrl-C, kill) leaves no temporary file
		cl, err := cmdutil.StartCleanup(cmd.CommandPath(), cmd.ErrOrStderr())
		if err != nil {
			return err
		}
		defer cl.Close()
		err = cl.WriteOutput(opt.out, opt.force, []string{in}, func(w io.Writer) error { return writeWorkbook(w, rep, cl.TempDir()) })
		if err != nil {
			return err
		}
	}
	out := cli.NewOutput(cmd.OutOrStdout())
	if opt.asJSON {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		writeTable(out, rep)
	}
	return out.Close()
}

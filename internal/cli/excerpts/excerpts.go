// Package excerpts is the excerpts subcommand of qdabridge: every coded or
// annotated passage of a REFI-QDA project, one per line, as JSON lines or
// CSV, for analysis pipelines and archive indexes.
package excerpts

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cli/toolinput"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/refi"
)

type options struct {
	format   string
	unit     string
	separate bool
}

// Command returns the excerpts subcommand.
func Command() *cobra.Command {
	var opt options
	cmd := &cobra.Command{
		Use:   "excerpts [FILE] [--format jsonl|csv] [--unit codepoint|utf16|byte] [--separate]",
		Short: "Write every coded passage of a project, one per line",
		Long: `Write every coded or annotated passage of a .qdpx or .qde project, one per
line, for analysis pipelines and archive indexes: its source, its start and
end, its exact text, the full paths of its codes, the participants (cases)
it belongs to, the coder, the time it was coded and its memo, and for
pictures, PDF areas and recordings the page, corners or times. FILE may
also be the project of RQDA (.rqda), QualCoder (a NAME.qda folder) or
Taguette (.sqlite3). Without FILE it reads the embedded fictional sample.

With --format jsonl (the default) each line is a JSON object with the keys
kind, source, sourceGUID, selections, start, end, text, codes (code paths,
names joined with " > "), codeGUIDs, participants, coder, created and memo,
and page, firstX, firstY, secondX, secondY, beginMs and endMs for areas and
intervals. With --format csv the same fields are columns, after a header
row; a cell that would start with =, +, -, @, tab or CR is prefixed with '
so that no spreadsheet runs it as a formula.

start and end count in --unit: code points (the default, as the REFI-QDA
standard says), UTF-16 code units or UTF-8 bytes. A passage that NVivo
splits into one selection per code is one excerpt unless --separate is
given.

Exit status: 0 when the file was read, 1 when it could not be read (or the
output could not be written), 2 on a usage error. An excerpt whose text
cannot be given is still written, with an "error" field, and the number of
them is said on standard error.`,
		Example: `  qdabridge excerpts interviews.qdpx > excerpts.jsonl
  qdabridge excerpts interviews.qdpx --format csv > excerpts.csv
  qdabridge excerpts interviews.qdpx --unit utf16 --separate`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cli.Usage("one file at a time")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(cmd, args, opt)
		},
	}
	cmd.Flags().StringVar(&opt.format, "format", "jsonl", "output `FORMAT`: jsonl or csv")
	cmd.Flags().StringVar(&opt.unit, "unit", "codepoint", "count start and end in `UNIT`: codepoint, utf16 or byte")
	cmd.Flags().BoolVar(&opt.separate, "separate", false, "one excerpt per selection, even when selections share a passage")
	return cmd
}

func run(cmd *cobra.Command, args []string, opt options) error {
	if opt.format != "jsonl" && opt.format != "csv" {
		return cli.Usage("unknown format %q (want jsonl or csv)", opt.format)
	}
	u, err := refi.ParseUnit(opt.unit)
	if err != nil {
		return cli.Usage("%s", cli.Message(err))
	}
	var doc *refi.Document
	name := sample.FileName
	if len(args) == 0 {
		r := &refi.Reader{Name: name}
		doc, err = r.ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	} else {
		name = args[0]
		doc, err = toolinput.Open(name)
	}
	if err != nil {
		return err
	}
	defer doc.Close()
	if doc.Format == refi.FormatQDC {
		return fmt.Errorf("%s is a codebook: it has no excerpts", name)
	}

	out := cli.NewOutput(cmd.OutOrStdout())
	failed := write(out, doc, opt, u)
	if err := out.Close(); err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: the text of %d excerpts could not be given (see their \"error\")\n", cmd.CommandPath(), failed)
	}
	return nil
}

// write writes the excerpts of doc to out and returns how many had no
// text. It stops at the first failed write, which out keeps.
func write(out io.Writer, doc *refi.Document, opt options, u refi.Unit) (failed int) {
	var cw *csv.Writer
	if opt.format == "csv" {
		cw = csv.NewWriter(out)
		cw.Write(cmdutil.CSVHeader)
		defer cw.Flush()
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for e, eErr := range doc.Excerpts(refi.ExcerptOptions{Positions: refi.Positions{Unit: u}, Separate: opt.separate}) {
		l := cmdutil.ToLine(e, eErr)
		if eErr != nil {
			failed++
		}
		if cw != nil {
			err := cw.Write(l.Record())
			if err != nil {
				return failed
			}
			continue
		}
		if err := enc.Encode(l); err != nil {
			return failed
		}
	}
	return failed
}

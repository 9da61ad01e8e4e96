// Package inspect is the inspect subcommand of qdabridge: a summary of a
// REFI-QDA file (.qdpx, .qde or .qdc) and the warnings met reading it.
package inspect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cli/toolinput"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/refi"
)

type jsonWarning struct {
	Code    refi.WarningCode `json:"code"`
	Level   string           `json:"level"`
	Message string           `json:"message"`
	File    string           `json:"file,omitempty"`
	Path    string           `json:"path,omitempty"`
	GUID    refi.GUID        `json:"guid,omitempty"`
	Attr    string           `json:"attr,omitempty"`
	Line    int              `json:"line,omitempty"`
}

type report struct {
	File          string        `json:"file"`
	Kind          refi.Format   `json:"kind"`
	ProjectFile   string        `json:"projectFile,omitempty"`
	Name          string        `json:"name,omitempty"`
	Origin        string        `json:"origin"`
	PositionUnit  string        `json:"positionUnit"`
	PositionBasis string        `json:"positionBasis,omitempty"`
	Counts        refi.Counts   `json:"counts"`
	Warnings      []jsonWarning `json:"warnings"`
}

// Command returns the inspect subcommand.
func Command() *cobra.Command {
	var asJSON, strict, verbose bool
	cmd := &cobra.Command{
		Use:   "inspect [FILE] [--json] [--strict]",
		Short: "Summarise a .qdpx, .qde or .qdc file",
		Long: `Summarise a REFI-QDA file: a .qdpx project, a .qde project document or a
.qdc codebook. It prints the producing software, what the project's text
positions count, how many users, codes, cases, variables, sources,
selections, codings, notes, links, sets and graphs it holds, and every
warning met while reading. FILE may also be the project of RQDA (.rqda),
QualCoder (a NAME.qda folder) or Taguette (.sqlite3). Without FILE it
inspects the embedded sample.`,
		Example: `  qdabridge inspect interviews.qdpx
  qdabridge inspect interviews.qdpx --json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cli.Usage("one file at a time (%d given)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(args, options{asJSON, strict, verbose}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	cmd.Flags().BoolVar(&strict, "strict", false, "treat warnings as errors")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "say how the text positions were found, technically")
	return cmd
}

type options struct{ asJSON, strict, verbose bool }

func run(args []string, opt options, stdout io.Writer) error {
	r := &refi.Reader{Strict: opt.strict}
	var doc *refi.Document
	var err error
	name := ""
	if len(args) == 0 {
		name = sample.FileName
		r.Name = name
		doc, err = r.ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	} else {
		name = args[0]
		if toolinput.IsDatabase(name) {
			return runTool(name, opt, stdout) // the project of RQDA, QualCoder or Taguette
		}
		doc, err = r.Open(name)
	}
	if err != nil {
		return err
	}
	defer doc.Close()
	return show(report{File: name, Kind: doc.Format, ProjectFile: doc.File, Warnings: []jsonWarning{}}, doc, opt, stdout)
}

// runTool inspects the project of another tool: its kind is the tool's
// ("rqda database"), its warnings the reader's.
func runTool(name string, opt options, stdout io.Writer) error {
	res, err := toolinput.Read(name)
	if err != nil {
		return err
	}
	defer res.Doc.Close()
	rep := report{File: name, Kind: refi.Format(strings.ToLower(res.Tool) + " " + res.Input), Warnings: []jsonWarning{}}
	for _, l := range res.Converted {
		rep.Warnings = append(rep.Warnings, jsonWarning{Code: "converted", Level: "info", Message: l})
	}
	for _, l := range res.Lost {
		rep.Warnings = append(rep.Warnings, jsonWarning{Code: "lost", Level: "warning", Message: l})
	}
	if opt.strict && len(res.Lost) > 0 {
		return fmt.Errorf("%s: %s", name, res.Lost[0])
	}
	return show(rep, res.Doc, opt, stdout)
}

// show prints the report of doc, as text or JSON.
func show(rep report, doc *refi.Document, opt options, stdout io.Writer) error {
	if doc.Format != refi.FormatQDC {
		p := doc.Project
		rep.Name, rep.Origin = p.Name, p.Origin
		rep.PositionUnit = p.Positions.String()
		rep.PositionBasis = doc.Detection.Basis
		rep.Counts = p.Counts()
	} else {
		rep.Origin = doc.Project.Origin
		rep.Counts = doc.Project.Counts()
	}
	for _, w := range doc.Warnings {
		rep.Warnings = append(rep.Warnings, jsonWarning{Code: w.Code, Level: w.Code.Level().String(), Message: w.Message,
			File: w.File, Path: w.Path, GUID: w.GUID, Attr: w.Attr, Line: w.Line})
	}
	out := cli.NewOutput(stdout)
	if opt.asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		printText(out, rep, doc, opt.verbose)
	}
	return out.Close()
}

// printText prints the report for a person. Names and messages come from
// the file, which may be hostile: they are printed through
// cmdutil.Printable, so that they cannot act on the terminal.
func printText(w io.Writer, rep report, doc *refi.Document, verbose bool) {
	p := cmdutil.Printable
	fmt.Fprintf(w, "file:       %s (%s", p(rep.File), rep.Kind)
	if rep.Kind == refi.FormatQDPX {
		fmt.Fprintf(w, ", project file %s", p(rep.ProjectFile))
	}
	fmt.Fprintln(w, ")")
	if rep.Name != "" {
		fmt.Fprintf(w, "project:    %s\n", p(rep.Name))
	}
	fmt.Fprintf(w, "origin:     %s\n", p(orNone(rep.Origin)))
	if doc.Format != refi.FormatQDC {
		fmt.Fprintf(w, "positions:  %s\n", cli.PositionsInWords(doc.Detection))
		if verbose {
			fmt.Fprintf(w, "            %s\n", doc.Detection)
		}
	}
	c := rep.Counts
	if doc.Format != refi.FormatQDC {
		fmt.Fprintf(w, "counts:     users %d, codes %d, cases %d, variables %d, sources %d,\n            selections %d, codings %d, notes %d, links %d, sets %d, graphs %d\n",
			c.Users, c.Codes, c.Cases, c.Variables, c.Sources, c.Selections, c.Codings, c.Notes, c.Links, c.Sets, c.Graphs)
	} else {
		fmt.Fprintf(w, "counts:     codes %d, sets %d\n", c.Codes, c.Sets)
	}
	if len(doc.Warnings) == 0 {
		fmt.Fprintln(w, "warnings:   none")
		return
	}
	fmt.Fprintf(w, "warnings:   %d\n", len(doc.Warnings))
	for _, x := range doc.Warnings {
		fmt.Fprintf(w, "  %-7s %s\n", x.Code.Level(), p(x.String()))
	}
}

func orNone(s string) string {
	if s == "" {
		return "(not given)"
	}
	return s
}

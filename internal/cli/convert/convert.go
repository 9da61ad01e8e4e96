// Package convert is the convert subcommand of qdabridge: it carries a
// project from one tool to another in one step, and combines NVivo's
// spreadsheet exports into a project (what the nvivo2qdpx example did).
//
// The subcommand reads its inputs (a .qdpx, .qde, .qdc, a project workbook,
// or NVivo's exports, each recognised by its content), writes every output
// named with -o (its kind chosen by its extension) and --nvivo-codebook or
// --nvivo-classification (NVivo's own sheet layouts), and reports what it
// read, converted, repaired and lost. See [Command] for the flags.
package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/refi"
)

// options are the flags of one run.
type options struct {
	to         string
	sources    string
	tz         string
	outs       []string
	nvCodebook string
	nvClass    string
	force      bool
	strict     bool
	asJSON     bool
	noTexts    bool
	verbose    bool

	// for NVivo's exports only
	name          string
	passages      bool
	keepNA        bool
	plainVars     bool
	unassigned    []string
	notApplicable []string
}

// nvivoOnly returns the flags given that apply to NVivo's exports only.
func (o *options) nvivoOnly(cmd *cobra.Command) []string {
	var given []string
	for _, f := range []string{"tz", "name", "passages", "keep-not-applicable", "plain-variable-names", "unassigned", "not-applicable"} {
		if cmd.Flags().Changed(f) {
			given = append(given, "--"+f)
		}
	}
	return given
}

// Command returns the convert subcommand.
func Command() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "convert [INPUT...] -o OUT [-o OUT...] [flags]",
		Short: "Convert a project, codebook, workbook, or another tool's project or exports, for another tool",
		Long: `Convert a qualitative-research project for another tool, and say exactly
what was converted and what, if anything, was lost.

INPUT is a .qdpx project, a .qde project document, a .qdc codebook, a project
workbook (.xlsx) written by qdabridge, or one or more of NVivo's spreadsheet
exports (codebook, classification sheet, Coding Summary, list views, a code's
summary view, matrix, crosstab or framework results; .xlsx, .csv or .txt).
It may also be the project of a tool that cannot export REFI-QDA: an RQDA
project (.rqda), a QualCoder project folder (NAME.qda) or its data.qda, or a
Taguette project database (.sqlite3, from File > Export project); or the
coded segments another tool exported: MAXQDA's Coded Segments (.xlsx),
ATLAS.ti's Quotation Manager export (.csv, with its codebook export),
Taguette's highlights export (with its codebook export) or QualCoder's code
text report (.csv). Each input is recognised by its content, never by its
name. Give one project, or one tool's exports, not both. Databases are
opened read-only: nothing is ever written beside them.

Every output is named with -o (repeat it for several) and its extension says
what is written:
  .qdpx   a project for the tool named by --to: positions, text files,
          document variables and file names follow its conventions, and the
          project is written the way that tool's importer reads it
  .qde    the project document alone, without its files
  .qdc    the codebook (codes and sets of codes)
  .xlsx   a project workbook, to read and edit in a spreadsheet
  .jsonl  one coded excerpt per line, as JSON
  .csv    one coded excerpt per row
NVivo's own sheet layouts, which NVivo imports, are written with their own
flags: --nvivo-codebook FILE.xlsx (the codes in NVivo's codebook layout) and
--nvivo-classification FILE.xlsx (the cases and their attributes as a
classification sheet). Outputs are written in the order given, each
atomically; an existing file is replaced only with --force, and an input is
never written to.

The report of what was read, converted, repaired and lost goes to standard
error; --json prints it as one JSON object on standard output instead. Its
ledger counts every item of the input by kind and says where each ended:
kept, converted, repaired, moved, renamed, dropped (not in the output) or
invisible (in the output, but the target tool will not show it), listing
every item renamed, dropped or invisible with why. --strict refuses to write
an output that would lose anything.

Exports of coded segments (NVivo's, MAXQDA's, ATLAS.ti's, Taguette's,
QualCoder's) carry no text positions: give the transcripts (.txt or .docx,
named like the documents in the tool) with --sources, and the coded passages
are looked for in them; --passages gives a document without a transcript a
text made of its coded passages. NVivo writes dates without a time zone: --tz
names it. --sources also names the folder of the texts a .qde refers to.

Without INPUT it converts the embedded fictional sample project to
sample.qdpx and sample.xlsx in the current folder.

Exit status: 0 when every output was written, 1 when an input could not be
read or an output not written (with --strict, also when it would lose
anything), 2 on a usage error, 130 (143) when interrupted by SIGINT
(SIGTERM), which leaves no temporary file behind.`,
		Example: `  qdabridge convert
  qdabridge convert study.qdpx -o study-nvivo.qdpx --to nvivo
  qdabridge convert -o codes.qdc -o study.xlsx -o excerpts.jsonl study.qdpx
  qdabridge convert project.qde --sources texts/ -o study.qdpx --strict
  qdabridge convert codebook.xlsx classification.xlsx coding-summary.txt \
      --sources transcripts/ --tz Europe/London -o study.qdpx
  qdabridge convert study.rqda -o study.qdpx --to atlasti
  qdabridge convert "Coded Segments.xlsx" --sources transcripts/ -o study.qdpx
  qdabridge convert study.qdpx --nvivo-codebook codebook.xlsx --nvivo-classification cases.xlsx
  qdabridge convert study.qdpx -o out.qdpx --json > report.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(cmd, args, &o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.outs, "out", "o", nil, "output `FILE`: .qdpx, .qde, .qdc, .xlsx, .jsonl or .csv (repeatable)")
	f.StringVar(&o.to, "to", "spec", "target `TOOL` of a .qdpx or .qde: spec, nvivo, atlasti, maxqda, qualcoder, or keep (the project's own conventions)")
	f.StringVar(&o.nvCodebook, "nvivo-codebook", "", "also write the codes in NVivo's codebook layout to `FILE`.xlsx")
	f.StringVar(&o.nvClass, "nvivo-classification", "", "also write the cases as a classification sheet NVivo imports to `FILE`.xlsx")
	f.StringVar(&o.sources, "sources", "", "`DIR` of the source documents: transcripts of NVivo's exports, texts of a .qde")
	f.BoolVar(&o.force, "force", false, "replace existing output files")
	f.BoolVar(&o.strict, "strict", false, "refuse to write an output that would drop anything or leave it invisible in the target tool")
	f.BoolVar(&o.asJSON, "json", false, "print the report as JSON on standard output")
	f.BoolVar(&o.noTexts, "no-texts", false, "leave the texts of the sources out of a workbook (.xlsx); it then converts back to a project without texts")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "also say, technically, how the text positions were found")
	f.StringVar(&o.tz, "tz", "", "time `ZONE` of the dates in NVivo's and other tools' exports, which have none (e.g. Europe/London; default: kept without a zone)")
	f.StringVar(&o.name, "name", "", "project `NAME` of a project built from exports or read from another tool's database")
	f.BoolVar(&o.passages, "passages", false, "exports of coded segments: give a document without a transcript a text made of its coded passages")
	f.BoolVar(&o.keepNA, "keep-not-applicable", false, "NVivo's exports: keep Not Applicable values as text (default: left out, counted)")
	f.BoolVar(&o.plainVars, "plain-variable-names", false, "NVivo's exports: name variables by attribute only, not classification:attribute")
	f.StringArrayVar(&o.unassigned, "unassigned", nil, "NVivo's exports: another `LABEL` meaning Unassigned, e.g. a localised one (repeatable)")
	f.StringArrayVar(&o.notApplicable, "not-applicable", nil, "NVivo's exports: another `LABEL` meaning Not Applicable (repeatable)")
	return cmd
}

// outSpec is one output to write: its path and kind.
type outSpec struct {
	path string
	kind string // qdpx, qde, qdc, workbook, excerpts, nvivo-codebook, nvivo-classification
}

// outputKind tells the kind of output from the extension of path.
func outputKind(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".qdpx", ".qde", ".qdc":
		return ext[1:], nil
	case ".xlsx":
		return "workbook", nil
	case ".jsonl", ".csv":
		return "excerpts", nil
	}
	return "", cli.Usage("cannot tell what to write from %q: use .qdpx, .qde, .qdc, .xlsx, .jsonl or .csv (and --nvivo-codebook or --nvivo-classification for NVivo's sheets)", path)
}

// outputs returns the outputs the flags name, in the order they are
// written, or a usage error.
func (o *options) outputs() ([]outSpec, error) {
	var outs []outSpec
	for _, p := range o.outs {
		if p == "" {
			return nil, cli.Usage("-o needs a file name")
		}
		k, err := outputKind(p)
		if err != nil {
			return nil, err
		}
		outs = append(outs, outSpec{p, k})
	}
	for _, x := range []struct{ flag, path, kind string }{
		{"--nvivo-codebook", o.nvCodebook, "nvivo-codebook"},
		{"--nvivo-classification", o.nvClass, "nvivo-classification"},
	} {
		if x.path == "" {
			continue
		}
		if !strings.EqualFold(filepath.Ext(x.path), ".xlsx") {
			return nil, cli.Usage("%s writes an Excel workbook: name it .xlsx, not %q", x.flag, x.path)
		}
		if o.strict {
			return nil, cli.Usage("%s cannot be combined with --strict: NVivo's sheet holds only part of a project and has no ledger", x.flag)
		}
		outs = append(outs, outSpec{x.path, x.kind})
	}
	for i, a := range outs {
		for _, b := range outs[:i] {
			if filepath.Clean(a.path) == filepath.Clean(b.path) {
				return nil, cli.Usage("%s is named twice as an output", a.path)
			}
		}
	}
	return outs, nil
}

func run(cmd *cobra.Command, args []string, o *options) error {
	name := cmd.CommandPath()
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	loc, err := cmdutil.Location(o.tz)
	if err != nil {
		return cli.Usage("%v", err)
	}
	var prof *refi.Profile
	if o.to != "keep" {
		p, err := refi.LookupProfile(o.to)
		if err != nil {
			return cli.Usage("--to: %v (or keep)", cli.Message(err))
		}
		prof = p
	}
	outs, err := o.outputs()
	if err != nil {
		return err
	}
	embedded := len(args) == 0
	if embedded {
		switch {
		case len(outs) > 0:
			return cli.Usage("-o needs an input (without one, the embedded sample is converted to sample.qdpx and sample.xlsx)")
		case o.sources != "":
			return cli.Usage("--sources needs an input (without one, the embedded sample is converted)")
		case len(o.nvivoOnly(cmd)) > 0:
			return cli.Usage("%s applies to NVivo exports only (the embedded sample is a .qdpx)", o.nvivoOnly(cmd)[0])
		}
		outs = []outSpec{{"sample.qdpx", "qdpx"}, {"sample.xlsx", "workbook"}}
	} else if len(outs) == 0 {
		return cli.Usage("-o OUT is needed (its extension says what to write: .qdpx, .qde, .qdc, .xlsx, .jsonl or .csv)")
	}

	// Everything that can be checked without reading is checked first:
	// the inputs are files of a kind and size the readers take, and the
	// outputs can be written.
	var ins []*input
	for _, a := range args {
		in, err := checkInput(a)
		if err != nil {
			return err
		}
		ins = append(ins, in)
	}
	for _, out := range outs {
		if err := checkOutput(out.path, o.force, args); err != nil {
			return err
		}
	}

	// an interrupted run (Ctrl-C, kill) leaves no temporary file
	cl, err := cmdutil.StartCleanup(name, stderr)
	if err != nil {
		return err
	}
	defer cl.Close()
	// on a terminal, what is being done, once it takes over a second
	prog := cli.NewProgress(stderr)
	defer prog.Stop()

	rep := &report{Converted: []string{}, Repaired: []string{}, Lost: []string{}}
	if prof != nil {
		rep.Profile = prof.Name
	}
	var doc *refi.Document
	if embedded {
		doc, err = (&refi.Reader{Name: sample.FileName}).ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
		if err != nil {
			return err
		}
		rep.Inputs = append(rep.Inputs, describe(sample.FileName, doc))
	} else {
		what := args[0]
		if len(args) > 1 {
			what = fmt.Sprintf("%s and %d more files (and placing the coded passages)", args[0], len(args)-1)
		}
		prog.Step("reading %s", what)
		doc, err = readInputs(cmd, ins, o, loc, cl.TempDir(), rep)
		if err != nil {
			return err
		}
	}
	defer doc.Close()

	failed := false
	wo := writeOptions{force: o.force, strict: o.strict, noTexts: o.noTexts, inputs: args, cl: cl}
	for _, out := range outs {
		prog.Step("writing %s", out.path)
		n, ledger, warnings, err := write(out, doc, prof, wo, rep)
		if err != nil {
			prog.Stop() // the messages below go to the same terminal
		}
		if errors.Is(err, refi.ErrLost) {
			rep.Refused = append(rep.Refused, output{Path: out.path, Kind: out.kind, Ledger: ledger})
			fmt.Fprintf(stderr, "%s: %s not written (--strict): it would lose %s\n", name, cmdutil.Printable(out.path), ledger.LossSummary())
			failed = true
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", name, cmdutil.Printable(cli.Message(err)))
			failed = true
			continue
		}
		rep.Outputs = append(rep.Outputs, output{Path: out.path, Kind: out.kind, Bytes: n, Ledger: ledger, Warnings: warnings})
	}
	if len(rep.Outputs) == 1 {
		rep.Ledger = rep.Outputs[0].Ledger
	} else if len(rep.Outputs) == 0 && len(rep.Refused) == 1 {
		rep.Ledger = rep.Refused[0].Ledger
	}
	prog.Stop()
	if o.asJSON {
		w := cli.NewOutput(stdout)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(rep)
		if err := w.Close(); err != nil {
			return err
		}
	} else {
		printReport(stderr, rep, o.verbose)
	}
	if failed {
		return cli.Exit(cli.ExitFailed)
	}
	return nil
}

// checkOutput checks, before anything is read, that path can be written:
// its folder exists, it is not a folder, it is not an input, and it does
// not exist unless force is set.
func checkOutput(path string, force bool, inputs []string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("cannot write %s: the folder %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("cannot write %s: %s", path, sysMessage(err))
	case !st.IsDir():
		return fmt.Errorf("cannot write %s: %s is not a folder", path, dir)
	}
	st, err = os.Stat(path)
	if err != nil {
		return nil
	}
	if st.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder", path)
	}
	for _, in := range inputs {
		if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
			return fmt.Errorf("%s is also an input: it is never written to", path)
		}
	}
	if !force {
		return fmt.Errorf("%s: %w", path, cmdutil.ErrExists)
	}
	return nil
}

// writeError says in the user's terms why an output could not be written:
// an error of the temporary file beside it (which the user never named)
// becomes one of the output.
func writeError(path string, err error) error {
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe) && (pe.Path == path || isTemporary(path, pe.Path)):
		err = pe.Err
	case errors.As(err, &le) && (isTemporary(path, le.Old) || le.New == path):
		err = le.Err
	default:
		return err
	}
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cannot write %s: the folder %s does not exist", path, filepath.Dir(path))
	}
	return fmt.Errorf("cannot write %s: %s", path, sysMessage(err))
}

// isTemporary reports whether name is the temporary file of the output
// path (written beside it, then renamed into place).
func isTemporary(path, name string) bool {
	return filepath.Dir(name) == filepath.Dir(path) && strings.HasPrefix(filepath.Base(name), "."+filepath.Base(path)+".tmp-")
}

// sysMessage is the operating system's reason in err, without the
// operation and file names Go puts before it.
func sysMessage(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return cli.Message(err)
}

// userTerms rewrites what the library's messages say in a programmer's
// terms (its fields) in the terms of this command (its flags).
var userTerms = strings.NewReplacer(
	"(set KeepNotApplicable to keep them as text)", "(--keep-not-applicable keeps them as text)",
	"(give the documents, or set PassageSources)", "(give the transcripts with --sources, or use --passages)",
	"(Builder.Location; --tz in the commands)", "(--tz)",
	"(give the folder of the sources: Reader.External, or Document.WithSources)", "(give the folder of the sources with --sources)",
	"Reader.MaxBytes", "the limit",
	"Reader.MaxRows", "the limit",
	"Reader.MaxColumns", "the limit",
	"Reader.MaxCells", "the limit",
	"Reader.MaxCellBytes", "the limit",
	"Reader.MaxSheets", "the limit",
	"Reader.MaxParts", "the limit",
	"Reader.MaxCompressionRatio", "the limit",
)

// libError returns err, an error of the library, with its message in the
// user's terms.
func libError(err error) error {
	if err == nil {
		return nil
	}
	if s := userTerms.Replace(err.Error()); s != err.Error() {
		return errors.New(s)
	}
	return err
}

// writeOptions are the options of writing an output.
type writeOptions struct {
	force, strict bool
	noTexts       bool             // a workbook without the sources' texts
	inputs        []string         // never written to
	cl            *cmdutil.Cleanup // removes the temporary files of an interrupted run
}

// Command nvivo2qdpx combines NVivo's spreadsheet exports into one
// REFI-QDA project (.qdpx) that other QDA tools open.
//
//	go run ./examples/nvivo2qdpx [--sources DIR] [--tz ZONE] [-o OUT.qdpx] [--force] [--json] EXPORT...
//
// EXPORT is any set of NVivo exports, as .xlsx, .csv or .txt: a codebook, a
// classification sheet, a Coding Summary extract (by code or by file), list
// views, a code's summary view, matrix, crosstab or framework results. The
// kind of each is detected from its content, never from its name. With
// --sources, the transcripts (.txt or .docx, in DIR or below, named like the
// files in NVivo) are searched for the coded passages, which become
// codings with positions; without it, codings cannot be placed (use
// --passages to keep them in texts made of the coded passages). NVivo
// writes dates and times in local time with no zone: --tz names the zone
// (an IANA name such as Europe/London); without it they are kept without
// a zone, as the standard allows, and a time-zone warning counts them.
//
// Without EXPORT it converts the embedded fictional export set of the
// social-prescribing sample (internal/sample/nvivoexports: a codebook, a
// classification sheet, a Coding Summary in NVivo's text form, a Files
// list, and the transcripts), so that it runs from a fresh clone.
//
// The project is written to OUT.qdpx, default nvivo.qdpx in the current
// directory. --qdc, --codebook and --classification also write the code
// book as a REFI-QDA .qdc, NVivo's Excel codebook layout, and a case
// classification sheet in the layout NVivo imports. Every file is written
// atomically; an existing file is replaced only with --force, and an
// export is never written to.
//
// It prints a report of what it found (each input and its kind), inferred
// (attribute types) and could not place (ambiguous and missing passages,
// with the export, row and line) and what was lost (from the ledger of the
// conversion, refi.Ledger). With --json it prints the report as one
// JSON object with the keys inputs (each with path and kind), codes,
// participants, sources, excerpts, matched, ambiguous, missing, and more
// (exact, tolerant, codings, users, variables, documents, attributes,
// placements, warnings, output).
//
// Exit status: 0 when the project was written, 1 when an export could not
// be read, the exports hold nothing a project can (a matrix alone, say: the
// message names the kind found and what else is needed) or an output could
// not be written (an existing one without --force), 2 on a usage error,
// 130 when interrupted (SIGINT; 143 for SIGTERM). Errors go to standard
// error.
//
// Temporary files (the rows of large workbooks being written) go to a
// directory of the run's own in $TMPDIR, which is removed when the run
// ends, also when it is interrupted, as is the temporary file of an output
// being written: an interrupted run leaves no file behind, and the outputs
// already written are complete.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/sample/nvivoexports"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// defaultOutput is written when -o is not given.
const defaultOutput = "nvivo.qdpx"

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

type report struct {
	Output string `json:"output"`
	// Ledger counts what the exports held and where each item ended in the
	// project written (see refi.Ledger): the coded passages not placed are
	// codings dropped.
	Ledger *refi.Ledger `json:"ledger"`
	*nvivo.Report
}

// input is one export to read: from a file, or from the embedded set.
type input struct {
	path string
	data []byte // nil: read the file at path
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("nvivo2qdpx", flag.ContinueOnError)
	fl.SetOutput(stderr)
	sources := fl.String("sources", "", "folder of the source documents (.txt, .docx)")
	out := fl.String("o", defaultOutput, "the .qdpx to write")
	force := fl.Bool("force", false, "replace existing output files")
	asJSON := fl.Bool("json", false, "print the report as JSON")
	name := fl.String("name", "", "project name (default \"NVivo exports\")")
	passages := fl.Bool("passages", false, "give files without a document a text made of their coded passages")
	keepNA := fl.Bool("keep-not-applicable", false, "keep Not Applicable values as text (default: left out, counted)")
	plainVars := fl.Bool("plain-variable-names", false, "name variables by attribute only, not classification:attribute")
	tz := fl.String("tz", "", "time zone of the dates in the exports, which have none (e.g. Europe/London; default: kept without a zone)")
	var unassigned, notApplicable listFlag
	fl.Var(&unassigned, "unassigned", "another label meaning Unassigned in classification sheets, e.g. a localised one (repeatable)")
	fl.Var(&notApplicable, "not-applicable", "another label meaning Not Applicable (repeatable)")
	qdc := fl.String("qdc", "", "also write the code book as a REFI-QDA .qdc")
	codebookOut := fl.String("codebook", "", "also write the code book in NVivo's Excel codebook layout (.xlsx)")
	classOut := fl.String("classification", "", "also write the cases as a classification sheet NVivo imports (.xlsx)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: nvivo2qdpx [--sources DIR] [--tz ZONE] [-o OUT.qdpx] [--force] [--json] EXPORT...\n\n"+
			"Combine NVivo spreadsheet exports into a REFI-QDA project (without EXPORT: the embedded sample export set).")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "nvivo2qdpx: -o needs a file name")
		return 2
	}
	loc, err := cmdutil.Location(*tz)
	if err != nil {
		fmt.Fprintf(stderr, "nvivo2qdpx: %v\n", err)
		return 2
	}

	// every temporary file of the run goes to a directory of its own, which
	// is removed when the run ends, also on SIGINT and SIGTERM (as are the
	// temporary files of the outputs being written)
	cl, err := cmdutil.StartCleanup("nvivo2qdpx", stderr)
	if err != nil {
		fmt.Fprintf(stderr, "nvivo2qdpx: %v\n", err)
		return 1
	}
	defer cl.Close()

	var (
		inputs []input
		paths  []string // the exports read from files: never written to
		docs   fs.FS
	)
	if fl.NArg() == 0 {
		if *sources != "" {
			fmt.Fprintln(stderr, "nvivo2qdpx: --sources needs exports (without exports the embedded sample set is converted, with its transcripts)")
			return 2
		}
		set := nvivoexports.FS()
		for _, n := range nvivoexports.Exports {
			data, err := fs.ReadFile(set, n)
			if err != nil {
				fmt.Fprintf(stderr, "nvivo2qdpx: embedded sample: %v\n", err)
				return 1
			}
			inputs = append(inputs, input{path: n, data: data})
		}
		sub, err := fs.Sub(set, nvivoexports.Transcripts)
		if err != nil {
			fmt.Fprintf(stderr, "nvivo2qdpx: embedded sample: %v\n", err)
			return 1
		}
		docs = sub
	} else {
		for _, p := range fl.Args() {
			inputs = append(inputs, input{path: p})
			paths = append(paths, p)
		}
		if *sources != "" {
			d, err := cmdutil.SourcesFS(*sources)
			if err != nil {
				fmt.Fprintf(stderr, "nvivo2qdpx: --sources: %s\n", cmdutil.Printable(err.Error()))
				return 2
			}
			docs = d
		}
	}
	// every output is checked before anything is read or written
	outputs := []string{*out}
	for _, o := range []string{*qdc, *codebookOut, *classOut} {
		if o != "" {
			outputs = append(outputs, o)
		}
	}
	for i, o := range outputs {
		for _, p := range outputs[:i] {
			if p == o {
				fmt.Fprintf(stderr, "nvivo2qdpx: %s is named twice as an output\n", o)
				return 2
			}
		}
		if _, err := os.Stat(o); err == nil && !*force {
			fmt.Fprintf(stderr, "nvivo2qdpx: %s: %v\n", o, cmdutil.ErrExists)
			return 1
		}
	}

	r := &nvivo.Reader{}
	r.XLSX.TempDir = cl.TempDir()
	if len(unassigned) > 0 {
		r.UnassignedLabels = append([]string{"Unassigned"}, unassigned...)
	}
	if len(notApplicable) > 0 {
		r.NotApplicableLabels = append([]string{"Not Applicable"}, notApplicable...)
	}
	b := &nvivo.Builder{Name: *name, Documents: docs, PassageSources: *passages, KeepNotApplicable: *keepNA, PlainVariableNames: *plainVars, Location: loc}
	for _, in := range inputs {
		var ex *nvivo.Export
		var err error
		if in.data != nil {
			rr := *r
			rr.Name = in.path
			ex, err = rr.Read(bytes.NewReader(in.data))
		} else {
			ex, err = r.ReadFile(in.path)
		}
		if err != nil {
			fmt.Fprintf(stderr, "nvivo2qdpx: %s\n", cmdutil.Printable(err.Error()))
			return 1
		}
		b.Add(ex)
	}
	res, err := b.Build()
	if err != nil {
		fmt.Fprintf(stderr, "nvivo2qdpx: %s\n", cmdutil.Printable(err.Error()))
		return 1
	}
	w := &refi.Writer{}
	var written *refi.Report
	if err := cl.WriteOutput(*out, *force, paths, func(f io.Writer) error {
		var err error
		written, err = w.Write(f, refi.NewDocument(res.Project, res.Files), refi.FormatQDPX)
		return err
	}); err != nil {
		fmt.Fprintf(stderr, "nvivo2qdpx: %s\n", cmdutil.Printable(err.Error()))
		return 1
	}
	nw := &nvivo.Writer{TempDir: cl.TempDir()}
	// each write gives the warnings of what will not read back as given
	extra := []struct {
		path  string
		write func(io.Writer) ([]nvivo.Warning, error)
	}{
		{*qdc, func(f io.Writer) ([]nvivo.Warning, error) {
			_, err := w.Write(f, refi.NewDocument(res.Project, nil), refi.FormatQDC)
			return nil, err
		}},
		{*codebookOut, func(f io.Writer) ([]nvivo.Warning, error) {
			return nw.WriteCodebook(f, nvivo.CodebookFromProject(res.Project, ""))
		}},
		{*classOut, func(f io.Writer) ([]nvivo.Warning, error) {
			return nw.WriteClassification(f, nvivo.ClassificationFromProject(res.Project, ""))
		}},
	}
	for _, x := range extra {
		if x.path == "" {
			continue
		}
		var warnings []nvivo.Warning
		if err := cl.WriteOutput(x.path, *force, paths, func(f io.Writer) (err error) {
			warnings, err = x.write(f)
			return err
		}); err != nil {
			fmt.Fprintf(stderr, "nvivo2qdpx: %s\n", cmdutil.Printable(err.Error()))
			return 1
		}
		for _, wn := range warnings {
			wn.File = x.path
			res.Report.Warnings = append(res.Report.Warnings, wn)
		}
	}
	ledger := written.Ledger
	ledger.Merge(res.Report.Ledger())
	rep := report{Output: *out, Ledger: ledger, Report: res.Report}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "nvivo2qdpx: %s\n", cmdutil.Printable(err.Error()))
			return 1
		}
		return 0
	}
	printText(stdout, rep, len(paths) == 0)
	return 0
}

// printText prints the report for a reader. Names and texts from the
// exports go through cmdutil.Printable, so that they cannot act on the
// terminal.
func printText(w io.Writer, rep report, embedded bool) {
	p := cmdutil.Printable
	if embedded {
		fmt.Fprintln(w, "inputs:       the embedded sample export set (fictional; transcripts included)")
	} else {
		fmt.Fprintln(w, "inputs:")
	}
	for _, in := range rep.Inputs {
		fmt.Fprintf(w, "  %-15s %-5s %5d rows  %s\n", in.Kind, in.Format, in.Rows, p(in.Path))
	}
	fmt.Fprintf(w, "output:       %s\n", p(rep.Output))
	fmt.Fprintf(w, "project:      codes %d, participants %d, sources %d, users %d, variables %d, excerpts %d, codings %d\n",
		rep.Codes, rep.Participants, rep.Sources, rep.Users, rep.Variables, rep.Excerpts, rep.Codings)
	fmt.Fprintf(w, "references:   %d: matched %d (exact %d, tolerant %d), ambiguous %d, missing %d\n",
		rep.References, rep.Matched, rep.Exact, rep.Tolerant, rep.Ambiguous, rep.Missing)
	if rep.AggregateRepeats > 0 || rep.CaseFiles > 0 || rep.NotApplicable > 0 {
		fmt.Fprintf(w, "also:         %d aggregate repeats (not codings), %d whole files at cases, %d Not Applicable values left out\n",
			rep.AggregateRepeats, rep.CaseFiles, rep.NotApplicable)
	}
	lost := rep.Ledger.LossSummary()
	if rep.Ledger.Lost() {
		lost += " (--json lists each, with why)"
	}
	fmt.Fprintf(w, "lost:         %s\n", lost)
	if len(rep.Attributes) > 0 {
		fmt.Fprintln(w, "attributes (types inferred):")
		width := 0
		for _, a := range rep.Attributes {
			width = max(width, utf8.RuneCountInString(p(a.Variable)))
		}
		for _, a := range rep.Attributes {
			fmt.Fprintf(w, "  %-*s  %-8s %s\n", min(width, 40), p(a.Variable), a.Type, p(a.Evidence))
		}
	}
	if len(rep.Documents) > 0 {
		fmt.Fprintln(w, "documents:")
		width := 0
		for _, d := range rep.Documents {
			width = max(width, utf8.RuneCountInString(p(d.File)))
		}
		for _, d := range rep.Documents {
			doc := p(d.Document)
			switch {
			case d.Format == "passages":
				doc = "(coded passages only)"
			case doc == "":
				doc = "(none)"
			}
			fmt.Fprintf(w, "  %-*s  %s: %d placed, %d not placed\n", min(width, 40), p(d.File), doc, d.Placed, d.Unplaced)
		}
	}
	if len(rep.Placements) > 0 {
		fmt.Fprintln(w, "not placed by a single exact match:")
		for _, pl := range rep.Placements {
			where := fmt.Sprintf("row %d", pl.Row)
			if pl.Line > 0 {
				where = fmt.Sprintf("line %d", pl.Line)
			}
			fmt.Fprintf(w, "  %-9s %s %s: %q in %q at %s: %s\n", pl.Status, p(pl.Input), where, pl.Text, pl.File, p(pl.Code), p(pl.Reason))
		}
	}
	if len(rep.Warnings) == 0 {
		fmt.Fprintln(w, "warnings:     none")
		return
	}
	fmt.Fprintf(w, "warnings:     %d\n", len(rep.Warnings))
	for _, x := range rep.Warnings {
		fmt.Fprintf(w, "  %s\n", p(x.String()))
	}
}

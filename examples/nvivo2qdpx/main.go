// Command nvivo2qdpx combines NVivo's spreadsheet exports into one
// REFI-QDA project (.qdpx) that other QDA tools open.
//
//	go run ./examples/nvivo2qdpx [--sources DIR] [-o OUT.qdpx] [--json] EXPORT...
//
// EXPORT is any set of NVivo exports, as .xlsx, .csv or .txt: a codebook, a
// classification sheet, a Coding Summary extract (by code or by file), list
// views, a code's summary view, matrix, crosstab or framework results. The
// kind of each is detected from its content, never from its name. With
// --sources, the transcripts (.txt or .docx, in DIR or below, named like the
// files in NVivo) are searched for the coded passages, which become
// codings with positions; without it, codings cannot be placed (use
// --passages to keep them in texts made of the coded passages).
//
// The project is written to OUT.qdpx, atomically. Without -o it is written
// to nvivo.qdpx in the current directory, but only if that file does not
// exist yet (an existing file is never replaced without -o). --qdc,
// --codebook and --classification also write the code book as a REFI-QDA
// .qdc, NVivo's Excel codebook layout, and a case classification sheet in
// the layout NVivo imports.
//
// It prints a report of what it found (each input and its kind), inferred
// (attribute types) and could not place (ambiguous and missing passages,
// with the export, row and line). With --json it prints the report as one
// JSON object with the keys inputs (each with path and kind), codes,
// participants, sources, excerpts, matched, ambiguous, missing, and more
// (exact, tolerant, codings, users, variables, documents, attributes,
// placements, warnings, output).
//
// Exit status: 0 when the project was written, 1 when an export could not
// be read, the exports hold nothing a project can (a matrix alone, say: the
// message names the kind found and what else is needed) or the output could
// not be written, 2 on a usage error. Errors go to standard error.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// defaultOutput is written when -o is not given and it does not exist.
const defaultOutput = "nvivo.qdpx"

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

type report struct {
	Output string `json:"output"`
	*nvivo.Report
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("nvivo2qdpx", flag.ContinueOnError)
	fl.SetOutput(stderr)
	sources := fl.String("sources", "", "folder of the source documents (.txt, .docx)")
	out := fl.String("o", "", "the .qdpx to write (default "+defaultOutput+", only if it does not exist)")
	asJSON := fl.Bool("json", false, "print the report as JSON")
	name := fl.String("name", "", "project name (default \"NVivo exports\")")
	passages := fl.Bool("passages", false, "give files without a document a text made of their coded passages")
	keepNA := fl.Bool("keep-not-applicable", false, "keep Not Applicable values as text (default: left out, counted)")
	plainVars := fl.Bool("plain-variable-names", false, "name variables by attribute only, not classification:attribute")
	var unassigned, notApplicable listFlag
	fl.Var(&unassigned, "unassigned", "another label meaning Unassigned in classification sheets, e.g. a localised one (repeatable)")
	fl.Var(&notApplicable, "not-applicable", "another label meaning Not Applicable (repeatable)")
	qdc := fl.String("qdc", "", "also write the code book as a REFI-QDA .qdc")
	codebookOut := fl.String("codebook", "", "also write the code book in NVivo's Excel codebook layout (.xlsx)")
	classOut := fl.String("classification", "", "also write the cases as a classification sheet NVivo imports (.xlsx)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: nvivo2qdpx [--sources DIR] [-o OUT.qdpx] [--json] EXPORT...\n\nCombine NVivo spreadsheet exports into a REFI-QDA project.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() == 0 {
		fmt.Fprintln(stderr, "nvivo2qdpx: no exports given")
		fl.Usage()
		return 2
	}
	output := *out
	if output == "" {
		output = defaultOutput
		if _, err := os.Stat(output); err == nil {
			fmt.Fprintf(stderr, "nvivo2qdpx: %s exists; give -o to choose the output file\n", output)
			return 1
		}
	}
	var docs fs.FS
	if *sources != "" {
		st, err := os.Stat(*sources)
		if err != nil || !st.IsDir() {
			fmt.Fprintf(stderr, "nvivo2qdpx: --sources %s: not a folder\n", *sources)
			return 2
		}
		docs = os.DirFS(*sources)
	}

	r := &nvivo.Reader{}
	if len(unassigned) > 0 {
		r.UnassignedLabels = append([]string{"Unassigned"}, unassigned...)
	}
	if len(notApplicable) > 0 {
		r.NotApplicableLabels = append([]string{"Not Applicable"}, notApplicable...)
	}
	b := &nvivo.Builder{Name: *name, Documents: docs, PassageSources: *passages, KeepNotApplicable: *keepNA, PlainVariableNames: *plainVars}
	for _, path := range fl.Args() {
		ex, err := r.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "nvivo2qdpx: %v\n", err)
			return 1
		}
		b.Add(ex)
	}
	res, err := b.Build()
	if err != nil {
		fmt.Fprintf(stderr, "nvivo2qdpx: %v\n", err)
		return 1
	}
	w := &refi.Writer{}
	if err := w.WriteQDPXFile(output, res.Project, res.Files); err != nil {
		fmt.Fprintf(stderr, "nvivo2qdpx: %v\n", err)
		return 1
	}
	nw := &nvivo.Writer{}
	extra := []struct {
		path  string
		write func(string) error
	}{
		{*qdc, func(p string) error { return nw.WriteQDCFile(p, res.Project) }},
		{*codebookOut, func(p string) error { return nw.WriteCodebookFile(p, nvivo.CodebookFromProject(res.Project, "")) }},
		{*classOut, func(p string) error {
			return nw.WriteClassificationFile(p, nvivo.ClassificationFromProject(res.Project, ""))
		}},
	}
	for _, x := range extra {
		if x.path == "" {
			continue
		}
		if err := x.write(x.path); err != nil {
			fmt.Fprintf(stderr, "nvivo2qdpx: %v\n", err)
			return 1
		}
	}
	rep := report{Output: output, Report: res.Report}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "nvivo2qdpx: %v\n", err)
			return 1
		}
		return 0
	}
	printText(stdout, rep)
	return 0
}

func printText(w io.Writer, rep report) {
	fmt.Fprintln(w, "inputs:")
	for _, in := range rep.Inputs {
		fmt.Fprintf(w, "  %-15s %-5s %5d rows  %s\n", in.Kind, in.Format, in.Rows, in.Path)
	}
	fmt.Fprintf(w, "output:       %s\n", rep.Output)
	fmt.Fprintf(w, "project:      codes %d, participants %d, sources %d, users %d, variables %d, excerpts %d, codings %d\n",
		rep.Codes, rep.Participants, rep.Sources, rep.Users, rep.Variables, rep.Excerpts, rep.Codings)
	fmt.Fprintf(w, "references:   %d: matched %d (exact %d, tolerant %d), ambiguous %d, missing %d\n",
		rep.References, rep.Matched, rep.Exact, rep.Tolerant, rep.Ambiguous, rep.Missing)
	if rep.AggregateRepeats > 0 || rep.CaseFiles > 0 || rep.NotApplicable > 0 {
		fmt.Fprintf(w, "also:         %d aggregate repeats (not codings), %d whole files at cases, %d Not Applicable values left out\n",
			rep.AggregateRepeats, rep.CaseFiles, rep.NotApplicable)
	}
	if len(rep.Attributes) > 0 {
		fmt.Fprintln(w, "attributes (types inferred):")
		for _, a := range rep.Attributes {
			fmt.Fprintf(w, "  %-30s %-8s %s\n", a.Variable, a.Type, a.Evidence)
		}
	}
	if len(rep.Documents) > 0 {
		fmt.Fprintln(w, "documents:")
		for _, d := range rep.Documents {
			doc := d.Document
			switch {
			case d.Format == "passages":
				doc = "(coded passages only)"
			case doc == "":
				doc = "(none)"
			}
			fmt.Fprintf(w, "  %-30s %s: %d placed, %d not placed\n", d.File, doc, d.Placed, d.Unplaced)
		}
	}
	if len(rep.Placements) > 0 {
		fmt.Fprintln(w, "not placed by a single exact match:")
		for _, p := range rep.Placements {
			where := fmt.Sprintf("row %d", p.Row)
			if p.Line > 0 {
				where = fmt.Sprintf("line %d", p.Line)
			}
			fmt.Fprintf(w, "  %-9s %s %s: %q in %q at %s: %s\n", p.Status, p.Input, where, p.Text, p.File, p.Code, p.Reason)
		}
	}
	if len(rep.Warnings) == 0 {
		fmt.Fprintln(w, "warnings:     none")
		return
	}
	fmt.Fprintf(w, "warnings:     %d\n", len(rep.Warnings))
	for _, x := range rep.Warnings {
		fmt.Fprintf(w, "  %s\n", x)
	}
}

// Command inspect summarises a REFI-QDA file: a .qdpx project, a .qde
// project document or a .qdc codebook.
//
//	go run ./examples/inspect [--json] [--strict] FILE
//
// It prints the producing software (origin), what the project's text
// positions count, the number of users, codes, cases, variables, sources,
// selections, codings, notes, links, sets and graphs, and every warning met
// while reading. With --json it prints one JSON object with the keys origin,
// positionUnit, counts and warnings (each warning an object with code and
// message, and level, file, path, guid and line where known). Without FILE
// it inspects the embedded fictional sample project.
//
// Exit status: 0 when the file was read, 1 when it could not be read, 2 on
// a usage error. Errors go to standard error.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/refi"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

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

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fl.SetOutput(stderr)
	asJSON := fl.Bool("json", false, "print one JSON object")
	strict := fl.Bool("strict", false, "treat warnings as errors")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: inspect [--json] [--strict] [FILE]\n\nSummarise a .qdpx, .qde or .qdc file (the embedded sample without FILE).")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 1 {
		fmt.Fprintln(stderr, "inspect: one file at a time")
		fl.Usage()
		return 2
	}
	r := &refi.Reader{Strict: *strict}
	var doc *refi.Document
	var err error
	name := ""
	if fl.NArg() == 0 {
		name = sample.FileName
		r.Name = name
		doc, err = r.ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	} else {
		name = fl.Arg(0)
		doc, err = r.Open(name)
	}
	if err != nil {
		fmt.Fprintf(stderr, "inspect: %s\n", cmdutil.Printable(err.Error()))
		return 1
	}
	defer doc.Close()
	rep := report{File: name, Kind: doc.Format, ProjectFile: doc.File, Warnings: []jsonWarning{}}
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
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "inspect: %v\n", err)
			return 1
		}
		return 0
	}
	printText(stdout, rep, doc)
	return 0
}

// printText prints the report for a person. Names and messages come from
// the file, which may be hostile: they are printed through
// cmdutil.Printable, so that they cannot act on the terminal.
func printText(w io.Writer, rep report, doc *refi.Document) {
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
		fmt.Fprintf(w, "positions:  %s\n", doc.Detection)
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

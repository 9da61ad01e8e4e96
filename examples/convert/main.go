// Command convert carries a qualitative-research project from one tool to
// another in one step.
//
//	go run ./examples/convert [--to spec|nvivo|atlasti|maxqda|qualcoder|keep] [--sources DIR] [--tz ZONE] [-o OUT] [--force] [--strict] [--json] INPUT...
//
// INPUT is a .qdpx project, a .qde project document, a .qdc codebook, a
// project workbook written by this command, or one or more of NVivo's
// spreadsheet exports (codebook, classification sheet, coding summary...),
// recognised by their content. OUT's extension chooses what is written:
// .qdpx (a project for the tool named by --to: positions, text files,
// document variables and file names follow its conventions, and the
// project is written the way that tool's importer reads it; default spec,
// the standard; keep writes the project's own conventions), .qde (the
// project document alone, without its files), .qdc (the code book), .xlsx
// (a project workbook to read and edit in a spreadsheet), .jsonl or .csv
// (one excerpt per line).
//
// A short report of what was read, converted, repaired and lost goes to
// standard error; --json prints it as JSON on standard output instead. The
// report's ledger counts every item of the input by kind (users, codes,
// cases, variables, variable values, sources, source files, selections,
// codings, notes, links, sets, graphs, extensions) and says where each
// ended: kept, converted, repaired, moved, renamed, dropped (not in the
// output) or invisible (in the output, but the target tool will not show
// it), listing every item renamed, dropped or invisible with why. "lost:
// nothing" means nothing was dropped or made invisible. --strict refuses to
// write an output that would lose anything (exit status 1, listing what).
// For
// NVivo exports, which carry no text positions, it also says how many coded
// passages were placed in their documents (exact, tolerant: found when
// white space and line ends are ignored), how many were ambiguous or not
// found (lost, per file), and what the exports held that the project does
// not (Not Applicable values, skipped rows, query results); the JSON
// report's "nvivo" object is the report of examples/nvivo2qdpx --json.
// Output files are written atomically; an existing file is replaced only
// with --force, and an input is never written to. --sources names the folder
// of the source documents (transcripts for NVivo exports; the files of a
// .qde).
//
// Without arguments it converts the embedded fictional sample to
// sample.qdpx and sample.xlsx in the current folder.
//
// Exit status: 0 when the output was written, 1 when an input could not be
// read or the output not written (with --strict, also when it would lose
// anything), 2 on a usage error.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
	"github.com/qdabridge/qdabridge/xlsx/workbook"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// report is what a conversion did.
type report struct {
	Inputs    []inputReport `json:"inputs"`
	Outputs   []output      `json:"outputs"`
	Profile   string        `json:"profile,omitempty"`
	Converted []string      `json:"converted"`
	Repaired  []string      `json:"repaired"`
	Lost      []string      `json:"lost"`
	Edits     []string      `json:"edits,omitempty"`
	Problems  []string      `json:"problems,omitempty"`
	// Ledger is the ledger of the output when there is one (each output
	// has its own in Outputs).
	Ledger *refi.Ledger `json:"ledger,omitempty"`
	// Refused lists the outputs --strict did not write, with what they
	// would have lost.
	Refused []output `json:"refused,omitempty"`
	// uncounted are losses of what no ledger counts (query results of
	// NVivo's exports), for the text report.
	uncounted []string
	// NVivo is what building a project from NVivo's exports found: the
	// counts of the project, how the coded passages were placed in their
	// documents (exact, tolerant, ambiguous, missing), the documents used,
	// the attribute types inferred and every warning.
	NVivo *nvivo.Report `json:"nvivo,omitempty"`
}

type inputReport struct {
	Path      string       `json:"path"`
	Kind      string       `json:"kind"`             // "nvivo" for an NVivo export
	Export    string       `json:"export,omitempty"` // the kind of NVivo export: codebook, classification, coding-summary...
	Format    string       `json:"format,omitempty"` // of an NVivo export: xlsx, csv, text, tsv
	Rows      int          `json:"rows,omitempty"`   // of an NVivo export
	Origin    string       `json:"origin,omitempty"`
	Positions string       `json:"positions,omitempty"`
	Counts    *refi.Counts `json:"counts,omitempty"` // of a project or codebook; none for an NVivo export (see report.NVivo)
	Warnings  []string     `json:"warnings"`
}

type output struct {
	Path   string       `json:"path"`
	Kind   string       `json:"kind"`
	Bytes  int64        `json:"bytes"`
	Ledger *refi.Ledger `json:"ledger,omitempty"`
}

type usageError struct{ error }

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("convert", flag.ContinueOnError)
	fl.SetOutput(stderr)
	to := fl.String("to", "spec", "target tool for a .qdpx: spec, nvivo, atlasti, maxqda, qualcoder, or keep")
	sourcesDir := fl.String("sources", "", "folder of the source documents (transcripts of NVivo exports, files of a .qde)")
	tz := fl.String("tz", "", "time zone of the dates in NVivo exports, which have none (e.g. Europe/London; default: kept without a zone)")
	out := fl.String("o", "", "output file: .qdpx, .qdc, .xlsx or .jsonl")
	force := fl.Bool("force", false, "replace an existing output file")
	asJSON := fl.Bool("json", false, "print the report as JSON on standard output")
	strict := fl.Bool("strict", false, "refuse to write an output that would drop anything or leave it invisible in the target tool")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: convert [--to PROFILE] [--sources DIR] [--tz ZONE] [-o OUT] [--force] [--strict] [--json] INPUT...\n\nConvert a project between tools (without arguments: the embedded sample to sample.qdpx and sample.xlsx).")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	loc, err := cmdutil.Location(*tz)
	if err != nil {
		fmt.Fprintf(stderr, "convert: %v\n", err)
		return 2
	}
	var prof *refi.Profile
	if *to != "keep" {
		p, err := refi.LookupProfile(*to)
		if err != nil {
			fmt.Fprintf(stderr, "convert: %v (or keep)\n", err)
			return 2
		}
		prof = p
	}
	// an interrupted run (Ctrl-C, kill) leaves no temporary file
	cl, err := cmdutil.StartCleanup("convert", stderr)
	if err != nil {
		fmt.Fprintf(stderr, "convert: %v\n", err)
		return 1
	}
	defer cl.Close()
	rep := &report{Converted: []string{}, Repaired: []string{}, Lost: []string{}}
	if prof != nil {
		rep.Profile = prof.Name
	}
	inputs := fl.Args()
	outputs := []string{*out}
	var doc *refi.Document
	if len(inputs) == 0 {
		if *out != "" {
			fmt.Fprintln(stderr, "convert: -o needs an input")
			return 2
		}
		if loc != nil {
			fmt.Fprintln(stderr, "convert: --tz applies to NVivo exports only (the embedded sample is a .qdpx)")
			return 2
		}
		outputs = []string{"sample.qdpx", "sample.xlsx"}
		doc, err = (&refi.Reader{Name: sample.FileName}).ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
		if err == nil {
			rep.Inputs = append(rep.Inputs, describe(sample.FileName, doc))
		}
	} else {
		if *out == "" {
			fmt.Fprintln(stderr, "convert: -o OUT is needed (its extension says what to write: .qdpx, .qdc, .xlsx or .jsonl)")
			fl.Usage()
			return 2
		}
		doc, err = readInputs(inputs, *sourcesDir, loc, cl.TempDir(), rep)
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "convert: %v\n", err)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "convert: %v\n", err)
		return 1
	}
	for _, o := range outputs {
		if err := checkOutput(o); err != nil {
			fmt.Fprintf(stderr, "convert: %v\n", err)
			return 2
		}
	}
	code := 0
	for _, o := range outputs {
		n, kind, ledger, err := write(o, doc, prof, writeOptions{force: *force, strict: *strict, inputs: inputs, cl: cl}, rep)
		if errors.Is(err, refi.ErrLost) {
			rep.Refused = append(rep.Refused, output{Path: o, Kind: kind, Ledger: ledger})
			fmt.Fprintf(stderr, "convert: %s not written (--strict): it would lose %s\n", o, ledger.LossSummary())
			code = 1
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "convert: %v\n", err)
			code = 1
			continue
		}
		rep.Outputs = append(rep.Outputs, output{Path: o, Kind: kind, Bytes: n, Ledger: ledger})
	}
	if len(rep.Outputs) == 1 {
		rep.Ledger = rep.Outputs[0].Ledger
	} else if len(rep.Outputs) == 0 && len(rep.Refused) == 1 {
		rep.Ledger = rep.Refused[0].Ledger
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(rep)
	} else {
		printReport(stderr, rep)
	}
	return code
}

func checkOutput(path string) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".qdpx", ".qde", ".qdc", ".xlsx", ".jsonl", ".csv":
		return nil
	}
	return fmt.Errorf("cannot tell what to write from %q: use .qdpx, .qde, .qdc, .xlsx, .jsonl or .csv", path)
}

func describe(path string, doc *refi.Document) inputReport {
	ir := inputReport{Path: path, Kind: string(doc.Format), Warnings: []string{}}
	ir.Origin = doc.Project.Origin
	c := doc.Project.Counts() // of a codebook: its codes and sets
	ir.Counts = &c
	if doc.Format != refi.FormatQDC {
		ir.Positions = doc.Detection.String()
	}
	for _, w := range doc.Warnings {
		ir.Warnings = append(ir.Warnings, w.String())
	}
	return ir
}

// inputKind tells what a file is from its content: "refi" (a .qdpx or an
// XML document), "workbook" (a project workbook, which it returns as read),
// or "nvivo" (anything else: a spreadsheet or text export).
func inputKind(path, tempDir string) (string, *workbook.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", nil, err
	}
	if st.IsDir() {
		return "", nil, usageError{fmt.Errorf("%s is a folder (give the files; --sources takes a folder of source documents)", path)}
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if bytes.HasPrefix(head, []byte("PK")) {
		zr, err := zip.NewReader(f, st.Size())
		if err == nil {
			for _, zf := range zr.File {
				if strings.EqualFold(zf.Name, "xl/workbook.xml") {
					return spreadsheetKind(path, tempDir)
				}
			}
		}
		return "refi", nil, nil
	}
	if looksLikeXML(head) {
		return "refi", nil, nil
	}
	return "nvivo", nil, nil
}

// looksLikeXML reports whether the start of a file is the start of an XML
// document: '<' after white space, in UTF-8 (with or without a byte-order
// mark) or UTF-16 (either byte order, with or without one), the encodings
// the REFI-QDA files of real tools come in.
func looksLikeXML(head []byte) bool {
	for _, enc := range []struct {
		bom  string
		wide int // 0: UTF-8; 1: UTF-16 little-endian; 2: big-endian
	}{{"\xef\xbb\xbf", 0}, {"\xff\xfe", 1}, {"\xfe\xff", 2}, {"", 0}, {"", 1}, {"", 2}} {
		b, ok := bytes.CutPrefix(head, []byte(enc.bom))
		if !ok {
			continue
		}
		if enc.wide != 0 {
			// take the low bytes of ASCII characters
			var n []byte
			for i := 0; i+1 < len(b); i += 2 {
				lo, hi := b[i], b[i+1]
				if enc.wide == 2 {
					lo, hi = hi, lo
				}
				if hi != 0 {
					break
				}
				n = append(n, lo)
			}
			b = n
		}
		if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '<' {
			return true
		}
	}
	return false
}

// spreadsheetKind reads an .xlsx as a project workbook: "workbook" and the
// result when it is one, "nvivo" when it is another spreadsheet.
func spreadsheetKind(path, tempDir string) (string, *workbook.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	res, err := (&workbook.Reader{XLSX: xlsx.Reader{TempDir: tempDir}}).Read(f)
	if err == nil && res != nil {
		return "workbook", res, nil
	}
	if errors.Is(err, workbook.ErrNotWorkbook) {
		return "nvivo", nil, nil
	}
	return "", nil, err
}

// readInputs reads the inputs into one document; loc is the time zone of
// NVivo exports (nil: kept without a zone).
func readInputs(inputs []string, sourcesDir string, loc *time.Location, tempDir string, rep *report) (*refi.Document, error) {
	var sources fs.FS
	if sourcesDir != "" {
		var err error
		if sources, err = cmdutil.SourcesFS(sourcesDir); err != nil {
			return nil, usageError{fmt.Errorf("--sources: %w", err)}
		}
	}
	kinds := map[string][]string{}
	workbooks := map[string]*workbook.Result{} // read while telling their kind
	for _, in := range inputs {
		k, wb, err := inputKind(in, tempDir)
		if err != nil {
			return nil, err
		}
		kinds[k] = append(kinds[k], in)
		if wb != nil {
			workbooks[in] = wb
		}
	}
	if len(kinds["refi"])+len(kinds["workbook"]) > 1 || (len(kinds["refi"])+len(kinds["workbook"]) == 1 && len(kinds["nvivo"]) > 0) {
		return nil, usageError{errors.New("give one project (.qdpx, .qde, .qdc or workbook), or NVivo exports, not both")}
	}
	if loc != nil && len(kinds["nvivo"]) == 0 {
		return nil, usageError{errors.New("--tz applies to NVivo exports only (a project's dates carry their zone)")}
	}
	switch {
	case len(kinds["refi"]) == 1:
		path := kinds["refi"][0]
		doc, err := refi.Open(path)
		if err != nil {
			return nil, err
		}
		if sources != nil && doc.Format != refi.FormatQDC {
			doc = doc.WithSources(sources)
		}
		rep.Inputs = append(rep.Inputs, describe(path, doc))
		return doc, nil
	case len(kinds["workbook"]) == 1:
		path := kinds["workbook"][0]
		res := workbooks[path]
		doc := res.Document
		if sources != nil {
			doc = doc.WithSources(sources)
		}
		ir := describe(path, doc)
		ir.Kind = "workbook"
		rep.Inputs = append(rep.Inputs, ir)
		for _, e := range res.Edits {
			rep.Edits = append(rep.Edits, e.String())
		}
		for _, p := range res.Problems {
			rep.Problems = append(rep.Problems, p.Error())
		}
		return doc, nil
	}
	return readNVivo(kinds["nvivo"], sources, loc, tempDir, rep)
}

// writeOptions are the options of writing an output.
type writeOptions struct {
	force, strict bool
	inputs        []string         // never written to
	cl            *cmdutil.Cleanup // removes the temporary files of an interrupted run
}

// write writes one output and returns its size, kind and ledger. With
// strict set an output that would lose anything is not written, and the
// error wraps refi.ErrLost.
func write(path string, doc *refi.Document, prof *refi.Profile, opt writeOptions, rep *report) (int64, string, *refi.Ledger, error) {
	var n int64
	count := func(w io.Writer) *countWriter { return &countWriter{w: w, n: &n} }
	var kind string
	var changes []refi.Change
	var ledger *refi.Ledger
	var err error
	// refuse is the error of a strict write that would lose items.
	refuse := func(l *refi.Ledger) error {
		ledger = l
		if opt.strict && l.Lost() {
			return refi.ErrLost
		}
		return nil
	}
	// Building a project from NVivo's exports may already have lost
	// passages: a strict conversion then writes nothing, but still makes
	// the whole ledger.
	built := (*refi.Ledger)(nil)
	if rep.NVivo != nil {
		built = rep.NVivo.Ledger()
	}
	writeOut := func(fn func(io.Writer) error) error {
		if opt.strict && built.Lost() {
			if err := fn(io.Discard); err != nil && !errors.Is(err, refi.ErrLost) {
				return err
			}
			return refi.ErrLost
		}
		return opt.cl.WriteOutput(path, opt.force, opt.inputs, fn)
	}
	writeRefi := func(k refi.Format, w *refi.Writer) error {
		w.Strict = opt.strict
		var r *refi.Report
		err := writeOut(func(out io.Writer) error {
			var err error
			r, err = w.Write(count(out), doc, k)
			return err
		})
		if r != nil {
			changes, ledger = r.Changes, r.Ledger
		}
		return err
	}
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".qdpx", ".qde":
		kind = ext[1:]
		if doc.Format == refi.FormatQDC {
			return 0, kind, nil, fmt.Errorf("%s: the input is a codebook; write a .qdc", path)
		}
		err = writeRefi(refi.Format(kind), &refi.Writer{Profile: prof})
	case ".qdc":
		kind = "qdc"
		err = writeRefi(refi.FormatQDC, &refi.Writer{})
	case ".xlsx":
		kind = "workbook"
		if doc.Format == refi.FormatQDC {
			return 0, kind, nil, fmt.Errorf("%s: the input is a codebook; a workbook needs a project", path)
		}
		w := &workbook.Writer{TempDir: opt.cl.TempDir()}
		err = writeOut(func(out io.Writer) error {
			wr, err := w.Write(count(out), doc)
			if wr != nil {
				ledger = wr.Ledger
			}
			if err != nil {
				return err
			}
			return refuse(ledger)
		})
	case ".jsonl", ".csv":
		kind = "excerpts"
		if doc.Format == refi.FormatQDC {
			return 0, kind, nil, fmt.Errorf("%s: the input is a codebook: it has no excerpts", path)
		}
		el := refi.NewExcerptLedger(doc)
		err = writeOut(func(out io.Writer) error {
			if err := writeExcerpts(count(out), doc, ext == ".csv", el); err != nil {
				return err
			}
			return refuse(el.Ledger())
		})
	}
	if ledger != nil && built != nil {
		ledger.Merge(built) // what the exports held that the built project does not
	}
	if err != nil {
		return 0, kind, ledger, err
	}
	for _, c := range changes {
		line := path + ": " + c.String()
		switch c.Code.Effect() {
		case "converted":
			rep.Converted = append(rep.Converted, line)
		case "repaired":
			rep.Repaired = append(rep.Repaired, line)
		default:
			rep.Lost = append(rep.Lost, line)
		}
	}
	return n, kind, ledger, nil
}

// writeExcerpts writes every excerpt of doc as a JSON line, or as a CSV
// row after a header, and counts each in el.
func writeExcerpts(out io.Writer, doc *refi.Document, asCSV bool, el *refi.ExcerptLedger) error {
	var cw *csv.Writer
	var enc *json.Encoder
	if asCSV {
		cw = csv.NewWriter(out)
		if err := cw.Write(cmdutil.CSVHeader); err != nil {
			return err
		}
	} else {
		enc = json.NewEncoder(out)
		enc.SetEscapeHTML(false)
	}
	for e, eErr := range doc.Excerpts(refi.ExcerptOptions{}) {
		el.Add(e, eErr)
		l := cmdutil.ToLine(e, eErr)
		if cw != nil {
			if err := cw.Write(l.Record()); err != nil {
				return err
			}
			continue
		}
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	if cw != nil {
		cw.Flush()
		return cw.Error()
	}
	return nil
}

type countWriter struct {
	w io.Writer
	n *int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

func printReport(w io.Writer, rep *report) {
	for _, in := range rep.Inputs {
		if in.Kind == "nvivo" {
			fmt.Fprintf(w, "read:      %s (NVivo %s export, %s, %d rows)\n", in.Path, in.Export, in.Format, in.Rows)
			continue
		}
		fmt.Fprintf(w, "read:      %s (%s", in.Path, in.Kind)
		if in.Origin != "" {
			fmt.Fprintf(w, ", %s", in.Origin)
		}
		fmt.Fprintln(w, ")")
		var c refi.Counts
		if in.Counts != nil {
			c = *in.Counts
		}
		fmt.Fprintf(w, "           %d codes, %d cases, %d sources, %d selections, %d codings, %d notes\n",
			c.Codes, c.Cases, c.Sources, c.Selections, c.Codings, c.Notes)
		if in.Positions != "" {
			fmt.Fprintf(w, "           positions: %s\n", in.Positions)
		}
		if len(in.Warnings) > 0 {
			cmd := "go run ./examples/inspect " + in.Path
			if in.Path == sample.FileName {
				cmd = "go run ./examples/inspect"
			}
			fmt.Fprintf(w, "           %d warnings (%s lists them)\n", len(in.Warnings), cmd)
		}
	}
	if nr := rep.NVivo; nr != nil {
		fmt.Fprintf(w, "built:     %d codes, %d cases, %d sources, %d selections, %d codings, %d users, %d variables\n",
			nr.Codes, nr.Participants, nr.Sources, nr.Excerpts, nr.Codings, nr.Users, nr.Variables)
		fmt.Fprintf(w, "           coded passages: %d, placed %d (exact %d, tolerant %d), ambiguous %d, missing %d\n",
			nr.References, nr.Matched, nr.Exact, nr.Tolerant, nr.Ambiguous, nr.Missing)
		if nr.AggregateRepeats > 0 || nr.CaseFiles > 0 {
			fmt.Fprintf(w, "           %d references of aggregate codes repeating their descendants' (not codings), %d whole files at cases\n",
				nr.AggregateRepeats, nr.CaseFiles)
		}
	}
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			fmt.Fprintf(w, "%-10s nothing\n", title+":")
			return
		}
		for i, l := range lines {
			if i == 0 {
				fmt.Fprintf(w, "%-10s %s\n", title+":", l)
			} else {
				fmt.Fprintf(w, "%-10s %s\n", "", l)
			}
		}
	}
	for _, o := range rep.Refused {
		printLedger(w, o.Path, o.Ledger)
		section("would lose", groupLines(o.Path, groupItems(o.Ledger, refi.Dropped, refi.Invisible)))
		fmt.Fprintf(w, "%-10s %s (--strict)\n", "refused:", o.Path)
	}
	if len(rep.Outputs) == 0 {
		return // nothing written: the errors say why
	}
	if len(rep.Edits) > 0 {
		section("edits", rep.Edits)
	}
	if len(rep.Problems) > 0 {
		section("problems", rep.Problems)
	}
	section("converted", rep.Converted)
	section("repaired", rep.Repaired)
	var renamed, lost []string
	for _, o := range rep.Outputs {
		if o.Ledger == nil {
			continue
		}
		printLedger(w, o.Path, o.Ledger)
		renamed = append(renamed, groupLines(o.Path, groupItems(o.Ledger, refi.Renamed))...)
		lost = append(lost, groupLines(o.Path, groupItems(o.Ledger, refi.Dropped, refi.Invisible))...)
	}
	if len(renamed) > 0 {
		section("renamed", renamed)
	}
	section("lost", append(lost, rep.uncounted...))
	for _, o := range rep.Outputs {
		fmt.Fprintf(w, "wrote:     %s (%s, %d bytes)\n", o.Path, o.Kind, o.Bytes)
	}
}

// readNVivo reads NVivo's spreadsheet exports (each one's kind detected
// from its content) and builds one project from them with nvivo.Builder,
// placing the coded passages in the documents of sources (nil: none). The report
// gets one input per export, the builder's report (report.NVivo), and the
// builder's warnings sorted into converted, repaired and lost.
func readNVivo(paths []string, sources fs.FS, loc *time.Location, tempDir string, rep *report) (*refi.Document, error) {
	b := &nvivo.Builder{Documents: sources, Location: loc}
	r := &nvivo.Reader{}
	r.XLSX.TempDir = tempDir
	kinds := map[string]nvivo.ExportKind{}
	for _, p := range paths {
		ex, err := r.ReadFile(p)
		if err != nil {
			return nil, err
		}
		b.Add(ex)
		kinds[p] = ex.Kind
		ir := inputReport{Path: p, Kind: "nvivo", Export: string(ex.Kind), Format: string(ex.Format), Rows: ex.Rows, Warnings: []string{}}
		for _, w := range ex.Warnings {
			ir.Warnings = append(ir.Warnings, w.String())
		}
		rep.Inputs = append(rep.Inputs, ir)
	}
	res, err := b.Build()
	if err != nil {
		return nil, err
	}
	rep.NVivo = res.Report
	sortNVivoWarnings(res.Report, sources != nil, rep)
	for _, p := range paths {
		switch k := kinds[p]; k {
		case nvivo.KindMatrix, nvivo.KindCrosstab, nvivo.KindFramework:
			line := fmt.Sprintf("%s: the cells of the %s (query results) are not carried: a project holds no query results [nvivo-%s]", p, k, k)
			rep.Lost = append(rep.Lost, line)
			rep.uncounted = append(rep.uncounted, line)
		}
	}
	return refi.NewDocument(res.Project, res.Files), nil
}

// sortNVivoWarnings sorts the warnings of a build into what was converted
// (inferred), repaired and lost, and says per file how many coded passages
// could not be placed.
func sortNVivoWarnings(nr *nvivo.Report, haveSources bool, rep *report) {
	for _, w := range nr.Warnings {
		line := w.String()
		switch w.Code {
		case nvivo.WarnType, nvivo.WarnAggregate, nvivo.WarnNames, nvivo.WarnTimeZone:
			rep.Converted = append(rep.Converted, line)
		case nvivo.WarnRecord, nvivo.WarnDuplicate, nvivo.WarnDuplicateColumn:
			rep.Repaired = append(rep.Repaired, line)
		case nvivo.WarnPlacement:
			// counted per file below
		case nvivo.WarnDocument:
			if w.NoDocument() {
				continue // counted per file below
			}
			rep.Lost = append(rep.Lost, line)
			rep.uncounted = append(rep.uncounted, line)
		default:
			rep.Lost = append(rep.Lost, line)
			rep.uncounted = append(rep.uncounted, line)
		}
	}
	if nr.Tolerant > 0 {
		rep.Converted = append(rep.Converted, fmt.Sprintf("%d coded passages found in their documents only when white space and line ends are ignored; placed there [nvivo-tolerant]", nr.Tolerant))
	}
	type unplaced struct{ ambiguous, missing int }
	byFile := map[string]*unplaced{}
	for _, p := range nr.Placements {
		u := byFile[p.File]
		if u == nil {
			u = &unplaced{}
			byFile[p.File] = u
		}
		switch p.Status {
		case nvivo.MatchAmbiguous:
			u.ambiguous++
		case nvivo.MatchMissing:
			u.missing++
		}
	}
	for _, d := range nr.Documents {
		if d.Unplaced == 0 {
			continue
		}
		u := byFile[d.File]
		if u == nil {
			u = &unplaced{}
		}
		why := fmt.Sprintf("%d ambiguous, %d not found in %s", u.ambiguous, u.missing, d.Document)
		switch {
		case d.Document == "" && haveSources:
			why = "no document of that name in --sources"
		case d.Document == "":
			why = "no document: give the transcripts with --sources DIR"
		}
		rep.Lost = append(rep.Lost, fmt.Sprintf("%s: %d of %d coded passages not placed (%s); their codings are not in the project [nvivo-unplaced]",
			d.File, d.Unplaced, d.Placed+d.Unplaced, why))
	}
}

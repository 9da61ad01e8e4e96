// Command excerpts writes every coded or annotated passage of a REFI-QDA
// project, one per line, for analysis pipelines and archive indexes.
//
//	go run ./examples/excerpts [--format jsonl|csv] [--unit codepoint|utf16|byte] [--separate] FILE
//
// With --format jsonl (the default) each line is a JSON object with the keys
// kind, source, sourceGUID, selections, start, end, text, codes (full code
// paths, names joined with " > "), codeGUIDs, participants (names), coder,
// created and memo, and page, firstX, firstY, secondX, secondY, beginMs and
// endMs for areas and intervals. start and end count in --unit (code points
// by default). With --format csv the same fields are columns; a cell that
// would start with =, +, -, @, tab or CR is prefixed with ' so that no
// spreadsheet runs it as a formula. Passages that NVivo splits into one
// selection per code are one excerpt unless --separate is given. Without
// FILE it reads the embedded fictional sample.
//
// Exit status: 0 when the file was read, 1 when it could not be read, 2 on
// a usage error. Errors go to standard error; excerpts whose text cannot be
// given are still written, with an "error" key, and counted on standard
// error.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
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

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("excerpts", flag.ContinueOnError)
	fl.SetOutput(stderr)
	format := fl.String("format", "jsonl", "output format: jsonl or csv")
	unit := fl.String("unit", "codepoint", "unit of start and end: codepoint, utf16 or byte")
	separate := fl.Bool("separate", false, "one excerpt per selection, even when selections share a span")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: excerpts [--format jsonl|csv] [--unit codepoint|utf16|byte] [--separate] [FILE]\n\nWrite every coded passage of a .qdpx or .qde (the embedded sample without FILE).")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *format != "jsonl" && *format != "csv" {
		fmt.Fprintf(stderr, "excerpts: unknown format %q\n", *format)
		fl.Usage()
		return 2
	}
	u, err := refi.ParseUnit(*unit)
	if err != nil {
		fmt.Fprintf(stderr, "excerpts: %v\n", err)
		fl.Usage()
		return 2
	}
	if fl.NArg() > 1 {
		fmt.Fprintln(stderr, "excerpts: one file at a time")
		fl.Usage()
		return 2
	}
	var doc *refi.Document
	if fl.NArg() == 0 {
		r := &refi.Reader{Name: sample.FileName}
		doc, err = r.ReadQDPX(bytes.NewReader(sample.QDPX), int64(len(sample.QDPX)))
	} else {
		doc, err = refi.Open(fl.Arg(0))
	}
	if err != nil {
		fmt.Fprintf(stderr, "excerpts: %s\n", cmdutil.Printable(err.Error()))
		return 1
	}
	defer doc.Close()
	if doc.Format == refi.FormatQDC {
		fmt.Fprintf(stderr, "excerpts: %s is a codebook: it has no excerpts\n", fl.Arg(0))
		return 1
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	var cw *csv.Writer
	if *format == "csv" {
		cw = csv.NewWriter(out)
		cw.Write(cmdutil.CSVHeader)
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	failed := 0
	for e, eErr := range doc.Excerpts(refi.ExcerptOptions{Positions: refi.Positions{Unit: u}, Separate: *separate}) {
		l := cmdutil.ToLine(e, eErr)
		if eErr != nil {
			failed++
		}
		if cw != nil {
			cw.Write(l.Record())
			continue
		}
		if err := enc.Encode(l); err != nil {
			fmt.Fprintf(stderr, "excerpts: %v\n", err)
			return 1
		}
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			fmt.Fprintf(stderr, "excerpts: %v\n", err)
			return 1
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "excerpts: %v\n", err)
		return 1
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "excerpts: the text of %d excerpts could not be given (see their \"error\")\n", failed)
	}
	return 0
}

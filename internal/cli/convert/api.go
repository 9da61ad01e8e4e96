package convert

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/refi"
)

// Report is what [Convert] did, for a program that shows it (the page of
// qdabridge serve): the same report the convert command prints, in parts.
// Every string in it may come from the inputs: a program that shows it
// must escape it.
type Report struct {
	// Inputs are the files read, each with what it holds.
	Inputs []InputSummary `json:"inputs"`
	// Profile is the target tool's profile ("" for keep).
	Profile string `json:"profile,omitempty"`
	// Bytes is the size of the output written.
	Bytes int64 `json:"bytes"`
	// Converted, Repaired and Lost are the report's lines, as the command
	// prints them; Renamed and Lost include the ledger's items grouped by
	// reason.
	Converted []string `json:"converted"`
	Repaired  []string `json:"repaired"`
	Renamed   []string `json:"renamed"`
	Lost      []string `json:"lost"`
	Notes     []string `json:"notes"`
	Warnings  []string `json:"warnings"`
	// Ledger counts every item of the input by kind and says where each
	// ended; nil for an output without one.
	Ledger *refi.Ledger `json:"ledger,omitempty"`
	// Text is the report as the command prints it on standard error.
	Text string `json:"text"`
}

// InputSummary is one input file read, as the report says it.
type InputSummary struct {
	Name      string       `json:"name"`
	Kind      string       `json:"kind"`
	Export    string       `json:"export,omitempty"`
	Origin    string       `json:"origin,omitempty"`
	Counts    *refi.Counts `json:"counts,omitempty"`
	Positions string       `json:"positions,omitempty"`
	Warnings  []string     `json:"warnings"`
}

// Convert reads inputs (one project, codebook or workbook, or a set of
// NVivo's exports, each told by its content, as the command does), with
// the documents in sourcesDir ("" for none), and writes outPath, its kind
// told by its extension (.qdpx, .qde, .qdc, .xlsx, .jsonl or .csv) and a
// project for the tool target (spec, nvivo, atlasti, maxqda, qualcoder or
// keep). An existing outPath is replaced. It is the convert command
// without its flags and printing: the same checks, readers, writers and
// report.
//
// Temporary files go to cl's directory and an interruption removes them
// (cl nil: Convert starts its own [cmdutil.Cleanup] for the call).
// Convert returns an error when an input cannot be read or the output not
// written; the message is said in the user's terms.
func Convert(cl *cmdutil.Cleanup, inputs []string, sourcesDir, target, outPath string) (*Report, error) {
	o := &options{to: target, sources: sourcesDir, outs: []string{outPath}, force: true}
	var prof *refi.Profile
	if target != "keep" {
		p, err := refi.LookupProfile(target)
		if err != nil {
			return nil, fmt.Errorf("target: %s (or keep)", cli.Message(err))
		}
		prof = p
	}
	outs, err := o.outputs()
	if err != nil {
		return nil, err
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("no input to convert")
	}
	var ins []*input
	for _, a := range inputs {
		in, err := checkInput(a)
		if err != nil {
			return nil, err
		}
		ins = append(ins, in)
	}
	if err := checkOutput(outPath, true, inputs); err != nil {
		return nil, err
	}
	if cl == nil {
		if cl, err = cmdutil.StartCleanup("qdabridge convert", os.Stderr); err != nil {
			return nil, err
		}
		defer cl.Close()
	}
	rep := &report{Converted: []string{}, Repaired: []string{}, Lost: []string{}}
	if prof != nil {
		rep.Profile = prof.Name
	}
	doc, err := readInputs(Command(), ins, o, nil, cl.TempDir(), rep)
	if err != nil {
		return nil, err
	}
	defer doc.Close()
	wo := writeOptions{force: true, inputs: inputs, cl: cl}
	n, ledger, warnings, err := write(outs[0], doc, prof, wo, rep)
	if err != nil {
		return nil, err
	}
	rep.Outputs = append(rep.Outputs, output{Path: outPath, Kind: outs[0].kind, Bytes: n, Ledger: ledger, Warnings: warnings})
	rep.Ledger = ledger
	return summarize(rep), nil
}

// summarize turns the command's report of one output into a Report.
func summarize(rep *report) *Report {
	r := &Report{Profile: rep.Profile, Converted: rep.Converted, Repaired: rep.Repaired,
		Renamed: []string{}, Lost: []string{}, Notes: append([]string{}, rep.Notes...), Warnings: []string{}, Ledger: rep.Ledger}
	for _, in := range rep.Inputs {
		r.Inputs = append(r.Inputs, InputSummary{Name: in.Path, Kind: in.Kind, Export: in.Export, Origin: in.Origin,
			Counts: in.Counts, Positions: in.Positions, Warnings: in.Warnings})
	}
	for _, o := range rep.Outputs {
		r.Bytes += o.Bytes
		r.Warnings = append(r.Warnings, o.Warnings...)
		if o.Ledger == nil {
			continue
		}
		r.Renamed = append(r.Renamed, groupLines(o.Path, groupItems(o.Ledger, refi.Renamed))...)
		r.Lost = append(r.Lost, groupLines(o.Path, groupItems(o.Ledger, refi.Dropped, refi.Invisible))...)
	}
	r.Lost = append(r.Lost, rep.uncounted...)
	var b bytes.Buffer
	printReport(&b, rep, false)
	r.Text = strings.TrimRight(b.String(), "\n")
	return r
}

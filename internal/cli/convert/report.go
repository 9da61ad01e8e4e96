package convert

import (
	"fmt"
	"io"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
)

// report is what a conversion did.
type report struct {
	Inputs    []inputReport `json:"inputs"`
	Outputs   []output      `json:"outputs"`
	Profile   string        `json:"profile,omitempty"`
	Converted []string      `json:"converted"`
	Repaired  []string      `json:"repaired"`
	Lost      []string      `json:"lost"`
	Edits     []string      `json:"edits,omitempty"`
	// Notes say what a researcher should know of an output (a workbook
	// holding the interviews' texts).
	Notes    []string `json:"notes,omitempty"`
	Problems []string `json:"problems,omitempty"`
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
	// Tool is what reading the project or export of another tool (RQDA,
	// QualCoder, Taguette, MAXQDA, ATLAS.ti) found, in its reader's form.
	Tool *toolReport `json:"tool,omitempty"`
	// built is the ledger of what building the project from the inputs
	// left out (passages not placed), merged into each output's.
	built *refi.Ledger
}

type inputReport struct {
	Path      string `json:"path"`
	Kind      string `json:"kind"`             // "nvivo" for an NVivo export
	Export    string `json:"export,omitempty"` // the kind of NVivo export: codebook, classification, coding-summary...
	Format    string `json:"format,omitempty"` // of an NVivo export: xlsx, csv, text, tsv
	Rows      int    `json:"rows,omitempty"`   // of an NVivo export
	Origin    string `json:"origin,omitempty"`
	Positions string `json:"positions,omitempty"`
	// PositionsDetail is the technical form of Positions: the convention
	// and the evidence it was found on.
	PositionsDetail string       `json:"positionsDetail,omitempty"`
	Counts          *refi.Counts `json:"counts,omitempty"` // of a project or codebook; none for an NVivo export (see report.NVivo)
	Warnings        []string     `json:"warnings"`
}

type output struct {
	Path   string       `json:"path"`
	Kind   string       `json:"kind"`
	Bytes  int64        `json:"bytes"`
	Ledger *refi.Ledger `json:"ledger,omitempty"`
	// Warnings say what of an NVivo sheet will not read back as written.
	Warnings []string `json:"warnings,omitempty"`
}

// printReport prints the report for a person. Names, paths and messages
// come from the inputs, which may be hostile: they are printed through
// cmdutil.Printable, so that they cannot act on the terminal.
func printReport(w io.Writer, rep *report, verbose bool) {
	p := cmdutil.Printable
	for _, in := range rep.Inputs {
		if in.Kind == "nvivo" {
			fmt.Fprintf(w, "read:      %s (NVivo %s export, %s, %d rows)\n", p(in.Path), in.Export, in.Format, in.Rows)
			continue
		}
		if rep.Tool != nil && in.Kind == toolKind(rep.Tool.Tool) {
			if in.Export != "" { // a codebook read with the export
				fmt.Fprintf(w, "read:      %s (%s %s)\n", p(in.Path), rep.Tool.Tool, in.Export)
				continue
			}
			fmt.Fprintf(w, "read:      %s (%s %s)\n", p(in.Path), rep.Tool.Tool, rep.Tool.Input)
		} else {
			fmt.Fprintf(w, "read:      %s (%s", p(in.Path), in.Kind)
			if in.Origin != "" {
				fmt.Fprintf(w, ", %s", p(in.Origin))
			}
			fmt.Fprintln(w, ")")
		}
		var c refi.Counts
		if in.Counts != nil {
			c = *in.Counts
		}
		fmt.Fprintf(w, "           %d codes, %d cases, %d sources, %d selections, %d codings, %d notes\n",
			c.Codes, c.Cases, c.Sources, c.Selections, c.Codings, c.Notes)
		if in.Positions != "" {
			fmt.Fprintf(w, "           %s\n", p(in.Positions))
		}
		if verbose && in.PositionsDetail != "" {
			fmt.Fprintf(w, "           positions: %s\n", p(in.PositionsDetail))
		}
		if len(in.Warnings) > 0 {
			cmd := "qdabridge inspect " + p(in.Path)
			if in.Path == sample.FileName {
				cmd = "qdabridge inspect"
			}
			fmt.Fprintf(w, "           %d warnings (%s lists them)\n", len(in.Warnings), cmd)
		}
	}
	if nr := rep.NVivo; nr != nil {
		printNVivo(w, nr)
	}
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			fmt.Fprintf(w, "%-10s nothing\n", title+":")
			return
		}
		for i, l := range lines {
			if i == 0 {
				fmt.Fprintf(w, "%-10s %s\n", title+":", p(l))
			} else {
				fmt.Fprintf(w, "%-10s %s\n", "", p(l))
			}
		}
	}
	for _, o := range rep.Refused {
		printLedger(w, o.Path, o.Ledger)
		section("would lose", groupLines(o.Path, groupItems(o.Ledger, refi.Dropped, refi.Invisible)))
		fmt.Fprintf(w, "%-10s %s (--strict)\n", "refused:", p(o.Path))
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
	var renamed, lost, warnings []string
	for _, o := range rep.Outputs {
		warnings = append(warnings, o.Warnings...)
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
	if len(warnings) > 0 {
		section("warnings", warnings)
	}
	for _, o := range rep.Outputs {
		fmt.Fprintf(w, "wrote:     %s (%s, %d bytes)\n", p(o.Path), o.Kind, o.Bytes)
	}
	if len(rep.Notes) > 0 {
		section("note", rep.Notes)
	}
}

// printNVivo prints what building a project from NVivo's exports found:
// the counts, how the coded passages were placed, in which documents, and
// each passage not placed by a single exact match.
func printNVivo(w io.Writer, nr *nvivo.Report) {
	p := cmdutil.Printable
	fmt.Fprintf(w, "built:     %d codes, %d cases, %d sources, %d selections, %d codings, %d users, %d variables\n",
		nr.Codes, nr.Participants, nr.Sources, nr.Excerpts, nr.Codings, nr.Users, nr.Variables)
	fmt.Fprintf(w, "           coded passages: %d, placed %d (exact %d, tolerant %d), ambiguous %d, missing %d\n",
		nr.References, nr.Matched, nr.Exact, nr.Tolerant, nr.Ambiguous, nr.Missing)
	if nr.AggregateRepeats > 0 || nr.CaseFiles > 0 || nr.NotApplicable > 0 {
		fmt.Fprintf(w, "           %d references of aggregate codes repeating their descendants' (not codings), %d whole files at cases, %d Not Applicable values left out\n",
			nr.AggregateRepeats, nr.CaseFiles, nr.NotApplicable)
	}
	for i, d := range nr.Documents {
		doc := p(d.Document)
		switch {
		case d.Format == "passages":
			doc = "(coded passages only)"
		case doc == "":
			doc = "(none)"
		}
		title := ""
		if i == 0 {
			title = "documents:"
		}
		fmt.Fprintf(w, "%-10s %s: %s, %d placed, %d not placed\n", title, p(d.File), doc, d.Placed, d.Unplaced)
	}
	const maxPlacements = 20
	for i, pl := range nr.Placements {
		if i == maxPlacements {
			fmt.Fprintf(w, "%-10s … %d more (--json lists each)\n", "", len(nr.Placements)-maxPlacements)
			break
		}
		where := fmt.Sprintf("row %d", pl.Row)
		if pl.Line > 0 {
			where = fmt.Sprintf("line %d", pl.Line)
		}
		title := ""
		if i == 0 {
			title = "placing:"
		}
		fmt.Fprintf(w, "%-10s %-9s %s %s: %q in %q at %s: %s\n", title, pl.Status, p(pl.Input), where, pl.Text, pl.File, p(pl.Code), p(pl.Reason))
	}
}

package nvivo

import (
	"fmt"
	"path/filepath"

	"github.com/qdabridge/qdabridge/refi"
)

// Report says what a build found, inferred and could not place. Its JSON
// form is the "nvivo" object of the report of qdabridge convert --json.
type Report struct {
	Inputs []InputReport `json:"inputs"`

	Codes        int `json:"codes"`
	Participants int `json:"participants"`
	Sources      int `json:"sources"`
	Users        int `json:"users"`
	Variables    int `json:"variables"`
	Excerpts     int `json:"excerpts"` // text selections made
	Codings      int `json:"codings"`

	// References counts the Coding Summary references considered (rows of
	// aggregate codes repeating a descendant's are in AggregateRepeats, not
	// here); Matched of them were placed, Exact and Tolerant say how.
	// Ambiguous and Missing were not placed. References assigning a whole
	// file to a case are counted in CaseFiles, not here.
	References       int `json:"references"`
	Matched          int `json:"matched"`
	Exact            int `json:"exact"`
	Tolerant         int `json:"tolerant"`
	Ambiguous        int `json:"ambiguous"`
	Missing          int `json:"missing"`
	AggregateRepeats int `json:"aggregateRepeats"`
	CaseFiles        int `json:"caseFiles"`

	// NotApplicable counts the values labelled Not Applicable that were
	// left out (zero with KeepNotApplicable).
	NotApplicable int `json:"notApplicable"`

	Documents  []DocumentReport  `json:"documents"`
	Attributes []AttributeReport `json:"attributes"`
	// Placements lists every reference not placed by a single exact
	// match: tolerant, ambiguous and missing ones, and exact ones that
	// occur several times and were told apart by the reference order.
	Placements []Placement `json:"placements"`
	Warnings   []Warning   `json:"warnings"`
}

// InputReport describes one export of a build.
type InputReport struct {
	Path      string     `json:"path"`
	Kind      ExportKind `json:"kind"`
	Format    Format     `json:"format"`
	Rows      int        `json:"rows"`
	Detection string     `json:"detection"`
	Warnings  int        `json:"warnings"`
}

// DocumentReport says which document was used for a file, if any.
type DocumentReport struct {
	File     string `json:"file"`               // the file's name in the exports
	Document string `json:"document,omitempty"` // path in Builder.Documents; "" when none
	Format   string `json:"format,omitempty"`   // "txt", "docx", or "passages" (PassageSources)
	Placed   int    `json:"placed"`
	Unplaced int    `json:"unplaced"`
}

// AttributeReport gives an attribute's inferred type and why.
type AttributeReport struct {
	Classification string        `json:"classification"`
	Attribute      string        `json:"attribute"`
	Variable       string        `json:"variable"`
	Type           AttributeType `json:"type"`
	VariableType   string        `json:"variableType"`
	Evidence       string        `json:"evidence"`
}

// Placement is one reference that was not placed by a single exact match.
type Placement struct {
	Input      string      `json:"input"`
	Row        int         `json:"row"`
	Line       int         `json:"line,omitempty"`
	File       string      `json:"file"`
	Code       string      `json:"code"`
	Coder      string      `json:"coder,omitempty"`
	Status     MatchStatus `json:"status"`
	Candidates int         `json:"candidates"`
	// Start and End are the place chosen (code points), for a placed
	// reference.
	Start  int64  `json:"start,omitempty"`
	End    int64  `json:"end,omitempty"`
	Reason string `json:"reason"`
	Text   string `json:"text"` // the coded text, shortened
}

// Ledger returns what the exports held that the built project does not:
// the coded passages that could not be placed in their documents (codings,
// dropped, each listed with its export, row, file and code) and the values
// labelled Not Applicable that were left out (variable values, dropped).
// Everything else the exports held is in the project; merge this ledger
// with the one of writing the project (refi.Ledger.Merge) to account for a
// whole conversion from NVivo's exports.
func (r *Report) Ledger() *refi.Ledger {
	l := refi.NewLedger()
	given := false // were documents given at all?
	for _, d := range r.Documents {
		given = given || d.Document != ""
	}
	for _, p := range r.Placements {
		if p.Status != MatchAmbiguous && p.Status != MatchMissing {
			continue
		}
		where := fmt.Sprintf("%s row %d", filepath.Base(p.Input), p.Row)
		if p.Line > 0 {
			where = fmt.Sprintf("%s line %d", filepath.Base(p.Input), p.Line)
		}
		reason := p.Reason
		if reason == "no document" {
			reason = "no documents were given to place it in"
			if given {
				reason = "no document of this name among the documents given"
			}
		}
		why := fmt.Sprintf("a coded passage of %q not placed in its document (%s): its coding is not in the project", p.File, reason)
		l.Add(refi.ItemCodings, "", refi.Dropped, 1, &refi.LedgerItem{Element: "Coding", Name: p.Code + " (" + where + ")", Why: why})
	}
	if r.NotApplicable > 0 {
		l.Add(refi.ItemVariableValues, "", refi.Dropped, r.NotApplicable, &refi.LedgerItem{Element: "VariableValue",
			Name: "Not Applicable", Why: fmt.Sprintf("%d values labelled Not Applicable left out (REFI-QDA has no such label; keep them as text with --keep-not-applicable)", r.NotApplicable)})
	}
	return l
}

package nvivo

import (
	"fmt"
	"path/filepath"

	"github.com/qdabridge/qdabridge/refi"
)

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

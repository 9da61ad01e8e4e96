package merge

import (
	"fmt"
	"io"
	"strings"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/merge"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/remap"
)

// listAt is how many names of one list the report shows.
const listAt = 8

// printReport prints the report for a person. Names and texts come from
// the inputs and are printed through cmdutil.Printable.
func printReport(w io.Writer, rep *report) {
	p := cmdutil.Printable
	for i, in := range rep.Inputs {
		conv := ""
		if in.Converted {
			conv = fmt.Sprintf(", positions converted from %s", in.Positions)
		}
		fmt.Fprintf(w, "input %d:   %s (%q%s)\n", i+1, p(in.File), p(in.Name), conv)
		if i > 0 {
			fmt.Fprintf(w, "  matched: %s\n", counts(in.Matched))
		}
		fmt.Fprintf(w, "  added:   %s\n", counts(in.Added))
		if len(in.OnlyCodes) > 0 {
			fmt.Fprintf(w, "  codes only here: %s\n", list(in.OnlyCodes))
		}
		if len(in.Unmatched) > 0 {
			fmt.Fprintf(w, "  not matched: %s\n", list(in.Unmatched))
		}
	}
	for _, c := range rep.Conflicts {
		fmt.Fprintf(w, "conflict:  input %d, %s %q: %s\n", c.Input+1, c.Kind, p(c.Name), p(c.Detail))
	}
	for _, r := range rep.Remapped {
		fmt.Fprintf(w, "remapped:  input %d, %q (%.0f%% similar): %d exact, %d touched, %d deleted\n", r.Input+1, p(r.Source), 100*r.Similarity, r.Exact, r.Touched, r.Deleted)
		for _, c := range r.Changes {
			switch c.Status {
			case remap.Touched:
				fmt.Fprintf(w, "  touched: %s → %s\n", p(cli.Passage(c.OldText)), p(cli.Passage(c.NewText)))
			case remap.Deleted:
				fmt.Fprintf(w, "  deleted: %s (%d %s dropped)\n", p(cli.Passage(c.OldText)), c.Codings, cli.Plural(c.Codings, "coding"))
			}
		}
	}
	printLedger(w, rep.Ledger)
	fmt.Fprintf(w, "wrote:     %s (%d bytes, positions as %s)\n", p(rep.Output), rep.Bytes, rep.Positions)
}

// counts lists the non-zero counts of c.
func counts(c merge.Counts) string {
	var parts []string
	for _, x := range []struct {
		n    int
		name string
	}{{c.Sources, "source"}, {c.Codes, "code"}, {c.Cases, "case"}, {c.Users, "user"}, {c.Variables, "variable"},
		{c.Notes, "note"}, {c.Selections, "selection"}, {c.Codings, "coding"}, {c.Sets, "set"}, {c.Links, "link"}} {
		if x.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", x.n, cli.Plural(x.n, x.name)))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

func list(names []string) string {
	var q []string
	for i, n := range names {
		if i == listAt {
			q = append(q, fmt.Sprintf("and %d more", len(names)-listAt))
			break
		}
		q = append(q, fmt.Sprintf("%q", cmdutil.Printable(n)))
	}
	return strings.Join(q, ", ")
}

// ledgerColumns are the columns of the ledger table; Moved is shown as
// "merged".
var ledgerColumns = []refi.Column{refi.Kept, refi.Converted, refi.Moved, refi.Renamed, refi.Dropped}

// printLedger prints the merge's ledger, summed over the inputs, as a
// table: one row for each kind the inputs hold, zeros left blank.
func printLedger(w io.Writer, l *refi.Ledger) {
	fmt.Fprintf(w, "%-10s %-16s %7s", "ledger:", "all inputs", "input")
	for _, c := range ledgerColumns {
		name := c.String()
		if c == refi.Moved {
			name = "merged"
		}
		fmt.Fprintf(w, " %9s", name)
	}
	fmt.Fprintln(w)
	for _, r := range l.Rows {
		if r.Input == 0 {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%-10s %-16s %7d", "", r.Kind, r.Input)
		for _, c := range ledgerColumns {
			if n := r.Counts[c]; n > 0 {
				fmt.Fprintf(&b, " %9d", n)
			} else {
				fmt.Fprintf(&b, " %9s", "")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

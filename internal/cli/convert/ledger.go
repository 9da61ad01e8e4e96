package convert

import (
	"fmt"
	"io"
	"strings"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/refi"
)

// ledgerColumns are the columns of the ledger table, in the order of the
// JSON report.
var ledgerColumns = []refi.Column{refi.Kept, refi.Converted, refi.Repaired, refi.Moved, refi.Renamed, refi.Dropped, refi.Invisible}

// printLedger prints an output's ledger as a table: one row for each kind
// the input holds, zeros left blank.
func printLedger(w io.Writer, path string, l *refi.Ledger) {
	fmt.Fprintf(w, "%-10s %-16s %7s", "ledger:", cmdutil.Printable(path), "input")
	for _, c := range ledgerColumns {
		fmt.Fprintf(w, " %9s", c)
	}
	fmt.Fprintln(w)
	any := false
	for _, r := range l.Rows {
		if r.Input == 0 {
			continue
		}
		any = true
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
	if !any {
		fmt.Fprintf(w, "%-10s %s\n", "", "the input holds nothing")
	}
}

// itemGroup is the items put in one column for one reason.
type itemGroup struct {
	col   refi.Column
	why   string
	kinds []refi.ItemKind
	n     map[refi.ItemKind]int
	names []string
	more  bool
}

// groupItems groups the listed items of l in columns cols by column and
// reason, in ledger order.
func groupItems(l *refi.Ledger, cols ...refi.Column) []*itemGroup {
	var out []*itemGroup
	byWhy := map[string]*itemGroup{}
	add := func(k refi.ItemKind, c refi.Column, why, name string) {
		key := c.String() + "\x00" + why
		g := byWhy[key]
		if g == nil {
			g = &itemGroup{col: c, why: why, n: map[refi.ItemKind]int{}}
			byWhy[key] = g
			out = append(out, g)
		}
		if g.n[k] == 0 {
			g.kinds = append(g.kinds, k)
		}
		g.n[k]++
		switch {
		case name == "":
		case len(g.names) < 3:
			g.names = append(g.names, cmdutil.Printable(name))
		default:
			g.more = true
		}
	}
	for _, r := range l.Rows {
		for _, it := range r.Items {
			if !containsColumn(cols, it.Column) {
				continue
			}
			name := ""
			switch {
			case it.NewName != "":
				name = quote(it.Name) + " → " + quote(it.NewName)
			case it.Name != "":
				name = quote(it.Name)
			}
			add(r.Kind, it.Column, it.Why, name)
		}
		for _, c := range cols {
			if r.Unlisted > 0 && r.Counts[c] > 0 {
				for i := 0; i < r.Unlisted; i++ {
					add(r.Kind, c, "not listed one by one", "")
				}
				break
			}
		}
	}
	return out
}

// quote puts a name in quotation marks as it is: a backslash in a code
// path (MAXQDA's separator) is not doubled; control characters are escaped
// when the line is printed.
func quote(name string) string { return `"` + name + `"` }

func containsColumn(cols []refi.Column, c refi.Column) bool {
	for _, x := range cols {
		if x == c {
			return true
		}
	}
	return false
}

// groupLines renders groups as report lines, prefixed with path: how many
// of each kind, the column, why, and the first names when the group holds
// one kind.
func groupLines(path string, groups []*itemGroup) []string {
	var lines []string
	for _, g := range groups {
		var counts []string
		for _, k := range g.kinds {
			counts = append(counts, fmt.Sprintf("%d %s", g.n[k], k))
		}
		line := fmt.Sprintf("%s: %s %s: %s", path, strings.Join(counts, ", "), g.col, g.why)
		if len(g.kinds) == 1 && len(g.names) > 0 {
			names := strings.Join(g.names, ", ")
			if g.more {
				names += ", …"
			}
			line += " (" + names + ")"
		}
		lines = append(lines, line)
	}
	return lines
}

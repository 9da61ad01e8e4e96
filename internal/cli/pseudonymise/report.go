package pseudonymise

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/pseudonym"
)

// report is what pseudonymise did, as --json prints it. It holds no
// original.
type report struct {
	Input        string         `json:"input"`
	Key          string         `json:"key"`
	Output       string         `json:"output"`
	Log          string         `json:"log,omitempty"`
	Bytes        int64          `json:"bytes"`
	Replacements int            `json:"replacements"`
	ByCategory   map[string]int `json:"byCategory"`
	ByPlace      map[string]int `json:"byPlace"`
	Texts        int            `json:"texts"` // texts changed
	Selections   struct {
		Exact   int `json:"exact"`
		Covered int `json:"covered"`
		Deleted int `json:"deleted"`
	} `json:"selections"`
}

func newReport(in string, o options, res *pseudonym.Result) *report {
	rep := &report{Input: in, Key: o.key, Output: o.out, Log: o.log, Replacements: len(res.Log), ByCategory: map[string]int{}, ByPlace: map[string]int{}, Texts: len(res.Revisions)}
	for _, r := range res.Log {
		c := r.Category
		if c == "" {
			c = "(none)"
		}
		rep.ByCategory[c]++
		rep.ByPlace[r.Place]++
	}
	for _, rev := range res.Revisions {
		rep.Selections.Exact += rev.Exact
		rep.Selections.Covered += rev.Touched
		rep.Selections.Deleted += rev.Deleted
	}
	return rep
}

// printReport prints the report for a person, in the layout of revise's.
func printReport(w io.Writer, rep *report) {
	p := cmdutil.Printable
	fmt.Fprintf(w, "read:      %s with the key %s\n", p(rep.Input), p(rep.Key))
	fmt.Fprintf(w, "replaced:  %d %s in %d %s and in names, descriptions and values\n", rep.Replacements, cli.Plural(rep.Replacements, "occurrence"), rep.Texts, cli.Plural(rep.Texts, "text"))
	fmt.Fprintf(w, "category:  %s\n", p(perCategory(rep.ByCategory, nil)))
	fmt.Fprintf(w, "place:     %s\n", perCategory(rep.ByPlace, []string{"text", "name", "description", "value"}))
	s := rep.Selections
	fmt.Fprintf(w, "passages:  %d exact, %d widened to cover a replacement, %d deleted\n", s.Exact, s.Covered, s.Deleted)
	fmt.Fprintf(w, "wrote:     %s (%d bytes)\n", p(rep.Output), rep.Bytes)
	if rep.Log != "" {
		fmt.Fprintf(w, "log:       %s\n", p(rep.Log))
		fmt.Fprintf(w, "warning:   %s holds the identifiers: keep it apart from the project\n", p(rep.Log))
	}
}

// perCategory is "a 3, b 1": the counts in order, then the rest sorted.
func perCategory(counts map[string]int, order []string) string {
	var parts []string
	seen := map[string]bool{}
	for _, k := range order {
		seen[k] = true
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
		}
	}
	var rest []string
	for k := range counts {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// writeLog writes the log as CSV.
func writeLog(w io.Writer, log []pseudonym.Replacement) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"where", "place", "position", "category", "original", "replacement"})
	for _, r := range log {
		pos := ""
		if r.Position >= 0 {
			pos = fmt.Sprint(r.Position)
		}
		cw.Write([]string{r.Where, r.Place, pos, r.Category, r.Original, r.Replacement})
	}
	cw.Flush()
	return cw.Error()
}

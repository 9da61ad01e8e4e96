package nvivo

import (
	"io"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/qdabridge/qdabridge/xlsx"
)

// fuzzRoundTripCount counts the inputs of FuzzCommaSpaceRoundTrip (see
// internal/fuzzstat). The targets of fuzz_test.go have their own counter;
// a test binary runs one target at a time, so only one of them counts.
var fuzzRoundTripCount fuzzstat.Counter

// writeTextRecord writes a record of NVivo's text report: fields joined by
// ", ", double quotes doubled, a field quoted when it has a comma, line
// breaks written as they are, CR LF at the end.
func writeTextRecord(w io.StringWriter, fields []string) {
	for i, f := range fields {
		if i > 0 {
			w.WriteString(", ")
		}
		f = strings.ReplaceAll(f, `"`, `""`)
		if strings.Contains(f, ",") {
			f = `"` + f + `"`
		}
		w.WriteString(f)
	}
	w.WriteString("\r\n")
}

// FuzzCommaSpaceRoundTrip writes two records in NVivo's text-report form
// and reads them back: the fields must come back as written.
func FuzzCommaSpaceRoundTrip(f *testing.F) {
	f.Add("Nodes\\\\A", "a, \"b\"", "line\nbreak", "x", "", "last\r\n")
	f.Add("\"q", "", "\"\"", "a,b", "\n", "y\r")
	f.Fuzz(func(t *testing.T, a, b, c, d, e, g string) {
		fuzzRoundTripCount.Add()
		// a line break in the first field of a record cannot be told from
		// one in the last field of the record before (NVivo's first column
		// is a hierarchical name, which never has one)
		noBreak := strings.NewReplacer("\r", " ", "\n", " ")
		a, d = noBreak.Replace(a), noBreak.Replace(d)
		recs := [][]string{{a, b, c}, {d, e, g}}
		var sb strings.Builder
		writeTextRecord(&sb, []string{"H1", "H2", "H3"})
		for _, r := range recs {
			writeTextRecord(&sb, r)
		}
		grid, _, err := parseCommaSpace(sb.String(), xlsx.Reader{})
		if err != nil {
			t.Fatal(err)
		}
		var want [][]string
		for _, r := range recs {
			for _, field := range r {
				if strings.TrimSpace(field) != "" {
					want = append(want, r)
					break
				}
			}
		}
		// A record ending in a line break cannot be told from the end of
		// the record; a continuation of an unquoted last field that itself
		// has commas cannot happen (such a field is quoted).
		if len(grid.rows) != len(want) {
			if endsBreak(recs) {
				return
			}
			t.Fatalf("%d records read, %d written: %q", len(grid.rows), len(want), sb.String())
		}
		for i, r := range want {
			for j, field := range r {
				got := grid.rows[i].cell(j).Value
				if got != field && !endsBreak(recs) {
					t.Fatalf("record %d field %d: %q, wrote %q (input %q)", i, j, got, field, sb.String())
				}
			}
		}
	})
}

func endsBreak(recs [][]string) bool {
	for _, r := range recs {
		for _, f := range r {
			if strings.HasSuffix(f, "\n") || strings.HasSuffix(f, "\r") || strings.HasPrefix(f, "\n") || strings.HasPrefix(f, "\r") {
				return true
			}
		}
	}
	return false
}

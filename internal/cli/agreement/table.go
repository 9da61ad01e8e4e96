package agreement

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/qdabridge/qdabridge/agreement"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/refi"
)

// writeTable writes the report as text tables. Write errors are kept by
// w (a cli.Output).
func writeTable(w io.Writer, rep *agreement.Report) {
	p := cmdutil.Printable
	fmt.Fprintf(w, "coders: A = %s, B = %s (percentage agreement and kappa); alpha: %s\n", p(rep.A.Name), p(rep.B.Name), names(rep.AlphaCoders))
	fmt.Fprintf(w, "characters counted as: %s\n\n", rep.Positions)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tSOURCE\tSIZE\tAGREEMENT %\tA AND B %\tNEITHER %\tA NOT B %\tB NOT A %\tKAPPA")
	for _, c := range rep.Comparisons {
		n := float64(c.Size)
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.4f\n", p(c.CodePath), p(c.Source.Name), c.Size, c.Agreement,
			pct(c.Counts.Both, n), pct(c.Counts.Neither, n), pct(c.Counts.OnlyA, n), pct(c.Counts.OnlyB, n), c.Kappa)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nper code (sources weighted by their size):")
	fmt.Fprintln(tw, "CODE\tSOURCES\tSIZE\tAGREEMENT %\tKAPPA\tALPHA")
	for _, s := range rep.Codes {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%.4f\t%s\n", p(s.CodePath), s.Sources, s.Size, s.Agreement, s.Kappa, alpha(s.Alpha))
	}
	tw.Flush()
	for _, s := range rep.Skipped {
		fmt.Fprintf(w, "skipped %s: %s\n", p(s.Source.Name), p(s.Reason))
	}
	for _, s := range rep.Warnings {
		fmt.Fprintf(w, "warning: %s\n", p(s))
	}
}

func pct(k int64, n float64) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / n * 100
}

// alpha formats an alpha, "-" when it is undefined.
func alpha(a *float64) string {
	if a == nil {
		return "-"
	}
	return fmt.Sprintf("%.4f", *a)
}

func names(rs []refi.Ref) string {
	ns := make([]string, len(rs))
	for i, r := range rs {
		ns[i] = cmdutil.Printable(r.Name)
	}
	return strings.Join(ns, ", ")
}

package bench

import (
	"fmt"
	"io"
	"strings"
)

// The performance targets, checked in the tables' target column.
const (
	readXLint   = 1.5 // read within 1.5× xmllint --stream
	convertRead = 1.5 // convert within 1.5× a read
	checkRead   = 2.5 // check within 2.5× a read
	headroomMB  = 64  // peak memory within project.qde (check: twice) + 64 MB
)

// Table writes one fixture's report as a Markdown table: per case its
// time, throughput, peak memory, peak minus the project.qde size, ratios
// to the token pass and to xmllint --stream (measured between the case's
// runs), and the target the case has, met or not; then notes.
func Table(w io.Writer, r *Report) {
	qde := mb(uint64(r.QDEsize))
	fmt.Fprintf(w, "preset %s: project.qde %.1f MB, %d codings, %d excerpts; GOMAXPROCS %d (%d CPUs); %d run(s) per case, each after a token pass and an xmllint run\n\n",
		r.Preset, qde, r.Codings, r.Selections, r.Procs, r.CPUs, r.Runs)
	t := &table{head: []string{"case", "time", "MB/s", "codings/s", "peak MB", "peak−qde MB", "× tokens", "× xmllint", "target"}}
	rows := append([]Result{r.TokensRow}, r.Cases...)
	if r.XMLLint {
		rows = append([]Result{r.TokensRow, r.LintRow}, r.Cases...)
	}
	for _, x := range rows {
		peak, over := fmt.Sprintf("%.1f", x.PeakHeap), fmt.Sprintf("%+.1f", x.PeakHeap-qde)
		if x.Case == "xmllint" {
			peak, over = rss(x.MaxRSS), "–"
			if x.MaxRSS > 0 {
				over = fmt.Sprintf("%+.1f", x.MaxRSS-qde)
			}
		}
		lint := "–"
		if r.XMLLint {
			lint = fmt.Sprintf("%.2f", x.XLint())
		}
		t.add(x.Case, seconds(x.Seconds), fmt.Sprintf("%.1f", qde/x.Seconds), fmt.Sprintf("%.0f", float64(r.Codings)/x.Seconds),
			peak, over, fmt.Sprintf("%.2f", x.XTokens()), lint, target(r, x))
	}
	t.write(w)
	fmt.Fprintf(w, "\npeak MB: the Go heap's highest growth during a run (sampled every 250 µs), for xmllint its max RSS (n/a where not measured); peak−qde MB is it minus project.qde's size (target: at most +%d)\n", headroomMB)
	fmt.Fprintln(w, "× tokens, × xmllint: time over that of the encoding/xml token pass over project.qde (inflated from the .qdpx), of xmllint --stream --noout on the extracted project.qde, run before each run of the case")
	if !r.XMLLint {
		fmt.Fprintln(w, "xmllint is not installed: its row and column are left out, and check runs without its opinion")
	}
	for _, x := range r.Cases {
		if c, err := CaseNamed(x.Case); err == nil {
			fmt.Fprintf(w, "%s: %s\n", c.Name, c.What)
		}
	}
}

// target says whether the case meets its target: read against xmllint,
// convert and check against read (each over its own token passes, so that
// they compare across the run), check's peak against twice project.qde.
func target(r *Report, x Result) string {
	read := r.Case("read")
	qde := mb(uint64(r.QDEsize))
	mark := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "NO"
	}
	switch x.Case {
	case "read":
		if r.XMLLint {
			return fmt.Sprintf("≤%.1f× xmllint %s", readXLint, mark(x.XLint() <= readXLint))
		}
	case "convert", "convert-spec":
		if read != nil {
			v := ratio(x.XTokens(), read.XTokens())
			return fmt.Sprintf("≤%.1f× read: %.2f %s", convertRead, v, mark(v <= convertRead))
		}
	case "check", "check-go":
		s := fmt.Sprintf("peak ≤2×qde+%d %s", headroomMB, mark(x.PeakHeap <= 2*qde+headroomMB))
		if read != nil {
			v := ratio(x.XTokens(), read.XTokens())
			s = fmt.Sprintf("≤%.1f× read: %.2f %s; %s", checkRead, v, mark(v <= checkRead), s)
		}
		return s
	}
	return ""
}

// Scaling writes how each case's time and peak grew over the reports
// (presets of growing size), against how the codings and project.qde
// grew; the last column is the growth of time over that of project.qde
// from the first report to the last (1.00: linear).
func Scaling(w io.Writer, reps []*Report) {
	if len(reps) < 2 {
		return
	}
	first, last := reps[0], reps[len(reps)-1]
	var cod, qde []string
	for _, r := range reps {
		cod = append(cod, fmt.Sprintf("%s %d ×%.1f", r.Preset, r.Codings, float64(r.Codings)/float64(first.Codings)))
		qde = append(qde, fmt.Sprintf("%s %.1f MB ×%.1f", r.Preset, mb(uint64(r.QDEsize)), float64(r.QDEsize)/float64(first.QDEsize)))
	}
	fmt.Fprintf(w, "scaling: codings %s; project.qde %s\n\n", strings.Join(cod, ", "), strings.Join(qde, ", "))
	t := &table{head: []string{"case"}}
	for _, r := range reps {
		t.head = append(t.head, r.Preset+" time")
	}
	for _, r := range reps {
		t.head = append(t.head, r.Preset+" peak MB")
	}
	t.head = append(t.head, "time growth / qde growth")
	names := []string{"tokens"}
	if first.XMLLint {
		names = append(names, "xmllint")
	}
	for _, x := range first.Cases {
		names = append(names, x.Case)
	}
	for _, name := range names {
		rs := make([]*Result, len(reps))
		for i, r := range reps {
			rs[i] = r.row(name)
		}
		if rs[0] == nil || rs[len(rs)-1] == nil {
			continue
		}
		row := []string{name}
		for _, x := range rs {
			cell := "–"
			if x != nil {
				cell = fmt.Sprintf("%s ×%.1f", seconds(x.Seconds), x.Seconds/rs[0].Seconds)
			}
			row = append(row, cell)
		}
		for _, x := range rs {
			cell := "–"
			if x != nil {
				cell = fmt.Sprintf("%.1f", x.PeakHeap)
				if name == "xmllint" {
					cell = rss(x.MaxRSS)
				}
			}
			row = append(row, cell)
		}
		growth := (rs[len(rs)-1].Seconds / rs[0].Seconds) / (float64(last.QDEsize) / float64(first.QDEsize))
		t.add(append(row, fmt.Sprintf("%.2f", growth))...)
	}
	t.write(w)
}

// row is a case's result or a baseline's, nil when it did not run.
func (r *Report) row(name string) *Result {
	switch name {
	case "tokens":
		return &r.TokensRow
	case "xmllint":
		if !r.XMLLint {
			return nil
		}
		return &r.LintRow
	}
	return r.Case(name)
}

// ToolTable writes the tool readers' results: read and write as convert
// does, against the REFI read of the same-size project and the token pass
// over it, both measured between the reader's runs.
func ToolTable(w io.Writer, rs []*ToolResult) {
	fmt.Fprintln(w, "tool readers: read the tool's input and write a .qdpx, as convert does; each run after a token pass over and a REFI read (refi.Open + Counts) of the synth project of the same size (medium for 20000 codings, large for 200000)")
	fmt.Fprintln(w)
	t := &table{head: []string{"reader", "codings", "placed", "input MB", "time", "codings/s", "peak MB", "REFI read", "× REFI read", "× tokens", "growth"}}
	first := map[string]*ToolResult{} // each tool's smallest input
	for _, r := range rs {
		if f := first[r.Tool]; f == nil || r.Codings < f.Codings {
			first[r.Tool] = r
		}
	}
	for _, r := range rs {
		growth := ""
		if f := first[r.Tool]; f != r {
			growth = fmt.Sprintf("time ×%.1f for codings ×%.1f", r.Seconds/f.Seconds, float64(r.Codings)/float64(f.Codings))
		}
		t.add(r.Tool, fmt.Sprint(r.Codings), fmt.Sprint(r.Placed), fmt.Sprintf("%.1f", r.Input), seconds(r.Seconds), fmt.Sprintf("%.0f", float64(r.Codings)/r.Seconds),
			fmt.Sprintf("%.1f", r.PeakHeap), seconds(r.REFIRead), fmt.Sprintf("%.2f", r.XREFI()), fmt.Sprintf("%.2f", r.XTokens()), growth)
	}
	t.write(w)
	fmt.Fprintln(w, "\nrqda: .rqda (SQLite); qualcoder: project folder with data.qda; taguette: .sqlite3; nvivo: codebook and Coding Summary workbooks with the transcripts (.txt) as documents; placed: the codings that came through; growth: from the reader's smallest input")
}

func seconds(s float64) string { return fmt.Sprintf("%.3fs", s) }

// table is a Markdown table whose columns are as wide as their widest
// cell; text columns are aligned left, numbers right.
type table struct {
	head []string
	rows [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w io.Writer) {
	width := make([]int, len(t.head))
	for i, h := range t.head {
		width[i] = len([]rune(h))
	}
	for _, r := range t.rows {
		for i, c := range r {
			if i < len(width) {
				width[i] = max(width[i], len([]rune(c)))
			}
		}
	}
	line := func(cells []string, left func(i int) bool) {
		var b strings.Builder
		b.WriteString("|")
		for i := range t.head {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			pad := strings.Repeat(" ", width[i]-len([]rune(c)))
			if left(i) {
				b.WriteString(" " + c + pad + " |")
			} else {
				b.WriteString(" " + pad + c + " |")
			}
		}
		fmt.Fprintln(w, b.String())
	}
	leftCol := func(i int) bool {
		return i == 0 || i == len(t.head)-1 && (t.head[i] == "target" || t.head[i] == "growth")
	}
	line(t.head, leftCol)
	var b strings.Builder
	b.WriteString("|")
	for i := range t.head {
		if leftCol(i) {
			b.WriteString(":" + strings.Repeat("-", width[i]+1) + "|")
		} else {
			b.WriteString(strings.Repeat("-", width[i]+1) + ":|")
		}
	}
	fmt.Fprintln(w, b.String())
	for _, r := range t.rows {
		line(r, leftCol)
	}
}

// rss is a process's peak resident memory in MB for a cell, "n/a" where it
// was not measured.
func rss(mb float64) string {
	if mb == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f rss", mb)
}

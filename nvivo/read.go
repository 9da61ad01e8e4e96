package nvivo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/regular"
	"github.com/qdabridge/qdabridge/xlsx"
)

// Reader reads NVivo's exports: .xlsx workbooks, .csv files and the text
// (.txt) reports. Its fields are options; the zero value detects the kind
// of each export from its content and applies the documented defaults. Set
// the fields before the first call.
type Reader struct {
	// Name is the name of the export used in errors and warnings when it is
	// read from an io.Reader. ReadFile uses the path.
	Name string

	// Kind, when set, reads the export as that kind instead of detecting
	// it; an export that lacks the columns of the kind then gives an error
	// wrapping xlsx.ErrMissingColumn.
	Kind ExportKind

	// XLSX reads the workbooks and CSV files: its limits and DateLayouts
	// apply (Raw and FillMerged are ignored). DateLayouts also serve for
	// dates written as text in text reports; the default is NVivo's en-US
	// month/day/year forms (xlsx.DefaultDateLayouts).
	XLSX xlsx.Reader

	// UnassignedLabels are the cell values that mean "Unassigned" in a
	// classification sheet, compared case-insensitively after trimming.
	// Nil means []string{"Unassigned"}. Add the label of a localised
	// NVivo here (for example "Nicht zugewiesen").
	UnassignedLabels []string

	// NotApplicableLabels are the cell values that mean "Not Applicable".
	// Nil means []string{"Not Applicable"}.
	NotApplicableLabels []string

	// MaxWarnings is how many warnings of each code are listed; further
	// ones are counted in the last one. Zero means 1000.
	MaxWarnings int
}

// Export is what was read from one export file: its kind and format, the
// typed content (exactly one of Codebook, Classification, CodingSummary and
// Table is set, by kind), and the warnings met. Rows is the number of data
// rows (or records) the export has, whether read or skipped; every row not
// read is counted in a warning.
type Export struct {
	Name      string
	Kind      ExportKind
	Format    Format
	Sheets    []string // the sheets read (several for a Coding Summary split over sheets)
	Detection string   // why the kind was chosen
	Rows      int

	Codebook       *CodebookSheet
	Classification *Classification
	CodingSummary  *CodingSummary
	Table          *Table // list, summary-view, matrix, crosstab, framework

	Warnings []Warning
}

// ReadFile reads the export in the named file. It is [Reader.Read] with
// Name set to the path; the file is closed before ReadFile returns.
func (r *Reader) ReadFile(path string) (*Export, error) {
	if err := regular.Check(path); err != nil {
		return nil, &Error{File: path, Err: err}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	defer f.Close()
	rr := *r
	rr.Name = path
	return rr.Read(f)
}

// Read reads one export from rd: a workbook (.xlsx), a CSV file or a text
// report, recognised by their bytes, never by a file name. The kind of
// export is detected from the header row, the labels and the cells (see
// the package documentation), unless Reader.Kind is set.
//
// Read returns an [*Error] for input it cannot read: an old binary .xls
// workbook (wrapping [xlsx.ErrLegacyXLS], with a message asking to save it
// as .xlsx), a broken or too large file, content that matches no export
// layout ([ErrUnknownExport]), an export without data ([ErrEmpty]) or
// without a column its kind needs ([xlsx.ErrMissingColumn] inside an
// [*xlsx.CellError]). Problems with single rows and cells are warnings,
// not errors. Read does not panic on any input.
func (r *Reader) Read(rd io.Reader) (*Export, error) {
	fail := func(kind ExportKind, err error) (*Export, error) {
		return nil, &Error{File: r.Name, Kind: kind, Err: err}
	}
	maxBytes := r.XLSX.MaxBytes
	if maxBytes <= 0 {
		maxBytes = xlsx.DefaultMaxBytes
	}
	data, err := io.ReadAll(io.LimitReader(rd, maxBytes+1))
	if err != nil {
		return fail("", fmt.Errorf("reading input: %w", err))
	}
	if int64(len(data)) > maxBytes {
		return fail("", fmt.Errorf("%w: input larger than %d bytes", xlsx.ErrTooLarge, maxBytes))
	}
	grids, format, textWarnings, err := r.load(data)
	if err != nil {
		return fail("", err)
	}
	ws := newWarnings(r.Name, r.MaxWarnings)
	for _, w := range textWarnings {
		ws.add(w)
	}
	// Choose the sheet: the first whose kind is known, a classification
	// only when no other kind is (or the first of kind Reader.Kind).
	var (
		chosen  *grid
		det     detection
		firstEr error
		idx     int
	)
	for i, g := range grids {
		if len(g.header) == 0 && len(g.rows) == 0 {
			continue
		}
		d := detect(g)
		if r.Kind != "" {
			if d.kind == r.Kind || chosen == nil {
				chosen, det, idx = g, detection{kind: r.Kind, why: "kind given by the caller"}, i
				if d.kind == r.Kind {
					det.why = "kind given by the caller; " + d.why
					break
				}
			}
			continue
		}
		if d.err != nil {
			if firstEr == nil {
				firstEr = d.err
				if g.sheet != "" {
					firstEr = cellErr(g.sheet, 0, 0, "", d.err)
				}
			}
			continue
		}
		// A classification is what is left when no other layout matches:
		// a sheet of another kind is preferred (a notes sheet before the
		// data must not win).
		if chosen == nil || det.kind == KindClassification && d.kind != KindClassification {
			chosen, det, idx = g, d, i
		}
		if d.kind != KindClassification {
			break
		}
	}
	if chosen == nil {
		if firstEr == nil {
			firstEr = fmt.Errorf("%w: no sheet has any rows", ErrEmpty)
		}
		return fail("", firstEr)
	}
	if len(chosen.rows) == 0 {
		err := fmt.Errorf("%w: a %s export with a header and no rows", ErrEmpty, det.kind)
		if chosen.sheet != "" {
			err = cellErr(chosen.sheet, 0, 0, "", err)
		}
		return fail(det.kind, err)
	}
	ex := &Export{Name: r.Name, Kind: det.kind, Format: format, Detection: det.why}
	parts := []*grid{chosen}
	// A long Coding Summary is split over sheets with the same header.
	for i, g := range grids {
		if i == idx || len(g.header) == 0 && len(g.rows) == 0 {
			continue
		}
		if i > idx && det.kind == KindCodingSummary && sameHeader(g.header, chosen.header) {
			parts = append(parts, g)
			continue
		}
		if len(g.rows) > 0 {
			ws.add(Warning{Code: WarnSheets, Sheet: g.sheet, Count: len(g.rows),
				Message: fmt.Sprintf("sheet not read (%d rows): only the sheet holding the %s is read", len(g.rows), det.kind)})
		}
	}
	for _, g := range parts {
		ex.Sheets = append(ex.Sheets, g.sheet)
		ex.Rows += len(g.rows)
	}
	ctx := &readCtx{r: r, ws: ws, layouts: r.XLSX.DateLayouts}
	if ctx.layouts == nil {
		ctx.layouts = xlsx.DefaultDateLayouts()
	}
	switch det.kind {
	case KindCodebook:
		ex.Codebook, err = ctx.codebook(chosen)
	case KindClassification:
		ex.Classification, err = ctx.classification(chosen)
	case KindCodingSummary:
		ex.CodingSummary, err = ctx.codingSummary(parts)
	case KindList, KindSummaryView, KindMatrix, KindCrosstab, KindFramework:
		ex.Table, err = ctx.table(chosen, det.kind)
	default:
		err = fmt.Errorf("%w: unknown kind %q", ErrUnknownExport, det.kind)
	}
	if err != nil {
		var ce *xlsx.CellError
		if chosen.sheet != "" && !errors.As(err, &ce) {
			err = cellErr(chosen.sheet, 0, 0, "", err)
		}
		return fail(det.kind, err)
	}
	ex.Warnings = ws.result()
	return ex, nil
}

func sameHeader(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if normHeader(a[i]) != normHeader(b[i]) {
			return false
		}
	}
	return true
}

// readCtx is the state of reading one export.
type readCtx struct {
	r       *Reader
	ws      *warnings
	layouts []string
}

func (c *readCtx) warn(g *grid, row gridRow, col int, code WarningCode, format string, args ...any) {
	w := Warning{Code: code, Sheet: g.sheet, Row: row.num, Line: row.line, Message: fmt.Sprintf(format, args...)}
	if col >= 0 {
		w.Col = col + 1
		w.Header = g.headerAt(col)
	}
	c.ws.add(w)
}

// skip reports a row that is not read.
func (c *readCtx) skip(g *grid, row gridRow, col int, format string, args ...any) {
	c.warn(g, row, col, WarnRowSkipped, format, args...)
}

// missing returns the error for a column the export must have.
func missing(g *grid, names ...string) error {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return cellErr(g.sheet, 1, 0, "", fmt.Errorf("%w %s", xlsx.ErrMissingColumn, strings.Join(q, " or ")))
}

// cellTime reads a date: an Excel date or serial, or text in one of the
// layouts.
func (c *readCtx) cellTime(cell xlsx.Cell) (time.Time, bool) {
	switch cell.Type {
	case xlsx.TypeEmpty:
		return time.Time{}, false
	case xlsx.TypeDate, xlsx.TypeNumber:
		t, err := cell.Time()
		return t, err == nil
	}
	s := strings.TrimSpace(cell.Raw)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range c.layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// cellInt reads a whole number; ok is false for an empty cell, and err set
// for one that is not a number.
func cellInt(cell xlsx.Cell) (n int, ok bool, err error) {
	if strings.TrimSpace(cell.Raw) == "" {
		return 0, false, nil
	}
	n, err = cell.Int()
	return n, err == nil, err
}

func cellFloat(cell xlsx.Cell) (f float64, ok bool, err error) {
	if strings.TrimSpace(cell.Raw) == "" {
		return 0, false, nil
	}
	f, err = cell.Float()
	return f, err == nil, err
}

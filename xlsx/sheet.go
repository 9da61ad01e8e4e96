package xlsx

import (
	"fmt"
	"strconv"
	"strings"
)

// A Workbook is the content of an xlsx file, copied out of it: it holds no
// open file and needs no Close.
type Workbook struct {
	Sheets   []*Sheet // in workbook order (the order of the tabs)
	Date1904 bool     // the workbook uses the 1904 date system
}

// Sheet returns the sheet with the given name, compared case-insensitively
// as Excel does, or nil if there is none.
func (wb *Workbook) Sheet(name string) *Sheet {
	for _, s := range wb.Sheets {
		if strings.EqualFold(s.Name, name) {
			return s
		}
	}
	return nil
}

// RequireSheet returns the first sheet whose name matches one of names,
// case-insensitively. If none does, it returns an error wrapping
// [ErrNoSheet] that lists the sheets the workbook has.
func (wb *Workbook) RequireSheet(names ...string) (*Sheet, error) {
	for _, name := range names {
		if s := wb.Sheet(name); s != nil {
			return s, nil
		}
	}
	have := make([]string, len(wb.Sheets))
	for i, s := range wb.Sheets {
		have[i] = strconv.Quote(s.Name)
	}
	return nil, fmt.Errorf("%w: want %s; the workbook has %s", ErrNoSheet, quoteList(names), strings.Join(have, ", "))
}

// A Sheet is one worksheet: a header row and data rows.
//
// Header is row 1 of the sheet. Rows are the rows after it that hold at
// least one value or formula, in order; blank rows are left out ([Row.Num]
// keeps the spreadsheet row number). Every row has at least len(Header)
// cells; a row that is longer keeps its extra cells, whose keys are made by
// the same rule as header keys (see [Column]).
type Sheet struct {
	Name   string   // as in the workbook; "" for CSV
	Header []Column // row 1
	Rows   []Row    // the rows after it that are not blank
	// Merged lists the merged ranges of the sheet ("A1:C1"), normalized to
	// top-left:bottom-right. Unless Reader.FillMerged is set, only the
	// top-left cell of a range holds the value.
	Merged []string

	index *columnIndex
}

// A Column describes one column of a sheet.
//
// Name is the header cell's text as it is. Key is the name to look the
// column up by; keys are unique within a sheet, compared case-insensitively:
//
//   - the key is the name with surrounding white space removed;
//   - a blank name gets "col" and the 1-based column number: "col1" for
//     column A, "col3" for column C;
//   - a key already used gets " (2)", " (3)", ... appended, so two
//     "Hierarchical Name" columns get the keys "Hierarchical Name" and
//     "Hierarchical Name (2)".
type Column struct {
	Index int    // 0-based index into Row.Cells; column A is 0
	Name  string // header text as read; "" for a blank header cell
	Key   string // unique key, see above
}

// columnIndex maps lower-cased keys to column indexes, for the header and
// for the extra columns of rows longer than the header.
type columnIndex struct {
	byKey map[string]int
	cols  []Column // header columns followed by extra columns
}

// newColumnIndex makes keys for the header names and for width-len(names)
// extra columns.
func newColumnIndex(names []string, width int) *columnIndex {
	width = max(width, len(names))
	ix := &columnIndex{byKey: make(map[string]int, width), cols: make([]Column, width)}
	// next suffix to try for each repeated name, so that 16,384 columns of
	// one name are keyed in linear time
	next := map[string]int{}
	for i := range width {
		name := ""
		if i < len(names) {
			name = names[i]
		}
		base := strings.TrimSpace(name)
		if base == "" {
			base = "col" + strconv.Itoa(i+1)
		}
		key := base
		lower := strings.ToLower(base)
		for n := max(next[lower], 2); ; n++ {
			if _, used := ix.byKey[strings.ToLower(key)]; !used {
				if n > 2 || key != base {
					next[lower] = n
				}
				break
			}
			key = base + " (" + strconv.Itoa(n) + ")"
		}
		ix.byKey[strings.ToLower(key)] = i
		ix.cols[i] = Column{Index: i, Name: name, Key: key}
	}
	return ix
}

func (ix *columnIndex) lookup(key string) (int, bool) {
	if ix == nil {
		return 0, false
	}
	i, ok := ix.byKey[strings.ToLower(strings.TrimSpace(key))]
	return i, ok
}

// Column returns the first header column whose key or name matches one of
// names, compared case-insensitively after trimming white space. Use it to
// find a column that has had different names across versions:
//
//	col, ok := sheet.Column("Files", "Sources")
func (s *Sheet) Column(names ...string) (Column, bool) {
	for _, name := range names {
		if strings.TrimSpace(name) == "" {
			continue
		}
		if i, ok := s.index.lookup(name); ok && i < len(s.Header) {
			return s.Header[i], true
		}
	}
	return Column{}, false
}

// RequireColumn is like [Sheet.Column] but returns a [*CellError] wrapping
// [ErrMissingColumn] when no column matches.
func (s *Sheet) RequireColumn(names ...string) (Column, error) {
	if c, ok := s.Column(names...); ok {
		return c, nil
	}
	return Column{}, &CellError{Sheet: s.Name, Row: 1, Err: fmt.Errorf("%w %s", ErrMissingColumn, quoteList(names))}
}

// ColumnAt returns the column with 0-based index i: a header column, or for
// an extra column of a row longer than the header a Column with a blank
// name and a generated key. It returns a Column with Index i and key
// "col<i+1>" for an index beyond every row.
func (s *Sheet) ColumnAt(i int) Column {
	if s.index != nil && i >= 0 && i < len(s.index.cols) {
		return s.index.cols[i]
	}
	return Column{Index: i, Key: "col" + strconv.Itoa(i+1)}
}

// ErrorAt returns a [*CellError] for the cell of row r in column c, with
// the sheet name, row number, column letter and header filled in, and err
// as the cause. Packages that interpret sheets use it so that their errors
// point at the cell:
//
//	n, err := row.Get("References").Int()
//	if err != nil {
//		return sheet.ErrorAt(row, col, err)
//	}
func (s *Sheet) ErrorAt(r Row, c Column, err error) error {
	return &CellError{Sheet: s.Name, Row: r.Num, Col: c.Index + 1, Header: c.Name, Err: err}
}

// A Row is one data row of a [Sheet].
type Row struct {
	Num   int    // 1-based spreadsheet row number (for CSV: the record number, the header being 1)
	Cells []Cell // by 0-based column index

	index *columnIndex
}

// Get returns the cell in the column with the given key (see [Column]),
// matched case-insensitively, or an empty Cell if there is no such column.
// Use [Row.Lookup] to tell a missing column from an empty cell.
func (r Row) Get(key string) Cell {
	c, _ := r.Lookup(key)
	return c
}

// Lookup returns the cell in the column with the given key, and whether the
// sheet has such a column.
func (r Row) Lookup(key string) (Cell, bool) {
	i, ok := r.index.lookup(key)
	if !ok {
		return Cell{}, false
	}
	return r.Cell(i), true
}

// Cell returns the cell with 0-based column index i, or an empty Cell if the
// row has no such cell.
func (r Row) Cell(i int) Cell {
	if i < 0 || i >= len(r.Cells) {
		return Cell{}
	}
	return r.Cells[i]
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	switch len(q) {
	case 0:
		return `""`
	case 1:
		return q[0]
	}
	return "(one of " + strings.Join(q, ", ") + ")"
}

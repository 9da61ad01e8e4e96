package nvivo

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/xlsx"
)

// Table is an export that is a table of names and numbers: a list view
// (Export List), a code's Summary View, or a query result (matrix coding,
// crosstab, framework matrix). These carry no codings: they can enrich a
// project (names, dates, counts) or be used as data on their own.
//
// For a list or summary view, each row is an item (its Name is the row
// Label) and Columns are the other columns. For a matrix, crosstab or
// framework, rows and columns are the labels of the matrix, with NVivo's
// "A : " and "1 : " indexes removed (Label.Index keeps them).
type Table struct {
	Kind ExportKind
	// Corner is the top-left cell of a matrix, crosstab or framework
	// (usually blank), trimmed.
	Corner string
	// ListOf says what a list view lists: "codes", "cases", "files", or ""
	// when its columns do not tell. A summary view lists "files".
	ListOf  string
	Columns []Label
	Rows    []TableRow
}

// Label is a row or column label.
//
// Only leaf names appear in these exports, so two labels may have the same
// Name (two codes called "Academic Success" under different parents); Key
// keeps them apart: it is the Name, followed by " (" and NVivo's index (or
// a running number) and ")" when the Name was already used on that axis.
type Label struct {
	Text  string `json:"text"`            // as written
	Index string `json:"index,omitempty"` // NVivo's index ("A", "AB", "12"), "" when none
	Name  string `json:"name"`            // the label without the index
	Key   string `json:"key"`             // unique among the labels of the axis
}

// TableRow is one row of a Table.
type TableRow struct {
	Row   int // spreadsheet row (record number in CSV)
	Label Label
	Cells []TableCell // one per column of the table
}

// TableCell is one cell of a Table: its text and, when it reads as one, a
// number or a date.
type TableCell struct {
	// Text is the value as displayed (as written in CSV). For a framework
	// matrix the line break NVivo ends every cell with is removed, so an
	// empty cell is "".
	Text     string
	Number   float64 // set when IsNumber; a percentage ("0.56%") is its fraction
	IsNumber bool
	Time     time.Time // set when IsTime (an Excel date, or a date as text in a list)
	IsTime   bool
}

// Column returns the index in Columns (and in each row's Cells) of the
// column with the given key or name, compared case-insensitively, or -1.
func (t *Table) Column(key string) int {
	for i, c := range t.Columns {
		if strings.EqualFold(c.Key, key) {
			return i
		}
	}
	for i, c := range t.Columns {
		if strings.EqualFold(c.Name, key) {
			return i
		}
	}
	return -1
}

// Item is a row of a list view or summary view export. Counts and dates
// that the export does not have are zero.
type Item struct {
	Row            int
	Name           string
	Key            string // unique name, see [Label]
	InFolder       string // summary view: the folder of the file
	Files          int    // number of files coded (Files, or Sources before NVivo 1.x)
	Codes          int    // number of codes (a files list)
	Cases          int
	References     int
	Coverage       float64 // fraction
	Created        time.Time
	CreatedBy      string // initials
	Modified       time.Time
	ModifiedBy     string // initials
	Classification string
}

// Items returns the rows of a list view or summary view as Items, and nil
// for other kinds of table.
func (t *Table) Items() []Item {
	if t.Kind != KindList && t.Kind != KindSummaryView {
		return nil
	}
	idx := func(names ...string) int {
		for _, n := range names {
			if i := t.Column(n); i >= 0 {
				return i
			}
		}
		return -1
	}
	get := func(r TableRow, i int) TableCell {
		if i < 0 || i >= len(r.Cells) {
			return TableCell{}
		}
		return r.Cells[i]
	}
	num := func(r TableRow, i int) int { return int(get(r, i).Number) }
	var (
		folder     = idx("In Folder")
		files      = idx("Files", "Sources")
		codes      = idx("Codes", "Nodes")
		cases      = idx("Cases")
		refs       = idx("References")
		coverage   = idx("Coverage")
		created    = idx("Created On")
		createdBy  = idx("Created By")
		modified   = idx("Modified On")
		modifiedBy = idx("Modified By")
		class      = idx("Classification")
	)
	out := make([]Item, 0, len(t.Rows))
	for _, r := range t.Rows {
		out = append(out, Item{
			Row: r.Row, Name: r.Label.Name, Key: r.Label.Key,
			InFolder: get(r, folder).Text, Files: num(r, files), Codes: num(r, codes), Cases: num(r, cases),
			References: num(r, refs), Coverage: get(r, coverage).Number,
			Created: get(r, created).Time, CreatedBy: get(r, createdBy).Text,
			Modified: get(r, modified).Time, ModifiedBy: get(r, modifiedBy).Text,
			Classification: get(r, class).Text,
		})
	}
	return out
}

// labels makes unique keys for the labels of one axis.
type labelKeys map[string]int

func (lk labelKeys) make(text string, strip bool) Label {
	l := Label{Text: text, Name: strings.TrimSpace(text)}
	if strip {
		l.Index, l.Name = stripLabel(text)
	}
	l.Key = l.Name
	k := strings.ToLower(l.Key)
	lk[k]++
	if lk[k] > 1 {
		suffix := l.Index
		if suffix == "" {
			suffix = strconv.Itoa(lk[k])
		}
		l.Key = l.Name + " (" + suffix + ")"
		for lk[strings.ToLower(l.Key)] > 0 {
			l.Key += "'"
		}
		lk[strings.ToLower(l.Key)]++
	}
	return l
}

// table reads a list view, summary view, matrix, crosstab or framework.
func (c *readCtx) table(g *grid, kind ExportKind) (*Table, error) {
	t := &Table{Kind: kind}
	labelCol := 0
	matrix := kind == KindMatrix || kind == KindCrosstab || kind == KindFramework
	if !matrix {
		labelCol = g.col("Name")
		if labelCol < 0 {
			return nil, missing(g, "Name")
		}
	} else {
		t.Corner = strings.TrimSpace(g.headerAt(0))
	}
	colKeys := labelKeys{}
	var cols []int
	for i := 0; i < g.width(); i++ {
		if i == labelCol {
			continue
		}
		h := g.headerAt(i)
		if strings.TrimSpace(h) == "" {
			// blank header: NVivo's icon columns; kept only if they hold values
			if g.filled(i) == 0 {
				continue
			}
			h = "col" + strconv.Itoa(i+1)
		}
		cols = append(cols, i)
		t.Columns = append(t.Columns, colKeys.make(h, matrix))
	}
	switch kind {
	case KindSummaryView:
		t.ListOf = "files"
	case KindList:
		has := func(n string) bool { return t.Column(n) >= 0 }
		switch {
		case has("Codes") || has("Nodes"):
			t.ListOf = "files"
		case (has("Files") || has("Sources")) && has("Classification"):
			t.ListOf = "cases"
		case has("Files") || has("Sources"):
			t.ListOf = "codes"
		}
		if t.ListOf == "" {
			c.ws.add(Warning{Code: WarnNames, Sheet: g.sheet,
				Message: "list view whose columns do not say whether it lists codes, cases or files; its names are not added to a project"})
		}
	}
	rowKeys := labelKeys{}
	dates := kind == KindList || kind == KindSummaryView
	for _, row := range g.rows {
		text := row.cell(labelCol).Value
		if strings.TrimSpace(text) == "" {
			c.skip(g, row, labelCol, "row without a name or label")
			continue
		}
		tr := TableRow{Row: row.num, Label: rowKeys.make(text, matrix), Cells: make([]TableCell, len(cols))}
		for j, i := range cols {
			tr.Cells[j] = c.tableCell(row.cell(i), kind == KindFramework, dates)
		}
		t.Rows = append(t.Rows, tr)
	}
	return t, nil
}

func (c *readCtx) tableCell(cell xlsx.Cell, framework, dates bool) TableCell {
	tc := TableCell{Text: cell.Value}
	if framework {
		tc.Text = strings.TrimSuffix(strings.TrimSuffix(tc.Text, "\n"), "\r")
	} else {
		tc.Text = strings.TrimSpace(tc.Text)
	}
	switch cell.Type {
	case xlsx.TypeEmpty:
		return tc
	case xlsx.TypeDate:
		if t, ok := c.cellTime(cell); ok {
			tc.Time, tc.IsTime = t, true
		}
		return tc
	}
	if f, err := cell.Float(); err == nil {
		tc.Number, tc.IsNumber = f, true
		return tc
	}
	if dates && cell.Type == xlsx.TypeString {
		if t, ok := c.cellTime(cell); ok {
			tc.Time, tc.IsTime = t, true
		}
	}
	return tc
}

// String returns the table's kind, size and what it lists.
func (t *Table) String() string {
	s := fmt.Sprintf("%s: %d rows × %d columns", t.Kind, len(t.Rows), len(t.Columns))
	if t.ListOf != "" {
		s += " of " + t.ListOf
	}
	return s
}

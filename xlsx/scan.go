package xlsx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// scanner reads worksheet parts. It is shared by the sheets of one
// workbook, which share the cell budget.
type scanner struct {
	pkg      *pkg
	lim      limits
	sst      []string
	formats  []cellFormat // by style index
	ctx      *cellContext // for every cell
	raw      bool         // Reader.Raw: Value is the stored value
	budget   int          // cells that may still be allocated
	styles   string       // the styles part, for display
	date1904 bool         // the workbook's date system, for display
}

// cellRange is a merged range, 1-based and inclusive.
type cellRange struct{ c1, r1, c2, r2 int }

// cellPos is a cell by index into scan.rows and 0-based column.
type cellPos struct{ row, col int }

type sheetScan struct {
	rows           []Row // values are raw (or General) until display
	formatted      bool  // some cell is displayed with its number format
	display        displayQueue
	merged         []cellRange
	sharedFormulas []cellPos // cells whose formula is shared from another cell
}

func (s *sheetScan) mergedRefs() []string {
	if len(s.merged) == 0 {
		return nil
	}
	refs := make([]string, len(s.merged))
	for i, m := range s.merged {
		refs[i] = cellName(m.c1, m.r1) + ":" + cellName(m.c2, m.r2)
	}
	return refs
}

// grow pads row r with empty cells to n cells, within the cell budget.
func (sc *scanner) grow(sheet string, r *Row, n int) error {
	add := n - len(r.Cells)
	if add <= 0 {
		return nil
	}
	if add > sc.budget {
		return &CellError{Sheet: sheet, Row: r.Num, Col: n, Err: fmt.Errorf("%w: more than Reader.MaxCells (%d) cells", ErrTooLarge, sc.lim.cells)}
	}
	sc.budget -= add
	empty := Cell{ctx: sc.ctx}
	if cap(r.Cells) < n {
		cells := make([]Cell, len(r.Cells), max(n, 2*cap(r.Cells)))
		copy(cells, r.Cells)
		r.Cells = cells
	}
	for len(r.Cells) < n {
		r.Cells = append(r.Cells, empty)
	}
	return nil
}

// rawCell is what one <c> element holds.
type rawCell struct {
	col           int
	typ           string
	style         int
	v             strings.Builder
	hasV          bool
	inline        string
	hasInline     bool
	formula       string
	hasFormula    bool
	sharedFormula bool // <f t="shared" si="n"/> without text: the formula lives in another cell
}

func (rc *rawCell) reset() {
	rc.typ, rc.style = "", 0
	rc.v.Reset()
	rc.hasV, rc.inline, rc.hasInline = false, "", false
	rc.formula, rc.hasFormula, rc.sharedFormula = "", false, false
}

// scanSheet reads the cells of one worksheet part.
func (sc *scanner) scanSheet(sheet, part string) (*sheetScan, error) {
	d, closeFn, ok, err := sc.pkg.open(part)
	if err != nil {
		return nil, &CellError{Sheet: sheet, Err: err}
	}
	if !ok {
		return nil, &CellError{Sheet: sheet, Err: fmt.Errorf("%w: missing part %s", ErrMalformed, part)}
	}
	defer closeFn()
	scan := &sheetScan{}
	var (
		inData  bool
		row     *Row
		rowNum  int  // number of the last row seen
		lastCol int  // column of the last cell seen in the row
		formula bool // the row has a formula cell
		width   int  // cells in the last row kept
		rc      rawCell
	)
	fail := func(r, c int, err error) (*sheetScan, error) {
		return nil, &CellError{Sheet: sheet, Row: r, Col: c, Err: err}
	}
	for {
		tok, err := d.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, ErrTooLarge) {
				return fail(rowNum, 0, err)
			}
			return fail(rowNum, 0, fmt.Errorf("%w: %s: %w", ErrMalformed, part, err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sheetData":
				inData = true
			case "row":
				if !inData {
					continue
				}
				if row != nil {
					return fail(rowNum, 0, fmt.Errorf("%w: nested row element", ErrMalformed))
				}
				n := rowNum + 1
				if r := attr(t, "r"); r != "" {
					if n, err = strconv.Atoi(strings.TrimSpace(r)); err != nil || n < 1 {
						return fail(rowNum+1, 0, fmt.Errorf("%w: invalid row number %q", ErrMalformed, clip(r)))
					}
				}
				if n > sc.lim.rows {
					return fail(n, 0, fmt.Errorf("%w: row number beyond Reader.MaxRows (%d)", ErrTooLarge, sc.lim.rows))
				}
				if n <= rowNum {
					return fail(n, 0, fmt.Errorf("%w: row %d comes after row %d", ErrMalformed, n, rowNum))
				}
				rowNum, lastCol, formula = n, 0, false
				// Rows are usually as wide as the one before.
				row = &Row{Num: n, Cells: make([]Cell, 0, width)}
			case "c":
				if row == nil {
					continue
				}
				rc.reset()
				col := lastCol + 1
				if r := attr(t, "r"); r != "" {
					c, rn, ok := parseCellRef(r)
					if !ok {
						return fail(rowNum, 0, fmt.Errorf("%w: invalid cell reference %q", ErrMalformed, clip(r)))
					}
					if rn != rowNum {
						return fail(rowNum, c, fmt.Errorf("%w: cell %s in row %d", ErrMalformed, clip(r), rowNum))
					}
					col = c
				}
				if col > sc.lim.cols {
					return fail(rowNum, 0, fmt.Errorf("%w: column number %d beyond Reader.MaxColumns (%d)", ErrTooLarge, col, sc.lim.cols))
				}
				if col <= lastCol {
					return fail(rowNum, col, fmt.Errorf("%w: cell comes after column %s", ErrMalformed, columnName(lastCol)))
				}
				lastCol = col
				rc.col = col
				rc.typ = attr(t, "t")
				if s := attr(t, "s"); s != "" {
					rc.style, _ = strconv.Atoi(s)
				}
				if err := sc.readCellChildren(d, &rc); err != nil {
					if errors.Is(err, ErrTooLarge) {
						return fail(rowNum, col, err)
					}
					return fail(rowNum, col, fmt.Errorf("%w: %w", ErrMalformed, err))
				}
				if err := sc.addCell(sheet, scan, row, &rc); err != nil {
					return nil, err
				}
				formula = formula || rc.hasFormula
			case "mergeCell":
				m, ok := parseRange(attr(t, "ref"))
				if !ok {
					// excelize panics on such a range when it looks a cell up
					return fail(0, 0, fmt.Errorf("%w: merged range with an invalid reference %q", ErrMalformed, clip(attr(t, "ref"))))
				}
				if sc.budget <= 0 { // each range counts as a cell
					return fail(0, 0, fmt.Errorf("%w: more merged ranges and cells than Reader.MaxCells (%d)", ErrTooLarge, sc.lim.cells))
				}
				sc.budget--
				scan.merged = append(scan.merged, m)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "sheetData":
				inData = false
			case "row":
				if row == nil {
					continue
				}
				// A row is kept if it has a value or a formula (the
				// positions in scan.sharedFormulas count on it), and row 1
				// if it has cells at all: it is the header.
				if formula || !blank(row.Cells) || row.Num == 1 && len(row.Cells) > 0 {
					scan.rows = append(scan.rows, *row)
					width = len(row.Cells)
				} else {
					sc.budget += len(row.Cells)
				}
				row = nil
			}
		}
	}
	return scan, nil
}

// blank reports whether no cell has a value.
func blank(cells []Cell) bool {
	for _, c := range cells {
		if c.Type != TypeEmpty {
			return false
		}
	}
	return true
}

// readCellChildren reads the content of a <c> element up to its end.
func (sc *scanner) readCellChildren(d *tokens, rc *rawCell) error {
	depth := 1
	in := "" // "v" or "f" while inside one
	for depth > 0 {
		tok, err := d.next()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth != 2 {
				continue
			}
			switch t.Name.Local {
			case "v":
				in, rc.hasV = "v", true
			case "f":
				in, rc.hasFormula = "f", true
				if attr(t, "t") == "shared" {
					rc.sharedFormula = true
				}
			case "is":
				s, err := readString(d, sc.lim.cellBytes)
				if err != nil {
					return err
				}
				depth--
				rc.inline, rc.hasInline = s, true
			}
		case xml.EndElement:
			depth--
			in = ""
		case xml.CharData:
			switch in {
			case "v":
				if rc.v.Len()+len(t) > sc.lim.cellBytes {
					return errCellTooLarge(sc.lim.cellBytes)
				}
				rc.v.Write(t)
			case "f":
				if len(rc.formula)+len(t) > sc.lim.cellBytes {
					return errCellTooLarge(sc.lim.cellBytes)
				}
				rc.formula += string(t)
			}
		}
	}
	if rc.formula != "" {
		rc.sharedFormula = false // the master cell of a shared formula has the text
	}
	return nil
}

// addCell turns a raw cell into a Cell and appends it to the row. Cells
// without any value, inline string or formula element are not added.
func (sc *scanner) addCell(sheet string, scan *sheetScan, row *Row, rc *rawCell) error {
	if !rc.hasV && !rc.hasInline && !rc.hasFormula {
		return nil
	}
	v := rc.v.String()
	c := Cell{Formula: rc.formula, ctx: sc.ctx}
	switch rc.typ {
	case "s":
		if s := strings.TrimSpace(v); s != "" {
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= len(sc.sst) {
				return &CellError{Sheet: sheet, Row: row.Num, Col: rc.col, Err: fmt.Errorf("%w: shared string index %q out of range", ErrMalformed, clip(s))}
			}
			c.Raw = sc.sst[i]
		}
		c.Type = TypeString
	case "inlineStr":
		c.Raw, c.Type = v, TypeString
		if rc.hasInline {
			c.Raw = rc.inline
		}
	case "str":
		c.Raw, c.Type = v, TypeString
	case "b":
		c.Raw, c.Type = v, TypeBool
	case "e":
		c.Raw, c.Type = v, TypeError
	case "d":
		c.Raw, c.Type = v, TypeDate
	default:
		c.Raw, c.Type = v, TypeNumber
		if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
			c.Type = TypeString
		} else if rc.style > 0 && rc.style < len(sc.formats) && sc.formats[rc.style].date {
			c.Type = TypeDate
		}
	}
	if c.Raw == "" {
		c.Type = TypeEmpty
	}
	c.Value = c.Raw
	if !sc.raw && c.Type != TypeEmpty {
		// What excelize displays for cells without a number format; the
		// others are displayed by excelize itself (displayValues).
		switch c.Type {
		case TypeBool:
			switch c.Raw {
			case "1":
				c.Value = "TRUE"
			case "0":
				c.Value = "FALSE"
			}
		case TypeNumber:
			c.Value = generalNumber(c.Raw)
		}
		// Cells whose displayed value depends on their number format are
		// displayed by excelize (see display).
		formatted := false
		if rc.typ == "d" {
			formatted = true
		} else if rc.style > 0 && rc.style < len(sc.formats) {
			switch n := sc.formats[rc.style].numFmt; c.Type {
			case TypeNumber, TypeDate:
				// Even the General format: with a style, excelize shows
				// General numbers as Excel does, with 11 digits.
				formatted = true
			case TypeString, TypeError:
				formatted = n != 0 && n != 49
			}
		}
		if formatted {
			scan.formatted = true
			scan.display.add(len(scan.rows), rc.col-1, displayKey{style: rc.style, typ: rc.typ, inline: rc.typ == "inlineStr" && rc.hasInline, v: c.Raw})
		}
	}
	if err := sc.grow(sheet, row, rc.col); err != nil {
		return err
	}
	row.Cells[rc.col-1] = c
	if rc.sharedFormula {
		scan.sharedFormulas = append(scan.sharedFormulas, cellPos{row: len(scan.rows), col: rc.col - 1})
	}
	return nil
}

// generalNumber formats a number as excelize displays a number without a
// style: at most 15 significant digits, no exponent for up to 15 digits.
func generalNumber(raw string) string {
	if strings.Contains(raw, "_") {
		return raw
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return raw
	}
	plain := strconv.FormatFloat(f, 'f', -1, 64)
	if len(plain)-strings.Count(plain, ".") > 15 {
		return strconv.FormatFloat(f, 'G', 15, 64)
	}
	return plain
}

// parseCellRef parses an A1 reference ("$B$7" too) into 1-based column and
// row, within Excel's limits.
func parseCellRef(ref string) (col, row int, ok bool) {
	ref = strings.TrimSpace(ref)
	i := 0
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	start := i
	for i < len(ref) && i-start < 4 {
		c := ref[i] | 0x20 // lower-case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == start || col > maxExcelColumns {
		return 0, 0, false
	}
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	digits := ref[i:]
	if digits == "" || len(digits) > 7 {
		return 0, 0, false
	}
	for j := 0; j < len(digits); j++ {
		if digits[j] < '0' || digits[j] > '9' {
			return 0, 0, false
		}
		row = row*10 + int(digits[j]-'0')
	}
	if row < 1 || row > maxExcelRows {
		return 0, 0, false
	}
	return col, row, true
}

// parseRange parses "A1:C3" (or a single cell) into a normalized range.
func parseRange(ref string) (cellRange, bool) {
	a, b, found := strings.Cut(ref, ":")
	if !found {
		b = a
	}
	c1, r1, ok1 := parseCellRef(a)
	c2, r2, ok2 := parseCellRef(b)
	if !ok1 || !ok2 {
		return cellRange{}, false
	}
	return cellRange{min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)}, true
}

// columnName returns the letters of a 1-based column number.
func columnName(col int) string {
	var b [4]byte
	i := len(b)
	for col > 0 && i > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

func cellName(col, row int) string { return columnName(col) + strconv.Itoa(row) }

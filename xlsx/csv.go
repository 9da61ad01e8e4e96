package xlsx

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

// ReadCSV reads a comma-separated file into a [Sheet] with the same
// Header, Row and Cell API as a worksheet. It reads the common form that
// NVivo and Excel write: UTF-8 with or without a byte order mark, fields
// separated by commas, quoted with double quotes when needed, records
// ending in LF, CR LF or a lone CR (old Mac line ends, and files mixing
// them), quoted fields possibly spanning lines. Records are read by a
// [CSVReader]: a lone CR or an LF inside a quoted field is kept, a CR LF
// there is read as LF.
//
// The first record is the header; keys follow the rule of [Column]. Every
// cell is text ([TypeString], or [TypeEmpty] for an empty field) with
// Value and Raw the same; [Cell.Time], [Cell.Float] and the other
// conversions parse the text. Records whose fields are all empty are left
// out. Row.Num is the 1-based record number: the header is record 1, and
// empty lines are not records. The sheet's Name is "".
//
// The limits MaxRows, MaxColumns, MaxCells, MaxCellBytes and MaxBytes of
// the Reader apply. ReadCSV returns an error wrapping [ErrMalformed] for
// invalid quoting or invalid UTF-8 (the [*encoding/csv.ParseError] is wrapped too,
// its line counted as described on [CSVReader]), and [ErrTooLarge] when a
// limit is exceeded.
func (rd *Reader) ReadCSV(r io.Reader) (*Sheet, error) {
	lim := rd.limits()
	lr := &limitedReader{r: r, n: lim.bytes}
	br := bufio.NewReader(lr)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		_, _ = br.Discard(3)
	}
	cr := &CSVReader{Comma: ',', r: br}
	sc := &scanner{lim: lim, ctx: newCellContext(false, rd.DateLayouts), budget: lim.cells}
	var (
		header []string
		rows   []Row
		num    int
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err, lim.bytes)
		}
		num++
		if num > lim.rows {
			return nil, &CellError{Row: num, Err: fmt.Errorf("%w: more than Reader.MaxRows (%d) records", ErrTooLarge, lim.rows)}
		}
		if len(rec) > lim.cols {
			return nil, &CellError{Row: num, Err: fmt.Errorf("%w: %d fields, more than Reader.MaxColumns (%d)", ErrTooLarge, len(rec), lim.cols)}
		}
		for i, f := range rec {
			if len(f) > lim.cellBytes {
				return nil, &CellError{Row: num, Col: i + 1, Err: errCellTooLarge(lim.cellBytes)}
			}
			if !utf8.ValidString(f) {
				return nil, &CellError{Row: num, Col: i + 1, Err: fmt.Errorf("%w: CSV field is not valid UTF-8", ErrMalformed)}
			}
		}
		if num == 1 {
			header = append([]string(nil), rec...)
			continue
		}
		empty := true
		for _, f := range rec {
			empty = empty && f == ""
		}
		if empty {
			continue
		}
		row := Row{Num: num}
		if err := sc.grow("", &row, max(len(rec), len(header))); err != nil {
			return nil, err
		}
		for i, f := range rec {
			if f != "" {
				row.Cells[i] = Cell{Value: f, Raw: f, Type: TypeString, ctx: sc.ctx}
			}
		}
		rows = append(rows, row)
	}
	return sc.finishSheet("", header, rows, nil)
}

// limitedReader is io.LimitReader with an error when the limit is hit.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// Probe for more input: exactly at the limit is fine.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			return 0, ErrTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

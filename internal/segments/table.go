package segments

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/regular"
	"github.com/qdabridge/qdabridge/xlsx"
)

// Limits bound the reading of an export. Zero fields mean the defaults.
type Limits struct {
	MaxRows      int   // data rows; default 1,048,576
	MaxColumns   int   // columns; default 1,000
	MaxCellBytes int   // bytes of one cell; default 1 MiB
	MaxBytes     int64 // bytes of the file; default 512 MiB
}

func (l Limits) withDefaults() Limits {
	if l.MaxRows <= 0 {
		l.MaxRows = xlsx.DefaultMaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = 1000
	}
	if l.MaxCellBytes <= 0 {
		l.MaxCellBytes = xlsx.DefaultMaxCellBytes
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = 512 << 20
	}
	return l
}

// Table is a sheet of an export, or a CSV file: a header and rows of text.
type Table struct {
	File   string
	Sheet  string // "" for CSV
	Format string // "xlsx" or "csv"
	Comma  rune   // the CSV delimiter
	Header []string
	Rows   []TableRow
	// Warnings met while reading (lenient quotes).
	Warnings []Warning
}

// TableRow is a data row: its 1-based number (the header is 1) and its
// cells, as many as the header has at least. A date cell of a workbook is
// written "2006-01-02 15:04:05".
type TableRow struct {
	Num   int
	Cells []string
}

// Cell returns cell i, "" when the row has none or i < 0.
func (r TableRow) Cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// Col returns the index of the first header cell matching one of names,
// compared case-insensitively with white space, a byte-order mark and a
// trailing "%" or ":" ignored; -1 when none does.
func (t *Table) Col(names ...string) int {
	for _, n := range names {
		k := headerKey(n)
		for i, h := range t.Header {
			if headerKey(h) == k {
				return i
			}
		}
	}
	return -1
}

func headerKey(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	return strings.TrimRight(s, "%: ")
}

// Kind of input, by its first bytes.
func isZip(head []byte) bool { return bytes.HasPrefix(head, []byte("PK\x03\x04")) }

// ReadTable reads the export at path: a workbook (by its content, whatever
// its extension) through the xlsx package, taking the first sheet for which
// accept says yes (the first sheet when accept is nil), or a CSV file. It
// fails with an error wrapping notMine when no sheet is accepted or when
// the input is neither (an .xls, a binary file), with one wrapping
// [ErrTooLarge] when a limit is exceeded and [ErrMalformed] when the file
// cannot be read as a table; errors are [*Error] with the tool's prefix.
func ReadTable(tool, path string, accept func(header []string) bool, notMine error, lim Limits) (*Table, error) {
	lim = lim.withDefaults()
	fail := func(sheet string, row int64, err error) error {
		return &Error{Tool: tool, File: path, Table: sheet, Row: row, Err: err}
	}
	// Not opened before it is known to be a regular file: opening a named
	// pipe waits until something writes to it.
	info, err := os.Stat(path)
	if err != nil {
		return nil, fail("", 0, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fail("", 0, fmt.Errorf("%w: not a regular file (%s)", notMine, regular.What(info.Mode())))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail("", 0, err)
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fail("", 0, err)
	}
	if isZip(head) {
		if info.Size() > lim.MaxBytes { // its header cannot be seen without reading it
			return nil, fail("", 0, fmt.Errorf("%w (%w): the file is %d bytes, more than the %d read", notMine, ErrTooLarge, info.Size(), lim.MaxBytes))
		}
		return readWorkbook(tool, path, f, accept, notMine, lim)
	}
	if bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0")) || bytes.IndexByte(head, 0) >= 0 {
		return nil, fail("", 0, fmt.Errorf("%w: a binary file (an old .xls? re-save it as .xlsx or CSV)", notMine))
	}
	return readCSV(tool, path, f, lim, func(header []string) error {
		if accept != nil && !accept(header) {
			return fail("", 1, fmt.Errorf("%w; the header has: %s", notMine, clip(strings.Join(header, ", "), 200)))
		}
		return nil
	})
}

func readWorkbook(tool, path string, r io.Reader, accept func([]string) bool, notMine error, lim Limits) (*Table, error) {
	rd := &xlsx.Reader{MaxRows: lim.MaxRows + 1, MaxColumns: lim.MaxColumns, MaxCellBytes: lim.MaxCellBytes, MaxBytes: lim.MaxBytes}
	wb, err := rd.Read(r)
	if err != nil {
		switch {
		case errors.Is(err, xlsx.ErrTooLarge):
			err = fmt.Errorf("%w: %w", ErrTooLarge, err)
		case errors.Is(err, xlsx.ErrLegacyXLS), errors.Is(err, xlsx.ErrEncrypted):
			err = fmt.Errorf("%w: %w", notMine, err)
		default: // a zip that is not a readable workbook: truncated, damaged
			// Its header cannot be seen either: it is not known to be
			// this tool's, so it is notMine too (a caller trying readers
			// in turn goes on to the next).
			err = fmt.Errorf("%w (%w): a damaged workbook: %w", notMine, ErrMalformed, err)
		}
		return nil, &Error{Tool: tool, File: path, Err: err}
	}
	var sheet *xlsx.Sheet
	var seen []string
	for _, s := range wb.Sheets {
		h := headerNames(s)
		seen = append(seen, fmt.Sprintf("%q (%s)", s.Name, strings.Join(h, ", ")))
		if accept == nil || accept(h) {
			sheet = s
			break
		}
	}
	if sheet == nil {
		return nil, &Error{Tool: tool, File: path, Err: fmt.Errorf("%w; the workbook's sheets and columns: %s", notMine, clip(strings.Join(seen, "; "), 300))}
	}
	t := &Table{File: path, Sheet: sheet.Name, Format: "xlsx", Header: headerNames(sheet)}
	if len(sheet.Rows) > lim.MaxRows {
		return nil, &Error{Tool: tool, File: path, Table: sheet.Name, Err: fmt.Errorf("%w: more than %d rows", ErrTooLarge, lim.MaxRows)}
	}
	for _, r := range sheet.Rows {
		cells := make([]string, max(len(r.Cells), len(t.Header)))
		for i, c := range r.Cells {
			cells[i] = c.Value
			if c.Type == xlsx.TypeDate {
				if tm, err := c.Time(); err == nil {
					cells[i] = tm.Format("2006-01-02 15:04:05")
				}
			}
		}
		t.Rows = append(t.Rows, TableRow{Num: r.Num, Cells: cells})
	}
	return t, nil
}

func headerNames(s *xlsx.Sheet) []string {
	h := make([]string, len(s.Header))
	for i, c := range s.Header {
		h[i] = c.Name
	}
	return h
}

// headerBytes is how much of a CSV file is read to find its header.
const headerBytes = 64 << 10

// readCSV reads a CSV file: UTF-8, BOM dropped, delimiter sniffed. The
// header is read first and given to check, whose error stops the read: a
// file whose header is not the tool's is refused before the rest is
// parsed (whatever the rest holds).
func readCSV(tool, path string, r io.Reader, lim Limits, check func(header []string) error) (*Table, error) {
	// The header, from the first bytes.
	br := bufio.NewReaderSize(r, headerBytes)
	prefix, _ := br.Peek(headerBytes)
	prefix = bytes.TrimPrefix(prefix, []byte("\xEF\xBB\xBF"))
	comma := sniff(prefix)
	hr := csv.NewReader(bytes.NewReader(prefix))
	hr.Comma, hr.FieldsPerRecord, hr.LazyQuotes = comma, -1, true
	header, _ := hr.Read()
	if err := check(header); err != nil {
		return nil, err
	}
	// Then the whole file.
	data, err := io.ReadAll(io.LimitReader(br, lim.MaxBytes+1))
	if err != nil {
		return nil, &Error{Tool: tool, File: path, Err: err}
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, &Error{Tool: tool, File: path, Err: fmt.Errorf("%w: the file is more than the %d bytes read", ErrTooLarge, lim.MaxBytes)}
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	t := &Table{File: path, Format: "csv", Comma: comma}
	err = t.parseCSV(tool, data, comma, false, lim)
	var pe *csv.ParseError
	if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote) {
		// a quote inside an unquoted field: read leniently, and say so
		t.Rows, t.Header = nil, nil
		if err2 := t.parseCSV(tool, data, comma, true, lim); err2 == nil {
			t.Warnings = append(t.Warnings, Warning{Code: WarnQuotes, File: path, Row: int64(pe.StartLine),
				Message: fmt.Sprintf("a quote inside an unquoted field (line %d, column %d): quotes read leniently, as written", pe.Line, pe.Column)})
			err = nil
		}
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (t *Table) parseCSV(tool string, data []byte, comma rune, lazy bool, lim Limits) error {
	cr := csv.NewReader(bufio.NewReader(bytes.NewReader(data)))
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = comma, -1, lazy
	num := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			row := int64(num + 1)
			if errors.As(err, &pe) {
				err = fmt.Errorf("%w: %w (a quote not closed, or a stray quote, from line %d)", ErrMalformed, pe, pe.StartLine)
			}
			return &Error{Tool: tool, File: t.File, Row: row, Err: err}
		}
		num++
		if num > lim.MaxRows+1 {
			return &Error{Tool: tool, File: t.File, Row: int64(num), Err: fmt.Errorf("%w: more than %d rows", ErrTooLarge, lim.MaxRows)}
		}
		if len(rec) > lim.MaxColumns {
			return &Error{Tool: tool, File: t.File, Row: int64(num), Err: fmt.Errorf("%w: %d fields, more than %d", ErrTooLarge, len(rec), lim.MaxColumns)}
		}
		for i, f := range rec {
			if len(f) > lim.MaxCellBytes {
				return &Error{Tool: tool, File: t.File, Row: int64(num), Column: t.colName(i),
					Err: fmt.Errorf("%w: a cell of %d bytes, more than the %d read", ErrTooLarge, len(f), lim.MaxCellBytes)}
			}
			if !utf8.ValidString(f) {
				return &Error{Tool: tool, File: t.File, Row: int64(num), Column: t.colName(i), Err: fmt.Errorf("%w: not UTF-8 text (save the export as UTF-8)", ErrMalformed)}
			}
		}
		if num == 1 {
			t.Header = rec
			continue
		}
		blank := true
		for _, f := range rec {
			blank = blank && strings.TrimSpace(f) == ""
		}
		if blank {
			continue
		}
		t.Rows = append(t.Rows, TableRow{Num: num, Cells: rec})
	}
	return nil
}

func (t *Table) colName(i int) string {
	if i < len(t.Header) && strings.TrimSpace(t.Header[i]) != "" {
		return strconv.Quote(strings.TrimSpace(t.Header[i]))
	}
	return strconv.Itoa(i + 1)
}

// sniff chooses the delimiter of the header line: the one of ";", tab and
// "," that occurs most often outside quotes (",", when none does).
func sniff(data []byte) rune {
	counts := map[byte]int{}
	inQ := false
	for i := 0; i < len(data) && i < 1<<16; i++ {
		c := data[i]
		if c == '"' {
			inQ = !inQ
			continue
		}
		if !inQ && (c == '\n' || c == '\r') {
			break
		}
		if !inQ {
			counts[c]++
		}
	}
	best, n := byte(','), counts[',']
	for _, c := range []byte{';', '\t'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return rune(best)
}

// dateLayouts are the layouts ParseTime tries, day-first European forms
// with dots, ISO forms, then US month-first forms.
var dateLayouts = []string{
	"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02",
	"02.01.2006 15:04:05", "02.01.2006 15:04", "02.01.2006", "2.1.2006 15:04:05", "2.1.2006",
	"1/2/2006 3:04:05 PM", "1/2/2006 3:04 PM", "1/2/2006 15:04:05", "1/2/2006 15:04", "1/2/2006",
	"1/2/06 3:04:05 PM", "1/2/06 3:04 PM", "1/2/06 15:04", "1/2/06",
}

// ParseTime reads a date as the exports write it (see dateLayouts), as a
// wall-clock time in UTC; ok is false when no layout fits.
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// Base returns the file name of path, for messages.
func Base(path string) string { return filepath.Base(path) }

// Key names the table in a report's RowsRead: the file's name, and for a
// workbook ":" and the sheet's.
func (t *Table) Key() string {
	k := Base(t.File)
	if t.Sheet != "" {
		k += ":" + t.Sheet
	}
	return k
}

package nvivo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/transcript"
	"github.com/qdabridge/qdabridge/xlsx"
)

// Format is the file format an export was read from.
type Format string

// The formats read.
const (
	FormatXLSX Format = "xlsx" // Excel workbook
	FormatCSV  Format = "csv"  // comma-separated values (Export List, query results)
	FormatText Format = "text" // NVivo's comma-space text reports (Coding Summary .txt)
	FormatTSV  Format = "tsv"  // tab-separated text (classification sheets as .txt)
)

// grid is one table of an export, whatever its file format: the header row
// and the data rows that are not blank.
type grid struct {
	sheet  string // sheet name; "" for text formats
	header []string
	rows   []gridRow
}

type gridRow struct {
	num   int // spreadsheet row number, or record number (header = 1)
	line  int // physical line where a text record starts; 0 for sheets
	cells []xlsx.Cell
}

func (r gridRow) cell(i int) xlsx.Cell {
	if i < 0 || i >= len(r.cells) {
		return xlsx.Cell{}
	}
	return r.cells[i]
}

// text returns the trimmed displayed value of cell i.
func (r gridRow) text(i int) string { return strings.TrimSpace(r.cell(i).Value) }

func (r gridRow) blank() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c.Value) != "" {
			return false
		}
	}
	return true
}

// col returns the index of the first header cell matching one of names
// (compared in normHeader form), or -1.
func (g *grid) col(names ...string) int {
	for _, n := range names {
		n = normHeader(n)
		for i, h := range g.header {
			if normHeader(h) == n {
				return i
			}
		}
	}
	return -1
}

// cols returns the indexes of every header cell matching name.
func (g *grid) cols(name string) []int {
	var out []int
	n := normHeader(name)
	for i, h := range g.header {
		if normHeader(h) == n {
			out = append(out, i)
		}
	}
	return out
}

func (g *grid) headerAt(i int) string {
	if i < 0 || i >= len(g.header) {
		return ""
	}
	return g.header[i]
}

// width is the number of columns of the widest row or the header.
func (g *grid) width() int {
	w := len(g.header)
	for _, r := range g.rows {
		w = max(w, len(r.cells))
	}
	return w
}

// filled counts the data rows with a value (other than white space) in
// column i.
func (g *grid) filled(i int) int {
	n := 0
	for _, r := range g.rows {
		if strings.TrimSpace(r.cell(i).Value) != "" {
			n++
		}
	}
	return n
}

const (
	oleSignature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
	zipSignature = "PK\x03\x04"
)

// load turns the bytes of an export into grids: one per sheet of a
// workbook, one for a text file.
func (r *Reader) load(data []byte) ([]*grid, Format, []Warning, error) {
	switch {
	case bytes.HasPrefix(data, []byte(zipSignature)), bytes.HasPrefix(data, []byte(oleSignature)):
		xr := r.XLSX
		xr.Raw = false
		xr.FillMerged = false
		wb, err := xr.Read(bytes.NewReader(data))
		if err != nil {
			if errors.Is(err, xlsx.ErrLegacyXLS) {
				return nil, FormatXLSX, nil, fmt.Errorf("%w; NVivo's .xls exports are not read: open the file in Excel or LibreOffice and save it as .xlsx, or export it again from NVivo as .xlsx", err)
			}
			return nil, FormatXLSX, nil, err
		}
		var gs []*grid
		for _, s := range wb.Sheets {
			gs = append(gs, sheetGrid(s))
		}
		return gs, FormatXLSX, nil, nil
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, FormatText, nil, err
	}
	first := text
	if i := strings.IndexAny(first, "\r\n"); i >= 0 {
		first = first[:i]
	}
	switch {
	case strings.Contains(first, "\t"):
		g, err := r.readTSV(text)
		return []*grid{g}, FormatTSV, nil, err
	case isCommaSpace(first):
		g, ws, err := parseCommaSpace(text, r.XLSX)
		return []*grid{g}, FormatText, ws, err
	}
	xr := r.XLSX
	s, err := xr.ReadCSV(strings.NewReader(text))
	if err != nil {
		return nil, FormatCSV, nil, err
	}
	return []*grid{sheetGrid(s)}, FormatCSV, nil, nil
}

func sheetGrid(s *xlsx.Sheet) *grid {
	g := &grid{sheet: s.Name}
	for _, c := range s.Header {
		g.header = append(g.header, c.Name)
	}
	for _, row := range s.Rows {
		g.rows = append(g.rows, gridRow{num: row.Num, cells: row.Cells})
	}
	return g
}

// decodeText returns the text of a text export: UTF-8 without its byte
// order mark, or UTF-16 (with a byte order mark) transcoded.
func decodeText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if s, ok := transcript.UTF16(data); ok {
		return s, nil
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%w: text export is not valid UTF-8 (save it as UTF-8 or UTF-16)", xlsx.ErrMalformed)
	}
	return string(data), nil
}

// isCommaSpace reports whether a header line is in NVivo's text-report
// form: fields separated by a comma and a space, never by a bare comma.
func isCommaSpace(line string) bool {
	if !strings.Contains(line, ", ") {
		return false
	}
	inq := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			inq = !inq
		case ',':
			if !inq && (i+1 >= len(line) || line[i+1] != ' ') {
				return false
			}
		}
	}
	return true
}

// readTSV reads tab-separated text. Records end in LF, CR LF or a lone
// CR (xlsx.CSVReader), and lines are counted so.
func (r *Reader) readTSV(text string) (*grid, error) {
	cr := xlsx.NewCSVReader(strings.NewReader(text))
	cr.Comma = '\t'
	cr.LazyQuotes = true
	lim := limitsOf(r.XLSX)
	g := &grid{}
	num := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", xlsx.ErrMalformed, err)
		}
		line, _ := cr.FieldPos(0)
		num++
		if num > lim.rows {
			return nil, cellErr("", num, 0, "", fmt.Errorf("%w: more than %d records", xlsx.ErrTooLarge, lim.rows))
		}
		if len(rec) > lim.cols {
			return nil, cellErr("", num, 0, "", fmt.Errorf("%w: %d fields", xlsx.ErrTooLarge, len(rec)))
		}
		if num == 1 {
			g.header = append([]string(nil), rec...)
			continue
		}
		row := gridRow{num: num, line: line}
		for i, f := range rec {
			if len(f) > lim.cellBytes {
				return nil, cellErr("", num, i+1, "", fmt.Errorf("%w: field longer than %d bytes", xlsx.ErrTooLarge, lim.cellBytes))
			}
			row.cells = append(row.cells, textCell(f))
		}
		if !row.blank() {
			g.rows = append(g.rows, row)
		}
	}
	return g, nil
}

func textCell(s string) xlsx.Cell {
	if s == "" {
		return xlsx.Cell{}
	}
	return xlsx.Cell{Value: s, Raw: s, Type: xlsx.TypeString}
}

type textLimits struct{ rows, cols, cellBytes int }

func limitsOf(xr xlsx.Reader) textLimits {
	pick := func(v, def int) int {
		if v <= 0 {
			return def
		}
		return v
	}
	return textLimits{
		rows:      pick(xr.MaxRows, xlsx.DefaultMaxRows),
		cols:      pick(xr.MaxColumns, xlsx.DefaultMaxColumns),
		cellBytes: pick(xr.MaxCellBytes, xlsx.DefaultMaxCellBytes),
	}
}

// parseCommaSpace reads NVivo's text reports (the .txt form of the Coding
// Summary extract). Fields are separated by ", ". A double quote in a
// field is always doubled; a field is enclosed in double quotes only when
// it contains a comma, so that a field starting with an odd number of
// quotes is quoted and one starting with an even number is not. Line breaks
// inside fields are written as they are, quoted or not, so a record does
// not end at the end of a line:
//
//   - while a record has fewer fields than the header, or a quoted field is
//     open, the next line continues it;
//   - once it has as many, the next line continues its last field when
//     that field is not quoted and the line has no comma (an unquoted field
//     cannot hold one); otherwise the next line starts a new record.
//
// A line break in the first field of a record cannot be told from one in
// the last field of the record before; the first column of NVivo's reports
// is a hierarchical name, which has none.
//
// A record with more fields than the header has its surplus joined into
// the last field (the coded text, which is where an unquoted comma would
// come from); one with fewer is padded. Both are reported.
func parseCommaSpace(text string, xr xlsx.Reader) (*grid, []Warning, error) {
	lim := limitsOf(xr)
	g := &grid{}
	var ws []Warning
	p := &csParser{}
	n := 0 // header width; 0 until the header is read
	num := 0
	finish := func() error {
		rec := append(p.rec, p.field.String())
		startLine := p.line
		if p.inq {
			ws = append(ws, Warning{Code: WarnRecord, Row: num + 1, Line: startLine,
				Message: "a quoted field is not closed before the end of the file; its text runs to the end"})
		}
		p.reset()
		num++
		if num > lim.rows {
			return cellErr("", num, 0, "", fmt.Errorf("%w: more than %d records", xlsx.ErrTooLarge, lim.rows))
		}
		if n == 0 {
			if len(rec) > lim.cols {
				return cellErr("", num, 0, "", fmt.Errorf("%w: %d fields", xlsx.ErrTooLarge, len(rec)))
			}
			g.header = rec
			n = len(rec)
			return nil
		}
		switch {
		case len(rec) > n:
			ws = append(ws, Warning{Code: WarnRecord, Row: num, Line: startLine,
				Message: fmt.Sprintf("record has %d fields, the header %d: the last %d joined into the last field", len(rec), n, len(rec)-n+1)})
			rec = append(rec[:n-1], strings.Join(rec[n-1:], ", "))
		case len(rec) < n:
			ws = append(ws, Warning{Code: WarnRecord, Row: num, Line: startLine,
				Message: fmt.Sprintf("record has %d fields, the header %d: the missing ones are empty", len(rec), n)})
		}
		row := gridRow{num: num, line: startLine}
		for i, f := range rec {
			if len(f) > lim.cellBytes {
				return cellErr("", num, i+1, "", fmt.Errorf("%w: field longer than %d bytes", xlsx.ErrTooLarge, lim.cellBytes))
			}
			row.cells = append(row.cells, textCell(f))
		}
		if !row.blank() {
			g.rows = append(g.rows, row)
		}
		return nil
	}
	open := false
	prevTerm := ""
	lineNo := 0
	for rest := text; rest != ""; {
		var line, term string
		if i := strings.IndexAny(rest, "\r\n"); i >= 0 {
			line = rest[:i]
			term = rest[i : i+1]
			if rest[i] == '\r' && i+1 < len(rest) && rest[i+1] == '\n' {
				term = "\r\n"
			}
			rest = rest[i+len(term):]
		} else {
			line, rest = rest, ""
		}
		lineNo++
		if open {
			switch {
			case p.inq, n == 0:
				p.add(prevTerm)
			case len(p.rec)+1 < n:
				p.add(prevTerm)
			case !p.quoted && n > 1 && !strings.Contains(line, ","):
				p.add(prevTerm)
			default:
				if err := finish(); err != nil {
					return nil, nil, err
				}
				open = false
			}
			if p.field.Len() > lim.cellBytes {
				return nil, nil, cellErr("", num+1, len(p.rec)+1, "", fmt.Errorf("%w: field longer than %d bytes", xlsx.ErrTooLarge, lim.cellBytes))
			}
		}
		if !open {
			if line == "" && n > 0 {
				// a blank line between records
				prevTerm = term
				continue
			}
			open = true
			p.line = lineNo
			p.start = true
		}
		p.parse(line)
		if len(p.rec) > lim.cols {
			return nil, nil, cellErr("", num+1, 0, "", fmt.Errorf("%w: more than %d fields", xlsx.ErrTooLarge, lim.cols))
		}
		if n == 0 && !p.inq {
			if err := finish(); err != nil {
				return nil, nil, err
			}
			open = false
		}
		prevTerm = term
	}
	if open {
		if err := finish(); err != nil {
			return nil, nil, err
		}
	}
	return g, ws, nil
}

// csParser holds the state of a record being read by parseCommaSpace.
type csParser struct {
	rec    []string
	field  strings.Builder
	inq    bool // inside a quoted field
	quoted bool // the current field was quoted
	start  bool // at the start of a field
	line   int  // line where the record starts
}

func (p *csParser) reset() {
	p.rec = nil
	p.field.Reset()
	p.inq, p.quoted, p.start = false, false, true
}

func (p *csParser) add(s string) {
	p.start = false
	p.field.WriteString(s)
}

func (p *csParser) parse(line string) {
	for i := 0; i < len(line); {
		if p.start {
			p.start = false
			q := 0
			for i+q < len(line) && line[i+q] == '"' {
				q++
			}
			if q%2 == 1 {
				p.inq, p.quoted = true, true
				i++
			}
			continue
		}
		c := line[i]
		if p.inq {
			if c == '"' {
				if i+1 < len(line) && line[i+1] == '"' {
					p.field.WriteByte('"')
					i += 2
					continue
				}
				p.inq = false
				i++
				continue
			}
			p.field.WriteByte(c)
			i++
			continue
		}
		switch {
		case c == '"' && i+1 < len(line) && line[i+1] == '"':
			p.field.WriteByte('"')
			i += 2
		case c == ',' && (i+1 == len(line) || line[i+1] == ' '):
			p.rec = append(p.rec, p.field.String())
			p.field.Reset()
			p.quoted = false
			p.start = true
			i += 2
		default:
			p.field.WriteByte(c)
			i++
		}
	}
}

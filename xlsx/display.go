package xlsx

// This file gives cells their displayed value, with their number format
// applied, the way excelize displays them. excelize can only do that for a
// cell of a sheet it has opened: read whole, with a copy of every part, a
// pass of encoding/xml over the sheet and a parse of the number format for
// every cell. For a sheet of a million rows with a number column that took
// minutes and gigabytes. Here, the cells whose displayed value depends on
// their format are collected while the sheet is scanned, by what the
// display depends on (style, type, stored value); each distinct one is
// written once into a small scratch workbook that has the source's own
// styles part, and excelize displays those. The work is that of the
// distinct values, and excelize reads the scratch workbook in memory: no
// temporary file. Dates and times in the built-in date formats and the
// common custom ones, where nearly every value is distinct, are displayed
// without excelize, exactly as it displays them (datefmt.go).

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// displayKey is what excelize's displayed value of a cell depends on.
type displayKey struct {
	style  int    // index into the cell formats (cellXfs)
	typ    string // the cell's t attribute, as written
	inline bool   // an inline string with <is> (else its <v>)
	v      string // the stored value: the <v> text, or the text of the shared or inline string
}

// displayRef is a cell whose Value is the displayed value of key.
type displayRef struct {
	row, col int32 // index into sheetScan.rows, 0-based column
	key      int32 // index into displayQueue.keys
}

// displayQueue collects the cells of one sheet to display.
type displayQueue struct {
	index map[displayKey]int32
	keys  []displayKey
	refs  []displayRef
}

func (q *displayQueue) add(row, col int, k displayKey) {
	if q.index == nil {
		q.index = map[displayKey]int32{}
	}
	i, ok := q.index[k]
	if !ok {
		i = int32(len(q.keys))
		q.index[k] = i
		q.keys = append(q.keys, k)
	}
	q.refs = append(q.refs, displayRef{row: int32(row), col: int32(col), key: i})
}

// displayBatch is the number of distinct values displayed through one
// scratch workbook, which bounds its size (a few MB).
const displayBatch = 1 << 16

// display sets the Value of the queued cells of rows to what excelize
// displays for them, with the workbook's styles part (sc.styles; none
// when missing) and date system.
func (sc *scanner) display(sheet string, rows []Row, q *displayQueue) error {
	if len(q.keys) == 0 {
		return nil
	}
	styles := sc.pkg.files[strings.ToLower(strings.TrimPrefix(sc.styles, "/"))]
	shown := make([]string, len(q.keys))
	var rest []displayKey // for excelize
	var restAt []int      // their indexes in q.keys
	for i, k := range q.keys {
		if s, ok := sc.displayDate(k); ok {
			shown[i] = s
			continue
		}
		rest = append(rest, k)
		restAt = append(restAt, i)
	}
	for start := 0; start < len(rest); start += displayBatch {
		end := min(start+displayBatch, len(rest))
		vals, err := displayScratch(rest[start:end], styles, sc.date1904)
		if err != nil {
			return &CellError{Sheet: sheet, Err: fmt.Errorf("%w: displaying values with their number format: %w", ErrMalformed, err)}
		}
		for j, v := range vals {
			shown[restAt[start+j]] = v
		}
	}
	for _, r := range q.refs {
		rows[r.row].Cells[r.col].Value = shown[r.key]
	}
	return nil
}

// displayDate displays a number in a date format without excelize (see
// datefmt.go), and reports whether it could.
func (sc *scanner) displayDate(k displayKey) (string, bool) {
	if k.inline || (k.typ != "" && k.typ != "n") || k.style <= 0 || k.style >= len(sc.formats) {
		return "", false
	}
	l := sc.formats[k.style].layout
	if l == nil {
		return "", false
	}
	return l.displayDate(k.v, sc.date1904)
}

// displayScratch displays keys through a scratch workbook: one row per key,
// the source's styles part copied as it is (so that excelize finds the same
// number formats), the same date system.
func displayScratch(keys []displayKey, styles *zip.File, date1904 bool) ([]string, error) {
	data, err := scratchWorkbook(keys, styles, date1904)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    1 << 40, // the scratch workbook is ours and small
		UnzipXMLSizeLimit: 1 << 40, // keep every part in memory: no temporary file
	})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	it, err := f.Rows(scratchSheet)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	vals := make([]string, len(keys))
	for i := 0; i < len(keys) && it.Next(); i++ {
		cols, err := it.Columns()
		if err != nil {
			return nil, err
		}
		if len(cols) > 0 {
			vals[i] = cols[0] // excelize leaves out cells that display as ""
		}
	}
	return vals, it.Error()
}

const scratchSheet = "S"

// scratchWorkbook writes the workbook displayScratch reads.
func scratchWorkbook(keys []displayKey, styles *zip.File, date1904 bool) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, body string) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err == nil {
			_, _ = io.WriteString(w, body)
		}
	}
	const (
		ns  = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
		rel = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
	)
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`+
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`+
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="`+rel+`officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	pr := ""
	if date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook `+ns+` xmlns:r="`+strings.TrimSuffix(rel, "/")+`">`+pr+
		`<sheets><sheet name="`+scratchSheet+`" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	relStyles := ""
	if styles != nil {
		relStyles = `<Relationship Id="rId3" Type="` + rel + `styles" Target="styles.xml"/>`
	}
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="`+rel+`worksheet" Target="worksheets/sheet1.xml"/>`+
		`<Relationship Id="rId2" Type="`+rel+`sharedStrings" Target="sharedStrings.xml"/>`+relStyles+`</Relationships>`)
	if styles != nil {
		// the part as it is in the source: its compressed bytes, copied
		fh := styles.FileHeader
		fh.Name = "xl/styles.xml"
		raw, err := styles.OpenRaw()
		if err != nil {
			return nil, err
		}
		w, err := zw.CreateRaw(&fh)
		if err != nil {
			return nil, err
		}
		if _, err := io.Copy(w, raw); err != nil {
			return nil, err
		}
	}
	var sheet, sst strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet ` + ns + `><sheetData>`)
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst ` + ns + `>`)
	nsst := 0
	for i, k := range keys {
		r := strconv.Itoa(i + 1)
		sheet.WriteString(`<row r="` + r + `"><c r="A` + r + `" s="` + strconv.Itoa(k.style) + `"`)
		if k.typ != "" {
			sheet.WriteString(` t="`)
			xmlText(&sheet, k.typ)
			sheet.WriteString(`"`)
		}
		switch {
		case k.typ == "s":
			sst.WriteString(`<si><t xml:space="preserve">`)
			xmlText(&sst, escapeBstr(k.v))
			sst.WriteString(`</t></si>`)
			sheet.WriteString(`><v>` + strconv.Itoa(nsst) + `</v></c></row>`)
			nsst++
		case k.inline:
			sheet.WriteString(`><is><t xml:space="preserve">`)
			xmlText(&sheet, escapeBstr(k.v))
			sheet.WriteString(`</t></is></c></row>`)
		default:
			sheet.WriteString(`><v>`)
			xmlText(&sheet, k.v)
			sheet.WriteString(`</v></c></row>`)
		}
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	sst.WriteString(`</sst>`)
	put("xl/worksheets/sheet1.xml", sheet.String())
	put("xl/sharedStrings.xml", sst.String())
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// xmlText writes s escaped for XML text or an attribute value; line ends
// and tabs as character references, so that they stay as they are.
func xmlText(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\r':
			b.WriteString("&#xD;")
		case '\n':
			b.WriteString("&#xA;")
		case '\t':
			b.WriteString("&#x9;")
		default:
			if !validXMLChar(r) {
				r = utf8.RuneError
			}
			b.WriteRune(r)
		}
	}
}

// escapeBstr is the inverse of unescapeBstr: the text that excelize reads
// back as s. Characters XML cannot hold are written as _xHHHH_ escapes,
// and an underscore that would start such an escape as "_x005F_".
// isBstrStart reports whether s (six bytes) is "_x" and four hex digits.
func isBstrStart(s string) bool {
	if s[0] != '_' || s[1] != 'x' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func escapeBstr(s string) string {
	if !strings.Contains(s, "_x") && strings.IndexFunc(s, func(r rune) bool { return !validXMLChar(r) }) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		// an underscore that starts _xHHHH is escaped even when no
		// underscore follows: the next character may be escaped as one
		// ("_x0000" then U+0000 would read back as "\x00x0000_")
		if s[i] == '_' && len(s)-i >= 6 && isBstrStart(s[i:i+6]) {
			b.WriteString("_x005F_")
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !validXMLChar(r) && !(r == utf8.RuneError && n == 1) && r <= 0xFFFF {
			fmt.Fprintf(&b, "_x%04X_", r)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// buildXLSX makes a workbook with excelize and returns its bytes.
func buildXLSX(t testing.TB, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() { require.NoError(t, f.Close()) }()
	build(f)
	buf, err := f.WriteToBuffer()
	require.NoError(t, err)
	return buf.Bytes()
}

// part is one file of a hand-made package.
type part struct{ name, body string }

// zipParts zips parts in the given order.
func zipParts(t testing.TB, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		require.NoError(t, err)
		_, err = io.WriteString(w, p.body)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

const (
	nsMain = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRel  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	relWS  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet`
	bom    = "\ufeff"
)

// rawSheet is a sheet of a hand-made package: its name, the content of
// <sheetData>, and what comes after it (such as <mergeCells>).
type rawSheet struct{ name, data, tail string }

// handXLSX makes a minimal xlsx package around hand-written sheet XML, with
// the given shared strings (nil: no shared strings part) and styles part
// body ("" for none).
func handXLSX(t testing.TB, sst []string, styles string, sheets ...rawSheet) []byte {
	t.Helper()
	var ct, wbSheets, wbRels strings.Builder
	ct.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	var parts []part
	for i, s := range sheets {
		n := i + 1
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&wbSheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s.name, n, n)
		fmt.Fprintf(&wbRels, `<Relationship Id="rId%d" Type="%s" Target="worksheets/sheet%d.xml"/>`, n, relWS, n)
		parts = append(parts, part{fmt.Sprintf("xl/worksheets/sheet%d.xml", n),
			`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheetData>` + s.data + `</sheetData>` + s.tail + `</worksheet>`})
	}
	if sst != nil {
		ct.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
		wbRels.WriteString(`<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`)
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s" count="%d" uniqueCount="%d">`, nsMain, len(sst), len(sst))
		for _, s := range sst {
			if strings.HasPrefix(s, "<") {
				b.WriteString(s) // a raw <si> element
			} else {
				b.WriteString(`<si><t xml:space="preserve">` + xmlEscape(s) + `</t></si>`)
			}
		}
		b.WriteString(`</sst>`)
		parts = append(parts, part{"xl/sharedStrings.xml", b.String()})
	}
	if styles != "" {
		ct.WriteString(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
		wbRels.WriteString(`<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
		parts = append(parts, part{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="` + nsMain + `">` + styles + `</styleSheet>`})
	}
	ct.WriteString(`</Types>`)
	head := []part{
		{"[Content_Types].xml", ct.String()},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>` + wbSheets.String() + `</sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + wbRels.String() + `</Relationships>`},
	}
	return zipParts(t, append(head, parts...)...)
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// values returns the Values of the cells of a row.
func values(r Row) []string {
	v := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		v[i] = c.Value
	}
	return v
}

// keys returns the keys of the header.
func keys(s *Sheet) []string {
	k := make([]string, len(s.Header))
	for i, c := range s.Header {
		k[i] = c.Key
	}
	return k
}

// readBytes reads a workbook with the given reader (nil: zero Reader).
func readBytes(t testing.TB, rd *Reader, data []byte) *Workbook {
	t.Helper()
	if rd == nil {
		rd = &Reader{}
	}
	wb, err := rd.Read(bytes.NewReader(data))
	require.NoError(t, err)
	return wb
}

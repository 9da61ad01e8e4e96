package xlsx

// Generators of the hostile-input suite (testdata/hostile). Every committed
// file there is made by one function of hostileFiles, deterministically
// (for a given Go version), and rewritten with
//
//	go test ./xlsx -run TestHostile -update
//
// testdata/hostile/README.md says what each file is and what reading it
// gives.

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/ziptest"
)

var hostileTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// hostileParts zips parts at the best compression with a fixed time.
func hostileParts(t testing.TB, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: hostileTime})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rezip unpacks a package and zips it again with hostileParts, so that the
// output does not depend on how the package was first written, and lets
// edit change, add or remove parts (a nil body removes one).
func rezip(t testing.TB, data []byte, edit map[string]*string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []part
	seen := map[string]bool{}
	for _, f := range zr.File {
		seen[f.Name] = true
		if body, ok := edit[f.Name]; ok {
			if body != nil {
				parts = append(parts, part{f.Name, *body})
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts = append(parts, part{f.Name, string(b)})
	}
	for name, body := range edit {
		if !seen[name] && body != nil {
			parts = append(parts, part{name, *body})
		}
	}
	return hostileParts(t, parts...)
}

func ptr(s string) *string { return &s }

// sheetXML is a worksheet part around sheetData content and a tail.
func sheetXML(data, tail string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheetData>` + data + `</sheetData>` + tail + `</worksheet>`
}

// oneSheet is a minimal package with one sheet "S" of the given content,
// rezipped deterministically.
func oneSheet(t testing.TB, sst []string, data, tail string) []byte {
	return rezip(t, handXLSX(t, sst, "", rawSheet{name: "S", data: data, tail: tail}), nil)
}

const laughs = `<!DOCTYPE worksheet [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
`

// withDoctype puts a DOCTYPE after the XML declaration of a part.
func withDoctype(part, doctype string) string {
	i := strings.Index(part, "?>") + 2
	return part[:i] + "\n" + doctype + part[i:]
}

// lyingPackage is a package whose sheet part declares a size of declared
// bytes whatever it inflates to.
func lyingPackage(t testing.TB, sheet string, declared uint64) []byte {
	base := handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>`})
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "xl/worksheets/sheet1.xml" {
			b = []byte(sheet)
		}
		var z bytes.Buffer
		fw, _ := flate.NewWriter(&z, flate.BestCompression)
		fw.Write(b)
		fw.Close()
		size, crc := uint64(len(b)), crc32.ChecksumIEEE(b)
		if f.Name == "xl/worksheets/sheet1.xml" {
			size, crc = declared, 0
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(z.Len()), UncompressedSize64: size, Modified: hostileTime})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(z.Bytes())
	}
	zw.Close()
	return buf.Bytes()
}

// overlapPackage lists the parts of a valid package, then 100 more entries
// that all point at the data of its sheet.
func overlapPackage(t testing.TB) []byte {
	rows := strings.Repeat(`<row><c t="inlineStr"><is><t>overlap</t></is></c></row>`, 10_000)
	base := rezip(t, handXLSX(t, nil, "", rawSheet{name: "S", data: rows}), nil)
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	dir := bytes.Index(base, []byte("PK\x01\x02"))
	end := bytes.LastIndex(base, []byte("PK\x05\x06"))
	var sheet []byte // its central directory record
	for i := dir; i < end; {
		n := 46 + int(binary.LittleEndian.Uint16(base[i+28:])) + int(binary.LittleEndian.Uint16(base[i+30:])) + int(binary.LittleEndian.Uint16(base[i+32:]))
		if strings.HasPrefix(string(base[i+46:]), "xl/worksheets/sheet1.xml") {
			sheet = base[i : i+n]
		}
		i += n
	}
	var out bytes.Buffer
	out.Write(base[:end])
	for i := 0; i < 100; i++ {
		out.Write(sheet)
	}
	n := len(zr.File) + 100
	rec := append([]byte(nil), base[end:end+22]...)
	binary.LittleEndian.PutUint16(rec[8:], uint16(n))
	binary.LittleEndian.PutUint16(rec[10:], uint16(n))
	binary.LittleEndian.PutUint32(rec[12:], uint32(out.Len()-dir))
	out.Write(rec)
	return out.Bytes()
}

// claimsParts is a valid package whose zip64 end record claims n parts.
func claimsParts(t testing.TB, n uint64) []byte {
	return ziptest.ClaimEntries(oneSheet(t, nil, `<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>`, ""), n)
}

func inline(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}

// hostileFiles makes every committed file of testdata/hostile.
var hostileFiles = map[string]func(t testing.TB) []byte{
	// not xlsx
	"csv-text.xlsx": func(t testing.TB) []byte { return []byte("Name,Description\n=HYPERLINK(\"x\"),a\n") },
	"html.xlsx": func(t testing.TB) []byte {
		return []byte("<html><body><table><tr><td>1</td></tr></table></body></html>\n")
	},
	"pdf.xlsx":   func(t testing.TB) []byte { return []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n") },
	"empty.xlsx": func(t testing.TB) []byte { return nil },
	"legacy.xls": func(t testing.TB) []byte { return append([]byte(oleSignature), make([]byte, 504)...) },
	"encrypted.xlsx": func(t testing.TB) []byte {
		return append(append([]byte(oleSignature), make([]byte, 64)...), utf16le("EncryptedPackage")...)
	},
	"qdpx.xlsx": func(t testing.TB) []byte {
		return hostileParts(t, part{"project.qde", `<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>`})
	},
	"truncated.xlsx": func(t testing.TB) []byte {
		b := oneSheet(t, nil, `<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>`, "")
		return b[:len(b)/2]
	},
	"corrupt-crc.xlsx": func(t testing.TB) []byte {
		b := oneSheet(t, nil, `<row r="1"><c r="A1" t="inlineStr"><is><t>checksum</t></is></c></row>`, "")
		name := "xl/worksheets/sheet1.xml"
		i := bytes.Index(b, []byte("PK\x01\x02"))
		for ; i >= 0; i = bytes.Index(b[i+4:], []byte("PK\x01\x02")) + i + 4 {
			if strings.HasPrefix(string(b[i+46:]), name) {
				binary.LittleEndian.PutUint32(b[i+16:], 0xdeadbeef)
				local := binary.LittleEndian.Uint32(b[i+42:])
				binary.LittleEndian.PutUint32(b[local+14:], 0xdeadbeef)
				break
			}
		}
		return b
	},
	// zip bombs
	"bomb-ratio.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, nil, `<row r="1">`+inline("A1", "x")+`</row>`+strings.Repeat(" ", 2<<20), "")
	},
	"bomb-lying-size.xlsx": func(t testing.TB) []byte {
		return lyingPackage(t, sheetXML(strings.Repeat(`<row><c t="inlineStr"><is><t>bomb</t></is></c></row>`, 10_000), ""), 1000)
	},
	"bomb-overlap.xlsx":    func(t testing.TB) []byte { return overlapPackage(t) },
	"bomb-part-count.xlsx": func(t testing.TB) []byte { return claimsParts(t, 10_000_000) },
	"nested.xlsx": func(t testing.TB) []byte {
		inner := oneSheet(t, nil, `<row r="1">`+inline("A1", "inner")+`</row>`+strings.Repeat(" ", 1<<20), "")
		return rezip(t, handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1">` + inline("A1", "outer") + `</row>`}),
			map[string]*string{"xl/embeddings/inner.xlsx": ptr(string(inner)), "xl/embeddings/oleObject1.bin": ptr(string(inner))})
	},
	// sheet XML bombs
	"sheet-billion-laughs.xlsx": func(t testing.TB) []byte {
		b := handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1">` + inline("A1", "&lol9;") + `</row>`})
		return rezip(t, b, map[string]*string{"xl/worksheets/sheet1.xml": ptr(withDoctype(sheetXML(`<row r="1">`+inline("A1", "&lol9;")+`</row>`, ""), laughs))})
	},
	"sst-billion-laughs.xlsx": func(t testing.TB) []byte {
		b := handXLSX(t, []string{"x"}, "", rawSheet{name: "S", data: `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`})
		sst := `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="` + nsMain + `" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>`
		return rezip(t, b, map[string]*string{"xl/sharedStrings.xml": ptr(withDoctype(sst, laughs))})
	},
	"sheet-external-entity.xlsx": func(t testing.TB) []byte {
		b := handXLSX(t, nil, "", rawSheet{name: "S", data: ""})
		return rezip(t, b, map[string]*string{"xl/worksheets/sheet1.xml": ptr(withDoctype(sheetXML(`<row r="1">`+inline("A1", "&xxe;")+`</row>`, ""),
			`<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`))})
	},
	"sheet-deep-nesting.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, nil, `<row r="1"><c r="A1" t="inlineStr"><is>`+strings.Repeat("<r>", 100_000)+strings.Repeat("</r>", 100_000)+`</is></c></row>`, "")
	},
	"huge-cell.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, nil, `<row r="1">`+inline("A1", strings.Repeat("big ", 25_000))+`</row>`, "")
	},
	"invalid-utf8.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, nil, `<row r="1">`+inline("A1", "caf\xe9")+`</row>`, "")
	},
	// cells and structure
	"formulas.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, []string{"=SUM(1,2)"}, `<row r="1">`+inline("A1", "Name")+inline("B1", "Value")+`</row>`+
			`<row r="2">`+inline("A2", "hyperlink")+`<c r="B2" t="str"><f>HYPERLINK("http://evil.example/","click")</f><v>click</v></c></row>`+
			`<row r="3">`+inline("A3", "dde")+`<c r="B3" t="str"><f>cmd|' /C calc'!A0</f><v>0</v></c></row>`+
			`<row r="4">`+inline("A4", "sum")+`<c r="B4"><f>SUM(1,2)</f><v>3</v></c></row>`+
			`<row r="5">`+inline("A5", "shared")+`<c r="B5"><f t="shared" ref="B5:B6" si="0">B4*2</f><v>6</v></c></row>`+
			`<row r="6">`+inline("A6", "shared 2")+`<c r="B6"><f t="shared" si="0"/><v>12</v></c></row>`+
			`<row r="7">`+inline("A7", "text like a formula")+`<c r="B7" t="s"><v>0</v></c></row>`, "")
	},
	"merged.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, nil, `<row r="1">`+inline("A1", "Group")+inline("D1", "Other")+`</row><row r="2">`+inline("A2", "a")+inline("B2", "tall")+`</row>`,
			`<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="B2:B4"/></mergeCells>`)
	},
	"merge-without-ref.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, nil, `<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">1+1</f><v>2</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/></c></row>`,
			`<mergeCells count="1"><mergeCell/></mergeCells>`)
	},
	"merged-whole-sheet.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, nil, `<row r="1">`+inline("A1", "everything")+`</row>`, `<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>`)
	},
	"wide.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, nil, `<row r="1">`+strings.Repeat(`<c t="inlineStr"><is><t>h</t></is></c>`, 16_384)+`</row><row r="2"><c r="XFD2"><v>1</v></c></row>`, "")
	},
	"too-wide.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, nil, `<row r="1">`+inline("A1", "a")+`<c r="XFE1"><v>1</v></c></row>`, "")
	},
	"row-beyond-excel.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, nil, `<row r="1">`+inline("A1", "a")+`</row><row r="1048577"><c><v>1</v></c></row>`, "")
	},
	"rows-out-of-order.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, nil, `<row r="5">`+inline("A5", "a")+`</row><row r="2">`+inline("A2", "b")+`</row>`, "")
	},
	"shared-string-out-of-range.xlsx": func(t testing.TB) []byte {
		return oneSheet(t, []string{"only"}, `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"/><c r="B2" t="s"><v>99999999</v></c></row>`, "")
	},
	"slip-part-names.xlsx": func(t testing.TB) []byte {
		b := handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1">` + inline("A1", "safe") + `</row>`})
		return rezip(t, b, map[string]*string{"../../evil.xml": ptr("<evil/>"), "/abs/evil.xml": ptr("<evil/>"), `C:\evil.xml`: ptr("<evil/>"), `xl\..\..\evil.xml`: ptr("<evil/>")})
	},
	"slip-sheet-target.xlsx": func(t testing.TB) []byte {
		b := handXLSX(t, nil, "", rawSheet{name: "S", data: `<row r="1">` + inline("A1", "safe") + `</row>`})
		rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relWS + `" Target="../../../../etc/passwd"/></Relationships>`
		return rezip(t, b, map[string]*string{"xl/_rels/workbook.xml.rels": ptr(rels)})
	},
	"many-sheets.xlsx": func(t testing.TB) []byte {
		var sheets []rawSheet
		for i := 0; i < 40; i++ {
			sheets = append(sheets, rawSheet{name: fmt.Sprintf("S%d", i), data: `<row r="1">` + inline("A1", "x") + `</row>`})
		}
		return rezip(t, handXLSX(t, nil, "", sheets...), nil)
	},
}

package refi

// Generators of the hostile-input suite (testdata/hostile). Every committed
// file there is made by one function of hostileFiles, deterministically, and
// rewritten with
//
//	go test ./refi -run TestHostile -update
//
// Cases too large to commit (a million-entry archive, a gigabyte token) are
// made by the tests themselves (see memory_test.go). testdata/hostile/README.md
// says what each file is and what reading it gives.

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"time"
	"unicode/utf16"
)

const hostileHead = `<?xml version="1.0" encoding="utf-8"?>` + "\n"

// hostileProject wraps body in a Project element.
func hostileProject(body string) string {
	return hostileHead + `<Project xmlns="urn:QDA-XML:project:1.0" name="hostile" origin="qdabridge hostile suite">` + "\n" + body + "</Project>\n"
}

// hg returns the n-th GUID of the suite.
func hg(n int) string { return fmt.Sprintf("0b0b0b0b-0000-4000-8000-%012d", n) }

var hostileTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// hostileEntry is one entry of a generated archive.
type hostileEntry struct {
	name string
	data string
}

// hostileZip builds an archive of the entries, deflated at the best
// compression, in order.
func hostileZip(entries ...hostileEntry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: hostileTime})
		if err != nil {
			panic(err)
		}
		if _, err := io.WriteString(w, e.data); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func deflate(data string) []byte {
	var b bytes.Buffer
	fw, _ := flate.NewWriter(&b, flate.BestCompression)
	io.WriteString(fw, data)
	fw.Close()
	return b.Bytes()
}

// lyingZip builds an archive whose entries' headers declare the given
// uncompressed sizes (and CRCs of nothing) whatever their data inflates to.
func lyingZip(entries []hostileEntry, declared []uint64) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, e := range entries {
		z := deflate(e.data)
		crc := crc32.ChecksumIEEE([]byte(e.data))
		if declared[i] != uint64(len(e.data)) {
			crc = 0
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(z)), UncompressedSize64: declared[i]})
		if err != nil {
			panic(err)
		}
		w.Write(z)
	}
	zw.Close()
	return buf.Bytes()
}

// overlapZip builds the "better zip bomb" construction: one local file
// holding a compressed kernel, and a central directory of n entries that
// all point at it, each declaring the kernel's full size.
func overlapZip(kernel string, n int) []byte {
	z := deflate(kernel)
	crc := crc32.ChecksumIEEE([]byte(kernel))
	var out bytes.Buffer
	le := func(v any) { binary.Write(&out, binary.LittleEndian, v) }
	// local header of "project.qde"
	le(uint32(0x04034b50))
	le(uint16(20))
	le(uint16(0))
	le(uint16(8))
	le(uint16(0))
	le(uint16(0x21))
	le(crc)
	le(uint32(len(z)))
	le(uint32(len(kernel)))
	le(uint16(len("project.qde")))
	le(uint16(0))
	out.WriteString("project.qde")
	out.Write(z)
	dir := out.Len()
	for i := 0; i < n; i++ {
		name := "project.qde"
		if i > 0 {
			name = fmt.Sprintf("sources/%04d.txt", i)
		}
		le(uint32(0x02014b50))
		le(uint16(20))
		le(uint16(20))
		le(uint16(0))
		le(uint16(8))
		le(uint16(0))
		le(uint16(0x21))
		le(crc)
		le(uint32(len(z)))
		le(uint32(len(kernel)))
		le(uint16(len(name)))
		le(uint16(0))
		le(uint16(0))
		le(uint16(0))
		le(uint16(0))
		le(uint32(0))
		le(uint32(0)) // every entry's data is the same local file
		out.WriteString(name)
	}
	size := out.Len() - dir
	le(uint32(0x06054b50))
	le(uint16(0))
	le(uint16(0))
	le(uint16(n))
	le(uint16(n))
	le(uint32(size))
	le(uint32(dir))
	le(uint16(0))
	return out.Bytes()
}

// claimsEntries is a valid one-entry archive whose zip64 end record claims
// n entries.
func claimsEntries(n uint64) []byte {
	base := hostileZip(hostileEntry{"project.qde", hostileProject("")})
	i := bytes.LastIndex(base, []byte("PK\x05\x06"))
	dirSize := binary.LittleEndian.Uint32(base[i+12:])
	dirOff := binary.LittleEndian.Uint32(base[i+16:])
	var out bytes.Buffer
	out.Write(base[:i])
	zip64End := out.Len()
	le := func(v any) { binary.Write(&out, binary.LittleEndian, v) }
	le(uint32(0x06064b50))
	le(uint64(44))
	le(uint16(45))
	le(uint16(45))
	le(uint32(0))
	le(uint32(0))
	le(n) // entries on this disk
	le(n) // entries in all
	le(uint64(dirSize))
	le(uint64(dirOff))
	le(uint32(0x07064b50))
	le(uint32(0))
	le(uint64(zip64End))
	le(uint32(1))
	le(uint32(0x06054b50))
	le(uint16(0))
	le(uint16(0))
	le(uint16(0xFFFF))
	le(uint16(0xFFFF))
	le(dirSize)
	le(dirOff)
	le(uint16(0))
	return out.Bytes()
}

// deepCodes nests n Code elements.
func deepCodes(n int) string {
	var b strings.Builder
	b.WriteString("<CodeBook><Codes>\n")
	open := `<Code guid="` + hg(1) + `" name="deeper" isCodable="true">`
	for i := 0; i < n; i++ {
		b.WriteString(open)
	}
	for i := 0; i < n; i++ {
		b.WriteString("</Code>")
	}
	b.WriteString("\n</Codes></CodeBook>\n")
	return b.String()
}

func utf16le(s string, bom bool) string {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

func textSource(n int, path, content string, sels ...[2]int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<TextSource guid="%s" name="source %d"`, hg(n), n)
	if path != "" {
		fmt.Fprintf(&b, ` plainTextPath="%s"`, path)
	}
	b.WriteString(">")
	if content != "" {
		b.WriteString("<PlainTextContent>" + content + "</PlainTextContent>")
	}
	for i, s := range sels {
		fmt.Fprintf(&b, `<PlainTextSelection guid="%s" startPosition="%d" endPosition="%d"/>`, hg(100*n+i), s[0], s[1])
	}
	b.WriteString("</TextSource>\n")
	return b.String()
}

const billionLaughs = `<!DOCTYPE Project [
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

// hostileFiles makes every committed file of testdata/hostile.
var hostileFiles = map[string]func() []byte{
	// archives: zip slip
	"slip-entry-names.qdpx": func() []byte {
		return hostileZip(
			hostileEntry{"project.qde", hostileProject("<Sources>\n" + textSource(1, "internal://ok.txt", "", [2]int64{0, 2}) + "</Sources>\n")},
			hostileEntry{"../evil.txt", "climbs out"},
			hostileEntry{"/etc/evil.txt", "absolute"},
			hostileEntry{`sources\..\..\evil.txt`, "backslashes"},
			hostileEntry{"C:/evil.txt", "drive letter"},
			hostileEntry{`c:\evil.txt`, "drive letter and backslash"},
			hostileEntry{"sources/../../evil.txt", "climbs out of sources"},
			hostileEntry{"sources/evil\x00.txt", "NUL"},
			hostileEntry{"sources/ok.txt", "ok"},
			hostileEntry{"sources/OK.txt", "same name in another case"},
		)
	},
	"slip-source-paths.qdpx": func() []byte {
		var b strings.Builder
		b.WriteString("<Sources>\n")
		for i, p := range []string{
			"internal://../../etc/passwd",
			"internal:///etc/passwd",
			"internal://C:/Windows/win.ini",
			`internal://c:\Windows\win.ini`,
			`internal://..\..\secret.txt`,
			"internal://sources/../../secret.txt",
			"relative://../../etc/passwd",
			"relative://C:/Users/x/secret.txt",
			`relative://\\server\share\secret.txt`,
			"../../bare.txt",
			"absolute:///etc/passwd",
			"internal://ok.txt",
		} {
			b.WriteString(textSource(i+1, p, "", [2]int64{0, 2}))
		}
		b.WriteString(`<PictureSource guid="` + hg(50) + `" name="picture" path="internal://../../../picture.png"/>` + "\n")
		b.WriteString("</Sources>\n")
		return hostileZip(hostileEntry{"project.qde", hostileProject(b.String())}, hostileEntry{"sources/ok.txt", "ok"})
	},
	// archives: zip bombs
	"bomb-lying-size.qdpx": func() []byte {
		return lyingZip([]hostileEntry{{"project.qde", hostileProject("<Description>" + strings.Repeat("bomb ", 100_000) + "</Description>\n")}}, []uint64{1000})
	},
	"bomb-lying-source.qdpx": func() []byte {
		qde := hostileProject("<Sources>\n" + textSource(1, "internal://bomb.txt", "", [2]int64{0, 4}) + "</Sources>\n")
		return lyingZip([]hostileEntry{{"project.qde", qde}, {"sources/bomb.txt", strings.Repeat("bomb ", 100_000)}}, []uint64{uint64(len(qde)), 100})
	},
	"bomb-ratio.qdpx": func() []byte {
		return hostileZip(hostileEntry{"project.qde", hostileProject("<Description>" + strings.Repeat(" ", 2<<20) + "</Description>\n")})
	},
	"bomb-ratio-source.qdpx": func() []byte {
		return hostileZip(
			hostileEntry{"project.qde", hostileProject("<Sources>\n" + textSource(1, "internal://spaces.txt", "", [2]int64{0, 4}) + "</Sources>\n")},
			hostileEntry{"sources/spaces.txt", strings.Repeat(" ", 2<<20)})
	},
	"bomb-overlap.qdpx": func() []byte {
		return overlapZip(hostileProject("<Description>"+strings.Repeat("a", 1<<20)+"</Description>\n"), 200)
	},
	"bomb-entry-count.qdpx": func() []byte { return claimsEntries(10_000_000) },
	"nested-archives.qdpx": func() []byte {
		inner := hostileZip(hostileEntry{"project.qde", hostileProject("<Description>" + strings.Repeat(" ", 1<<20) + "</Description>\n")})
		outer := hostileZip(hostileEntry{"project.qde", hostileProject("")}, hostileEntry{"inner.qdpx", string(inner)})
		qde := hostileProject("<Sources>\n" +
			`<PDFSource guid="` + hg(1) + `" name="a zip called pdf" path="internal://inner.pdf"/>` + "\n" +
			`<PictureSource guid="` + hg(2) + `" name="a qdpx called png" path="internal://outer.png"/>` + "\n" +
			"</Sources>\n")
		return hostileZip(hostileEntry{"project.qde", qde}, hostileEntry{"sources/inner.pdf", string(inner)}, hostileEntry{"sources/outer.png", string(outer)})
	},
	"project-is-a-zip.qdpx": func() []byte {
		return hostileZip(hostileEntry{"project.qde", string(hostileZip(hostileEntry{"project.qde", hostileProject("")}))})
	},
	// archives: broken
	"truncated.qdpx": func() []byte {
		b := hostileZip(hostileEntry{"project.qde", hostileProject("<Description>" + strings.Repeat("truncated ", 100) + "</Description>")})
		return b[:len(b)/2]
	},
	"truncated-entry.qdpx": func() []byte {
		// the directory is intact, the data of project.qde is cut short
		qde := hostileProject("<Description>" + strings.Repeat("0123456789", 300) + "</Description>")
		b := hostileZip(hostileEntry{"project.qde", qde})
		i := bytes.Index(b, []byte("PK\x01\x02"))
		head := 30 + len("project.qde")
		cut := head + (i-head)/2
		return append(append([]byte(nil), b[:cut]...), append(make([]byte, i-cut), b[i:]...)...)
	},
	"corrupt-crc.qdpx": func() []byte {
		b := hostileZip(hostileEntry{"project.qde", hostileProject("<Description>checksum</Description>")})
		i := bytes.Index(b, []byte("PK\x01\x02"))
		binary.LittleEndian.PutUint32(b[14:], 0xdeadbeef)   // local header CRC
		binary.LittleEndian.PutUint32(b[i+16:], 0xdeadbeef) // central directory CRC
		return b
	},
	"empty.qdpx":      func() []byte { return nil },
	"not-a-zip.qdpx":  func() []byte { return []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n") },
	"pk-garbage.qdpx": func() []byte { return append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xA5}, 200)...) },
	"no-project.qdpx": func() []byte { return hostileZip(hostileEntry{"sources/a.txt", "a"}) },
	"codebook-in.qdpx": func() []byte {
		return hostileZip(hostileEntry{"project.qde", `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>`})
	},
	"deep-nesting.qdpx": func() []byte { return hostileZip(hostileEntry{"project.qde", hostileProject(deepCodes(100_000))}) },

	// XML not well-formed
	"mismatched-tag.qde": func() []byte {
		return []byte(hostileProject("<Users>\n<User guid=\"" + hg(1) + "\" name=\"a\"/>\n</Userz>\n"))
	},
	"unclosed.qde": func() []byte {
		return []byte(hostileHead + `<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Users>` + "\n")
	},
	"unquoted-attribute.qde": func() []byte {
		return []byte(hostileHead + `<Project xmlns="urn:QDA-XML:project:1.0" name=x/>` + "\n")
	},
	"lt-in-attribute.qde": func() []byte {
		return []byte(hostileHead + `<Project xmlns="urn:QDA-XML:project:1.0" name="a<b"/>` + "\n")
	},
	"two-roots.qde": func() []byte { return []byte(hostileProject("") + hostileProject("")[len(hostileHead):]) },
	"text-after-root.qde": func() []byte {
		return []byte(hostileProject("") + "trailing text\n")
	},
	"not-xml.qde": func() []byte { return []byte("this is not XML at all\n") },
	"deep-nesting-codebook.qdc": func() []byte {
		open := `<Code guid="` + hg(1) + `" name="deeper" isCodable="true">`
		return []byte(hostileHead + `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>` + strings.Repeat(open, 300) + strings.Repeat("</Code>", 300) + "</Codes></CodeBook>\n")
	},
	"not-well-formed.qdc": func() []byte {
		return []byte(hostileHead + `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="` + hg(1) + `" name="a" isCodable="true"></Codes></CodeBook>` + "\n")
	},
	// entity tricks
	"billion-laughs.qde": func() []byte {
		return []byte(hostileHead + billionLaughs + `<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>` + "\n")
	},
	"billion-laughs-unused.qde": func() []byte {
		return []byte(hostileHead + billionLaughs + `<Project xmlns="urn:QDA-XML:project:1.0" name="laughs declared, never used"/>` + "\n")
	},
	"billion-laughs.qdc": func() []byte {
		return []byte(hostileHead + billionLaughs + `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="` + hg(1) + `" name="&lol9;" isCodable="true"/></Codes></CodeBook>` + "\n")
	},
	"external-entity.qde": func() []byte {
		return []byte(hostileHead + "<!DOCTYPE Project [\n  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n" +
			`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>&xxe;</Description></Project>` + "\n")
	},
	"external-dtd.qde": func() []byte {
		return []byte(hostileHead + `<!DOCTYPE Project SYSTEM "http://127.0.0.1:9/evil.dtd">` + "\n" +
			`<Project xmlns="urn:QDA-XML:project:1.0" name="external DTD, never fetched"/>` + "\n")
	},
	"parameter-entity.qde": func() []byte {
		return []byte(hostileHead + "<!DOCTYPE Project [\n  <!ENTITY % remote SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n  %remote;\n  <!-- ]> inside a comment -->\n]>\n" +
			`<Project xmlns="urn:QDA-XML:project:1.0" name="parameter entity, never fetched"/>` + "\n")
	},
	"doctype-after-root.qde": func() []byte {
		return []byte(hostileHead + `<Project xmlns="urn:QDA-XML:project:1.0" name="x"><!DOCTYPE Project></Project>` + "\n")
	},
	// encodings
	"invalid-utf8.qde": func() []byte {
		return []byte(hostileProject("<Description>caf\xe9 \xff\xfe</Description>\n"))
	},
	"invalid-utf8-attribute.qde": func() []byte {
		return []byte(hostileHead + "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"caf\xc3\x28\"/>\n")
	},
	"utf16.qde": func() []byte {
		return []byte(utf16le(`<?xml version="1.0" encoding="UTF-16"?>`+"\n"+`<Project xmlns="urn:QDA-XML:project:1.0" name="UTF-16 😀"/>`+"\n", true))
	},
	"utf16-unpaired-surrogate.qde": func() []byte {
		s := utf16le(`<?xml version="1.0" encoding="UTF-16"?>`+"\n"+`<Project xmlns="urn:QDA-XML:project:1.0" name="`, true)
		s += "\x00\xD8" // a lone high surrogate, then a quote
		return []byte(s + utf16le(`"/>`+"\n", false))
	},
	"utf16-odd-length.qde": func() []byte {
		s := utf16le(`<?xml version="1.0" encoding="UTF-16"?>`+"\n"+`<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>`+"\n", true)
		return []byte(s + "<")
	},
	"utf16-declared-utf8-bytes.qde": func() []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-16"?>` + "\n" + `<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>` + "\n")
	},
	"unsupported-encoding.qde": func() []byte {
		return []byte(`<?xml version="1.0" encoding="IBM037"?>` + "\n" + `<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>` + "\n")
	},
	"control-character.qde": func() []byte {
		return []byte(hostileProject("<Description>bell \x07</Description>\n"))
	},
	// sizes (read with a 64 KiB text limit in the test)
	"huge-attribute.qdpx": func() []byte {
		return hostileZip(hostileEntry{"project.qde", hostileHead + `<Project xmlns="urn:QDA-XML:project:1.0" name="` + strings.Repeat("a", 100_000) + `"/>`})
	},
	"huge-text.qdpx": func() []byte {
		return hostileZip(hostileEntry{"project.qde", hostileProject("<Description>" + strings.Repeat("text ", 20_000) + "</Description>\n")})
	},
	"huge-text-in-pieces.qdpx": func() []byte {
		return hostileZip(hostileEntry{"project.qde", hostileProject("<Description>" + strings.Repeat(strings.Repeat("x", 1000)+"<!---->", 100) + "</Description>\n")})
	},
	"huge-extension.qdpx": func() []byte {
		return hostileZip(hostileEntry{"project.qde", hostileProject("<Unknown xmlns=\"urn:example\">" + strings.Repeat("<x>extension</x>", 10_000) + "</Unknown>\n")})
	},
	"huge-whitespace.qdpx": func() []byte {
		return hostileZip(hostileEntry{"project.qde", hostileProject(strings.Repeat(" ", 100_000))})
	},
	"many-attributes.qdpx": func() []byte {
		var b strings.Builder
		for i := 0; i < 5000; i++ {
			fmt.Fprintf(&b, ` a%d=""`, i)
		}
		return hostileZip(hostileEntry{"project.qde", hostileHead + `<Project xmlns="urn:QDA-XML:project:1.0" name="x"` + b.String() + `/>` + "\n"})
	},
	"many-namespaces.qde": func() []byte {
		var b strings.Builder
		for i := 0; i < 300; i++ {
			fmt.Fprintf(&b, ` xmlns:p%d="urn:p%d"`, i, i)
		}
		return []byte(hostileHead + `<Project xmlns="urn:QDA-XML:project:1.0" name="x"` + b.String() + `/>` + "\n")
	},
	"many-element-names.qdpx": func() []byte {
		var b strings.Builder
		b.WriteString(`<Ext xmlns="urn:example">`)
		for i := 0; i < 20_000; i++ {
			fmt.Fprintf(&b, "<e%d/>", i)
		}
		b.WriteString("</Ext>\n")
		return hostileZip(hostileEntry{"project.qde", hostileProject(b.String())})
	},
	// model: GUIDs, references, positions
	"duplicate-guids.qde": func() []byte {
		return []byte(hostileProject("<Users>\n" +
			`<User guid="` + hg(1) + `" name="a"/>` + "\n" + `<User guid="` + hg(1) + `" name="b"/>` + "\n" +
			"</Users>\n<CodeBook><Codes>\n" +
			`<Code guid="` + hg(1) + `" name="code sharing a user's GUID" isCodable="true"/>` + "\n" +
			`<Code guid="` + strings.ToUpper(hg(2)) + `" name="c" isCodable="true"/>` + "\n" +
			`<Code guid="{` + hg(2) + `}" name="same GUID braced, in lower case" isCodable="true"/>` + "\n" +
			"</Codes></CodeBook>\n"))
	},
	"malformed-guids.qde": func() []byte {
		return []byte(hostileProject("<Users>\n" +
			`<User guid="not-a-guid" name="a"/>` + "\n" +
			`<User guid="{}" name="b"/>` + "\n" +
			`<User guid="0b0b0b0b-0000-4000-8000-00000000000g" name="c"/>` + "\n" +
			`<User guid="` + strings.Repeat("f", 5000) + `" name="d"/>` + "\n" +
			`<User guid="" name="e"/>` + "\n" +
			`<User name="no guid"/>` + "\n" +
			"</Users>\n"))
	},
	"dangling-references.qde": func() []byte {
		return []byte(hostileProject("<Users>\n" + `<User guid="` + hg(1) + `" name="a"/>` + "\n</Users>\n" +
			"<CodeBook><Codes>\n" + `<Code guid="` + hg(2) + `" name="c" isCodable="true"><NoteRef targetGUID="` + hg(900) + `"/></Code>` + "\n</Codes></CodeBook>\n" +
			"<Cases>\n" + `<Case guid="` + hg(3) + `" name="case"><CodeRef targetGUID="` + hg(901) + `"/><SourceRef targetGUID="` + hg(902) + `"/></Case>` + "\n</Cases>\n" +
			"<Sources>\n" + `<TextSource guid="` + hg(4) + `" name="s" creatingUser="` + hg(903) + `"><PlainTextContent>some text</PlainTextContent>` +
			`<PlainTextSelection guid="` + hg(5) + `" startPosition="0" endPosition="4"><Coding guid="` + hg(6) + `"><CodeRef targetGUID="` + hg(904) + `"/></Coding></PlainTextSelection></TextSource>` + "\n</Sources>\n" +
			"<Sets>\n" + `<Set guid="` + hg(7) + `" name="set"><MemberCode targetGUID="` + hg(905) + `"/><MemberSource targetGUID="` + hg(906) + `"/></Set>` + "\n</Sets>\n"))
	},
	"bad-positions.qde": func() []byte {
		return []byte(hostileProject("<Sources>\n" + textSource(1, "", "Short text.",
			[2]int64{-3, 4}, [2]int64{8, 2}, [2]int64{6, 400}, [2]int64{-10, -5}, [2]int64{0, 5}) +
			`<TextSource guid="` + hg(2) + `" name="overflow"><PlainTextContent>x</PlainTextContent>` +
			`<PlainTextSelection guid="` + hg(201) + `" startPosition="1" endPosition="99999999999999999999999"/>` +
			`<PlainTextSelection guid="` + hg(202) + `" startPosition="x" endPosition="1"/></TextSource>` + "\n" +
			"</Sources>\n"))
	},
	"positions-past-end.qdpx": func() []byte {
		qde := hostileProject("<Sources>\n" + textSource(1, "internal://short.txt", "", [2]int64{0, 5}, [2]int64{3, 1000}, [2]int64{999, 1000}) + "</Sources>\n")
		return hostileZip(hostileEntry{"project.qde", qde}, hostileEntry{"sources/short.txt", "short"})
	},
}

package refi

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const rtQDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="test">
<CodeBook><Codes><Code guid="00000000-0000-4000-8000-000000000c01" name="A" isCodable="true"/></Codes></CodeBook>
<Sources>
<TextSource guid="00000000-0000-4000-8000-000000000501" name="one" plainTextPath="internal://one.txt">
<PlainTextSelection guid="00000000-0000-4000-8000-000000000a01" startPosition="0" endPosition="5"><Coding guid="00000000-0000-4000-8000-000000000b01"><CodeRef targetGUID="00000000-0000-4000-8000-000000000c01"/></Coding></PlainTextSelection>
<PlainTextSelection guid="00000000-0000-4000-8000-000000000a01" startPosition="6" endPosition="11"><Coding guid="00000000-0000-4000-8000-000000000b02"><CodeRef targetGUID="00000000-0000-4000-8000-000000000c01"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
</Project>`

// TestRoundTripCheckSharedSelectionGUIDs: selections that share a GUID are
// compared in order, not confused with one another; the check says that
// the project gives one GUID to two selections, which no reference can
// tell apart.
func TestRoundTripCheckSharedSelectionGUIDs(t *testing.T) {
	in := zipEntries(t, []string{"project.qde", "sources/one.txt"},
		map[string][]byte{"project.qde": []byte(rtQDE), "sources/one.txt": []byte("hello world")})
	doc := readQDPXBytes(t, in)
	for _, w := range []*Writer{nil, {Profile: mustProfile(t, "nvivo")}, {Profile: mustProfile(t, "spec")}} {
		rt, err := (&RoundTripChecker{Writer: w}).Check(doc)
		require.NoError(t, err)
		require.Len(t, rt.Differences, 1, "%v", rt.Differences)
		assert.Contains(t, rt.Differences[0], "written project: project.qde: /Project/Sources/TextSource[1]/PlainTextSelection[2] (guid 00000000-0000-4000-8000-000000000a01) @guid: GUID 00000000-0000-4000-8000-000000000a01 is used by more than one object [duplicate-guid]")
		assert.False(t, rt.OK())
		assert.Empty(t, rt.Unreadable)
	}
}

// TestRoundTripCheckUnreadableInput: a source entry whose checksum fails
// cannot be compared; that is the input's problem, not a difference.
func TestRoundTripCheckUnreadableInput(t *testing.T) {
	in := zipEntries(t, []string{"project.qde", "sources/one.txt"},
		map[string][]byte{"project.qde": []byte(rtQDE), "sources/one.txt": []byte("hello world")})
	// corrupt the stored CRC of sources/one.txt in its central directory entry
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	require.NoError(t, err)
	require.Len(t, zr.File, 2)
	crc := zr.File[1].CRC32
	var le [4]byte
	le[0], le[1], le[2], le[3] = byte(crc), byte(crc>>8), byte(crc>>16), byte(crc>>24)
	bad := append([]byte(nil), in...)
	n := 0
	for i := 0; i+4 <= len(bad); i++ {
		if bytes.Equal(bad[i:i+4], le[:]) {
			bad[i] ^= 0xff
			n++
		}
	}
	require.Positive(t, n)
	doc := readQDPXBytes(t, bad)
	rt, err := (&RoundTripChecker{}).Check(doc)
	require.NoError(t, err)
	require.Len(t, rt.Unreadable, 1)
	assert.Contains(t, rt.Unreadable[0], "file internal://one.txt")
	for _, d := range rt.Differences {
		assert.NotContains(t, d, "file internal://one.txt", "an unreadable input file is not a difference")
	}
}

func mustProfile(t *testing.T, name string) *Profile {
	p, err := LookupProfile(name)
	require.NoError(t, err)
	return p
}

// TestWriteRefusesDescriptorMismatch: an entry whose data descriptor gives
// another checksum than the directory cannot be read; a raw copy must not
// quietly make it readable, so writing the archive fails. Found by
// FuzzReadQDPX.
func TestWriteRefusesDescriptorMismatch(t *testing.T) {
	in := zipEntries(t, []string{"project.qde", "sources/one.txt"},
		map[string][]byte{"project.qde": []byte(rtQDE), "sources/one.txt": []byte("hello world")})
	doc := readQDPXBytes(t, in)
	var out bytes.Buffer
	writeDoc(t, &Writer{}, &out, doc, FormatQDPX, "an intact archive copies")

	// zip.Writer writes data descriptors (PK\x07\x08, CRC, sizes): spoil the
	// CRC of the last one, the text's
	bad := append([]byte(nil), in...)
	i := bytes.LastIndex(bad, []byte("PK\x07\x08"))
	require.Positive(t, i)
	bad[i+4] ^= 0xff
	doc = readQDPXBytes(t, bad)
	_, err := doc.SelectionText(doc.Project.Sources[0].(*TextSource), &doc.Project.Sources[0].(*TextSource).Selections[0])
	require.ErrorIs(t, err, ErrNotZip, "archive/zip refuses the entry")
	out.Reset()
	_, err = (&Writer{}).Write(&out, doc, FormatQDPX)
	assert.ErrorIs(t, err, ErrNotZip)
	assert.ErrorContains(t, err, "data descriptor")
}

// TestRoundTripCheckerValidate: Validate is given the document as written
// (the project document of the archive, or the codebook), and its error
// is a difference.
func TestRoundTripCheckerValidate(t *testing.T) {
	qde := strings.Replace(rtQDE, `a01" startPosition="6"`, `a02" startPosition="6"`, 1)
	in := zipEntries(t, []string{"project.qde", "sources/one.txt"},
		map[string][]byte{"project.qde": []byte(qde), "sources/one.txt": []byte("hello world")})
	project := readQDPXBytes(t, in)
	f, err := os.Open("testdata/qdc/full.qdc")
	require.NoError(t, err)
	defer f.Close()
	codebook, err := ReadQDC(f)
	require.NoError(t, err)
	tests := []struct {
		name     string
		doc      *Document
		kind     Format
		contains string // in the written document
		fail     error
	}{
		{name: "project", doc: project, kind: FormatQDE, contains: `<Project xmlns="urn:QDA-XML:project:1.0"`},
		{name: "project, failing", doc: project, kind: FormatQDE, contains: `name="one"`, fail: errors.New("other validator: no")},
		{name: "codebook", doc: codebook, kind: FormatQDC, contains: `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"`},
		{name: "codebook, failing", doc: codebook, kind: FormatQDC, contains: "<Codes>", fail: errors.New("other validator: no")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			c := &RoundTripChecker{Validate: func(kind Format, written io.Reader) error {
				calls++
				assert.Equal(t, tt.kind, kind)
				b, err := io.ReadAll(written)
				require.NoError(t, err)
				assert.Contains(t, string(b), tt.contains)
				validate := ValidateProjectXML
				if kind == FormatQDC {
					validate = ValidateCodebookXML
				}
				assert.NoError(t, validate(bytes.NewReader(b)), "what is given is the valid written document")
				return tt.fail
			}}
			rt, err := c.Check(tt.doc)
			require.NoError(t, err)
			assert.Equal(t, 1, calls)
			if tt.fail == nil {
				assert.Empty(t, rt.Differences)
			} else {
				assert.Equal(t, []string{"other validator: no"}, rt.Differences)
			}
		})
	}
}

// TestSamePacked: entries packed alike are compared as packed and the
// input's unpacked once; entries packed otherwise are left to the content
// comparison; a text that differs is found either way.
func TestSamePacked(t *testing.T) {
	text := []byte(strings.Repeat("the participant said the link worker helped\n", 50))
	deflated := rtDoc(t, rtQDE, string(text))
	again := rtDoc(t, rtQDE, string(text))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []struct {
		name string
		b    []byte
	}{{"project.qde", []byte(rtQDE)}, {"sources/one.txt", text}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Store})
		require.NoError(t, err)
		_, err = w.Write(e.b)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	stored := readQDPXBytes(t, buf.Bytes())
	other := rtDoc(t, rtQDE, strings.Replace(string(text), "helped", "helps!", 1))
	bufs := [2][]byte{make([]byte, 64), make([]byte, 64)}

	inputErr, ok := samePacked(deflated, again, "internal://one.txt", "internal://one.txt", bufs)
	assert.True(t, ok, "packed alike: the same")
	assert.NoError(t, inputErr)

	_, ok = samePacked(deflated, stored, "internal://one.txt", "internal://one.txt", bufs)
	assert.False(t, ok, "packed otherwise: the contents are compared")

	_, ok = samePacked(deflated, other, "internal://one.txt", "internal://one.txt", bufs)
	assert.False(t, ok, "another text has another checksum")

	r := &RoundTrip{Report: Report{Ledger: &Ledger{}}}
	r.sameFiles(deflated, stored, nil)
	assert.Empty(t, r.Differences, "the same text, packed otherwise")
	r.sameFiles(deflated, other, nil)
	assert.Equal(t, []string{"file internal://one.txt: content differs"}, r.Differences)
}

package sample

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/schematest"
)

// The test reads the embedded archive with its own minimal XML model, not
// with any project library, so that it checks the fixture independently.

type xRef struct {
	Target string `xml:"targetGUID,attr"`
}

type xCode struct {
	GUID        string  `xml:"guid,attr"`
	Name        string  `xml:"name,attr"`
	IsCodable   string  `xml:"isCodable,attr"`
	Color       string  `xml:"color,attr"`
	Description string  `xml:"Description"`
	NoteRefs    []xRef  `xml:"NoteRef"`
	Children    []xCode `xml:"Code"`
}

type xSelection struct {
	GUID    string `xml:"guid,attr"`
	Start   int    `xml:"startPosition,attr"`
	End     int    `xml:"endPosition,attr"`
	User    string `xml:"creatingUser,attr"`
	Codings []struct {
		GUID    string `xml:"guid,attr"`
		User    string `xml:"creatingUser,attr"`
		CodeRef xRef   `xml:"CodeRef"`
	} `xml:"Coding"`
}

type xText struct {
	GUID          string       `xml:"guid,attr"`
	Name          string       `xml:"name,attr"`
	PlainTextPath string       `xml:"plainTextPath,attr"`
	Selections    []xSelection `xml:"PlainTextSelection"`
}

type xProject struct {
	XMLName xml.Name `xml:"urn:QDA-XML:project:1.0 Project"`
	Name    string   `xml:"name,attr"`
	Origin  string   `xml:"origin,attr"`
	Users   []struct {
		GUID string `xml:"guid,attr"`
		Name string `xml:"name,attr"`
	} `xml:"Users>User"`
	Codes     []xCode `xml:"CodeBook>Codes>Code"`
	Variables []struct {
		GUID string `xml:"guid,attr"`
		Name string `xml:"name,attr"`
		Type string `xml:"typeOfVariable,attr"`
	} `xml:"Variables>Variable"`
	Cases []struct {
		GUID   string `xml:"guid,attr"`
		Name   string `xml:"name,attr"`
		Values []struct {
			Variable xRef    `xml:"VariableRef"`
			Text     *string `xml:"TextValue"`
			Integer  *string `xml:"IntegerValue"`
			Boolean  *string `xml:"BooleanValue"`
		} `xml:"VariableValue"`
		Sources []xRef `xml:"SourceRef"`
	} `xml:"Cases>Case"`
	Sources []xText `xml:"Sources>TextSource"`
	Notes   []xText `xml:"Notes>Note"`
	Links   []struct {
		GUID   string `xml:"guid,attr"`
		Origin string `xml:"originGUID,attr"`
		Target string `xml:"targetGUID,attr"`
	} `xml:"Links>Link"`
	Sets []struct {
		GUID    string `xml:"guid,attr"`
		Name    string `xml:"name,attr"`
		Members []xRef `xml:"MemberSource"`
	} `xml:"Sets>Set"`
}

func flattenCodes(cs []xCode) []xCode {
	var out []xCode
	for _, c := range cs {
		out = append(out, c)
		out = append(out, flattenCodes(c.Children)...)
	}
	return out
}

// embedded opens the embedded archive and returns its entries by name, in
// archive order.
func embedded(t *testing.T) (*zip.Reader, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(QDPX), int64(len(QDPX)))
	require.NoError(t, err)
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err, f.Name)
		data, err := io.ReadAll(rc)
		require.NoError(t, err, f.Name)
		require.NoError(t, rc.Close())
		files[f.Name] = data
	}
	return zr, files
}

func parseProject(t *testing.T, qde []byte) *xProject {
	t.Helper()
	var p xProject
	require.NoError(t, xml.Unmarshal(qde, &p))
	return &p
}

// decodeText strips the BOM from a stored source text and returns it as
// UTF-16 code units.
func decodeText(t *testing.T, stored []byte) []uint16 {
	t.Helper()
	require.True(t, bytes.HasPrefix(stored, []byte("\xEF\xBB\xBF")), "missing BOM")
	require.True(t, utf8.Valid(stored))
	return utf16.Encode([]rune(string(stored[3:])))
}

type excerpt struct {
	guid, source string
	start, end   int
	code, text   string
}

var tsvUnescaper = strings.NewReplacer(`\r`, "\r", `\n`, "\n", `\t`, "\t")

func parseExcerpts(t *testing.T, data []byte) []excerpt {
	t.Helper()
	var out []excerpt
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		require.Len(t, f, 6, "line %d", n)
		start, err := strconv.Atoi(f[2])
		require.NoError(t, err, "line %d", n)
		end, err := strconv.Atoi(f[3])
		require.NoError(t, err, "line %d", n)
		out = append(out, excerpt{f[0], f[1], start, end, f[4], tsvUnescaper.Replace(f[5])})
	}
	require.NoError(t, sc.Err())
	return out
}

func TestArchiveEntries(t *testing.T) {
	assert.Less(t, len(QDPX), 100*1024, "the sample should stay small")
	zr, files := embedded(t)
	require.NotEmpty(t, zr.File)
	assert.Equal(t, "project.qde", zr.File[0].Name, "project.qde comes first")

	p := parseProject(t, files["project.qde"])
	want := []string{"project.qde"}
	for _, s := range append(slices.Clone(p.Sources), p.Notes...) {
		name, ok := strings.CutPrefix(s.PlainTextPath, "internal://")
		require.True(t, ok, s.PlainTextPath)
		want = append(want, "Sources/"+name)
	}
	var got []string
	for _, f := range zr.File {
		got = append(got, f.Name)
		assert.Equal(t, zip.Deflate, f.Method, f.Name)
		assert.True(t, f.Modified.Equal(ZipModTime), "%s modified %v", f.Name, f.Modified)
	}
	assert.Equal(t, want, got)
	assert.Len(t, got, 1+7+2, "project.qde, 7 transcripts, 2 notes")
}

func TestProjectXML(t *testing.T) {
	_, files := embedded(t)
	qde := files["project.qde"]

	// Well-formed from start to end.
	dec := xml.NewDecoder(bytes.NewReader(qde))
	var root *xml.StartElement
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if se, ok := tok.(xml.StartElement); ok && root == nil {
			root = &se
		}
	}
	require.NotNil(t, root)
	assert.Equal(t, xml.Name{Space: "urn:QDA-XML:project:1.0", Local: "Project"}, root.Name)
	assert.True(t, bytes.HasPrefix(qde, []byte(`<?xml version="1.0" encoding="utf-8"?>`+"\n<Project ")))
	assert.NotContains(t, string(qde), "\r", "no raw carriage return in project.qde")

	p := parseProject(t, qde)
	assert.Equal(t, "NVivo for Windows 12.6", p.Origin)
	assert.Contains(t, p.Name, "fictional")

	codes := flattenCodes(p.Codes)
	var notCodable []string
	for _, c := range codes {
		if c.IsCodable == "false" {
			notCodable = append(notCodable, c.Name)
		}
	}
	assert.Len(t, codes, 21)
	assert.Equal(t, []string{"Emergent themes"}, notCodable)

	counts := map[string]int{
		"users": len(p.Users), "variables": len(p.Variables), "cases": len(p.Cases),
		"sources": len(p.Sources), "notes": len(p.Notes), "links": len(p.Links), "sets": len(p.Sets),
	}
	assert.Equal(t, map[string]int{
		"users": 2, "variables": 5, "cases": 7, "sources": 7, "notes": 2, "links": 1, "sets": 1,
	}, counts)

	// Every GUID is canonical (lower-case, no braces) and unique.
	guidRE := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	attrRE := regexp.MustCompile(`\b(guid|targetGUID|originGUID|creatingUser|modifyingUser|creatingUserGUID|modifyingUserGUID)="([^"]*)"`)
	seen := map[string]bool{}
	for _, m := range attrRE.FindAllStringSubmatch(string(qde), -1) {
		assert.Regexp(t, guidRE, m[2], "%s", m[0])
		if m[1] == "guid" {
			assert.False(t, seen[m[2]], "duplicate guid %s", m[2])
			seen[m[2]] = true
		}
	}

	// References resolve.
	kind := map[string]string{}
	for _, u := range p.Users {
		kind[u.GUID] = "user"
	}
	for _, c := range codes {
		kind[c.GUID] = "code"
		if c.IsCodable == "false" {
			kind[c.GUID] = "folder"
		}
	}
	for _, c := range p.Cases {
		kind[c.GUID] = "case"
	}
	for _, v := range p.Variables {
		kind[v.GUID] = "variable"
	}
	for _, s := range p.Sources {
		kind[s.GUID] = "source"
		for _, sel := range s.Selections {
			kind[sel.GUID] = "selection"
		}
	}
	for _, n := range p.Notes {
		kind[n.GUID] = "note"
	}
	caseCodings, selections := 0, 0
	coders := map[string]int{}
	for _, s := range p.Sources {
		for _, sel := range s.Selections {
			selections++
			require.Len(t, sel.Codings, 1, "NVivo writes one Coding per selection")
			c := sel.Codings[0]
			assert.Equal(t, "user", kind[c.User])
			assert.Equal(t, sel.User, c.User)
			coders[c.User]++
			switch kind[c.CodeRef.Target] {
			case "code":
			case "case":
				caseCodings++
			default:
				t.Errorf("selection %s codes at %s (%q)", sel.GUID, c.CodeRef.Target, kind[c.CodeRef.Target])
			}
		}
	}
	assert.Equal(t, 1, caseCodings, "exactly one case coding")
	assert.Len(t, coders, 2, "two coders")
	assert.GreaterOrEqual(t, selections, 60)
	assert.LessOrEqual(t, selections, 90)
	for _, c := range codes {
		for _, r := range c.NoteRefs {
			assert.Equal(t, "note", kind[r.Target])
		}
	}
	for _, l := range p.Links {
		assert.Equal(t, "note", kind[l.Origin])
		assert.Equal(t, "selection", kind[l.Target])
	}
	for _, s := range p.Sets {
		for _, m := range s.Members {
			assert.Equal(t, "source", kind[m.Target])
		}
	}
	for _, c := range p.Cases {
		require.Len(t, c.Sources, 1, c.Name)
		assert.Equal(t, "source", kind[c.Sources[0].Target])
		for _, v := range c.Values {
			assert.Equal(t, "variable", kind[v.Variable.Target])
		}
	}
}

func TestSourceTextEncoding(t *testing.T) {
	_, files := embedded(t)
	n := 0
	for name, data := range files {
		if !strings.HasPrefix(name, "Sources/") {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			assert.True(t, bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")), "starts with the UTF-8 BOM")
			assert.True(t, utf8.Valid(data))
			assert.Equal(t, bytes.Count(data, []byte("\n")), bytes.Count(data, []byte("\r\n")), "every LF is part of a CRLF")
			assert.Equal(t, bytes.Count(data, []byte("\r")), bytes.Count(data, []byte("\r\n")), "every CR is part of a CRLF")
			assert.True(t, bytes.HasSuffix(data, []byte("\r\n")))
		})
	}
	assert.Equal(t, 9, n)
}

// TestSelectionsMatchExcerpts slices every source text at the positions in
// project.qde, counting UTF-16 code units after the BOM, and compares with
// the expected-excerpts table.
func TestSelectionsMatchExcerpts(t *testing.T) {
	_, files := embedded(t)
	p := parseProject(t, files["project.qde"])
	rows := parseExcerpts(t, ExpectedExcerpts)
	byGUID := map[string]excerpt{}
	for _, r := range rows {
		byGUID[r.guid] = r
	}
	names := map[string]string{}
	for _, c := range flattenCodes(p.Codes) {
		names[c.GUID] = c.Name
	}
	for _, c := range p.Cases {
		names[c.GUID] = c.Name
	}

	n := 0
	for _, s := range p.Sources {
		units := decodeText(t, files["Sources/"+strings.TrimPrefix(s.PlainTextPath, "internal://")])
		for _, sel := range s.Selections {
			n++
			r, ok := byGUID[sel.GUID]
			if !assert.True(t, ok, "selection %s missing from the TSV", sel.GUID) {
				continue
			}
			assert.Equal(t, s.Name, r.source)
			assert.Equal(t, sel.Start, r.start)
			assert.Equal(t, sel.End, r.end)
			assert.Equal(t, names[sel.Codings[0].CodeRef.Target], r.code)
			require.True(t, 0 <= sel.Start && sel.Start < sel.End && sel.End <= len(units), "range %d-%d", sel.Start, sel.End)
			assert.Equal(t, r.text, string(utf16.Decode(units[sel.Start:sel.End])), sel.GUID)
		}
	}
	assert.Equal(t, len(rows), n, "one TSV line per selection")
	assert.Len(t, byGUID, len(rows), "TSV GUIDs are unique")
}

// TestOffsetsDifferFromCodePoints makes sure the fixture can tell a reader
// that counts code points from one that counts UTF-16 code units.
func TestOffsetsDifferFromCodePoints(t *testing.T) {
	_, files := embedded(t)
	p := parseProject(t, files["project.qde"])
	differ, afterSequence := 0, 0
	for _, s := range p.Sources {
		units := decodeText(t, files["Sources/"+strings.TrimPrefix(s.PlainTextPath, "internal://")])
		for _, sel := range s.Selections {
			prefix := utf16.Decode(units[:sel.Start])
			if len(prefix) == sel.Start {
				continue
			}
			differ++
			// A multi-code-point emoji: skin-tone modifier or zero-width joiner.
			if slices.ContainsFunc(prefix, func(r rune) bool { return r == 0x200D || r >= 0x1F3FB && r <= 0x1F3FF }) {
				afterSequence++
			}
			// Slicing by code points at the same numbers gives other text.
			runes := []rune(string(utf16.Decode(units)))
			assert.NotEqual(t, string(utf16.Decode(units[sel.Start:sel.End])), string(runes[sel.Start:min(sel.End, len(runes))]))
		}
	}
	assert.Positive(t, differ, "some selections follow a non-BMP character")
	assert.Positive(t, afterSequence, "some selections follow a multi-code-point emoji sequence")
}

func TestGenerateReproducesEmbedded(t *testing.T) {
	content := os.DirFS("content")
	qdpx1, tsv1, err := Generate(content)
	require.NoError(t, err)
	qdpx2, tsv2, err := Generate(content)
	require.NoError(t, err)
	assert.Equal(t, qdpx1, qdpx2, "Generate is deterministic")
	assert.Equal(t, tsv1, tsv2, "Generate is deterministic")

	const hint = "regenerate with: go run ./internal/sample/gen"
	assert.Equal(t, string(ExpectedExcerpts), string(tsv1), hint)
	// Compare entry by entry first for a readable failure, then the bytes.
	zr, err := zip.NewReader(bytes.NewReader(qdpx1), int64(len(qdpx1)))
	require.NoError(t, err)
	_, files := embedded(t)
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		assert.Equal(t, string(files[f.Name]), string(data), "%s: %s", f.Name, hint)
	}
	assert.True(t, bytes.Equal(QDPX, qdpx1), "embedded %s differs from a fresh build; %s", FileName, hint)
}

func TestSchemaValid(t *testing.T) {
	_, files := embedded(t)
	schematest.RequireValidProject(t, files["project.qde"])
}

func TestLocate(t *testing.T) {
	const text = "A: Hi 👍🏽 there.\r\n\r\nB: Hi there. Hi there."
	tests := []struct {
		name       string
		passage    string
		occurrence int
		start, end int
		err        string
	}{
		{name: "ascii at start", passage: "A: Hi", start: 0, end: 5},
		{name: "after skin-tone emoji", passage: "there.", occurrence: 1, start: 11, end: 17},
		{name: "across CRLF", passage: "there.\r\n\r\nB: Hi", start: 11, end: 26},
		{name: "second occurrence", passage: "Hi there.", occurrence: 2, start: 34, end: 43},
		{name: "ambiguous", passage: "Hi there.", err: "occurs 2 times"},
		{name: "needless occurrence", passage: "A: Hi", occurrence: 1, err: "occurs once"},
		{name: "occurrence too large", passage: "Hi there.", occurrence: 3, err: "not 3"},
		{name: "not found", passage: "Hello", err: "not found"},
		{name: "inside a word", passage: "her", occurrence: 1, err: "inside a word"},
		{name: "leading space", passage: " Hi", err: "white space"},
		{name: "empty", passage: "", err: "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end, err := locate(text, tt.passage, tt.occurrence)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, []int{tt.start, tt.end}, []int{start, end})
			units := utf16.Encode([]rune(text))
			assert.Equal(t, tt.passage, string(utf16.Decode(units[start:end])))
		})
	}
}

func TestEscape(t *testing.T) {
	tests := []struct {
		in, text, attr string
	}{
		{in: "plain", text: "plain", attr: "plain"},
		{in: `Money, housing & benefits`, text: `Money, housing &amp; benefits`, attr: `Money, housing &amp; benefits`},
		{in: `<a href="x">`, text: `&lt;a href="x"&gt;`, attr: `&lt;a href=&quot;x&quot;&gt;`},
		{in: "line\r\nnext\tcol", text: "line&#xD;\nnext\tcol", attr: "line&#xD;&#xA;next&#x9;col"},
		{in: "Zoë's 👍🏽", text: "Zoë's 👍🏽", attr: "Zoë's 👍🏽"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.text, escapeText(tt.in))
			assert.Equal(t, tt.attr, escapeAttr(tt.in))
			// Both read back exactly through a conforming parser.
			var v struct {
				A    string `xml:"a,attr"`
				Text string `xml:",chardata"`
			}
			require.NoError(t, xml.Unmarshal([]byte(`<e a="`+escapeAttr(tt.in)+`">`+escapeText(tt.in)+`</e>`), &v))
			assert.Equal(t, tt.in, v.A)
			assert.Equal(t, tt.in, v.Text)
		})
	}
}

func TestGenerateErrors(t *testing.T) {
	const transcript = "Interviewer: Hello.\n\nP01: Hello. I like the garden.\n"
	spec := func(items string) string {
		return fmt.Sprintf(`{
  "project": {"name": "t", "origin": "o", "createdBy": "A", "created": "2024-01-01T00:00:00Z", "modifiedBy": "A", "modified": "2024-01-01T00:00:00Z"},
  "users": [{"key": "A", "name": "Ann"}],
  "codes": [{"name": "Garden"}, {"name": "Folder", "notCodable": true}],
  "sources": [{"key": "S", "name": "S", "file": "s.txt", "createdBy": "A", "created": "2024-01-01T00:00:00Z", "modifiedBy": "A", "modified": "2024-01-01T00:00:00Z"}],
  "codings": [{"source": "S", "coder": "A", "start": "2024-01-02T00:00:00Z", "items": [%s]}]
}`, items)
	}
	tests := []struct {
		name, items, text, err string
	}{
		{name: "valid", items: `{"codes": ["Garden"], "text": "I like the garden."}`},
		{name: "missing passage", items: `{"codes": ["Garden"], "text": "I love the garden."}`, err: "not found"},
		{name: "ambiguous passage", items: `{"codes": ["Garden"], "text": "Hello."}`, err: "occurs 2 times"},
		{name: "unknown code", items: `{"codes": ["Allotment"], "text": "I like the garden."}`, err: `unknown code "Allotment"`},
		{name: "folder code", items: `{"codes": ["Folder"], "text": "I like the garden."}`, err: "not codable"},
		{name: "CRLF content", items: `{"codes": ["Garden"], "text": "I like the garden."}`, text: "a\r\nb\n", err: "contains CR"},
		{name: "unknown field", items: `{"code": ["Garden"], "text": "x"}`, err: "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := cmp.Or(tt.text, transcript)
			fsys := fstest.MapFS{
				SpecFile: {Data: []byte(spec(tt.items))},
				"s.txt":  {Data: []byte(text)},
			}
			qdpx, tsv, err := Generate(fsys)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.NotEmpty(t, qdpx)
			rows := parseExcerpts(t, tsv)
			require.Len(t, rows, 1)
			assert.Equal(t, excerpt{rows[0].guid, "S", 35, 53, "Garden", "I like the garden."}, rows[0])
		})
	}
}

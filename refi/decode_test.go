package refi

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadQuirks reads each fixture of testdata/qde and checks the warnings
// it gives: every quirk met is reported, with its code, where it was met.
func TestReadQuirks(t *testing.T) {
	tests := []struct {
		file  string
		codes []WarningCode
		where map[WarningCode]string // a path one warning of the code must have
		check func(t *testing.T, p *Project)
	}{
		{file: "full.qde", check: func(t *testing.T, p *Project) {
			assert.Equal(t, "Every element", p.Name)
			assert.Len(t, p.Users, 2)
			assert.Len(t, p.Sources, 5)
			assert.Equal(t, []string{"TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource"},
				[]string{p.Sources[0].Element(), p.Sources[1].Element(), p.Sources[2].Element(), p.Sources[3].Element(), p.Sources[4].Element()})
			_, off := p.Modified.Zone()
			assert.Equal(t, 3600, off, "the +01:00 offset is kept")
			assert.Equal(t, 500*time.Millisecond, time.Duration(p.Modified.Nanosecond()))
		}},
		{file: "legacy-transana.qde", codes: []WarningCode{WarnNamespace, WarnUnknown, WarnLegacyForm, WarnGUIDForm},
			where: map[WarningCode]string{WarnUnknown: "/Project/Sets/Set"},
			check: func(t *testing.T, p *Project) {
				require.Len(t, p.Sets, 1)
				assert.Equal(t, []GUID{"{22222222-3333-4444-8555-666666666666}"}, p.Sets[0].MemberSources)
				assert.Equal(t, []GUID{"{55555555-6666-4777-8888-999999999999}"}, p.Sets[0].MemberNotes)
			}},
		{file: "no-namespace.qde", codes: []WarningCode{WarnNamespace}},
		{file: "guid-forms.qde", codes: []WarningCode{WarnGUIDForm}, check: func(t *testing.T, p *Project) {
			assert.Equal(t, GUID("{2d2466f0-d77f-4f8c-bdf9-628966b6b74d}"), p.Codes[1].GUID, "written as read")
			assert.Equal(t, GUID("086ac733-7b1c-4749-a138-d7182f63a5c9"), p.Codes[2].GUID, "token white space collapsed")
			sel := p.Sources[0].(*TextSource).Selections[0]
			assert.True(t, sel.Codings[0].Code.Same(p.Codes[0].GUID))
		}},
		{file: "empty-containers.qde", codes: []WarningCode{WarnEmptyContainer},
			where: map[WarningCode]string{WarnEmptyContainer: "/Project/Sets"}},
		{file: "colours.qde", codes: []WarningCode{WarnColor}, where: map[WarningCode]string{WarnColor: "/Project/CodeBook/Codes/Code[3]"},
			check: func(t *testing.T, p *Project) {
				assert.Equal(t, "rgb(240, 0, 130)", p.Codes[2].Color, "kept as written")
				assert.Equal(t, "blue", p.Codes[5].Color, "not a colour, but kept as written")
			}},
		{file: "nonguid-ids.qde", codes: []WarningCode{WarnInvalidGUID},
			where: map[WarningCode]string{WarnInvalidGUID: "/Project/CodeBook/Codes/Code[1]"}},
		{file: "dangling.qde", codes: []WarningCode{WarnDanglingRef},
			where: map[WarningCode]string{WarnDanglingRef: "/Project/Sources/TextSource[1]/PlainTextSelection[1]/Coding[1]"}},
		{file: "case-codes.qde", codes: []WarningCode{WarnCaseCode}},
		{file: "document-variables.qde", codes: []WarningCode{WarnGUIDForm, WarnDocumentVariables}},
		{file: "extensions.qde", codes: []WarningCode{WarnUnknown}, check: func(t *testing.T, p *Project) {
			require.NotNil(t, p.Extensions)
			assert.Equal(t, []xmlAttr{{Space: "https://openqda.org/ns/1", Prefix: "oq", Name: "projectId", Value: "42"}}, p.Extensions.attrs)
			e := p.Codes[0].Extensions
			require.NotNil(t, e)
			assert.Equal(t, []string{`<oq:Meta kind="tag" xmlns:oq="https://openqda.org/ns/1">keep <oq:b>me</oq:b> &amp; this</oq:Meta>`}, e.elems)
			assert.Equal(t, []childAttr{{Child: "NoteRef", Index: 1, xmlAttr: xmlAttr{Space: "https://openqda.org/ns/1", Prefix: "oq", Name: "weight", Value: "2"}}}, e.childAttrs)
		}},
		{file: "order.qde", codes: []WarningCode{WarnOrder}},
		{file: "values.qde", codes: []WarningCode{WarnInvalidValue, WarnTimezone}, check: func(t *testing.T, p *Project) {
			assert.Equal(t, VarDateTime, p.Variables[0].Type)
			vs := p.Cases[0].Values
			assert.Equal(t, VariableType(""), vs[0].Type, "an invalid value is kept as an extension, not as a value")
			assert.Equal(t, "true", vs[2].Value)
			n, err := vs[4].Int()
			require.NoError(t, err)
			assert.Equal(t, int64(7), n)
			sel := p.Sources[0].(*TextSource).Selections[0]
			assert.Equal(t, [2]int64{2, 9}, [2]int64{sel.Start, sel.End})
		}},
		{file: "selections-bad.qde", codes: []WarningCode{WarnSelectionRange, WarnMissingAttr, WarnInvalidValue},
			where: map[WarningCode]string{WarnSelectionRange: "/Project/Sources/TextSource[1]/PlainTextSelection[2]", WarnMissingAttr: "/Project/Sources/TextSource[1]/PlainTextSelection[4]"},
			check: func(t *testing.T, p *Project) {
				ts := p.Sources[0].(*TextSource)
				assert.Len(t, ts.Selections, 4, "the two selections without a usable position are kept as extensions")
				assert.Len(t, ts.Extensions.elems, 2)
			}},
		{file: "no-text.qde", codes: []WarningCode{WarnMissingSource},
			where: map[WarningCode]string{WarnMissingSource: "/Project/Sources/TextSource[1]"},
			check: func(t *testing.T, p *Project) {
				ts := p.Sources[0].(*TextSource)
				assert.Len(t, ts.Selections, 2, "the selections are kept")
			}},
		{file: "duplicates.qde", codes: []WarningCode{WarnGUIDForm, WarnDuplicateGUID},
			where: map[WarningCode]string{WarnDuplicateGUID: "/Project/Sources/TextSource[1]/PlainTextSelection[2]"}},
		{file: "doctype.qde", codes: []WarningCode{WarnDoctype}},
		{file: "latin1.qde", codes: []WarningCode{WarnXMLEncoding}, check: func(t *testing.T, p *Project) {
			assert.Equal(t, "Café ½", p.Name)
		}},
		{file: "utf16.qde", codes: []WarningCode{WarnXMLEncoding}, check: func(t *testing.T, p *Project) {
			assert.Equal(t, "UTF-16 für 😀", p.Name)
		}},
		{file: "whitespace.qde", check: func(t *testing.T, p *Project) {
			assert.Equal(t, "Line breaks and\nrefs\tkept", p.Name, "literal white space in attributes becomes spaces; references are kept")
			assert.Equal(t, "CR\rLF", p.Origin)
			assert.Equal(t, "Text with CR LF\nand a lone CR\nand an escaped \r CR.", p.Description)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := readQDEFile(t, filepath.Join("testdata/qde", tt.file))
			assert.Equal(t, tt.codes, warningCodes(doc.Warnings))
			for code, path := range tt.where {
				found := false
				for _, w := range doc.Warnings {
					if w.Code == code && strings.HasPrefix(w.Path, path) {
						found = true
						assert.Equal(t, tt.file, w.File)
						assert.NotEmpty(t, w.Message)
					}
				}
				assert.True(t, found, "a %s warning at %s in %v", code, path, doc.Warnings)
			}
			if tt.check != nil {
				tt.check(t, doc.Project)
			}
		})
	}
}

// TestReadErrors checks that input that cannot be read gives a clear typed
// error naming the file, the place and the line.
func TestReadErrors(t *testing.T) {
	tests := []struct {
		file     string
		is       error
		contains string
		path     string
		line     int
	}{
		{file: "mismatched.qde", is: ErrSyntax, contains: "end tag </Userz> does not match <Users>", path: "/Project/Users", line: 5},
		{file: "truncated.qde", is: ErrSyntax, contains: "unexpected end of input", line: 4},
		{file: "not-refi.qde", is: ErrFormat, contains: "root element is <html>", line: 2},
		{file: "empty.qde", is: ErrFormat, contains: "no root element"},
		{file: "invalid-utf8.qde", is: ErrEncoding, contains: "invalid UTF-8", line: 2},
		{file: "two-roots.qde", is: ErrSyntax, contains: "second root element", line: 3},
		{file: "duplicate-attribute.qde", is: ErrSyntax, contains: "attribute name appears twice", line: 2},
		{file: "control-char.qde", is: ErrSyntax, contains: "U+0001", line: 2},
		{file: "undeclared-prefix.qde", is: ErrSyntax, contains: "undeclared namespace prefix p"},
		{file: "zip-bytes.qde", is: ErrFormat},
		{file: "doctype-entity.qde", is: ErrSyntax, contains: "entity &xxe; is not expanded", line: 5},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata/invalid", tt.file))
			require.NoError(t, err)
			for _, std := range []bool{false, true} {
				_, err = (&Reader{Name: tt.file, useStd: std}).ReadQDE(bytes.NewReader(b))
				require.Error(t, err)
				if std {
					// the reference tokenizer must reject it too
					continue
				}
				assert.ErrorIs(t, err, tt.is)
				assert.Contains(t, err.Error(), tt.contains)
				assert.True(t, strings.HasPrefix(err.Error(), "refi: "+tt.file), err.Error())
				var fe *FormatError
				require.True(t, errors.As(err, &fe))
				assert.Equal(t, tt.file, fe.File)
				if tt.path != "" {
					assert.Equal(t, tt.path, fe.Path)
				}
				if tt.line > 0 {
					assert.Equal(t, tt.line, fe.Line)
				}
				assert.NotContains(t, err.Error(), "\n", "one line")
			}
		})
	}
}

func TestStrict(t *testing.T) {
	b, err := os.ReadFile("testdata/qde/dangling.qde")
	require.NoError(t, err)
	_, err = (&Reader{Strict: true, Name: "dangling.qde"}).ReadQDE(bytes.NewReader(b))
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrStrict)
	var fe *FormatError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "/Project", fe.Path)
	assert.Contains(t, err.Error(), "creatingUserGUID refers to")

	// notices do not fail a strict read: upper-case GUIDs are valid
	b, err = os.ReadFile("testdata/qde/document-variables.qde")
	require.NoError(t, err)
	doc, err := (&Reader{Strict: true}).ReadQDE(bytes.NewReader(b))
	require.NoError(t, err)
	assert.Equal(t, []WarningCode{WarnGUIDForm, WarnDocumentVariables}, warningCodes(doc.Warnings))

	// a valid file reads in strict mode
	b, err = os.ReadFile("testdata/qde/full.qde")
	require.NoError(t, err)
	_, err = (&Reader{Strict: true}).ReadQDE(bytes.NewReader(b))
	require.NoError(t, err)
}

func TestMaxWarnings(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<Project xmlns="urn:QDA-XML:project:1.0" name="many"><CodeBook><Codes>`)
	for i := 0; i < 250; i++ {
		b.WriteString(`<Code guid="c` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `" name="n" isCodable="true"/>`)
	}
	b.WriteString(`</Codes></CodeBook></Project>`)
	doc, err := (&Reader{MaxWarnings: 10}).ReadQDE(strings.NewReader(b.String()))
	require.NoError(t, err)
	var invalid, summaries int
	for _, w := range doc.Warnings {
		if w.Code == WarnInvalidGUID {
			invalid++
			if strings.Contains(w.Message, "more warnings of this kind") {
				summaries++
				assert.Contains(t, w.Message, "240 more")
			}
		}
	}
	assert.Equal(t, 11, invalid, "10 listed and one summary")
	assert.Equal(t, 1, summaries)
}

func TestReadCodebooks(t *testing.T) {
	tests := []struct {
		file  string
		codes []WarningCode
		check func(t *testing.T, cb *codebook)
	}{
		{file: "full.qdc", check: func(t *testing.T, cb *codebook) {
			require.Len(t, cb.Sets, 1)
			assert.Equal(t, []GUID{"2a2a2a2a-0000-4000-8000-000000000002", "2a2a2a2a-0000-4000-8000-000000000003"}, cb.Sets[0].MemberCodes)
			assert.Equal(t, "Emergent", cb.Codes[1].Name)
			assert.False(t, cb.Codes[1].IsCodable)
		}},
		{file: "taguette.qdc", codes: []WarningCode{WarnEmptyContainer, WarnGUIDForm}, check: func(t *testing.T, cb *codebook) {
			assert.Equal(t, `interesting\places`, cb.Codes[1].Name)
		}},
		{file: "maxqda-0-4.qdc", codes: []WarningCode{WarnNamespace, WarnGUIDForm}},
		{file: "nvivo-mac-1-0.qdc", codes: []WarningCode{WarnNamespace}},
		{file: "member-targetguid.qdc", codes: []WarningCode{WarnLegacyForm}, check: func(t *testing.T, cb *codebook) {
			assert.Equal(t, []GUID{"2b2b2b2b-0000-4000-8000-000000000001"}, cb.Sets[0].MemberCodes)
		}},
		{file: "note-in-codebook.qdc", codes: []WarningCode{WarnUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata/qdc", tt.file))
			require.NoError(t, err)
			doc, err := (&Reader{Name: tt.file}).ReadQDC(bytes.NewReader(b))
			require.NoError(t, err)
			assert.Equal(t, FormatQDC, doc.Format)
			assert.Equal(t, tt.codes, warningCodes(doc.Warnings))
			if tt.check != nil {
				tt.check(t, doc.Project.asCodebook())
			}
		})
	}
	// a project is not a codebook
	b, err := os.ReadFile("testdata/qde/full.qde")
	require.NoError(t, err)
	_, err = ReadQDC(bytes.NewReader(b))
	assert.ErrorIs(t, err, ErrFormat)
}

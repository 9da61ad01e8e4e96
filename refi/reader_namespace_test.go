package refi

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// codeNames returns the names of a code tree, depth first.
func codeNames(cs []*Code) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
		out = append(out, codeNames(c.Children)...)
	}
	return out
}

// TestReadNamespaceMix reads documents whose REFI-QDA elements are in more
// than one of the standard's namespaces (MAXQDA 24 writes its code book in
// urn:QDA-XML:codebook:0:4 inside a project): every element of a
// urn:QDA-XML: namespace is read as the schema's, with one namespace
// warning where the namespace changes (element path and GUID kept), and the
// written file has the standard namespace only and the same project.
func TestReadNamespaceMix(t *testing.T) {
	tests := []struct {
		file      string
		codes     []string
		notes     int
		sets      int
		warnAt    []string // paths of the namespace warnings, in order
		warnGUID  []GUID   // their GUIDs
		message   string   // part of the first namespace warning
		unknownAt []string // paths of the unknown-content warnings
		check     func(t *testing.T, doc *Document)
	}{
		{
			file:     "qde/maxqda24-codebook-namespace.qde",
			codes:    []string{"Loneliness", "At night", "Support"},
			warnAt:   []string{"/Project/CodeBook"},
			warnGUID: []GUID{""},
			message:  "urn:QDA-XML:codebook:0:4",
			check: func(t *testing.T, doc *Document) {
				p := doc.Project
				assert.Equal(t, "#FF8000", p.Codes[0].Color)
				assert.False(t, p.Codes[1].IsCodable)
				assert.Equal(t, "People who help.", p.Codes[1].Description)
				sel := p.Sources[0].(*TextSource).Selections[0]
				assert.True(t, sel.Codings[0].Code.Same(p.Codes[0].Children[0].GUID), "the coding finds its code")
				assert.NotContains(t, warningCodes(doc.Warnings), WarnDanglingRef)
				assert.Nil(t, p.Extensions, "nothing of the code book is kept as an extension")
			},
		},
		{
			file:  "qde/mixed-namespace-prefixes.qde",
			codes: []string{"Project-namespace code", "Codebook-namespace child", "Sibling"},
			notes: 1,
			// the codebook namespace begins twice: at CodeBook, and again
			// at a Code inside a Code in the project's namespace
			warnAt:    []string{"/Project/CodeBook", "/Project/CodeBook/Codes/Code[1]/Code[1]", "/Project/Notes"},
			warnGUID:  []GUID{"", "b1b2b3b4-0000-4000-8000-000000000011", ""},
			message:   "urn:QDA-XML:codebook:1.0",
			unknownAt: []string{"/Project/CodeBook/Codes/Code[1]/Code[1]/Weight[1]", "/Project/CodeBook/Codes/Code[1]/Unknown[1]"},
			check: func(t *testing.T, doc *Document) {
				p := doc.Project
				assert.Equal(t, "In the codebook namespace.", p.Codes[1].Description)
				require.NotNil(t, p.Codes[0].Extensions)
				assert.Equal(t, []string{`<cb:Unknown kind="not in any schema" xmlns:cb="urn:QDA-XML:codebook:1.0"/>`}, p.Codes[0].Extensions.elems,
					"an element of a standard namespace that no schema defines stays an extension")
				require.NotNil(t, p.Codes[0].Children[0].Extensions)
				assert.Equal(t, []string{`<x:Weight xmlns:x="https://example.org/ext">3</x:Weight>`}, p.Codes[0].Children[0].Extensions.elems)
				assert.Equal(t, "A note.", p.Notes[0].PlainTextContent)
			},
		},
		{
			file:     "qdc/project-namespace-codes.qdc",
			codes:    []string{"Copied from a project", "Child"},
			sets:     1,
			warnAt:   []string{"/CodeBook/Codes"},
			warnGUID: []GUID{""},
			message:  "urn:QDA-XML:project:1.0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tt.file))
			require.NoError(t, err)
			qdc := strings.HasSuffix(tt.file, ".qdc")
			read := func(b []byte) (*Document, []*Code) {
				r := &Reader{Name: filepath.Base(tt.file)}
				if qdc {
					doc, err := r.ReadQDC(bytes.NewReader(b))
					require.NoError(t, err)
					return doc, doc.Project.Codes
				}
				doc, err := r.ReadQDE(bytes.NewReader(b))
				require.NoError(t, err)
				return doc, doc.Project.Codes
			}
			doc, codes := read(b)
			assert.Equal(t, tt.codes, codeNames(codes))
			var nsAt, unknownAt []string
			var nsGUID []GUID
			for _, w := range doc.Warnings {
				switch w.Code {
				case WarnNamespace:
					nsAt = append(nsAt, w.Path)
					nsGUID = append(nsGUID, w.GUID)
					assert.Equal(t, filepath.Base(tt.file), w.File)
					assert.NotZero(t, w.Line, "%s", w)
				case WarnUnknown:
					unknownAt = append(unknownAt, w.Path)
				}
			}
			assert.Equal(t, tt.warnAt, nsAt, "one namespace warning where the namespace changes: %v", doc.Warnings)
			assert.Equal(t, tt.warnGUID, nsGUID)
			assert.Equal(t, tt.unknownAt, unknownAt)
			for _, w := range doc.Warnings {
				if w.Code == WarnNamespace {
					assert.Contains(t, w.Message, tt.message)
					break
				}
			}
			if doc.Format != FormatQDC {
				assert.Len(t, doc.Project.Notes, tt.notes)
			} else {
				assert.Len(t, doc.Project.Sets, tt.sets)
			}
			if tt.check != nil {
				tt.check(t, doc)
			}

			// read → write → read: the standard namespace, the same codes
			var out bytes.Buffer
			if qdc {
				writeDoc(t, &Writer{}, &out, doc, FormatQDC)
			} else {
				writeDoc(t, &Writer{}, &out, NewDocument(doc.Project, nil), FormatQDE)
			}
			assert.NotContains(t, out.String(), "codebook:0:4")
			again, codes := read(out.Bytes())
			assert.Equal(t, tt.codes, codeNames(codes))
			assert.NotContains(t, warningCodes(again.Warnings), WarnNamespace)
			assert.Empty(t, Diff(doc.Project, again.Project))
		})
	}
}

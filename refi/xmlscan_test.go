package refi

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inputs returns the XML documents the tokenizer tests run over: the
// fixtures, the golden files and, when QDA_CORPUS is set, every corpus
// project document.
func tokenizerInputs(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, pat := range []string{"testdata/qde/*.qde", "testdata/qdc/*.qdc", "testdata/golden/*", "testdata/invalid/*"} {
		files, err := filepath.Glob(pat)
		require.NoError(t, err)
		for _, f := range files {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			out[f] = b
		}
	}
	return out
}

func readAny(r *Reader, b []byte, wrap func(io.Reader) io.Reader) (*Project, *codebook, error) {
	src := r.source(wrap(bytes.NewReader(b)), -1)
	d := newDecoder(src, "x", r.newWarnings())
	defer d.close()
	return d.decodeAny()
}

// TestTokenizerChunking feeds every document one byte at a time, so that
// every token straddles a buffer refill, and through the tokenizer's
// goroutine, and checks the result is the same.
func TestTokenizerChunking(t *testing.T) {
	for name, b := range tokenizerInputs(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			r := &Reader{pipe: -1}
			p1, c1, err1 := readAny(r, b, func(r io.Reader) io.Reader { return r })
			p2, c2, err2 := readAny(r, b, iotest.OneByteReader)
			p3, c3, err3 := readAny(r, b, iotest.HalfReader)
			p4, c4, err4 := readAny(&Reader{pipe: 1}, b, iotest.HalfReader)
			if err1 != nil {
				require.Error(t, err2)
				require.Error(t, err3)
				require.Error(t, err4)
				assert.Equal(t, err1.Error(), err2.Error())
				assert.Equal(t, err1.Error(), err4.Error())
				return
			}
			require.NoError(t, err2)
			require.NoError(t, err3)
			require.NoError(t, err4)
			if p1 != nil {
				assert.Empty(t, Diff(p1, p2))
				assert.Empty(t, Diff(p1, p3))
				assert.Empty(t, Diff(p1, p4))
			} else {
				assert.Empty(t, Diff(codebookProject(c1), codebookProject(c2)))
				assert.Empty(t, Diff(codebookProject(c1), codebookProject(c3)))
				assert.Empty(t, Diff(codebookProject(c1), codebookProject(c4)))
			}
		})
	}
}

// TestTokenizersAgree reads every document with the fast tokenizer and with
// the encoding/xml reference and checks both give the same model (or both
// refuse the document).
func TestTokenizersAgree(t *testing.T) {
	inputs := tokenizerInputs(t)
	if os.Getenv("QDA_CORPUS") != "" {
		dir := corpus.Dir(t, "refi")
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			doc, err := Open(f)
			require.NoError(t, err)
			if doc.Format == FormatQDPX {
				b, err := readEntry(doc, doc.File)
				require.NoError(t, err)
				inputs[f] = b
			} else {
				b, err := os.ReadFile(f)
				require.NoError(t, err)
				inputs[f] = b
			}
			doc.Close()
		}
	}
	for name, b := range inputs {
		t.Run(filepath.Base(name), func(t *testing.T) {
			if whitespaceRef.Match(b) {
				t.Skip("white space character references in attributes: encoding/xml cannot tell them from literal white space")
			}
			fast, fc, err1 := readAny(&Reader{}, b, func(r io.Reader) io.Reader { return r })
			ref, rc, err2 := readAny(&Reader{useStd: true}, b, func(r io.Reader) io.Reader { return r })
			if err1 != nil || err2 != nil {
				assert.Error(t, err1, "encoding/xml refuses it: %v", err2)
				assert.Error(t, err2, "the fast tokenizer refuses it: %v", err1)
				return
			}
			if fast != nil {
				assert.Empty(t, Diff(ref, fast))
			} else {
				assert.Empty(t, Diff(codebookProject(rc), codebookProject(fc)))
			}
		})
	}
}

func readEntry(doc *Document, name string) ([]byte, error) {
	f, err := doc.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func TestScannerDetails(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // Project name attribute, or the error
	}{
		{"entities", `<Project xmlns="urn:QDA-XML:project:1.0" name="&lt;&gt;&amp;&quot;&apos;&#65;&#x42;"/>`, `<>&"'AB`},
		{"single quotes", `<Project xmlns="urn:QDA-XML:project:1.0" name='say "hi"'/>`, `say "hi"`},
		{"CDATA", `<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description><![CDATA[<raw> & ]]>text</Description></Project>`, `x`},
		{"comment and PI", `<?xml version="1.0"?><!-- c --><?other x?><Project xmlns="urn:QDA-XML:project:1.0" name="x"><!-- inside --></Project><!-- after -->`, `x`},
		{"prefixed", `<q:Project xmlns:q="urn:QDA-XML:project:1.0" name="p"><q:Description>d</q:Description></q:Project>`, `p`},
		{"BOM", "\uFEFF" + `<Project xmlns="urn:QDA-XML:project:1.0" name="bom"/>`, `bom`},
		{"bad char ref", `<Project xmlns="urn:QDA-XML:project:1.0" name="&#0;"/>`, "error: invalid character reference"},
		{"unknown entity", `<Project xmlns="urn:QDA-XML:project:1.0" name="&nbsp;"/>`, "error: undefined entity &nbsp;"},
		{"lt in attribute", `<Project xmlns="urn:QDA-XML:project:1.0" name="a<b"/>`, "error: '<' in attribute value"},
		{"]]> in text", `<Project xmlns="urn:QDA-XML:project:1.0" name="x">]]></Project>`, "error: ]]> in character data"},
		{"late declaration", `<Project xmlns="urn:QDA-XML:project:1.0" name="x"><?xml version="1.0"?></Project>`, "error: XML declaration not at the start"},
		{"unsupported encoding", `<?xml version="1.0" encoding="Shift_JIS"?><Project name="x"/>`, "error: unsupported encoding"},
		{"text after root", `<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>junk`, "error: text outside the root element"},
		{"unquoted", `<Project name=x/>`, "error: attribute value not quoted"},
		{"no space between attributes", `<Project name="x"origin="y"/>`, "error: missing white space between attributes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ReadQDE(strings.NewReader(tt.in))
			if strings.HasPrefix(tt.want, "error: ") {
				require.Error(t, err)
				assert.Contains(t, err.Error(), strings.TrimPrefix(tt.want, "error: "))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, doc.Project.Name)
		})
	}
}

func TestScannerLongTokens(t *testing.T) {
	long := strings.Repeat("é😀x", 100000) // far beyond the initial buffer
	in := `<Project xmlns="urn:QDA-XML:project:1.0" name="` + long + `"><Description>` + long + "&amp;" + long + `</Description></Project>`
	doc, err := ReadQDE(strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, long, doc.Project.Name)
	assert.Equal(t, long+"&"+long, doc.Project.Description)
	// limits
	_, err = (&Reader{Limits: Limits{MaxTextSize: 1000}}).ReadQDE(strings.NewReader(in))
	assert.ErrorIs(t, err, ErrLimit)
}

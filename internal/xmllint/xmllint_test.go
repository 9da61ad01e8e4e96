package xmllint

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lintValidator is a Validator with the installed xmllint and the schemas
// in a test folder; the test is skipped without xmllint.
func lintValidator(t *testing.T) *Validator {
	path, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed (Debian: libxml2-utils)")
	}
	schema, err := WriteSchemas(t.TempDir())
	require.NoError(t, err)
	return &Validator{Path: path, Schema: schema}
}

const (
	lintProject  = `<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>`
	lintCodebook = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="00000000-0000-4000-8000-000000000c01" name="A" isCodable="true"/></Codes></CodeBook>`
	// lintInvalid has three schema errors, on lines 1, 2 and 4.
	lintInvalid = `<Project xmlns="urn:QDA-XML:project:1.0">
<Users><User name="no guid"/></Users>
<CodeBook><Codes>
<Code guid="00000000-0000-4000-8000-000000000c01" name="A" isCodable="maybe"/>
</Codes></CodeBook></Project>`
)

// TestXMLLint: the written document is streamed to xmllint with the
// schema of its kind, and what xmllint says of an invalid one is the
// error, with "written" for its name.
func TestXMLLint(t *testing.T) {
	opt := lintValidator(t)
	tests := []struct {
		name    string
		kind    refi.Format
		doc     string
		wantErr []string // each in the error, in order
	}{
		{"valid project", refi.FormatQDE, lintProject, nil},
		{"valid codebook", refi.FormatQDC, lintCodebook, nil},
		{"codebook given to the project schema", refi.FormatQDE, lintCodebook, []string{"xmllint: written:1: "}},
		{"project without a name", refi.FormatQDE, `<Project xmlns="urn:QDA-XML:project:1.0"/>`, []string{"xmllint: written:1: ", "'name' is required", "written fails to validate"}},
		{"every error of an invalid project", refi.FormatQDE, lintInvalid, []string{"xmllint: written:1: ", "written:2: ", "'guid' is required", "written:4: ", "'maybe' is not a valid value", "written fails to validate"}},
		// streaming, libxml2 does not say where a document is not
		// well-formed (refi's own validation does, first)
		{"not well-formed", refi.FormatQDE, `<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Users></Project>`, []string{"xmllint: written : failed to parse"}},
		{"cut short", refi.FormatQDE, `<Project xmlns="urn:QDA-XML:project:1.0" name="p">`, []string{"xmllint: written : failed to parse"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := opt.Validate(tt.kind, strings.NewReader(tt.doc))
			if tt.wantErr == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, tt.wantErr[0]), msg)
			rest := msg
			for _, w := range tt.wantErr {
				i := strings.Index(rest, w)
				require.GreaterOrEqual(t, i, 0, "%q not in %q", w, msg)
				rest = rest[i+len(w):]
			}
			assert.NotContains(t, msg, "-:", "standard input is named written")
			assert.NotContains(t, msg, "Unimplemented")
			assert.NotContains(t, msg, "validates")
		})
	}
}

// TestXMLLintMemory: xmllint streams: its memory stays small however
// long the document (building the tree, it takes several times the
// document's size).
func TestXMLLintMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("xmllint's memory is measured on Linux")
	}
	opt := lintValidator(t)
	var doc strings.Builder
	doc.WriteString(`<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Users>`)
	for i := 0; doc.Len() < 24<<20; i++ {
		fmt.Fprintf(&doc, `<User guid="00000000-0000-4000-8000-%012x" name="user %d"/>`+"\n", i, i)
	}
	doc.WriteString(`</Users></Project>`)
	rss, err := opt.ValidateMeasured(refi.FormatQDE, strings.NewReader(doc.String()))
	require.NoError(t, err)
	assert.Positive(t, rss)
	assert.Less(t, rss, int64(16<<20), "a 24 MB document")
}

// TestXMLLintStreamSameAsTree: xmllint validating as it parses (--sax, as
// the check runs it, and --stream) finds what it finds building the tree (the messages, less the element name the tree
// mode puts first), and exits with the same status.
func TestXMLLintStreamSameAsTree(t *testing.T) {
	opt := lintValidator(t)
	validity := regexp.MustCompile(`(?m)^[^:\n]*:(\d+): (?:element \w+: )?(Schemas validity error .*)$`)
	for _, doc := range []string{lintProject, lintInvalid, `<Project xmlns="urn:QDA-XML:project:1.0"/>`, lintCodebook} {
		path := filepath.Join(t.TempDir(), "doc.qde")
		require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
		run := func(args ...string) (string, int) {
			out, err := exec.Command(opt.Path, append(args, "--noout", "--nonet", "--schema", opt.Schema, path)...).CombinedOutput()
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				return string(out), exit.ExitCode()
			}
			require.NoError(t, err)
			return string(out), 0
		}
		tree, treeCode := run()
		found := func(out string) []string {
			var lines []string
			for _, m := range validity.FindAllStringSubmatch(out, -1) {
				lines = append(lines, m[1]+": "+m[2])
			}
			return lines
		}
		for _, mode := range []string{"--sax", "--stream"} {
			stream, streamCode := run(mode)
			assert.Equal(t, treeCode, streamCode, mode)
			assert.Equal(t, found(tree), found(stream), "tree:\n%s\n%s:\n%s", tree, mode, stream)
		}

		err := opt.Validate(refi.FormatQDE, strings.NewReader(doc))
		assert.Equal(t, treeCode == 0, err == nil, "%v", err)
	}
}

// TestXMLLintStopsEarly: a document that ends in an error (the round trip
// stopped) ends xmllint's run with an error, and xmllint that cannot be
// run is an error.
func TestXMLLintStopsEarly(t *testing.T) {
	opt := lintValidator(t)
	stopped := io.MultiReader(strings.NewReader(`<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Users>`), errReader{errors.New("stopped")})
	err := opt.Validate(refi.FormatQDE, stopped)
	assert.Error(t, err)

	opt.Path = filepath.Join(t.TempDir(), "no-xmllint")
	err = opt.Validate(refi.FormatQDE, strings.NewReader(lintProject))
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "xmllint: "), err.Error())
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestFailed(t *testing.T) {
	tests := []struct{ in, want string }{
		{"-:1: Schemas validity error : x\n- fails to validate\n", "written:1: Schemas validity error : x\nwritten fails to validate"},
		{"- validation generated an internal error\n", "written : failed to parse (not well-formed, or cut short)"},
		{"Unimplemented block at ../../xmlschemas.c:28711\n- validates\n- : failed to parse\n", "written : failed to parse"},
		{"a - b\n-- odd", "a - b\n-- odd"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, failed(tt.in, "written"))
	}
}

package refi

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validateTapped validates b from the tokens a read of it scans (as a
// round-trip check does); cut reports that the read stopped before the
// end, so that the tokens were not all seen.
func validateTapped(b []byte) (err error, cut bool) {
	tap := newBatchTap()
	done := make(chan struct{})
	go func() {
		defer close(done)
		r := tap.reader()
		defer r.drain()
		p, _, _ := schemas()
		err = p.ValidateTokens(newScanTokens(r))
	}()
	_, _ = (&Reader{pipe: 1, tap: tap}).ReadQDE(bytes.NewReader(b))
	tap.end()
	<-done
	return err, errors.Is(err, errCheckStopped)
}

// TestValidateWithScanner: the validator fed by this package's scanner,
// directly or through the tokens a read scans, finds exactly what it finds
// fed by encoding/xml, on valid documents and on documents that break the
// schema in many ways.
func TestValidateWithScanner(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/qde/*.qde", "testdata/golden/*.qde"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.GreaterOrEqual(t, len(files), 40)
	invalid, tapped := 0, 0
	for _, f := range files {
		if filepath.Base(f) == "utf16.qde" {
			continue // the scanner reads UTF-16 (a reader quirk), encoding/xml does not; written documents are UTF-8
		}
		t.Run(f, func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			want := ValidateProjectXML(bytes.NewReader(b))
			got := validateWrittenProject(bytes.NewReader(b), Limits{})
			viaRead, cut := validateTapped(b)
			if !cut {
				tapped++
			}
			if want == nil {
				assert.NoError(t, got)
				assert.NoError(t, viaRead)
				return
			}
			invalid++
			require.Error(t, got)
			assert.Equal(t, want.Error(), got.Error())
			if !cut {
				require.Error(t, viaRead)
				assert.Equal(t, want.Error(), viaRead.Error())
			}
		})
	}
	assert.GreaterOrEqual(t, invalid, 9, "documents that break the schema are compared too")
	assert.GreaterOrEqual(t, tapped, len(files)-3, "documents validated from a read's tokens")

	// a document of several buffers of the scanner, with long lines, blank
	// lines and comments, and errors far into it: the lines must agree
	var big bytes.Buffer
	big.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- a comment -->\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"big\">\n<CodeBook><Codes>\n")
	for i := range 6000 {
		codable := "true"
		if i%997 == 5 {
			codable = "maybe"
		}
		fmt.Fprintf(&big, "<Code guid=\"%08x-0000-4000-8000-000000000000\" name=\"code %d\" isCodable=\"%s\"/>", i, i, codable)
		switch {
		case i%500 == 0:
			big.WriteString("\n\n<!-- \n two lines -->\n")
		case i%3 == 0:
			big.WriteString("\n") // otherwise lines of several codes
		}
	}
	big.WriteString("</Codes></CodeBook>\n<Sources>\n<TextSource guid=\"zz\"/>\n</Sources>\n</Project>\n")
	require.Greater(t, big.Len(), 4*minScanBuf)
	want := ValidateProjectXML(bytes.NewReader(big.Bytes()))
	require.Error(t, want)
	got := validateWrittenProject(bytes.NewReader(big.Bytes()), Limits{})
	require.Error(t, got)
	assert.Equal(t, want.Error(), got.Error())
	viaRead, cut := validateTapped(big.Bytes())
	require.False(t, cut)
	require.Error(t, viaRead)
	assert.Equal(t, want.Error(), viaRead.Error())
	assert.GreaterOrEqual(t, strings.Count(got.Error(), "\n"), 6, "several errors, far apart")

	// what the writer makes of every fixture, with and without a profile
	for _, f := range files {
		doc := readQDEFile(t, f)
		for _, prof := range []string{"", "nvivo", "maxqda"} {
			w := &Writer{}
			if prof != "" {
				w.Profile = mustProfile(t, prof)
			}
			var out bytes.Buffer
			writeDoc(t, w, &out, NewDocument(doc.Project, nil), FormatQDE)
			want := ValidateProjectXML(bytes.NewReader(out.Bytes()))
			got := validateWrittenProject(bytes.NewReader(out.Bytes()), Limits{})
			viaRead, cut := validateTapped(out.Bytes())
			require.False(t, cut, "%s written for %q", f, prof)
			if want == nil {
				assert.NoError(t, got, "%s written for %q", f, prof)
				assert.NoError(t, viaRead, "%s written for %q", f, prof)
			} else if assert.Error(t, got, "%s written for %q", f, prof) && assert.Error(t, viaRead) {
				assert.Equal(t, want.Error(), got.Error())
				assert.Equal(t, want.Error(), viaRead.Error())
			}
		}
	}
}

package refi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/corpus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func corpusDir(t testing.TB, sub string) string { return corpus.Dir(t, sub) }

// corpusWarnings pins what each corpus file gives, so that a change in the
// reader's behaviour on real files is noticed.
var corpusWarnings = map[string][]WarningCode{
	"atlasti23-blank.qdpx":                 {WarnGUIDForm},
	"atlasti23-codes.qdpx":                 {WarnGUIDForm},
	"atlasti8.4-spec-annex-a2-zipped.qdpx": {WarnQDEName, WarnGUIDForm, WarnMissingSource},
	"atlasti8.4-spec-annex-a2.qde":         {WarnGUIDForm, WarnMissingSource}, // as zipped: its files are not beside it
	"nvivo-mac15-codes-only.qdpx":          nil,
	"nvivo-win12.6-oltas0517.qdpx":         {WarnSourcesFolder},
	"openqda-codebook-nonguid-ids.qdc":     {WarnInvalidGUID},
	"pyqdpx-rewrite-of-nvivo-win12.6.qdpx": {WarnSourcesFolder},
	"qc1.3.2-demo.qdpx":                    {WarnSourcePath},
	"taguette1.4.1-codebook.qdc":           {WarnEmptyContainer, WarnGUIDForm},
}

var corpusPositions = map[string]string{
	"nvivo-win12.6-oltas0517.qdpx":         "utf16",
	"pyqdpx-rewrite-of-nvivo-win12.6.qdpx": "utf16",
	"nvivo-mac15-codes-only.qdpx":          "utf16",
	"qc1.3.2-demo.qdpx":                    "codepoint",
	"atlasti8.4-spec-annex-a2.qde":         "codepoint/crlf1",
}

// TestCorpusRoundTrip: every real file reads, round-trips to an equal
// project, keeps every source file byte for byte and every selection's
// text, and its written form validates against the XSD.
func TestCorpusRoundTrip(t *testing.T) {
	dir := corpusDir(t, "refi")
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			doc, err := Open(f)
			require.NoError(t, err)
			defer doc.Close()
			want, known := corpusWarnings[name]
			require.True(t, known, "new corpus file %s: pin its warnings in corpusWarnings", name)
			assert.Equal(t, want, warningCodes(doc.Warnings), "%v", doc.Warnings)
			if p, ok := corpusPositions[name]; ok {
				assert.Equal(t, p, doc.Project.Positions.String())
			}
			var out bytes.Buffer
			w := &Writer{}
			switch doc.Format {
			case FormatQDC:
				writeDoc(t, w, &out, doc, FormatQDC)
				again, err := ReadQDC(bytes.NewReader(out.Bytes()))
				require.NoError(t, err)
				assert.Empty(t, Diff(doc.Project, again.Project))
				assertValid(t, out.Bytes(), "Codebook.xsd")
				return
			case FormatQDE:
				writeDoc(t, w, &out, NewDocument(doc.Project, nil), FormatQDE)
				again, err := ReadQDE(bytes.NewReader(out.Bytes()))
				require.NoError(t, err)
				assert.Empty(t, Diff(doc.Project, again.Project))
				assertValid(t, out.Bytes(), "Project.xsd")
				return
			}
			writeDoc(t, w, &out, doc, FormatQDPX)
			again := readQDPXBytes(t, out.Bytes())
			assert.Empty(t, Diff(doc.Project, again.Project))
			assert.Equal(t, doc.Project.Positions, again.Project.Positions)
			assertSameFiles(t, doc, again)
			assert.Equal(t, selectionTexts(t, doc), selectionTexts(t, again))
			qde, err := fs.ReadFile(again, "project.qde")
			require.NoError(t, err)
			assertValid(t, qde, "Project.xsd")
		})
	}
}

// TestCorpusNVivoPassages checks, on the real NVivo for Windows export (BOM,
// CR LF, about 890 emoji), that selections give the passages the coders
// chose: known passages (pinned by length and hash; the text itself is third
// party and stays out of the repository), and nearly every selection on
// word boundaries.
func TestCorpusNVivoPassages(t *testing.T) {
	dir := corpusDir(t, "refi")
	doc, err := Open(filepath.Join(dir, "nvivo-win12.6-oltas0517.qdpx"))
	require.NoError(t, err)
	defer doc.Close()
	assert.Equal(t, Positions{Unit: UTF16}, doc.Project.Positions)
	assert.Equal(t, "producer+text", doc.Detection.Basis)
	texts := selectionTexts(t, doc)
	require.Len(t, texts, 303)
	known := []struct {
		guid  GUID
		runes int
		sha   string
	}{
		{"7154a758-6873-4134-badd-ae1dc04d3086", 147, "ec99d28fe39b889e011d4ac9f8b0dc85f8c8861eaed3394ff8c713fdd68718ee"},
		{"c8834f5d-2755-4b25-a1dd-ae1dc0766fca", 27, "b7c32443ae58f555acbee5c0681d7d51d6e76ca03d595381c256a4dc8719b257"},
		{"e3a6e477-2b94-48fd-a9dd-ae1f25874146", 50, "d0ba9190d17a3a861a5ea3782ea3225e8652d6263dc962965e3ef0eb3ee55077"}, // after ~890 emoji
	}
	for _, k := range known {
		s := texts[k.guid]
		assert.Equal(t, k.runes, utf8.RuneCountInString(s), k.guid)
		sum := sha256.Sum256([]byte(s))
		assert.Equal(t, k.sha, hex.EncodeToString(sum[:]), k.guid)
		first, _ := utf8.DecodeRuneInString(s)
		assert.True(t, unicode.IsUpper(first) || first == '@', "%s starts at the start of a word: %q", k.guid, first)
	}
	// the late passage ends with the comment's line break, not mid-emoji
	assert.True(t, strings.HasSuffix(texts["e3a6e477-2b94-48fd-a9dd-ae1f25874146"], "\r\n"))
	for _, e := range doc.Detection.evidence {
		if e.Positions == doc.Project.Positions {
			assert.GreaterOrEqual(t, e.Aligned, 299, "selections on word boundaries")
		} else {
			assert.Less(t, e.Aligned, 250, "%s must score clearly worse", e.Positions)
		}
	}
}

// TestCorpusProfiles converts every corpus project to each profile and back
// to the standard: every excerpt keeps its passage.
func TestCorpusProfiles(t *testing.T) {
	dir := corpusDir(t, "refi")
	files, err := filepath.Glob(filepath.Join(dir, "*.qdpx"))
	require.NoError(t, err)
	spec, err := LookupProfile("spec")
	require.NoError(t, err)
	for _, f := range files {
		doc, err := Open(f)
		require.NoError(t, err)
		want := excerptTexts(t, doc)
		for _, pn := range ProfileNames() {
			t.Run(filepath.Base(f)+"/"+pn, func(t *testing.T) {
				prof, err := LookupProfile(pn)
				require.NoError(t, err)
				var out bytes.Buffer
				writeDoc(t, &Writer{Profile: prof}, &out, doc, FormatQDPX)
				conv := readQDPXBytes(t, out.Bytes())
				assert.Equal(t, prof.Positions, conv.Project.Positions)
				assert.Equal(t, want, excerptTexts(t, conv))
				var back bytes.Buffer
				writeDoc(t, &Writer{Profile: spec}, &back, conv, FormatQDPX)
				again := readQDPXBytes(t, back.Bytes())
				assert.Equal(t, want, excerptTexts(t, again))
				for _, w := range again.Warnings {
					assert.NotEqual(t, WarnPositionUnit, w.Code, "%s", w)
				}
			})
		}
		doc.Close()
	}
}

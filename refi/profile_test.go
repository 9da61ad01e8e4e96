package refi

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// excerptTexts maps each selection to its passage, with line breaks made
// LF (profiles may rewrite them; the passage is the same).
func excerptTexts(t testing.TB, doc *Document) map[GUID]string {
	t.Helper()
	out := map[GUID]string{}
	for e, eErr := range doc.Excerpts(ExcerptOptions{Separate: true, All: true}) {
		if eErr != nil || e.Kind == ExcerptPicture || e.Kind == ExcerptPDFArea || e.Kind == ExcerptAudio || e.Kind == ExcerptVideo || e.Kind == ExcerptWhole {
			continue
		}
		out[e.Selections[0]] = strings.ReplaceAll(strings.ReplaceAll(e.Text, "\r\n", "\n"), "\r", "\n")
	}
	return out
}

func profileInputs(t *testing.T) map[string][]byte {
	in := map[string][]byte{"sample": sampleQDPX()}
	dirs, err := filepath.Glob("testdata/qdpx/*")
	require.NoError(t, err)
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() && filepath.Base(d) != "no-project" && filepath.Base(d) != "paths" {
			in[filepath.Base(d)] = zipDir(t, d)
		}
	}
	return in
}

// TestProfiles converts every fixture to every profile and back to the
// standard, and checks that each selection keeps its passage, that the files
// follow the profile, and that this package reads the result without a
// position warning.
func TestProfiles(t *testing.T) {
	for name, data := range profileInputs(t) {
		orig := readQDPXBytes(t, data)
		want := excerptTexts(t, orig)
		for _, pn := range ProfileNames() {
			t.Run(name+"/"+pn, func(t *testing.T) {
				prof, err := LookupProfile(pn)
				require.NoError(t, err)
				var out bytes.Buffer
				w := &Writer{Profile: prof}
				writeDoc(t, w, &out, orig, FormatQDPX)
				conv := readQDPXBytes(t, out.Bytes())
				had := map[WarningCode]bool{}
				for _, wn := range orig.Warnings {
					had[wn.Code] = true
				}
				for _, wn := range conv.Warnings {
					assert.NotEqual(t, WarnPositionUnit, wn.Code, "%s", wn)
					assert.True(t, wn.Code != WarnSelectionRange || had[wn.Code], "%s", wn)
				}
				assert.Equal(t, prof.Positions, conv.Project.Positions)
				assert.Contains(t, conv.Project.Origin, "profile "+pn)
				assertSamePassages(t, want, excerptTexts(t, conv), pn == "qualcoder")
				checkFiles(t, out.Bytes(), conv, prof)
				qde, err := readEntry(conv, "project.qde")
				require.NoError(t, err)
				assertValid(t, qde, "Project.xsd")

				// and back to the standard
				spec, _ := LookupProfile("spec")
				var back bytes.Buffer
				writeDoc(t, &Writer{Profile: spec}, &back, conv, FormatQDPX)
				again := readQDPXBytes(t, back.Bytes())
				assertSamePassages(t, want, excerptTexts(t, again), pn == "qualcoder")
				assert.Equal(t, Positions{}, again.Project.Positions)
			})
		}
	}
}

// assertSamePassages checks that every selection of want has the same
// passage in got; got may have more (selections a profile adds for its
// tool: case links, one selection per coder) when added is set.
func assertSamePassages(t *testing.T, want, got map[GUID]string, added bool) {
	t.Helper()
	if !added {
		assert.Equal(t, want, got, "every selection on the same passage")
		return
	}
	for g, text := range want {
		assert.Equal(t, text, got[g], "selection %s on the same passage", g)
	}
	assert.GreaterOrEqual(t, len(got), len(want))
}

func sampleQDPX() []byte {
	doc, _ := os.ReadFile("../internal/sample/social-prescribing.qdpx")
	return doc
}

// checkFiles checks the plain-text files of a converted archive.
func checkFiles(t *testing.T, data []byte, doc *Document, prof *Profile) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	texts := map[string]bool{}
	eachTextPath(doc.Project, func(_ string, _ GUID, attr, pth string) {
		if attr == "plainTextPath" && pth != "" {
			texts["sources/"+strings.TrimPrefix(pth, "internal://")] = true
		}
	})
	for _, f := range zr.File {
		if f.Name == "project.qde" {
			continue
		}
		assert.True(t, strings.HasPrefix(f.Name, "sources/"), f.Name)
		if !texts[f.Name] {
			continue
		}
		base := strings.TrimSuffix(strings.TrimPrefix(f.Name, "sources/"), ".txt")
		assert.True(t, GUID(base).Valid(), "file named by a GUID: %s", f.Name)
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
		assert.Equal(t, prof.BOM, bytes.HasPrefix(b, []byte("\uFEFF")), "BOM in %s", f.Name)
		body := bytes.TrimPrefix(b, []byte("\uFEFF"))
		switch prof.LineEndings {
		case LF:
			assert.NotContains(t, string(body), "\r", f.Name)
		case CRLF:
			assert.Equal(t, bytes.Count(body, []byte("\n")), bytes.Count(body, []byte("\r\n")), f.Name)
		}
	}
}

func TestProfileVariables(t *testing.T) {
	doc := readQDEFile(t, "testdata/qde/document-variables.qde")
	maxqda, _ := LookupProfile("maxqda")
	spec, _ := LookupProfile("spec")
	atlas, _ := LookupProfile("atlasti")

	// MAXQDA's nameless case becomes the source's own values for the standard
	var out bytes.Buffer
	w := &Writer{Profile: spec}
	rep := writeDoc(t, w, &out, NewDocument(doc.Project, nil), FormatQDE)
	again, err := ReadQDE(bytes.NewReader(out.Bytes()))
	require.NoError(t, err)
	assert.Empty(t, again.Project.Cases)
	require.Len(t, again.Project.Sources[0].Base().Values, 1)
	assert.Equal(t, "42", again.Project.Sources[0].Base().Values[0].Value)
	assert.Contains(t, changeCodes(rep.Changes), ChangeVariablesMoved)

	// and back into a nameless case for MAXQDA
	out.Reset()
	w = &Writer{Profile: maxqda}
	writeDoc(t, w, &out, NewDocument(again.Project, nil), FormatQDE)
	third, err := ReadQDE(bytes.NewReader(out.Bytes()))
	require.NoError(t, err)
	require.Len(t, third.Project.Cases, 1)
	assert.Equal(t, "", third.Project.Cases[0].Name)
	assert.Empty(t, third.Project.Sources[0].Base().Values)
	assert.Equal(t, int64(42), attrOf(third.Project.SourceInfos()[0].Attributes, "Age").Int, "the same document attribute either way")

	// ATLAS.ti shows attributes as groups
	sampleDoc := readQDPXBytes(t, sampleQDPX())
	out.Reset()
	w = &Writer{Profile: atlas}
	rep = writeDoc(t, w, &out, sampleDoc, FormatQDPX)
	conv := readQDPXBytes(t, out.Bytes())
	var groups []string
	for _, s := range conv.Project.Sets {
		groups = append(groups, s.Name)
	}
	assert.Contains(t, groups, "Cases:Role: Link worker")
	assert.Contains(t, changeCodes(rep.Changes), ChangeGroupsAdded)
	assert.Len(t, conv.Project.Cases, 7, "cases are kept as well")
}

func TestProfileReport(t *testing.T) {
	doc := readQDPXBytes(t, sampleQDPX())
	spec, _ := LookupProfile("spec")
	w := &Writer{Profile: spec}
	var out bytes.Buffer
	rep := writeDoc(t, w, &out, doc, FormatQDPX)
	codes := changeCodes(rep.Changes)
	assert.Contains(t, codes, ChangePositions)
	assert.Contains(t, codes, ChangeTextRewritten)
	assert.Contains(t, codes, ChangeOrigin)
	for _, c := range rep.Changes {
		if c.Code == ChangeTextRewritten {
			assert.Equal(t, 9, c.Count, "7 transcripts and 2 memos")
		}
	}
	full := readQDEFile(t, "testdata/qde/full.qde")
	nv, _ := LookupProfile("nvivo")
	w = &Writer{Profile: nv}
	out.Reset()
	rep = writeDoc(t, w, &out, full, FormatQDPX)
	var notSupported, kept int
	for _, c := range rep.Changes {
		switch c.Code {
		case ChangeNotSupported:
			notSupported += c.Count
		case ChangePositionsKept:
			kept += c.Count
		}
	}
	assert.Equal(t, 1, notSupported, "the PDF text selection")
	assert.Greater(t, kept, 0, "texts whose files are missing keep their positions, and it is said")
	_, err := LookupProfile("wordstar")
	assert.ErrorContains(t, err, "unknown profile")
}

func changeCodes(cs []Change) []ChangeCode {
	var out []ChangeCode
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out
}

// TestProfileReportSameUnit: when only the line endings of the texts are
// rewritten, the positions are said to be recounted, not converted from a
// convention to the same one.
func TestProfileReportSameUnit(t *testing.T) {
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="qdabridge synth">
<CodeBook><Codes><Code guid="00000000-0000-4000-8000-000000000c01" name="A" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="00000000-0000-4000-8000-000000000501" name="one" plainTextPath="internal://one.txt">
<PlainTextSelection guid="00000000-0000-4000-8000-000000000a01" startPosition="7" endPosition="12"><Coding guid="00000000-0000-4000-8000-000000000b01"><CodeRef targetGUID="00000000-0000-4000-8000-000000000c01"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>`
	in := zipEntries(t, []string{"project.qde", "sources/one.txt"},
		map[string][]byte{"project.qde": []byte(qde), "sources/one.txt": []byte("hello\r\nworld")})
	doc := readQDPXBytes(t, in)
	require.Equal(t, CodePoints, doc.Project.Positions.Unit)
	w := &Writer{Profile: mustProfile(t, "spec")}
	var out bytes.Buffer
	rep := writeDoc(t, w, &out, doc, FormatQDPX)
	var msg string
	for _, c := range rep.Changes {
		if c.Code == ChangePositions {
			msg = c.Message
		}
	}
	assert.Equal(t, "positions recounted in codepoint (the convention of the REFI-QDA standard) for texts whose line endings were rewritten", msg)
	back := readQDPXBytes(t, out.Bytes())
	n := 0
	for e := range back.Excerpts(ExcerptOptions{}) {
		assert.Equal(t, "world", e.Text)
		n++
	}
	assert.Equal(t, 1, n)
}

// TestTimesWithoutZone: a date and time written without a time zone (which
// the schema allows) is read without one, compared as UTC, written back
// as it was, and written as UTC, with a reported change, for a tool that
// writes every time with a zone.
func TestTimesWithoutZone(t *testing.T) {
	const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Zones" creationDateTime="2024-07-01T10:30:00" modifiedDateTime="2024-07-01T10:30:00+01:00">
  <Sources>
    <TextSource guid="11111111-1111-4111-8111-111111111111" name="A" creationDateTime="2024-07-01T11:00:00.25">
      <PlainTextContent>Text.</PlainTextContent>
    </TextSource>
  </Sources>
</Project>`
	doc, err := ReadQDE(strings.NewReader(qde))
	require.NoError(t, err)
	p := doc.Project
	assert.False(t, hasTimeZone(p.Created))
	assert.True(t, hasTimeZone(p.Modified))
	assert.True(t, p.Created.Equal(time.Date(2024, 7, 1, 10, 30, 0, 0, time.UTC)), "compared as UTC")
	require.Len(t, doc.Warnings, 2)
	for _, w := range doc.Warnings {
		assert.Equal(t, WarnTimezone, w.Code)
		assert.Contains(t, w.Message, "kept without one")
	}

	tests := []struct {
		profile string
		written []string // the three dates and times as written
		zoned   int      // the time-zone-added change's count
	}{
		{profile: "", written: []string{`creationDateTime="2024-07-01T10:30:00"`, `modifiedDateTime="2024-07-01T10:30:00+01:00"`, `creationDateTime="2024-07-01T11:00:00.25"`}},
		{profile: "spec", written: []string{`creationDateTime="2024-07-01T10:30:00"`, `modifiedDateTime="2024-07-01T10:30:00+01:00"`, `creationDateTime="2024-07-01T11:00:00.25"`}},
		{profile: "nvivo", written: []string{`creationDateTime="2024-07-01T10:30:00Z"`, `modifiedDateTime="2024-07-01T10:30:00+01:00"`, `creationDateTime="2024-07-01T11:00:00.25Z"`}, zoned: 2},
		{profile: "qualcoder", written: []string{`creationDateTime="2024-07-01T10:30:00Z"`, `modifiedDateTime="2024-07-01T10:30:00+01:00"`, `creationDateTime="2024-07-01T11:00:00.25Z"`}, zoned: 2},
	}
	for _, tt := range tests {
		t.Run("profile "+tt.profile, func(t *testing.T) {
			w := &Writer{}
			if tt.profile != "" {
				prof, err := LookupProfile(tt.profile)
				require.NoError(t, err)
				w.Profile = prof
			}
			var out bytes.Buffer
			rep := writeDoc(t, w, &out, doc, FormatQDPX)
			back := readQDPXBytes(t, out.Bytes())
			f, err := back.Open("project.qde")
			require.NoError(t, err)
			written, err := io.ReadAll(f)
			require.NoError(t, err)
			for _, s := range tt.written {
				assert.Contains(t, string(written), s)
			}
			zoned := 0
			for _, c := range rep.Changes {
				if c.Code == ChangeTimeZone {
					zoned += c.Count
					assert.Equal(t, "converted", c.Code.Effect())
				}
			}
			assert.Equal(t, tt.zoned, zoned)
			if tt.profile == "" {
				assert.Empty(t, Diff(p, back.Project), "kept as read")
			}
		})
	}

	// a time without a zone and the same time in UTC differ
	q := *p
	q.Created = p.Created.In(time.UTC)
	diffs := Diff(p, &q)
	require.Len(t, diffs, 1)
	assert.Contains(t, diffs[0].String(), "2024-07-01T10:30:00Z")
}

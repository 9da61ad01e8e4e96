package nvivo_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/schematest"

	"github.com/qdabridge/qdabridge/internal/sample/nvivoexports"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
)

// readExports reads the named files of the sample export set, embedded by
// internal/sample/nvivoexports.
func readExports(t testing.TB, names ...string) []*nvivo.Export {
	t.Helper()
	var out []*nvivo.Export
	for _, n := range names {
		data, err := fs.ReadFile(nvivoexports.FS(), n)
		require.NoError(t, err, n)
		ex, err := (&nvivo.Reader{Name: n}).Read(bytes.NewReader(data))
		require.NoError(t, err, n)
		out = append(out, ex)
	}
	return out
}

// sampleTranscripts are the transcripts of the sample export set.
func sampleTranscripts(t testing.TB) fs.FS {
	t.Helper()
	sub, err := fs.Sub(nvivoexports.FS(), nvivoexports.Transcripts)
	require.NoError(t, err)
	return sub
}

func buildSample(t testing.TB, summary string) *nvivo.Result {
	t.Helper()
	b := &nvivo.Builder{Name: "Social prescribing (from NVivo exports)", Documents: sampleTranscripts(t)}
	for _, ex := range readExports(t, "codebook.xlsx", "classification.xlsx", summary, "files-list.xlsx") {
		b.Add(ex)
	}
	res, err := b.Build()
	require.NoError(t, err)
	return res
}

// excerptKeys describes every excerpt of a project as one line: source,
// position (code points; not for the .docx transcript, whose text has LF
// where the sample's has CR LF), text (LF), codes with coder initials and
// time, participants.
func excerptKeys(t testing.TB, doc *refi.Document, opt refi.ExcerptOptions) []string {
	t.Helper()
	users := map[refi.GUID]string{}
	for _, u := range doc.Project.Users {
		users[u.GUID.Canonical()] = u.ID
		if u.ID == "" {
			users[u.GUID.Canonical()] = initials(u.Name)
		}
	}
	var out []string
	for e, err := range doc.Excerpts(opt) {
		require.NoError(t, err)
		var codes []string
		for _, c := range e.Codes {
			codes = append(codes, refi.JoinPath(c.Path)+" @"+users[c.Coder.GUID.Canonical()]+" "+c.Created.UTC().Format(time.RFC3339))
		}
		sort.Strings(codes)
		var parts []string
		for _, p := range e.Participants {
			parts = append(parts, p.Name)
		}
		sort.Strings(parts)
		pos := ""
		if e.Source.Name != docxSource {
			pos = strings.Join([]string{itoa(e.Start), itoa(e.End)}, "-")
		}
		out = append(out, strings.Join([]string{e.Source.Name, pos, strings.ReplaceAll(e.Text, "\r\n", "\n"),
			strings.Join(codes, "; "), strings.Join(parts, "; ")}, " | "))
	}
	sort.Strings(out)
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestSampleExportsConvert converts the fictional export set of the
// embedded sample and checks the project against the sample itself.
func TestSampleExportsConvert(t *testing.T) {
	for _, summary := range []string{"coding-summary-by-code.xlsx", "coding-summary-by-code.txt"} {
		t.Run(summary, func(t *testing.T) {
			res := buildSample(t, summary)
			rep := res.Report
			assert.Equal(t, 0, rep.Ambiguous, "%+v", rep.Placements)
			assert.Equal(t, 0, rep.Missing, "%+v", rep.Placements)
			assert.Equal(t, rep.References, rep.Exact+rep.Tolerant)
			assert.Equal(t, 13, rep.AggregateRepeats)
			assert.Equal(t, 7, rep.CaseFiles)
			assert.Equal(t, 7, rep.Participants)
			assert.Equal(t, 7, rep.Sources)
			assert.Equal(t, 21, rep.Codes)

			// write, validate, read back
			dir := t.TempDir()
			out := filepath.Join(dir, "sample.qdpx")
			_, err := (&refi.Writer{}).WriteFile(out, refi.NewDocument(res.Project, res.Files))
			require.NoError(t, err)
			schematest.RequireValidQDPX(t, out)
			got, err := refi.Open(out)
			require.NoError(t, err)
			defer got.Close()
			assert.Equal(t, refi.Positions{}, got.Project.Positions)

			want := readSample(t)
			defer want.Close()
			var wantKeys []string
			for _, k := range excerptKeys(t, want, refi.ExcerptOptions{}) {
				// a passage coded only at the case that already covers its
				// whole file is that one reference in NVivo's report
				if f := strings.Split(k, " | "); f[3] == "" {
					continue
				}
				wantKeys = append(wantKeys, k)
			}
			// the export set also codes the first occurrence of the repeated
			// passage (see sample_exports_test.go)
			for _, k := range wantKeys {
				if strings.HasPrefix(k, repeatedSource+" | ") && strings.Contains(k, " | "+repeatedPassage+" | ") {
					p03 := mustRead(t, filepath.Join(sampleExportsDir, "transcripts", repeatedSource+".txt"))
					txt := refi.NewText(p03)
					b := strings.Index(txt.String(), repeatedPassage)
					s, _ := txt.Position(b, refi.Positions{})
					e, _ := txt.Position(b+len(repeatedPassage), refi.Positions{})
					parts := strings.SplitN(k, " | ", 3)
					wantKeys = append(wantKeys, parts[0]+" | "+itoa(s)+"-"+itoa(e)+" | "+parts[2])
				}
			}
			sort.Strings(wantKeys)
			gotKeys := excerptKeys(t, got, refi.ExcerptOptions{All: true})
			assert.Equal(t, wantKeys, gotKeys)

			// participants and their attributes
			wantParts, gotParts := want.Project.Participants(), got.Project.Participants()
			require.Len(t, gotParts, len(wantParts))
			for i := range wantParts {
				assert.Equal(t, wantParts[i].Name, gotParts[i].Name)
				for _, a := range wantParts[i].Attributes {
					k, v := a.Variable, a.Value
					g, ok := gotParts[i].Attribute(k)
					if assert.True(t, ok, "%s: %s", wantParts[i].Name, k) {
						assert.Equal(t, v.Any(), g.Any(), "%s: %s", wantParts[i].Name, k)
					}
				}
				assert.Len(t, gotParts[i].Attributes, len(wantParts[i].Attributes))
			}
			// codes: same tree, same descriptions
			wc, gc := want.Project.CodeInfos(), got.Project.CodeInfos()
			require.Len(t, gc, len(wc))
			for i := range wc {
				assert.Equal(t, wc[i].Path, gc[i].Path)
				if wc[i].Codable {
					// a folder's description is in no export
					assert.Equal(t, wc[i].Description, gc[i].Description, "%v", wc[i].Path)
				}
				assert.Equal(t, wc[i].Codable, gc[i].Codable, "%v", wc[i].Path)
			}
			// sources: names and dates from the files list
			ws, gs := want.Project.Sources, got.Project.Sources
			require.Len(t, gs, len(ws))
			for i := range ws {
				assert.Equal(t, ws[i].Base().Name, gs[i].Base().Name)
				assert.Equal(t, ws[i].Base().Created.UTC(), gs[i].Base().Created.UTC())
				assert.Equal(t, ws[i].Base().Modified.UTC(), gs[i].Base().Modified.UTC())
			}
		})
	}
}

// TestSampleExportsDeterministic: the same exports give the same bytes.
func TestSampleExportsDeterministic(t *testing.T) {
	var outs [][]byte
	for range 2 {
		res := buildSample(t, "coding-summary-by-code.xlsx")
		var buf bytes.Buffer
		_, err := (&refi.Writer{}).Write(&buf, refi.NewDocument(res.Project, res.Files), refi.FormatQDPX)
		require.NoError(t, err)
		outs = append(outs, buf.Bytes())
	}
	assert.True(t, bytes.Equal(outs[0], outs[1]))
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return b
}

package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cli/toolinput/toolinputtest"
	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
	"github.com/qdabridge/qdabridge/refi"
)

func TestConvertToolDatabases(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		script   string
		args     []string
		wantCode int
		codes    int
		passages []string
		stderr   []string
	}{
		{
			name: "Taguette", file: "project.sqlite3", script: toolinputtest.TaguetteScript, args: []string{"--name", "SP study"},
			codes: 3, passages: []string{"walking group"},
			stderr: []string{"(Taguette project database)", "highlight 2 in Link worker 1", "dropped"},
		},
		{
			name: "another SQLite database", file: "other.db", script: "CREATE TABLE notes (id INTEGER, body TEXT); CREATE TABLE tags (id INTEGER);",
			wantCode: 1,
			stderr:   []string{"it is an SQLite database, but not the project of a tool qdabridge reads", "this one has the tables notes, tags"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := sqlitetest.Create(t, tt.file, tt.script)
			before, err := os.ReadFile(in)
			require.NoError(t, err)
			out := filepath.Join(t.TempDir(), "out.qdpx")
			var stdout, stderr bytes.Buffer
			code := execute(append([]string{in, "-o", out}, tt.args...), &stdout, &stderr)
			require.Equal(t, tt.wantCode, code, stderr.String())
			for _, s := range tt.stderr {
				assert.Contains(t, stderr.String(), s)
			}
			after, err := os.ReadFile(in)
			require.NoError(t, err)
			assert.Equal(t, before, after, "the input is never written")
			entries, err := os.ReadDir(filepath.Dir(in))
			require.NoError(t, err)
			assert.Len(t, entries, 1, "no journal beside the input")
			if tt.wantCode != 0 {
				assert.NoFileExists(t, out)
				return
			}
			schematest.RequireValidQDPX(t, out)
			doc, err := refi.Open(out)
			require.NoError(t, err)
			defer doc.Close()
			assert.Equal(t, "SP study", doc.Project.Name)
			assert.Equal(t, tt.codes, doc.Project.Counts().Codes)
			var texts []string
			for e, err := range doc.Excerpts(refi.ExcerptOptions{Separate: true}) {
				require.NoError(t, err)
				texts = append(texts, e.Text)
			}
			assert.Equal(t, tt.passages, texts)
		})
	}
}

func TestConvertFolderWithoutDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "study.qda")
	require.NoError(t, os.Mkdir(dir, 0o755))
	var stdout, stderr bytes.Buffer
	code := execute([]string{dir, "-o", filepath.Join(t.TempDir(), "out.qdpx")}, &stdout, &stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), "a QualCoder project folder holds data.qda")
}

// TestConvertCorpusTools converts every project and export of the other
// tools in the corpus to a .qdpx that validates, and checks that every
// coded passage the tools stored is in it: nothing is reported lost but
// what the readers' own tests name (a coding of a code RQDA no longer
// has).
func TestConvertCorpusTools(t *testing.T) {
	corpus := os.Getenv("QDA_CORPUS")
	if corpus == "" {
		t.Skip("QDA_CORPUS is not set: the corpus of real files is not used")
	}
	tests := []struct {
		inputs []string
		args   []string
		kind   string
		lost   string // "" for nothing lost
	}{
		{inputs: []string{"rqda/elinagomez-acoso-2019.rqda"}, kind: "RQDA project"},
		{inputs: []string{"rqda/prevos-stakeholders-2013.rqda"}, kind: "RQDA project", lost: "a coding of code 18, which is not in the database"},
		{inputs: []string{"rqda/qml-rqda-testproject-2020.rqda"}, kind: "RQDA project"},
		{inputs: []string{"rqda/robertour-2016.rqda"}, kind: "RQDA project"},
		{inputs: []string{"rqda/rqda-empty-a.rqda"}, kind: "RQDA project"},
		{inputs: []string{"rqda/tobiasweise-opcw-csp-dg-2015.rqda"}, kind: "RQDA project"},
		{inputs: []string{"taguette/ndporter-sample-project.sqlite3"}, kind: "Taguette project database"},
		{inputs: []string{"qualcoder/rcurty-influencers-3.5.qda"}, kind: "QualCoder project folder"},
		{inputs: []string{"qualcoder/ndporter-mannheimer-3.6.qda"}, kind: "QualCoder project folder"},
		{inputs: []string{"qualcoder/oltas0517-4.0beta.qda/data.qda"}, kind: "QualCoder project database"},
		{inputs: []string{"taguette/hoctor-highlights.xlsx"}, args: []string{"--passages"}, kind: "Taguette highlights export"},
		{inputs: []string{"taguette/aadorian-codebook.csv"}, kind: "Taguette codebook export"},
		{inputs: []string{"maxqda/coded-segments-maxqda2022.xlsx"}, args: []string{"--passages"}, kind: "MAXQDA coded segments export"},
		{inputs: []string{"atlasti/quotation-manager-export.csv", "atlasti/codebook-export.csv"}, args: []string{"--passages"}, kind: "ATLAS.ti quotation export and codebook export"},
		{inputs: []string{"atlasti/codebook-export.csv"}, kind: "ATLAS.ti codebook export"},
		{inputs: []string{"qualcoder/olgabvo-coding-report.csv"}, args: []string{"--passages"}, kind: "QualCoder coding report"},
	}
	for _, tt := range tests {
		t.Run(tt.inputs[0], func(t *testing.T) {
			var args []string
			for _, in := range tt.inputs {
				args = append(args, filepath.Join(corpus, in))
			}
			out := filepath.Join(t.TempDir(), "out.qdpx")
			var stdout, stderr bytes.Buffer
			code := execute(append(append(args, "-o", out), tt.args...), &stdout, &stderr)
			require.Equal(t, 0, code, stderr.String())
			assert.Contains(t, stderr.String(), "("+tt.kind+")")
			if tt.lost == "" {
				assert.Contains(t, stderr.String(), "lost:      nothing")
			} else {
				assert.Contains(t, stderr.String(), tt.lost)
			}
			schematest.RequireValidQDPX(t, out)

			// Every passage is the same in the project as read (keep)
			// and as written for each tool, line ends aside.
			want := passagesOf(t, out)
			for _, to := range []string{"keep", "nvivo", "qualcoder"} {
				out := filepath.Join(t.TempDir(), to+".qdpx")
				require.Equal(t, 0, execute(append(append(args, "-o", out, "--to", to), tt.args...), &stdout, &stderr), stderr.String())
				assert.Equal(t, want, passagesOf(t, out), "--to %s", to)
			}
		})
	}
}

// passagesOf returns the sorted source names and texts of the coded
// excerpts of the project at path, with CR LF written LF.
func passagesOf(t *testing.T, path string) []string {
	t.Helper()
	doc, err := refi.Open(path)
	require.NoError(t, err)
	defer doc.Close()
	var out []string
	for e, err := range doc.Excerpts(refi.ExcerptOptions{Separate: true}) {
		require.NoError(t, err)
		if len(e.Codes) == 0 {
			continue // a case's passage: QualCoder's profile makes one of each whole source of a case
		}
		out = append(out, e.Source.Name+"\x00"+strings.ReplaceAll(e.Text, "\r\n", "\n"))
	}
	sort.Strings(out)
	return out
}

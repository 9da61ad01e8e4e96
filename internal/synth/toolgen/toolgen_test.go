package toolgen_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/synth/toolgen"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/rqda"
	"github.com/qdabridge/qdabridge/taguette"
)

// shape is small enough for a unit test and has every feature: CR LF
// transcripts (one in five), accents, emoji.
var shape = toolgen.Shape{Sources: 10, TextLength: 2000, Codes: 12, Categories: 3, Users: 2, Codings: 600, Seed: 7}

// readBack reads each tool's generated project with its reader and
// returns the project and how many codings the reader placed.
func TestReadBack(t *testing.T) {
	tests := []struct {
		tool string
		read func(t *testing.T, dir string) (*refi.Project, int)
	}{
		{"rqda", func(t *testing.T, dir string) (*refi.Project, int) {
			path := filepath.Join(dir, "p.rqda")
			require.NoError(t, toolgen.WriteRQDA(path, shape))
			res, err := (&rqda.Reader{}).ReadFile(path)
			require.NoError(t, err)
			return res.Project, res.Report.Codings
		}},
		{"qualcoder", func(t *testing.T, dir string) (*refi.Project, int) {
			path := filepath.Join(dir, "p.qda")
			require.NoError(t, toolgen.WriteQualCoder(path, shape))
			res, err := (&qualcoder.Reader{}).ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, shape.Codings, res.Report.AtPosition)
			return res.Project, res.Report.Codings
		}},
		{"taguette", func(t *testing.T, dir string) (*refi.Project, int) {
			path := filepath.Join(dir, "p.sqlite3")
			require.NoError(t, toolgen.WriteTaguette(path, shape))
			res, err := (&taguette.Reader{}).ReadFile(path)
			require.NoError(t, err)
			assert.Empty(t, res.Report.NotPlaced)
			return res.Project, res.Report.Codings
		}},
		{"nvivo", func(t *testing.T, dir string) (*refi.Project, int) {
			ex, err := toolgen.WriteNVivo(filepath.Join(dir, "nvivo"), shape)
			require.NoError(t, err)
			b := &nvivo.Builder{Documents: os.DirFS(ex.Documents)}
			for _, p := range ex.Exports() {
				e, err := (&nvivo.Reader{}).ReadFile(p)
				require.NoError(t, err)
				b.Add(e)
			}
			res, err := b.Build()
			require.NoError(t, err)
			assert.Zero(t, res.Report.Missing+res.Report.Ambiguous)
			return res.Project, res.Report.Exact + res.Report.Tolerant
		}},
	}
	for _, tt := range tests {
		t.Run(tt.tool, func(t *testing.T) {
			p, placed := tt.read(t, t.TempDir())
			c := p.Counts()
			assert.Equal(t, shape.Codings, placed, "codings placed")
			assert.Equal(t, shape.Codings, c.Codings, "codings in the project")
			assert.Equal(t, shape.Sources, c.Sources)
			assert.Equal(t, shape.Codes+shape.Categories, c.Codes)
		})
	}
}

func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, s toolgen.Shape) []byte {
		path := filepath.Join(dir, name)
		require.NoError(t, toolgen.WriteTaguette(path, s))
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		return b
	}
	a, b := write("a.sqlite3", shape), write("b.sqlite3", shape)
	assert.Equal(t, a, b, "the same shape gives the same database")
	other := shape
	other.Seed++
	assert.NotEqual(t, a, write("c.sqlite3", other), "another seed gives another project")
}

func TestShapes(t *testing.T) {
	tests := []struct {
		codings, sources, length int
	}{
		{20_000, 200, 5_000},    // synth's medium preset
		{200_000, 1000, 30_000}, // synth's large preset
		{500, 5, 5_000},
	}
	for _, tt := range tests {
		s := toolgen.ForCodings(tt.codings)
		assert.Equal(t, tt.codings, s.Codings)
		assert.Equal(t, tt.sources, s.Sources)
		assert.Equal(t, tt.length, s.TextLength)
	}
	err := toolgen.WriteRQDA(filepath.Join(t.TempDir(), "x.rqda"), toolgen.Shape{Sources: 0, Codes: 1})
	assert.ErrorContains(t, err, "toolgen: invalid shape")
}

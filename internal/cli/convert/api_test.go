package convert

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/sample"
	"github.com/qdabridge/qdabridge/refi"
)

func TestConvertFunction(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "study.qdpx")
	require.NoError(t, os.WriteFile(in, sample.QDPX, 0o600))
	tests := []struct {
		name, target, out string
		wantErr           string
	}{
		{name: "nvivo", target: "nvivo", out: "out.qdpx"},
		{name: "workbook", target: "spec", out: "out.xlsx"},
		{name: "excerpts", target: "spec", out: "out.csv"},
		{name: "unknown target", target: "word", out: "out.qdpx", wantErr: "target"},
		{name: "unknown kind", target: "spec", out: "out.doc", wantErr: "cannot tell what to write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, tt.out)
			rep, err := Convert(nil, []string{in}, "", tt.target, out)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Len(t, rep.Inputs, 1)
			assert.Equal(t, 86, rep.Inputs[0].Counts.Codings)
			assert.Equal(t, 7, rep.Inputs[0].Counts.Cases)
			assert.NotNil(t, rep.Ledger)
			assert.Contains(t, rep.Text, "wrote:")
			st, err := os.Stat(out)
			require.NoError(t, err)
			assert.Equal(t, st.Size(), rep.Bytes)
			if filepath.Ext(out) == ".qdpx" {
				doc, err := refi.Open(out)
				require.NoError(t, err)
				require.NoError(t, doc.Close())
			}
		})
	}
}

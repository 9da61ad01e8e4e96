package qualcoder_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/stretchr/testify/require"
)

// fuzzCount counts the inputs the fuzz targets run (see .ci/fuzz).
var fuzzCount fuzzstat.Counter

// FuzzRead reads mutated databases: the reader must never panic, must
// return an error or a project, and a project read must write as a .qdpx.
func FuzzRead(f *testing.F) {
	for _, script := range []string{fullV17, schemaV1 + `INSERT INTO project VALUES ('v1', '', '', '');
INSERT INTO source VALUES (1, 'a', 'Alpha 🙂 beta', NULL, NULL, 'me', '');
INSERT INTO code_name VALUES (1, 'c', NULL, NULL, 'me', '', '#123456');
INSERT INTO code_text VALUES (1, 1, 'beta', 8, 12, 'me', '', NULL);`} {
		b, err := os.ReadFile(sqlitetest.Create(f, "data.qda", script))
		require.NoError(f, err)
		f.Add(b)
	}
	r := &qualcoder.Reader{MaxRows: 200, MaxValueBytes: 4 << 10, MaxTextBytes: 64 << 10, MaxWarnings: 20, MaxMediaBytes: 1 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCount.Add()
		if len(data) > 1<<20 {
			return
		}
		path := filepath.Join(t.TempDir(), "data.qda")
		require.NoError(t, os.WriteFile(path, data, 0o644))
		res, err := r.ReadFile(path)
		if err != nil {
			_ = err.Error()
			return
		}
		for _, w := range res.Report.Warnings {
			_ = w.String()
		}
		require.NoError(t, res.Report.Ledger().Check())
		_, err = (&refi.Writer{}).Write(io.Discard, res.Document(), refi.FormatQDPX)
		require.NoError(t, err)
	})
}

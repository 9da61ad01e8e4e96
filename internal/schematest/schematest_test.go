package schematest

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a testing.TB that records failures instead of stopping.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) FailNow()              { r.failed = true; panic(r) }

func run(t *testing.T, fn func(tb testing.TB)) (failed bool) {
	r := &recorder{TB: t}
	func() {
		defer func() {
			if v := recover(); v != nil && v != r {
				panic(v)
			}
		}()
		fn(r)
	}()
	return r.failed
}

func writeQDPX(t *testing.T, qde string) string {
	p := filepath.Join(t.TempDir(), "p.qdpx")
	f, err := os.Create(p)
	require.NoError(t, err)
	zw := zip.NewWriter(f)
	w, err := zw.Create("project.qde")
	require.NoError(t, err)
	_, err = w.Write([]byte(qde))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	require.NoError(t, f.Close())
	return p
}

func TestRequireValidQDPX(t *testing.T) {
	valid := `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p"/>`
	invalid := `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0"/>`
	assert.False(t, run(t, func(tb testing.TB) { RequireValidQDPX(tb, writeQDPX(t, valid)) }))
	assert.True(t, run(t, func(tb testing.TB) { RequireValidQDPX(tb, writeQDPX(t, invalid)) }), "a project without its name is invalid")
	assert.True(t, run(t, func(tb testing.TB) { RequireValidProject(tb, []byte("<Project")) }))
}

package zipcheck

import (
	"archive/zip"
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/ziptest"
)

func archive(t *testing.T, n int, data []byte, method uint16) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < n; i++ {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("f%d", i), Method: method})
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestDirectoryRecords(t *testing.T) {
	small := archive(t, 3, []byte("x"), zip.Store)
	// the same archive with a zip64 end record claiming 70,000 entries
	z64 := ziptest.ClaimEntries(small, 70_000)
	i := bytes.LastIndex(small, []byte("PK\x05\x06"))
	tests := []struct {
		name string
		data []byte
		n    uint64
		ok   bool
	}{
		{name: "three entries", data: small, n: 3, ok: true},
		{name: "zip64 claim", data: z64, n: 70_000, ok: true},
		{name: "not a zip", data: []byte("hello, world, this is not a zip archive"), ok: false},
		{name: "empty", data: nil, ok: false},
		{name: "end record only", data: small[i:], n: 3, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok := DirectoryRecords(bytes.NewReader(tt.data), int64(len(tt.data)))
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.n, n)
		})
	}
}

func TestOverlappingAndTooCompressed(t *testing.T) {
	spaces := bytes.Repeat([]byte(" "), 2<<20)
	tests := []struct {
		name       string
		data       []byte
		overlap    bool
		compressed bool
	}{
		{name: "stored", data: archive(t, 2, spaces, zip.Store)},
		{name: "deflated spaces", data: archive(t, 1, spaces, zip.Deflate), compressed: true},
		{name: "deflated, under the grace size", data: archive(t, 1, spaces[:Grace], zip.Deflate)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			zr, err := zip.NewReader(bytes.NewReader(tt.data), int64(len(tt.data)))
			require.NoError(t, err)
			_, over := Overlapping(zr.File, int64(len(tt.data)))
			assert.Equal(t, tt.overlap, over)
			assert.Equal(t, tt.compressed, TooCompressed(zr.File[0], 100))
			assert.False(t, TooCompressed(zr.File[0], 0), "no limit")
		})
	}
	// the same entries listed twice overlap
	zr, err := zip.NewReader(bytes.NewReader(tests[0].data), int64(len(tests[0].data)))
	require.NoError(t, err)
	f, over := Overlapping(append(zr.File, zr.File...), int64(len(tests[0].data)))
	assert.True(t, over)
	assert.Equal(t, "f0", f.Name)
}

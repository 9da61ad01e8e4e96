// Package schematest checks, in tests, that written projects are valid
// REFI-QDA: with the Go validator always, and with libxml2's xmllint too
// when it is installed (.ci/run installs it), against the schema embedded in
// package refi.
package schematest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/refischema"
	"github.com/qdabridge/qdabridge/internal/xsd"
	"github.com/qdabridge/qdabridge/refi"
)

// RequireValidProject fails t unless qde, a project document, validates
// against the REFI-QDA project schema. It reports whether xmllint ran.
func RequireValidProject(t testing.TB, qde []byte) (xmllint bool) {
	t.Helper()
	require.NoError(t, refi.ValidateProjectXML(bytes.NewReader(qde)), "Go validation against Project.xsd")
	schema := filepath.Join(t.TempDir(), "Project.xsd")
	require.NoError(t, os.WriteFile(schema, refischema.Project, 0o644))
	ran, err := xsd.XMLLint(schema, qde)
	require.NoError(t, err)
	return ran
}

// RequireValidQDPX fails t unless the .qdpx archive at name holds a
// project.qde that validates against the REFI-QDA project schema. It
// reports whether xmllint ran.
func RequireValidQDPX(t testing.TB, name string) (xmllint bool) {
	t.Helper()
	zr, err := zip.OpenReader(name)
	require.NoError(t, err)
	defer zr.Close()
	f, err := zr.Open("project.qde")
	require.NoError(t, err, "project.qde in the archive")
	qde, err := io.ReadAll(f)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	return RequireValidProject(t, qde)
}

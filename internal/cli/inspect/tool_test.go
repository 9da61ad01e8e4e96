package inspect

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cli/toolinput/toolinputtest"
)

// TestInspectToolDatabase: the project of another tool is inspected as a
// .qdpx is, its kind the tool's and its warnings the reader's.
func TestInspectToolDatabase(t *testing.T) {
	path := toolinputtest.Taguette(t)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, runCmd([]string{path}, &out, &errOut), errOut.String())
	s := out.String()
	assert.Contains(t, s, "(taguette project database)")
	assert.Contains(t, s, "project:    Social prescribing")
	assert.Contains(t, s, "origin:     Taguette")
	assert.Contains(t, s, "codes 3, cases 0, variables 0, sources 1")
	assert.Contains(t, s, "selections 1, codings 1")

	out.Reset()
	require.Equal(t, 0, runCmd([]string{path, "--json"}, &out, &errOut), errOut.String())
	var rep map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	assert.Equal(t, "taguette project database", rep["kind"])
}

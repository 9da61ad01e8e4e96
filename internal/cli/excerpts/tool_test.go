package excerpts

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cli/toolinput/toolinputtest"
)

// TestExcerptsToolDatabase: the excerpts of another tool's project, as of
// a .qdpx.
func TestExcerptsToolDatabase(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, 0, execute([]string{toolinputtest.Taguette(t)}, &out, &errOut), errOut.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 1, "the highlight not placed has no excerpt")
	var e map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &e))
	assert.Equal(t, "Link worker 1", e["source"])
	assert.Equal(t, "walking group", e["text"])
	assert.Equal(t, []any{"activities > walking"}, e["codes"])
}

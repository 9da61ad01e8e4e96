package serve

import (
	"encoding/json"
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/cli/toolinput/toolinputtest"
)

// TestConvertToolDatabase: a Taguette project database dropped on the page
// converts as a .qdpx does, the highlight not placed in the ledger.
func TestConvertToolDatabase(t *testing.T) {
	s, ts := newTestServer(t, 0)
	db, err := os.ReadFile(toolinputtest.Taguette(t))
	require.NoError(t, err)
	body, ctype := upload(t, [3]string{"file", "project.sqlite3", string(db)})
	resp := do(t, s, ts, http.MethodPost, "/convert?target=qualcoder", "", true, body, ctype)
	var rep convertReply
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&rep))
	require.Equal(t, http.StatusOK, resp.StatusCode, rep.Error)
	require.Len(t, rep.Report.Inputs, 1)
	assert.Equal(t, 1, rep.Report.Inputs[0].Counts.Codings)
	assert.Contains(t, rep.Report.Text, "(Taguette project database)")
	assert.Contains(t, rep.Report.Text, "highlight 2 in Link worker 1")
	assertNoUploads(t, s)

	dl := do(t, s, ts, http.MethodGet, "/download/"+rep.ID, "", true, nil, "")
	require.Equal(t, http.StatusOK, dl.StatusCode)
}

package refi

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateXML(t *testing.T) {
	// Taguette's empty <Sets/> breaks the schema; the written form does not
	in, err := os.ReadFile("testdata/qdc/taguette.qdc")
	require.NoError(t, err)
	err = ValidateCodebookXML(bytes.NewReader(in))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/CodeBook/Sets")
	doc, err := ReadQDC(bytes.NewReader(in))
	require.NoError(t, err)
	var out bytes.Buffer
	writeDoc(t, &Writer{}, &out, doc, FormatQDC)
	assert.NoError(t, ValidateCodebookXML(bytes.NewReader(out.Bytes())))

	for _, f := range []string{"testdata/qde/colours.qde", "testdata/qde/nonguid-ids.qde", "testdata/qde/order.qde", "testdata/qde/empty-containers.qde"} {
		in, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.Error(t, ValidateProjectXML(bytes.NewReader(in)), "%s breaks the schema", f)
	}
	in, err = os.ReadFile("testdata/qde/full.qde")
	require.NoError(t, err)
	assert.NoError(t, ValidateProjectXML(bytes.NewReader(in)))
	assert.Error(t, ValidateProjectXML(bytes.NewReader([]byte("<CodeBook/>"))), "a codebook is not a project")
}

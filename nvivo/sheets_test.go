package nvivo_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/xlsx"
)

// TestReadSheets: a Coding Summary split over sheets is read as one; other
// sheets with rows are reported; Reader.Kind forces a kind.
func TestReadSheets(t *testing.T) {
	header := []string{"Hierarchical Name", "Code Type", "Hierarchical Name", "File Type", "Coded Text"}
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf)
	notes, err := w.AddSheet("Notes", []string{"About"})
	require.NoError(t, err)
	require.NoError(t, notes.WriteRow("exported from NVivo"))
	for i, sheet := range []string{"Coding Summary By Code Extrac-0", "Coding Summary By Code Extrac-1"} {
		sw, err := w.AddSheet(sheet, header)
		require.NoError(t, err)
		require.NoError(t, sw.WriteRow(`Nodes\\A`, "Node", `Files\\f`, "Document", "text "+string(rune('1'+i))))
	}
	other, err := w.AddSheet("Other", []string{"x", "y"})
	require.NoError(t, err)
	require.NoError(t, other.WriteRow("1", "2"))
	require.NoError(t, w.Close())

	ex, err := read(t, buf.Bytes())
	require.NoError(t, err)
	assert.Equal(t, nvivo.KindCodingSummary, ex.Kind)
	assert.Equal(t, []string{"Coding Summary By Code Extrac-0", "Coding Summary By Code Extrac-1"}, ex.Sheets)
	require.Len(t, ex.CodingSummary.References, 2)
	assert.Equal(t, "text 2", ex.CodingSummary.References[1].Text)
	var skipped []string
	for _, w := range ex.Warnings {
		if w.Code == nvivo.WarnSheets {
			skipped = append(skipped, w.Sheet)
		}
	}
	assert.Equal(t, []string{"Notes", "Other"}, skipped, "the sheet before, read as a classification, is not the summary")

	// forced: the "Other" sheet read as a classification
	ex, err = (&nvivo.Reader{Kind: nvivo.KindClassification}).Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, nvivo.KindClassification, ex.Kind)
	assert.Equal(t, []string{"Notes"}, ex.Sheets)
	assert.Contains(t, ex.Detection, "kind given by the caller")
}

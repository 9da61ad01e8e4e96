package transcript_test

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/segments/segtest"
	"github.com/qdabridge/qdabridge/internal/transcript"
)

func TestRead(t *testing.T) {
	fsys := fstest.MapFS{
		"a/Patient 1.txt":  {Data: []byte("\uFEFFI was lonely.\r\nNow I walk.")},
		"b/Patient 2.TXT":  {Data: []byte{0xFF, 0xFE, 'H', 0, 'i', 0, ' ', 0, 0x3D, 0xD8, 0x00, 0xDE}}, // UTF-16 LE: "Hi 😀"
		"Patient 3.txt":    {Data: []byte{0xFE, 0xFF, 0, 'O', 0, 'k'}},                                 // UTF-16 BE
		"Patient 4.txt":    {Data: []byte("caf\xe9")},                                                  // Latin-1
		"Patient 5.docx":   {Data: segtest.Docx(t, "First paragraph.", "Second one.")},
		"Broken.docx":      {Data: []byte("PK\x03\x04 not really")},
		"Big.txt":          {Data: make([]byte, 100001)},
		"notes/readme.md":  {Data: []byte("not a transcript")},
		"folder.txt/x.txt": {Data: []byte("x")},
	}
	paths, err := transcript.List(fsys)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"a/Patient 1.txt", "b/Patient 2.TXT", "Patient 3.txt", "Patient 4.txt", "Patient 5.docx", "Broken.docx", "Big.txt", "folder.txt/x.txt"}, paths)

	tests := []struct {
		path    string
		format  string
		text    string
		notUTF8 bool
		err     string
	}{
		{"a/Patient 1.txt", "txt", "I was lonely.\r\nNow I walk.", false, ""},
		{"b/Patient 2.TXT", "txt", "Hi 😀", false, ""},
		{"Patient 3.txt", "txt", "Ok", false, ""},
		{"Patient 4.txt", "txt", "caf\xe9", true, ""},
		{"Patient 5.docx", "docx", "First paragraph.\nSecond one.", false, ""},
		{"Broken.docx", "", "", false, "Broken.docx: "},
		{"Big.txt", "", "", false, "Big.txt is larger than 100000 bytes"},
		{"missing.txt", "", "", false, "missing.txt: open missing.txt: file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			tr, err := transcript.Read(fsys, tt.path, 100000)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.format, tr.Format)
			assert.Equal(t, tt.text, tr.Text.String())
			assert.Equal(t, tt.notUTF8, tr.NotUTF8)
			assert.Equal(t, tt.format == "docx", tr.Rich != nil)
		})
	}
	_, err = transcript.Read(fsys, "Big.txt", 100000)
	assert.True(t, errors.Is(err, transcript.ErrTooLarge))
}

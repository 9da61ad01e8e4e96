package nvivo

import (
	"fmt"

	"github.com/qdabridge/qdabridge/internal/docx"
)

// maxDocumentSize is the default of Builder.MaxDocumentBytes, the bound of
// a source document file (.txt or .docx).
const maxDocumentSize = docx.MaxDocumentSize

// docxText returns the plain text of a Word document (.docx), as
// [docx.Text] extracts it, or an error wrapping [ErrBadDocument] that says
// why not.
func docxText(data []byte) (string, error) {
	s, err := docx.Text(data)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadDocument, err)
	}
	return s, nil
}

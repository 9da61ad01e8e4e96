package refi

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

// writeDoc writes doc to out as format f with w, requires that the write
// succeeds, and returns its report.
func writeDoc(t testing.TB, w *Writer, out io.Writer, doc *Document, f Format, msgAndArgs ...any) *Report {
	t.Helper()
	rep, err := w.Write(out, doc, f)
	require.NoError(t, err, msgAndArgs...)
	require.NotNil(t, rep)
	return rep
}

// writeAccounts writes doc to out as format f with w, as [Writer.Write]
// does, and returns the write's error, its report and its accounts (which
// the Report does not expose).
func writeAccounts(w *Writer, out io.Writer, doc *Document, f Format) (*Report, *accounts, error) {
	c := &writeCall{Writer: w}
	err := c.write(out, doc, f)
	return &Report{Changes: c.changes, Ledger: c.ledger}, c.acct, err
}

// codebookProject is the project a codebook is read as (see
// [codebookDocument]), for comparing codebooks with [Diff].
func codebookProject(cb *codebook) *Project {
	return codebookDocument(cb, "", "", nil).Project
}

// attrOf returns the value of the attribute called name (as the project
// names the variable, or without NVivo's prefix), or the zero value.
func attrOf(as []Attribute, name string) AttributeValue {
	v, _ := findAttribute(as, name)
	return v
}

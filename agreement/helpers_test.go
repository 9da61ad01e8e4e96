package agreement

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

// coding is one coding of a fixture: coder codes [start, end) of text src
// at code (end < 0 codes the whole source).
type coding struct {
	coder, code string
	src         int
	start, end  int64
}

// fixture builds a project with the coders and codes named, one text of
// each length in sizes (made of 'x's), and the codings.
func fixture(t testing.TB, coders, codes []string, sizes []int, codings []coding) *refi.Document {
	t.Helper()
	doc := refi.New("fixture")
	users := map[string]*refi.User{}
	for _, n := range coders {
		users[n] = doc.Project.AddUser(n)
	}
	cs := map[string]*refi.Code{}
	for _, n := range codes {
		cs[n] = doc.Project.AddCode(n)
	}
	var srcs []*refi.TextSource
	for i, n := range sizes {
		s, err := doc.AddText("text"+string(rune('1'+i)), strings.Repeat("x", n))
		require.NoError(t, err)
		srcs = append(srcs, s)
	}
	for _, c := range codings {
		if c.end < 0 {
			srcs[c.src].AddCoding(cs[c.code], users[c.coder])
			continue
		}
		sel, err := doc.Select(srcs[c.src], c.start, c.end)
		require.NoError(t, err)
		sel.AddCoding(cs[c.code], users[c.coder])
	}
	return doc
}

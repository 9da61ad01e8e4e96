package taguette_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/taguette"
)

// TestCorpus reads the real Taguette export of the corpus, writes it as a
// .qdpx, validates it, and checks every coding's text against the snippet
// stored in the database.
func TestCorpus(t *testing.T) {
	dir := os.Getenv("QDA_CORPUS")
	if dir == "" {
		t.Skip("QDA_CORPUS not set: set it to the corpus folder to read taguette/ndporter-sample-project.sqlite3")
	}
	path := filepath.Join(dir, "taguette", "ndporter-sample-project.sqlite3")
	res, err := (&taguette.Reader{}).ReadFile(path)
	require.NoError(t, err)
	rep := res.Report
	assert.Empty(t, rep.Warnings)
	assert.Empty(t, rep.NotPlaced)

	// Counts equal the database's rows.
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	require.NoError(t, err)
	defer db.Close()
	count := func(q string) int {
		var n int
		require.NoError(t, db.QueryRow(q).Scan(&n))
		return n
	}
	assert.Equal(t, count("SELECT count(*) FROM documents"), rep.Sources)
	assert.Equal(t, count("SELECT count(*) FROM tags"), rep.Codes)
	assert.Equal(t, count("SELECT count(*) FROM highlights"), rep.Selections)
	assert.Equal(t, count("SELECT count(*) FROM highlight_tags"), rep.Codings)
	c := res.Project.Counts()
	assert.Equal(t, rep.Selections, c.Selections)
	assert.Equal(t, rep.Codings, c.Codings)

	// Write, validate, read back.
	var buf bytes.Buffer
	_, err = (&refi.Writer{}).Write(&buf, res.Document(), refi.FormatQDPX)
	require.NoError(t, err)
	back, err := refi.ReadQDPX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	assert.Empty(t, back.Warnings)
	var qde bytes.Buffer
	_, err = (&refi.Writer{}).Write(&qde, res.Document(), refi.FormatQDE)
	require.NoError(t, err)
	require.NoError(t, refi.ValidateProjectXML(&qde))

	// Every selection's text is its highlight's snippet's text.
	snippets := map[string]string{}
	rows, err := db.Query("SELECT id, snippet FROM highlights")
	require.NoError(t, err)
	for rows.Next() {
		var id int64
		var s string
		require.NoError(t, rows.Scan(&id, &s))
		snippets[fmt.Sprintf("highlight %d", id)] = textOf(t, s)
	}
	require.NoError(t, rows.Err())
	checked := 0
	for _, s := range back.Project.Sources {
		ts := s.(*refi.TextSource)
		for i := range ts.Selections {
			sel := &ts.Selections[i]
			got, err := back.SelectionText(ts, sel)
			require.NoError(t, err)
			assert.Equal(t, snippets[sel.Name], got, sel.Name)
			checked += len(sel.Codings)
		}
	}
	assert.Equal(t, count("SELECT count(*) FROM highlight_tags"), checked)
}

// textOf returns the text of an HTML snippet (these have no line breaks
// between blocks inside one highlight).
func textOf(t *testing.T, s string) string {
	nodes, err := html.ParseFragment(bytes.NewReader([]byte(s)), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	require.NoError(t, err)
	var b bytes.Buffer
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	for _, n := range nodes {
		rec(n)
	}
	return b.String()
}

package taguette_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
	"github.com/qdabridge/qdabridge/internal/synth/toolgen"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/taguette"
)

// schema is Taguette's schema at revision 09c662cd9483 (the tables read),
// with a user and a project.
const schema = toolgen.TaguetteTables + `
INSERT INTO users VALUES ('admin', '2024-07-31 20:51:31.300593', NULL, NULL, NULL, NULL, NULL);
INSERT INTO projects VALUES (1, 'Café study', 'A test project', '2024-06-21 14:53:48.297396');
INSERT INTO project_members VALUES (1, 'admin', 'ADMIN');
`

// sample is a project with entities, multi-byte characters and nested
// tags. Offsets count UTF-8 bytes of the text nodes: the raw text of
// document 1 is "Crème & brûlée\nSecond: naïve 日本 end".
const sample = schema + `
INSERT INTO documents VALUES (1, 'Interview 1', 'first', 'i1.docx', '2024-06-21 18:14:58.622705', 1, 'LEFT_TO_RIGHT',
  '<p>Cr&egrave;me &amp; br&ucirc;l&eacute;e</p>
<p><b>Second:</b> na&iuml;ve 日本 end</p>');
INSERT INTO documents VALUES (2, 'Interview 2', '', 'i2.txt', '2024-06-21 18:15:00', 1, 'LEFT_TO_RIGHT', '<p>one</p><p>two</p>');
INSERT INTO tags VALUES (1, 1, 'food', 'Food talk');
INSERT INTO tags VALUES (2, 1, 'food.dessert', '');
INSERT INTO tags VALUES (3, 1, 'place.country.japan', 'Japan');
INSERT INTO highlights VALUES (1, 1, 0, 17, '<p>Crème &amp; brûlée</p>');
INSERT INTO highlights VALUES (2, 1, 26, 39, '<p>naïve 日本</p>');
INSERT INTO highlights VALUES (3, 1, 0, 5, '<p>Wrong</p>');
INSERT INTO highlights VALUES (4, 2, 0, 6, '<p>one</p><p>two</p>');
INSERT INTO highlights VALUES (5, 1, 0, 999, 'x');
INSERT INTO highlight_tags VALUES (1, 1), (1, 2), (2, 3), (3, 1), (4, 1);
INSERT INTO commands VALUES (1, '2024-07-12 13:58:03.310065', 'admin', 1, 1, '{"type": "highlight_add", "highlight_id": 1, "tags": [1]}');
INSERT INTO commands VALUES (2, '2024-07-12 14:00:00', 'coder', 1, 1, '{"type": "highlight_add", "highlight_id": 1, "tags": [1, 2]}');
`

func makeDB(t testing.TB, sqlText string) string {
	t.Helper()
	return sqlitetest.Create(t, "project.sqlite3", sqlText)
}

func TestReadSample(t *testing.T) {
	path := makeDB(t, sample)
	before, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	res, err := (&taguette.Reader{}).ReadFile(path)
	require.NoError(t, err)
	after, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, after, len(before), "no journal or WAL file beside the database")

	rep := res.Report
	assert.Equal(t, "09c662cd9483", rep.Schema)
	assert.True(t, rep.Known)
	assert.Equal(t, 2, rep.Documents)
	assert.Equal(t, 5, rep.Highlights)
	assert.Equal(t, 3, rep.Tags)
	assert.Equal(t, 5, rep.Codes, "food, dessert, place, country, japan")
	assert.Equal(t, 2, rep.ParentCodes)
	assert.Equal(t, 3, rep.Selections)
	require.Len(t, rep.NotPlaced, 2)
	assert.Equal(t, int64(3), rep.NotPlaced[0].Highlight)
	assert.Equal(t, "Interview 1", rep.NotPlaced[0].Document)
	assert.Contains(t, rep.NotPlaced[0].Reason, "snippet")
	assert.Equal(t, int64(5), rep.NotPlaced[1].Highlight)
	assert.Contains(t, rep.NotPlaced[1].Reason, "outside")
	assert.Equal(t, 2, rep.Ledger().Row(refi.ItemSelections).Counts[refi.Dropped])

	doc := res.Document()
	p := res.Project
	assert.Equal(t, "Café study", p.Name)
	require.Len(t, p.Sources, 2)
	src := p.Sources[0].(*refi.TextSource)
	assert.Equal(t, "Interview 1", src.Name)
	assert.Equal(t, "first", src.Description)
	txt, err := doc.Text(src)
	require.NoError(t, err)
	assert.Equal(t, "Crème & brûlée\nSecond: naïve 日本 end", txt.String())
	texts := map[string]string{}
	for _, s := range p.Sources {
		ts := s.(*refi.TextSource)
		for i := range ts.Selections {
			got, err := doc.SelectionText(ts, &ts.Selections[i])
			require.NoError(t, err)
			texts[ts.Selections[i].Name] = got
		}
	}
	assert.Equal(t, map[string]string{
		"highlight 1": "Crème & brûlée",
		"highlight 2": "naïve 日本",
		"highlight 4": "one\ntwo",
	}, texts)

	// Codes: food > dessert, place > country > japan.
	require.Len(t, p.Codes, 2)
	assert.Equal(t, "food", p.Codes[0].Name)
	assert.True(t, p.Codes[0].IsCodable)
	assert.Equal(t, "dessert", p.Codes[0].Children[0].Name)
	assert.False(t, p.Codes[1].IsCodable, "place is no tag")
	assert.Equal(t, "japan", p.Codes[1].Children[0].Children[0].Name)

	// Authors and dates from the command log; the second coder of
	// highlight 1 added the dessert tag.
	sel := src.Selections[0]
	require.Len(t, sel.Codings, 2)
	idx := refi.NewIndex(p)
	assert.Equal(t, "admin", idx.User(sel.CreatingUser).Name)
	assert.Equal(t, "admin", idx.User(sel.Codings[0].CreatingUser).Name)
	assert.Equal(t, "coder", idx.User(sel.Codings[1].CreatingUser).Name)
	assert.Equal(t, 2024, sel.Created.Year())

	// Reading twice gives the same project.
	res2, err := (&taguette.Reader{}).ReadFile(path)
	require.NoError(t, err)
	assert.True(t, refi.Equal(res.Project, res2.Project))
}

func TestReadFlat(t *testing.T) {
	res, err := (&taguette.Reader{Flat: true}).ReadFile(makeDB(t, sample))
	require.NoError(t, err)
	var names []string
	for _, c := range res.Project.Codes {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"food", "food.dessert", "place.country.japan"}, names)
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		return p
	}
	good, err := os.ReadFile(makeDB(t, sample))
	require.NoError(t, err)
	tests := []struct {
		name string
		path string
		is   error
		msg  string
	}{
		{"text file", write("notes.sqlite3", []byte("hello")), taguette.ErrNotSQLite, "notes.sqlite3"},
		{"empty file", write("empty.sqlite3", nil), taguette.ErrNotSQLite, "no SQLite header"},
		{"other SQLite", makeDB(t, "CREATE TABLE source (id INTEGER, fulltext TEXT);"), taguette.ErrNotTaguette, "expected the tables projects, documents, tags, highlights and highlight_tags; missing"},
		{"truncated", write("cut.sqlite3", good[:len(good)/2]), taguette.ErrCorrupt, "cut.sqlite3"},
		{"folder", dir, taguette.ErrNotSQLite, "a folder, not a file"},
		{"two projects", makeDB(t, schema+"INSERT INTO projects VALUES (2, 'b', '', '2024-01-01');"), taguette.ErrProject, "choose one"},
		{"views", makeDB(t, strings.ReplaceAll(schema, "CREATE TABLE highlight_tags (highlight_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (highlight_id, tag_id));",
			"CREATE VIEW highlight_tags AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x AS highlight_id, x AS tag_id FROM c;")), taguette.ErrNotTaguette, "missing highlight_tags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (&taguette.Reader{}).ReadFile(tt.path)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tt.is), "%v", err)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestReadLimitsAndSchema(t *testing.T) {
	newer := strings.ReplaceAll(sample, "'09c662cd9483'", "'ffffffffffff'") +
		"ALTER TABLE highlights ADD COLUMN user_login VARCHAR(30);"
	res, err := (&taguette.Reader{}).ReadFile(makeDB(t, newer))
	require.NoError(t, err)
	assert.False(t, res.Report.Known)
	var msgs []string
	for _, w := range res.Report.Warnings {
		if w.Code == taguette.WarnSchema {
			msgs = append(msgs, w.String())
		}
	}
	require.Len(t, msgs, 2)
	assert.Contains(t, strings.Join(msgs, "\n"), "user_login")
	assert.Equal(t, 3, res.Report.Selections, "read what is understood")

	_, err = (&taguette.Reader{MaxRows: 2}).ReadFile(makeDB(t, sample))
	assert.ErrorIs(t, err, taguette.ErrLimit)

	res, err = (&taguette.Reader{MaxTextSize: 20}).ReadFile(makeDB(t, sample))
	require.NoError(t, err)
	assert.Equal(t, 1, res.Report.Sources, "the large document is skipped")
}

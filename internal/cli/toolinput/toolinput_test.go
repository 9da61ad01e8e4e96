package toolinput

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
)

func TestWhich(t *testing.T) {
	qcFolder := filepath.Join(t.TempDir(), "study.qda")
	require.NoError(t, os.Mkdir(qcFolder, 0o755))
	sqlitetest.CreateAt(t, filepath.Join(qcFolder, QualCoderDatabase), "CREATE TABLE source (id INTEGER); CREATE TABLE code_name (cid INTEGER); CREATE TABLE code_text (cid INTEGER);")
	emptyFolder := t.TempDir()
	text := filepath.Join(t.TempDir(), "notes.rqda")
	require.NoError(t, os.WriteFile(text, []byte("not a database"), 0o644))
	tests := []struct {
		name   string
		path   string
		isDB   bool
		tool   string
		errMsg string
	}{
		{"RQDA", sqlitetest.Create(t, "a.rqda", "CREATE TABLE source (id INTEGER); CREATE TABLE freecode (id INTEGER); CREATE TABLE coding (cid INTEGER);"), true, "rqda", ""},
		{"QualCoder database", sqlitetest.Create(t, "data.qda", "CREATE TABLE source (id INTEGER); CREATE TABLE code_name (cid INTEGER); CREATE TABLE code_text (cid INTEGER);"), true, "qualcoder", ""},
		{"QualCoder folder", qcFolder, true, "qualcoder", ""},
		{"Taguette", sqlitetest.Create(t, "t.sqlite3", "CREATE TABLE projects (id INTEGER); CREATE TABLE documents (id INTEGER); CREATE TABLE highlights (id INTEGER);"), true, "taguette", ""},
		{"a view is not a table", sqlitetest.Create(t, "v.sqlite3", "CREATE TABLE projects (id INTEGER); CREATE TABLE documents (id INTEGER); CREATE VIEW highlights AS SELECT 1;"), true, "",
			"this one has the tables documents, projects"},
		{"another database", sqlitetest.Create(t, "x.db", "CREATE TABLE t1 (a); CREATE TABLE t2 (a); CREATE TABLE t3 (a); CREATE TABLE t4 (a); CREATE TABLE t5 (a); CREATE TABLE t6 (a); CREATE TABLE t7 (a); CREATE TABLE t8 (a); CREATE TABLE t9 (a);"), true, "",
			"this one has the tables t1, t2, t3, t4, t5, t6, t7, t8, …"},
		{"an empty database", sqlitetest.Create(t, "e.db", "PRAGMA user_version = 1;"), true, "", "this one has no tables"},
		{"a folder without data.qda", emptyFolder, false, "", "it is a folder, but not a QualCoder project folder (one holds data.qda)"},
		{"a text file", text, false, "", "not an SQLite database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.isDB, IsDatabase(tt.path))
			tool, err := Which(tt.path)
			if tt.errMsg != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.errMsg)
				assert.Contains(t, err.Error(), "cannot read "+tt.path)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.tool, tool)
		})
	}
}

// TestWhichDamaged: a damaged database is said to be so, in words that
// name no table of SQLite's own.
func TestWhichDamaged(t *testing.T) {
	good := sqlitetest.Create(t, "a.rqda", "CREATE TABLE source (id INTEGER, file TEXT);"+
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 2000) INSERT INTO source SELECT i, printf('%0500d', i) FROM n;")
	b, err := os.ReadFile(good)
	require.NoError(t, err)
	cut := filepath.Join(t.TempDir(), "cut.rqda")
	require.NoError(t, os.WriteFile(cut, b[:len(b)/3], 0o644))
	_, err = Which(cut)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot read "+cut+": unreadable database (corrupt or truncated)")
	assert.NotContains(t, err.Error(), "sqlite_master")
}

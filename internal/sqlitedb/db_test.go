package sqlitedb_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
)

const script = `
CREATE TABLE source (name TEXT, file TEXT, id INTEGER, status INTEGER);
INSERT INTO source VALUES ('a', 'text one', 1, 1), ('b', 'text two', 2, 0), ('c', 'x', 3.0, 1);
CREATE TABLE coding (cid INTEGER, fid INTEGER, selfirst REAL, selend TEXT, seltext TEXT);
INSERT INTO coding VALUES (1, 1, 0.0, '4', 'text'), (1, 3, -3, ' 1 ', NULL), (2, 1, 1.5, 'x', X'6869');
CREATE VIEW v AS SELECT * FROM source;
`

func TestOpenSchema(t *testing.T) {
	path := sqlitetest.Create(t, "p.rqda", script)
	db, err := sqlitedb.Open(path)
	require.NoError(t, err)
	defer db.Close()
	assert.Equal(t, []string{"coding", "source"}, db.Tables(), "views are not tables")
	assert.Equal(t, []string{"name", "file", "id", "status"}, db.Columns("source"))
	assert.Nil(t, db.Columns("v"))
	assert.True(t, db.Has("coding", "cid", "seltext"))
	assert.False(t, db.Has("coding", "memo"))
	assert.False(t, db.Has("journal"))
	assert.Equal(t, []string{"journal", "cases"}, db.Missing("source", "journal", "cases"))
}

func TestQuery(t *testing.T) {
	path := sqlitetest.Create(t, "p.rqda", script)
	db, err := sqlitedb.Open(path)
	require.NoError(t, err)
	defer db.Close()

	type got struct {
		id       int64
		name     string
		memoNull bool
	}
	var rows []got
	err = db.Query(sqlitedb.Query{Table: "source", Columns: []string{"id", "name", "memo"}, Tail: "WHERE status = ? ORDER BY id", Args: []any{1}},
		func(r *sqlitedb.Row) error {
			id, ok := r.Int("id")
			require.True(t, ok)
			name, _ := r.Text("name")
			rows = append(rows, got{id, name, r.Null("memo")})
			return nil
		})
	require.NoError(t, err)
	assert.Equal(t, []got{{1, "a", true}, {3, "c", true}}, rows, "an absent column reads as NULL; a REAL id as an integer")

	type coding struct {
		first, end int64
		okFirst    bool
		okEnd      bool
		text       string
		okText     bool
	}
	var cs []coding
	err = db.Query(sqlitedb.Query{Table: "coding", Columns: []string{"rowid", "selfirst", "selend", "seltext"}, Tail: "ORDER BY rowid"},
		func(r *sqlitedb.Row) error {
			var c coding
			c.first, c.okFirst = r.Int("selfirst")
			c.end, c.okEnd = r.Int("selend")
			c.text, c.okText = r.Text("seltext")
			cs = append(cs, c)
			return nil
		})
	require.NoError(t, err)
	assert.Equal(t, []coding{
		{0, 4, true, true, "text", true},
		{-3, 1, true, true, "", false},
		{0, 0, false, false, "hi", true}, // 1.5 is not an integer, 'x' not a number; a blob reads as text
	}, cs)
}

func TestQueryLimits(t *testing.T) {
	path := sqlitetest.Create(t, "p.rqda", script)
	db, err := sqlitedb.Open(path)
	require.NoError(t, err)
	defer db.Close()

	err = db.Query(sqlitedb.Query{Table: "source", Columns: []string{"id"}, Tail: "ORDER BY id", MaxRows: 2}, func(*sqlitedb.Row) error { return nil })
	var qe *sqlitedb.QueryError
	require.ErrorAs(t, err, &qe)
	assert.ErrorIs(t, err, sqlitedb.ErrLimit)
	assert.Equal(t, "source", qe.Table)
	assert.Equal(t, int64(2), qe.Row, "the last row read")
	assert.Contains(t, err.Error(), "table source, row 2: limit exceeded: more than 2 rows")

	var sizes []int64
	var over []bool
	err = db.Query(sqlitedb.Query{Table: "source", Columns: []string{"file"}, MaxValueBytes: 7}, func(r *sqlitedb.Row) error {
		_, ok := r.Text("file")
		assert.Equal(t, !r.Oversize("file"), ok)
		sizes = append(sizes, r.Size("file"))
		over = append(over, r.Oversize("file"))
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []int64{8, 8, 1}, sizes)
	assert.Equal(t, []bool{true, true, false}, over)

	stop := errors.New("stop")
	assert.Same(t, stop, db.Query(sqlitedb.Query{Table: "source", Columns: []string{"id"}}, func(*sqlitedb.Row) error { return stop }))
	assert.ErrorIs(t, db.Query(sqlitedb.Query{Table: "nope"}, func(*sqlitedb.Row) error { return nil }), sqlitedb.ErrCorrupt)
}

func TestOpenLeavesFileAlone(t *testing.T) {
	path := sqlitetest.Create(t, "p.rqda", script)
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	st, err := os.Stat(path)
	require.NoError(t, err)
	require.NoError(t, os.Chmod(path, 0o444))

	db, err := sqlitedb.Open(path)
	require.NoError(t, err)
	require.NoError(t, db.Query(sqlitedb.Query{Table: "coding", Columns: []string{"seltext"}}, func(*sqlitedb.Row) error { return nil }))
	require.NoError(t, db.Close())

	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	st2, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, st.ModTime(), st2.ModTime())
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	require.Len(t, entries, 1, "no journal, WAL or shm file beside the database")
}

func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a?b#c%20d")
	require.NoError(t, os.Mkdir(dir, 0o755))
	path := filepath.Join(dir, "my project.rqda")
	sqlitetest.CreateAt(t, path, script)
	db, err := sqlitedb.Open(path)
	require.NoError(t, err)
	defer db.Close()
	assert.Equal(t, []string{"coding", "source"}, db.Tables())
}

func TestOpenBadInput(t *testing.T) {
	good, err := os.ReadFile(sqlitetest.Create(t, "p.rqda", script))
	require.NoError(t, err)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o644))
		return p
	}
	garbled := append([]byte(nil), good...)
	for i := 100; i < len(garbled); i++ {
		garbled[i] ^= 0x5a
	}
	for _, tc := range []struct {
		name string
		path string
		want error
	}{
		{"empty", write("empty.rqda", nil), sqlitedb.ErrNotSQLite},
		{"text", write("notes.txt", []byte("hello, this is not a database at all")), sqlitedb.ErrNotSQLite},
		{"header only", write("header.rqda", []byte(sqlitedb.Header)), sqlitedb.ErrCorrupt},
		{"truncated", write("half.rqda", good[:len(good)/2]), sqlitedb.ErrCorrupt},
		{"garbled", write("garbled.rqda", garbled), sqlitedb.ErrCorrupt},
		{"folder", dir, sqlitedb.ErrNotSQLite},
		{"missing", filepath.Join(dir, "none.rqda"), os.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := sqlitedb.Open(tc.path)
			if err == nil {
				// Some damage shows only when the damaged pages are read.
				err = db.Query(sqlitedb.Query{Table: "coding", Columns: []string{"cid", "seltext"}}, func(*sqlitedb.Row) error { return nil })
				db.Close()
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
		})
	}
	if runtime.GOOS != "windows" {
		fifo := filepath.Join(dir, "pipe.rqda")
		require.NoError(t, syscall.Mkfifo(fifo, 0o644))
		_, err := sqlitedb.Open(fifo)
		assert.ErrorIs(t, err, sqlitedb.ErrNotSQLite)
		assert.True(t, strings.Contains(err.Error(), "named pipe"), err.Error())
	}
}

func TestQueryContextEnds(t *testing.T) {
	path := sqlitetest.Create(t, "p.rqda", script)
	ctx, cancel := context.WithCancel(context.Background())
	db, err := sqlitedb.OpenContext(ctx, path)
	require.NoError(t, err)
	defer db.Close()
	cancel()
	err = db.Query(sqlitedb.Query{Table: "source", Columns: []string{"id"}}, func(*sqlitedb.Row) error { return nil })
	assert.ErrorIs(t, err, context.Canceled)
}

func TestMessage(t *testing.T) {
	tests := []struct {
		file, table string
		row         int64
		err         error
		want        string
	}{
		{"p.rqda", "coding", 12, errors.New("rqda: limit exceeded"), "rqda: p.rqda: table coding row 12: limit exceeded"},
		{"p.rqda", "coding", 0, errors.New("bad"), "rqda: p.rqda: table coding: bad"},
		{"p.rqda", "", 5, errors.New("bad"), "rqda: p.rqda: bad"},
		{"", "", 0, nil, "rqda: unknown error"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sqlitedb.Message("rqda", tt.file, tt.table, tt.row, tt.err))
	}
}

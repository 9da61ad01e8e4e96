package rqda_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/schematest"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/rqda"
)

// warningCounts counts the warnings of rep by code.
func warningCounts(rep *rqda.Report) map[rqda.WarningCode]int {
	m := map[rqda.WarningCode]int{}
	for _, w := range rep.Warnings {
		m[w.Code]++
	}
	return m
}

// convert writes res as a .qdpx, checks it validates and reads it back.
func convert(t *testing.T, res *rqda.Result) *refi.Document {
	t.Helper()
	var out bytes.Buffer
	_, err := (&refi.Writer{}).Write(&out, res.Document(), refi.FormatQDPX)
	require.NoError(t, err)
	again, err := refi.ReadQDPX(bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	t.Cleanup(func() { again.Close() })
	assert.Empty(t, again.Warnings)
	qde, err := fs.ReadFile(again, "project.qde")
	require.NoError(t, err)
	schematest.RequireValidProject(t, qde)
	assert.Empty(t, refi.Diff(res.Project, again.Project))
	return again
}

// selections returns the text of every selection of the sources of doc
// (coded or not), by source name.
func selections(t *testing.T, doc *refi.Document) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, s := range doc.Project.Sources {
		ts := s.(*refi.TextSource)
		for i := range ts.Selections {
			txt, err := doc.SelectionText(ts, &ts.Selections[i])
			require.NoError(t, err)
			out[ts.Name] = append(out[ts.Name], txt)
		}
	}
	return out
}

func TestReadQuirks(t *testing.T) {
	path := create(t, quirks)
	res, err := (&rqda.Reader{}).ReadFile(path)
	require.NoError(t, err)
	rep := res.Report

	assert.Equal(t, "0.3.0", rep.Version)
	assert.Equal(t, map[string]int{"project": 1, "source": 3, "freecode": 4, "codecat": 2, "treecode": 3, "filecat": 1, "treefile": 2,
		"coding": 10, "cases": 2, "caselinkage": 3, "attributes": 5, "caseAttr": 5, "fileAttr": 3, "journal": 2, "annotation": 3,
		"image": 1, "imageCoding": 1}, rep.Rows)
	assert.Equal(t, map[string]int{"source": 1, "freecode": 1, "coding": 1, "cases": 1, "attributes": 1, "journal": 1}, rep.Deleted)
	assert.Equal(t, 1, rep.Unmarked)
	assert.Equal(t, map[string]int{"coding": 2, "caseAttr": 1, "fileAttr": 1}, rep.Cascaded)
	assert.Equal(t, map[string]int{"coding": 1, "fileAttr": 1}, rep.Dangling)

	assert.Equal(t, 2, rep.Sources)
	assert.Equal(t, 3, rep.Codes)
	assert.Equal(t, 2, rep.Categories)
	assert.Equal(t, 1, rep.MultiCategory)
	assert.Equal(t, 5, rep.Codings)
	assert.Equal(t, 4, rep.Exact)
	assert.Equal(t, 1, rep.Tolerant)
	assert.Equal(t, 1, rep.Hinted)
	assert.Equal(t, 1, rep.AtRecorded)
	assert.Equal(t, 4, rep.Shifted)
	assert.Equal(t, 1, rep.Missing)
	assert.Equal(t, 1, rep.Cases)
	assert.Equal(t, 1, rep.CaseSources)
	assert.Equal(t, 1, rep.CasePassages)
	assert.Equal(t, 4, rep.Variables)
	assert.Equal(t, 4, rep.Values)
	assert.Equal(t, 1, rep.EmptyValues)
	assert.Equal(t, 1, rep.Journals)
	assert.Equal(t, 3, rep.Annotations)
	assert.Equal(t, 1, rep.ByteOrderMarks)
	assert.Equal(t, 2, rep.Users)
	require.Len(t, rep.NotPlaced, 2)
	assert.Equal(t, rqda.NotPlaced{Source: "Interview A", Table: "coding", Row: 4, Code: "Fruit", Reason: "seltext not found in the source's text", Text: "not here"}, rep.NotPlaced[0])
	assert.Equal(t, "caselinkage", rep.NotPlaced[1].Table)
	assert.Equal(t, int64(3), rep.NotPlaced[1].Row)
	assert.Equal(t, map[rqda.WarningCode]int{rqda.WarnVersion: 1, rqda.WarnValue: 2, rqda.WarnCategory: 1, rqda.WarnDangling: 2,
		rqda.WarnNotPlaced: 1, rqda.WarnTolerant: 1, rqda.WarnRange: 2, rqda.WarnNotCarried: 1}, warningCounts(rep), "%v", rep.Warnings)
	for _, w := range rep.Warnings {
		assert.Equal(t, path, w.File)
		assert.Contains(t, w.String(), path)
	}

	l := rep.Ledger()
	require.NoError(t, l.Check())
	assert.Equal(t, 1+1+1, l.Row(refi.ItemCodings).Counts[refi.Dropped], "not placed, dangling, the image coding")
	assert.Equal(t, 1+1+1, l.Row(refi.ItemSelections).Counts[refi.Dropped], "the passages of the codings not placed and dangling, the case link outside its source")
	assert.Equal(t, 1, l.Row(refi.ItemSources).Counts[refi.Dropped], "the image")

	p := res.Project
	assert.Equal(t, "The project memo", p.Description)
	assert.Equal(t, 2020, p.Created.Year())
	require.Len(t, p.Codes, 3) // Feelings, Topics, Odd
	assert.Equal(t, "Feelings", p.Codes[0].Name)
	assert.False(t, p.Codes[0].IsCodable)
	require.Len(t, p.Codes[0].Children, 1)
	assert.Equal(t, "Joy", p.Codes[0].Children[0].Name)
	assert.Equal(t, "#458B74", p.Codes[0].Children[0].Color)
	assert.Equal(t, "Fruit", p.Codes[1].Children[0].Name)
	assert.Equal(t, "#FF0000", p.Codes[1].Children[0].Color)
	assert.Equal(t, "Odd", p.Codes[2].Name)
	assert.Empty(t, p.Codes[2].Color)
	require.Len(t, p.Sets, 3) // Interviews; Feelings and Topics as sets of codes
	assert.Equal(t, "Interviews", p.Sets[0].Name)
	assert.Len(t, p.Sets[0].MemberSources, 2)
	assert.Len(t, p.Sets[2].MemberCodes, 2, "Topics holds Joy (also in Feelings) and Fruit")

	types := map[string]refi.VariableType{}
	for _, v := range p.Variables {
		types[v.Name] = v.Type
	}
	assert.Equal(t, map[string]refi.VariableType{"age": refi.VarInteger, "height": refi.VarFloat, "zip": refi.VarText, "job": refi.VarText}, types)
	require.Len(t, p.Cases, 1)
	assert.Len(t, p.Cases[0].Values, 3)
	assert.Len(t, p.Cases[0].SourceRefs, 1)
	assert.Len(t, p.Cases[0].SelectionRefs, 1)
	assert.Len(t, p.Sources[0].Base().Values, 1)
	assert.Len(t, p.Notes, 4)

	again := convert(t, res)
	assert.Equal(t, map[string][]string{
		"Interview A": {"Intro 😀 line.\nHe said: yes. She said: yes.\nEnd.", "yes.", " line.", "He said:", "😀", ""},
		"Interview B": {"Birnen", ""},
	}, selections(t, again), "codings, then the case passage, then the annotations' anchors")
	b := again.Project.Sources[1].(*refi.TextSource)
	txt, err := again.Text(b)
	require.NoError(t, err)
	assert.Equal(t, "Äpfel und Birnen.", txt.String(), "the byte-order mark left out")
	assert.Equal(t, int64(10), b.Selections[0].Start)

	// the same file read twice gives the same project
	res2, err := (&rqda.Reader{}).ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, res.Project, res2.Project)
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.rqda")
	require.NoError(t, os.WriteFile(text, []byte("just text, not a database at all"), 0o644))
	big := create(t, schema+`INSERT INTO source VALUES ('s', 1, 'text', NULL, NULL, NULL, NULL, 1);
		INSERT INTO coding VALUES (1, 1, 'text', 0, 4, 1, NULL, NULL, NULL);
		INSERT INTO coding VALUES (1, 1, 'text', 0, 4, 1, NULL, NULL, NULL);
		INSERT INTO coding VALUES (1, 1, 'text', 0, 4, 1, NULL, NULL, NULL);`)
	long := create(t, schema+`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 3000)
		INSERT INTO coding SELECT 1, 1, hex(randomblob(200)), 0, 4, 1, 'x', NULL, NULL FROM n;`)
	truncated := filepath.Join(dir, "truncated.rqda")
	b, err := os.ReadFile(long)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(truncated, b[:len(b)/2], 0o644))
	garbled := filepath.Join(dir, "garbled.rqda")
	for i := len(b) / 2; i < len(b); i++ {
		b[i] = 0xff
	}
	require.NoError(t, os.WriteFile(garbled, b, 0o644))

	tests := []struct {
		name    string
		path    string
		reader  rqda.Reader
		is      error
		message string
		table   string
	}{
		{"missing file", filepath.Join(dir, "none.rqda"), rqda.Reader{}, fs.ErrNotExist, "none.rqda", ""},
		{"not SQLite", text, rqda.Reader{}, rqda.ErrNotRQDA, "expected an SQLite database with tables source", ""},
		{"a folder", dir, rqda.Reader{}, rqda.ErrNotRQDA, "not an RQDA project", ""},
		{"other SQLite", create(t, "CREATE TABLE document (id integer, contents text);"), rqda.Reader{}, rqda.ErrNotRQDA,
			"missing table source, table freecode, table coding", ""},
		{"no seltext", create(t, withoutTables("coding")+"CREATE TABLE coding (cid integer, fid integer, selfirst real, selend real, status integer);"),
			rqda.Reader{}, rqda.ErrNotRQDA, "missing coding.seltext", ""},
		{"truncated", truncated, rqda.Reader{}, rqda.ErrCorrupt, "truncated.rqda: table sqlite_master: unreadable database", "sqlite_master"},
		{"garbled pages", garbled, rqda.Reader{}, rqda.ErrCorrupt, "garbled.rqda: table coding", "coding"},
		{"too many rows", big, rqda.Reader{MaxRows: 2}, rqda.ErrLimit, "table coding", "coding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.reader.ReadFile(tt.path)
			require.Error(t, err)
			assert.Nil(t, res)
			assert.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.message)
			assert.Contains(t, err.Error(), "rqda: ")
			var e *rqda.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.path, e.File)
			assert.Equal(t, tt.table, e.Table)
		})
	}
}

func TestReadLimitsAndOddValues(t *testing.T) {
	path := create(t, schema+`
		INSERT INTO project VALUES ('0.2.2', 'not a date', NULL, NULL, NULL, NULL);
		INSERT INTO source VALUES ('big', 1, 'a long text that is over the limit', NULL, NULL, NULL, NULL, 1);
		INSERT INTO source VALUES ('small', 2, 'short', NULL, NULL, NULL, NULL, 1);
		INSERT INTO source VALUES ('bad', 3, CAST(x'41ff42' AS TEXT), NULL, NULL, NULL, NULL, 1);
		INSERT INTO freecode VALUES ('c', NULL, NULL, NULL, NULL, 1, 1, NULL);
		INSERT INTO coding VALUES (1, 1, 'long', 2, 6, 1, NULL, NULL, NULL);
		INSERT INTO coding VALUES (1, 2, 'short', 'x', 'y', 1, NULL, NULL, NULL);
		INSERT INTO coding VALUES (1, 2, 'or', NULL, NULL, 1, NULL, NULL, NULL);
		INSERT INTO coding VALUES ('one', 2, 'or', 1, 3, 1, NULL, NULL, NULL);
		INSERT INTO coding VALUES (1, 3, CAST(x'41ff' AS TEXT), 0, 2, 1, NULL, NULL, NULL);
		INSERT INTO coding2 VALUES (1, 2, 'hor', 1, 4, 1, 'second', NULL, NULL);`)
	res, err := (&rqda.Reader{MaxValueBytes: 20}).ReadFile(path)
	require.NoError(t, err)
	rep := res.Report
	assert.Equal(t, map[string]int{"source": 1}, rep.OverLimit)
	assert.Equal(t, 2, rep.Sources)
	assert.Equal(t, 4, rep.Codings, "short by seltext alone, or, A\uFFFD, hor in coding2")
	assert.Equal(t, map[string]int{"coding": 2}, rep.Dangling, "the coding of the source over the limit; cid 'one'")
	assert.Equal(t, map[rqda.WarningCode]int{rqda.WarnLimit: 1, rqda.WarnValue: 2, rqda.WarnEncoding: 2, rqda.WarnDangling: 2},
		warningCounts(rep), "%v", rep.Warnings)
	again := convert(t, res)
	assert.Equal(t, map[string][]string{"small": {"short", "or", "hor"}, "bad": {"A\uFFFD"}}, selections(t, again))
}

func TestReadEmptyAndOldVersions(t *testing.T) {
	// RQDA 0.1.5 had no project.databaseversion and none of the later
	// tables; only source, freecode and coding are required.
	path := create(t, `
		CREATE TABLE source (name text, id integer, file text, memo text, owner text, date text, dateM text, status integer);
		CREATE TABLE freecode (name text, memo text, owner text, date text, dateM text, id integer, status integer);
		CREATE TABLE coding (cid integer, fid integer, seltext text, selfirst real, selend real, status integer, owner text, date text, memo text);
		INSERT INTO source VALUES ('s', 1, 'some text', NULL, 'me', NULL, NULL, 1);
		INSERT INTO freecode VALUES ('c', NULL, NULL, NULL, NULL, 1, 1);
		INSERT INTO coding VALUES (1, 1, 'text', 5, 9, 1, 'me', NULL, NULL);`)
	res, err := (&rqda.Reader{}).ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Report.Codings)
	assert.Equal(t, map[rqda.WarningCode]int{rqda.WarnVersion: 1}, warningCounts(res.Report))
	convert(t, res)
}

func TestErrorMessages(t *testing.T) {
	e := &rqda.Error{File: "p.rqda", Table: "coding", Row: 12, Err: rqda.ErrCorrupt}
	assert.Equal(t, "rqda: p.rqda: table coding row 12: unreadable database (corrupt or truncated)", e.Error())
	assert.True(t, errors.Is(e, rqda.ErrCorrupt))
	w := rqda.Warning{Code: rqda.WarnNotPlaced, File: "p.rqda", Table: "coding", Row: 3, Message: "seltext not found"}
	assert.Equal(t, "[not-placed] p.rqda: table coding row 3: seltext not found", w.String())
}

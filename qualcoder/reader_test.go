package qualcoder_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadFull(t *testing.T) {
	dir := project(t, "study", fullV17, map[string]string{"images/photo.png": "PNG", "documents/Paper.pdf": "%PDF-1.4"})
	res, err := (&qualcoder.Reader{}).ReadFile(dir)
	require.NoError(t, err)
	p, rep := res.Project, res.Report

	assert.Equal(t, "study", p.Name)
	assert.Equal(t, "QualCoder 4.0", p.Origin)
	assert.Equal(t, "Project memo", p.Description)
	assert.Equal(t, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), p.Created)
	assert.Equal(t, "v17", rep.Version)
	assert.Equal(t, 17, rep.VersionNumber)

	// sources of every kind; the folder's files carried, the linked one named
	assert.Equal(t, 6, rep.Sources)
	assert.Equal(t, []int{1, 1, 2, 1, 1}, []int{rep.TextSources, rep.PDFSources, rep.PictureSources, rep.AudioSources, rep.VideoSources})
	assert.Equal(t, 2, rep.MediaFiles)
	assert.Equal(t, 1, rep.MissingFiles)
	assert.Equal(t, 1, rep.LinkedFiles)
	assert.Equal(t, "absolute:///home/ann/talk.mp3", p.Sources[2].(*refi.AudioSource).Path)

	// the tree: Themes* > {Greeting > Smile, Sub* > Lines}, Loose
	assert.Equal(t, []string{"Loose", "Themes*", "Themes*\x1fGreeting", "Themes*\x1fGreeting\x1fSmile", "Themes*\x1fSub*", "Themes*\x1fSub*\x1fLines"}, tree(p.Codes))
	assert.Equal(t, 4, rep.Codes)
	assert.Equal(t, 2, rep.Categories)

	// codings: 1 at its positions, 2 moved, 3 not placed; image, PDF area, audio
	assert.Equal(t, 4, rep.TextCodings)
	assert.Equal(t, 2, rep.AtPosition)
	assert.Equal(t, 2, rep.Moved)
	assert.Equal(t, 2, rep.ImageCodings)
	assert.Equal(t, 2, rep.AVCodings)
	assert.Equal(t, 8, rep.Codings)
	var reasons []string
	for _, np := range rep.NotPlaced {
		reasons = append(reasons, np.Table+":"+np.Reason)
	}
	assert.Equal(t, []string{
		"code_text:the passage is not at 0-9 and not found in the text",
		"code_text:code id 99 does not exist",
		"code_text:source id 42 does not exist",
		"code_av:an audio/video coding of a text source",
		"annotation:positions 60-70 are not a range of the text (37 characters)",
	}, reasons)
	ts := p.Sources[0].(*refi.TextSource)
	assert.Equal(t, [2]int64{15, 29}, [2]int64{ts.Selections[1].Start, ts.Selections[1].End}, "Second 👍🏽 line, in code points")
	assert.Equal(t, [2]int64{31, 37}, [2]int64{ts.Selections[2].Start, ts.Selections[2].End})

	// cases: a whole text, a whole PDF, a passage
	require.Len(t, p.Cases, 1)
	assert.Len(t, p.Cases[0].SourceRefs, 2)
	assert.Len(t, p.Cases[0].SelectionRefs, 1)
	assert.Equal(t, 1, rep.CaseLinksLost)
	assert.Equal(t, []refi.VariableValue{{Variable: p.Variables[0].GUID, Type: refi.VarFloat, Value: "42"}}, p.Cases[0].Values)
	assert.Equal(t, refi.VarText, p.Variables[1].Type)
	assert.Equal(t, 3, rep.Values)
	assert.Equal(t, 1, rep.ValuesLost)

	// notes, users
	assert.Equal(t, 1, rep.Journals)
	assert.Equal(t, 1, rep.Annotations)
	assert.Equal(t, 2, rep.Users)
	assert.Contains(t, strings.Join(rep.NotCarried, "\n"), "1 graphs")
	assert.Contains(t, strings.Join(rep.NotCarried, "\n"), "1 codings marked important")

	assert.Equal(t, []qualcoder.WarningCode{qualcoder.WarnLinkedFile, qualcoder.WarnMissingFile, qualcoder.WarnUnsafePath, qualcoder.WarnBadValue,
		qualcoder.WarnMoved, qualcoder.WarnNotPlaced, qualcoder.WarnMissingRef}, warningCodes(rep.Warnings), joined(rep.Warnings))

	l := rep.Ledger()
	require.NoError(t, l.Check())
	assert.Equal(t, 4, l.Row(refi.ItemCodings).Counts[refi.Dropped])
	assert.Equal(t, 1, l.Row(refi.ItemNotes).Counts[refi.Dropped])
	assert.Equal(t, 5, l.Row(refi.ItemSelections).Counts[refi.Dropped], "4 codings and an annotation")
	assert.Equal(t, 1, l.Row(refi.ItemVariableValues).Counts[refi.Dropped])
	assert.Equal(t, 1, l.Row(refi.ItemGraphs).Counts[refi.Dropped])

	// the project writes as a valid .qdpx, every passage as stored
	doc := convert(t, res)
	texts := map[string]bool{}
	for _, ps := range passages(t, doc) {
		texts[ps.Text] = true
	}
	assert.Equal(t, map[string]bool{"Hello 🙂": true, "Second 👍🏽 line": true, "Third.": true, "one": true}, texts)
	for _, s := range doc.Project.Sources {
		if ps, ok := s.(*refi.PictureSource); ok && ps.Name == "Photo" {
			rc, err := doc.OpenSource(ps.Path)
			require.NoError(t, err)
			b, err := io.ReadAll(rc)
			require.NoError(t, err)
			require.NoError(t, rc.Close())
			assert.Equal(t, "PNG", string(b), "the picture is carried")
		}
	}
	again, err := (&qualcoder.Reader{}).ReadFile(filepath.Join(dir, "data.qda"))
	require.NoError(t, err)
	assert.Empty(t, refi.Diff(p, again.Project), "reading twice gives the same project")
}

func TestReadVersions(t *testing.T) {
	old := schemaV1 + `
INSERT INTO project VALUES ('v1', '2019-05-06_07:08:09', '', 'QualCoder 1.0');
INSERT INTO source VALUES (1, 'a', 'Alpha beta gamma', NULL, NULL, 'me', '2019-05-06 07:08:09');
INSERT INTO code_name VALUES (1, 'c', NULL, NULL, 'me', '2019-05-06 07:08:09', '#123456');
INSERT INTO code_text VALUES (1, 1, 'beta', 6, 10, 'me', '2019-05-06 07:08:09', NULL);
INSERT INTO code_text VALUES (1, 1, NULL, 0, 5, 'you', '2019-05-06 07:08:09', NULL);
`
	newer := strings.Replace(old, "'v1'", "'v23'", 1)
	tests := []struct {
		name     string
		script   string
		warnings []qualcoder.WarningCode
	}{
		{"v1", old, nil},
		{"newer", newer, []qualcoder.WarningCode{qualcoder.WarnVersion}},
		{"no version", strings.Replace(old, "'v1'", "'?'", 1), []qualcoder.WarningCode{qualcoder.WarnVersion}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := (&qualcoder.Reader{}).ReadFile(sqlitetest.Create(t, "data.qda", tt.script))
			require.NoError(t, err)
			assert.Equal(t, tt.warnings, warningCodes(res.Report.Warnings), joined(res.Report.Warnings))
			assert.Equal(t, 2, res.Report.Codings)
			assert.Equal(t, 1, res.Report.AtPosition)
			assert.Equal(t, 1, res.Report.Unchecked, "no seltext: positions taken as stored")
			assert.Equal(t, time.Date(2019, 5, 6, 7, 8, 9, 0, time.UTC), res.Project.Created)
			convert(t, res)
		})
	}
}

func TestReadLocation(t *testing.T) {
	zone := time.FixedZone("UTC+2", 2*3600)
	res, err := (&qualcoder.Reader{Location: zone}).ReadFile(sqlitetest.Create(t, "data.qda", schemaV1+
		`INSERT INTO project VALUES ('v1', '2019-05-06 07:08:09', '', '');`))
	require.NoError(t, err)
	assert.Equal(t, time.Date(2019, 5, 6, 5, 8, 9, 0, time.UTC), res.Project.Created)
	assert.Equal(t, "QualCoder", res.Project.Origin)
}

func TestReadErrors(t *testing.T) {
	tmp := t.TempDir()
	notDB := filepath.Join(tmp, "notes.txt")
	require.NoError(t, os.WriteFile(notDB, []byte("just some text, not a database at all"), 0o644))
	empty := filepath.Join(tmp, "empty.qda")
	require.NoError(t, os.Mkdir(empty, 0o755))
	truncated := filepath.Join(tmp, "truncated.qda")
	full := project(t, "big", fullV17+strings.Repeat("INSERT INTO journal (name, jentry) VALUES (hex(randomblob(8)), hex(zeroblob(3000)));\n", 40), nil)
	b, err := os.ReadFile(filepath.Join(full, "data.qda"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(truncated, b[:len(b)*2/3], 0o644))

	// a database whose last pages (rows of code_text) are overwritten
	rows := project(t, "rows", schemaV17+`INSERT INTO project VALUES ('v17', '', '', '', 0, 0, '', '', NULL, NULL, NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 3000)
INSERT INTO code_text (cid, fid, seltext, pos0, pos1) SELECT 1, 1, hex(randomblob(20)), i, i+1 FROM n;`, nil)
	b, err = os.ReadFile(filepath.Join(rows, "data.qda"))
	require.NoError(t, err)
	for i := len(b) - 3*4096; i < len(b)-4096; i++ {
		b[i] = 0xA5
	}
	brokenRows := filepath.Join(tmp, "rows.qda")
	require.NoError(t, os.WriteFile(brokenRows, b, 0o644))

	tests := []struct {
		name   string
		path   string
		reader qualcoder.Reader
		is     error
		msg    string
	}{
		{"not sqlite", notDB, qualcoder.Reader{}, qualcoder.ErrNotQualCoder, "notes.txt"},
		{"other sqlite", sqlitetest.Create(t, "other.db", "CREATE TABLE project (name text); CREATE TABLE tags (id integer);"), qualcoder.Reader{},
			qualcoder.ErrNotQualCoder, "missing source, code_name, code_text"},
		{"other columns", sqlitetest.Create(t, "o.db", "CREATE TABLE project (a); CREATE TABLE source (a); CREATE TABLE code_name (a); CREATE TABLE code_text (a);"),
			qualcoder.Reader{}, qualcoder.ErrNotQualCoder, "columns"},
		{"folder without data.qda", empty, qualcoder.Reader{}, qualcoder.ErrNoDatabase, "empty.qda"},
		{"missing", filepath.Join(tmp, "nope.qda"), qualcoder.Reader{}, os.ErrNotExist, "nope.qda"},
		{"truncated", truncated, qualcoder.Reader{}, qualcoder.ErrCorrupt, "truncated.qda"},
		{"broken rows", brokenRows, qualcoder.Reader{}, qualcoder.ErrCorrupt, "table code_text row "},
		{"too many rows", full, qualcoder.Reader{MaxRows: 3}, qualcoder.ErrLimit, "table source"},
		{"too much text", full, qualcoder.Reader{MaxTextBytes: 50}, qualcoder.ErrLimit, "MaxTextBytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.reader.ReadFile(tt.path)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.msg)
			assert.True(t, strings.HasPrefix(err.Error(), "qualcoder: "), err.Error())
			var e *qualcoder.Error
			assert.True(t, errors.As(err, &e))
		})
	}
}

func TestReadHostile(t *testing.T) {
	tests := []struct {
		name     string
		script   string
		reader   qualcoder.Reader
		warnings []qualcoder.WarningCode
		check    func(t *testing.T, res *qualcoder.Result)
	}{
		{"category cycle", schemaV17 + `
INSERT INTO project VALUES ('v17', '', '', '', 0, 0, '', '', NULL, NULL, NULL);
INSERT INTO code_cat VALUES (1, 'A', '', '', '', 2), (2, 'B', '', '', '', 1), (3, 'C', '', '', '', 9);
INSERT INTO code_name VALUES (1, 'x', '', NULL, '', '', '', 2), (2, 'y', '', NULL, '', '', '', 1), (3, 'z', '', NULL, '', '', '', 3);`,
			qualcoder.Reader{}, []qualcoder.WarningCode{qualcoder.WarnMissingRef, qualcoder.WarnTree},
			func(t *testing.T, res *qualcoder.Result) {
				assert.Len(t, tree(res.Project.Codes), 6, "every code and category kept")
			}},
		{"oversize values", schemaV17 + `
INSERT INTO project VALUES ('v17', '', '', '', 0, 0, '', '', NULL, NULL, NULL);
INSERT INTO source VALUES (1, 'big', '` + strings.Repeat("word ", 100) + `', NULL, '', '', '', NULL, NULL);
INSERT INTO code_name VALUES (1, 'c', '', NULL, '', '', '', NULL);
INSERT INTO code_text VALUES (1, 1, 1, 'word', 0, 4, '', '', '', NULL, NULL);`,
			qualcoder.Reader{MaxValueBytes: 100}, []qualcoder.WarningCode{qualcoder.WarnOversize, qualcoder.WarnNotPlaced},
			func(t *testing.T, res *qualcoder.Result) {
				assert.Equal(t, "code_text", res.Report.NotPlaced[0].Table)
				assert.Equal(t, int64(1), res.Report.NotPlaced[0].Row)
			}},
		{"bad values", schemaV17 + `
INSERT INTO project VALUES ('v17', 'yesterday', '', '', 0, 0, '', '', NULL, NULL, NULL);
INSERT INTO source VALUES (1, 'a', 'abc', '/somewhere/a.txt', '', '', '', NULL, NULL);
INSERT INTO code_name VALUES (1, 'c', '', NULL, '', '', 'not a colour', NULL);
INSERT INTO code_image VALUES (1, 1, 'x', 0, 1, 1, 1, '', '', '', 0, NULL);
INSERT INTO code_av VALUES (1, 1, 500, 100, 1, '', '', '', 0);`,
			qualcoder.Reader{}, []qualcoder.WarningCode{qualcoder.WarnBadValue, qualcoder.WarnMediaKind, qualcoder.WarnNotPlaced},
			func(t *testing.T, res *qualcoder.Result) {
				assert.Len(t, res.Report.NotPlaced, 2)
			}},
		{"warnings bounded", schemaV17 + `
INSERT INTO project VALUES ('v17', '', '', '', 0, 0, '', '', NULL, NULL, NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 50)
INSERT INTO code_text (cid, fid, seltext, pos0, pos1) SELECT 1, 1, 'x', i, i+1 FROM n;`,
			qualcoder.Reader{MaxWarnings: 10}, []qualcoder.WarningCode{qualcoder.WarnNotPlaced},
			func(t *testing.T, res *qualcoder.Result) {
				assert.Len(t, res.Report.Warnings, 10)
				assert.Equal(t, 40, res.Report.WarningsOmitted)
				assert.Len(t, res.Report.NotPlaced, 50)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.reader.ReadFile(sqlitetest.Create(t, "data.qda", tt.script))
			require.NoError(t, err)
			assert.Equal(t, tt.warnings, warningCodes(res.Report.Warnings), joined(res.Report.Warnings))
			tt.check(t, res)
			convert(t, res)
		})
	}
}

// TestReadByteOrderMarks: QualCoder keeps the byte-order marks of the
// files it imported at the start of fulltext (rcurty's texts begin with
// two). The positions count them; the passages must survive the .qdpx.
func TestReadByteOrderMarks(t *testing.T) {
	for _, marks := range []string{"\ufeff", "\ufeff\ufeff"} {
		script := schemaV1 + `
INSERT INTO project VALUES ('v8', '', '', '');
INSERT INTO source VALUES (1, 'a', '` + marks + `Hello world', NULL, NULL, 'me', '');
INSERT INTO code_name VALUES (1, 'c', NULL, NULL, 'me', '', '#123456');
INSERT INTO code_text VALUES (1, 1, '` + marks + `Hello', 0, ` + strconv.Itoa(len([]rune(marks))+5) + `, 'me', '', NULL);
INSERT INTO code_text VALUES (1, 1, 'world', ` + strconv.Itoa(len([]rune(marks))+6) + `, ` + strconv.Itoa(len([]rune(marks))+11) + `, 'me', '', NULL);`
		res, err := (&qualcoder.Reader{}).ReadFile(sqlitetest.Create(t, "data.qda", script))
		require.NoError(t, err)
		assert.Equal(t, 2, res.Report.AtPosition)
		doc := convert(t, res)
		assert.Equal(t, []passage{{"a", "c", "world"}, {"a", "c", marks + "Hello"}}, passages(t, doc))
	}
}

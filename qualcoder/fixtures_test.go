package qualcoder_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
	"github.com/qdabridge/qdabridge/internal/synth/toolgen"
	"github.com/stretchr/testify/require"
)

// schemaV17 is the layout QualCoder 4.0 creates (database version v17),
// the tables this package reads and a graph table.
const schemaV17 = toolgen.QualCoderTablesV17

// schemaV1 is the oldest layout: code_text without ctid, avid and
// important; no av_text_id, risid, supercid, coder_names.
const schemaV1 = `
CREATE TABLE project (databaseversion text, date text, memo text, about text);
CREATE TABLE source (id integer primary key, name text, fulltext text, mediapath text, memo text, owner text, date text, unique(name));
CREATE TABLE code_cat (catid integer primary key, name text, owner text, date text, memo text, supercatid integer, unique(name));
CREATE TABLE code_name (cid integer primary key, name text, memo text, catid integer, owner text, date text, color text, unique(name));
CREATE TABLE code_text (cid integer, fid integer, seltext text, pos0 integer, pos1 integer, owner text, date text, memo text, unique(cid,fid,pos0,pos1,owner));
CREATE TABLE cases (caseid integer primary key, name text, memo text, owner text, date text, constraint ucm unique(name));
CREATE TABLE case_text (id integer primary key, caseid integer, fid integer, pos0 integer, pos1 integer, owner text, date text, memo text);
`

// text1 has emoji outside the Basic Multilingual Plane, so that code
// points and UTF-16 units differ: "Hello 🙂 world. Second 👍🏽 line.\nThird."
const text1 = "Hello 🙂 world. Second 👍🏽 line.\nThird."

// fullV17 is a project of every kind of row, with the quirks a reader must
// handle: a passage off its positions, one not in the text, references to
// a missing code and source, a numeric attribute with a non-number.
const fullV17 = schemaV17 + `
INSERT INTO project VALUES ('v17', '2026-01-02 03:04:05', 'Project memo', 'QualCoder 4.0', 0, 0, 'ann', '', NULL, NULL, NULL);
INSERT INTO coder_names VALUES ('ann', 1), ('bob', 0);
INSERT INTO source VALUES (1, 'Interview 1', '` + text1 + `', NULL, 'memo 1', 'ann', '2026-01-02 10:00:00', NULL, NULL);
INSERT INTO source VALUES (2, 'Photo', '', '/images/photo.png', '', 'bob', '2026-01-02 10:00:00', NULL, NULL);
INSERT INTO source VALUES (3, 'Talk', '', 'audio:/home/ann/talk.mp3', '', 'ann', '2026-01-02 10:00:00', NULL, NULL);
INSERT INTO source VALUES (4, 'Clip', '', '/video/clip.mp4', '', 'ann', '2026-01-02 10:00:00', NULL, NULL);
INSERT INTO source VALUES (5, 'Paper.pdf', 'Page one text.', '/docs/Paper.pdf', '', 'ann', '2026-01-02 10:00:00', NULL, NULL);
INSERT INTO source VALUES (6, 'Escape', 'x', '/images/../../etc/passwd', '', 'ann', '2026-01-02 10:00:00', NULL, NULL);
INSERT INTO code_cat VALUES (1, 'Themes', 'ann', '2026-01-02 10:00:00', 'cat memo', NULL);
INSERT INTO code_cat VALUES (2, 'Sub', 'ann', '2026-01-02 10:00:00', '', 1);
INSERT INTO code_name VALUES (1, 'Greeting', 'code memo', 1, 'ann', '2026-01-02 10:00:00', '#FF0000', NULL);
INSERT INTO code_name VALUES (2, 'Smile', '', NULL, 'ann', '2026-01-02 10:00:00', '#00ff00', 1);
INSERT INTO code_name VALUES (3, 'Lines', '', 2, 'ann', '2026-01-02 10:00:00', 'red', NULL);
INSERT INTO code_name VALUES (4, 'Loose', '', NULL, 'ann', '2026-01-02 10:00:00', '#0000FF', NULL);
INSERT INTO code_text VALUES (1, 1, 1, 'Hello 🙂', 0, 7, 'ann', '2026-01-03 10:00:00', 'why', NULL, 1);
INSERT INTO code_text VALUES (2, 2, 1, 'Second 👍🏽 line', 12, 26, 'bob', '2026-01-03 10:00:00', '', NULL, NULL);
INSERT INTO code_text VALUES (3, 3, 1, 'Third.', 0, 6, 'bob', '2026-01-03 10:00:00', '', NULL, NULL);
INSERT INTO code_text VALUES (4, 3, 1, 'Not there', 0, 9, 'bob', '2026-01-03 10:00:00', '', NULL, NULL);
INSERT INTO code_text VALUES (5, 99, 1, 'Hello', 0, 5, 'bob', '2026-01-03 10:00:00', '', NULL, NULL);
INSERT INTO code_text VALUES (6, 1, 42, 'Hello', 0, 5, 'bob', '2026-01-03 10:00:00', '', NULL, NULL);
INSERT INTO code_text VALUES (7, 4, 5, 'one', 5, 8, 'ann', '2026-01-03 10:00:00', '', NULL, NULL);
INSERT INTO code_image VALUES (1, 2, 10, 20, 30, 40, 4, 'area', '2026-01-03 10:00:00', 'bob', 0, NULL);
INSERT INTO code_image VALUES (2, 5, 1.4, 2, 3, 4, 4, '', '2026-01-03 10:00:00', 'bob', 0, 0);
INSERT INTO code_av VALUES (1, 3, 1000, 2500, 4, '', '2026-01-03 10:00:00', 'ann', 0);
INSERT INTO code_av VALUES (2, 4, 0, 500, 4, '', '2026-01-03 10:00:00', 'ann', 0);
INSERT INTO code_av VALUES (3, 1, 0, 500, 4, '', '2026-01-03 10:00:00', 'ann', 0);
INSERT INTO cases VALUES (1, 'P01', 'case memo', 'ann', '2026-01-02 10:00:00');
INSERT INTO case_text VALUES (1, 1, 1, 0, 0, 'ann', '2026-01-02 10:00:00', '');
INSERT INTO case_text VALUES (2, 1, 5, 0, 14, 'ann', '2026-01-02 10:00:00', '');
INSERT INTO case_text VALUES (3, 1, 1, 8, 13, 'ann', '2026-01-02 10:00:00', '');
INSERT INTO case_text VALUES (4, 7, 1, 0, 0, 'ann', '2026-01-02 10:00:00', '');
INSERT INTO attribute_type VALUES ('Age', '2026-01-02 10:00:00', 'ann', '', 'case', 'numeric');
INSERT INTO attribute_type VALUES ('Place', '2026-01-02 10:00:00', 'ann', 'where', 'file', 'character');
INSERT INTO attribute VALUES (1, 'Age', 'case', '42', 1, '2026-01-02 10:00:00', 'ann');
INSERT INTO attribute VALUES (2, 'Place', 'file', 'Leeds', 1, '2026-01-02 10:00:00', 'ann');
INSERT INTO attribute VALUES (3, 'Age', 'case', 'old', 2, '2026-01-02 10:00:00', 'ann');
INSERT INTO attribute VALUES (4, 'Place', 'file', '', 2, '2026-01-02 10:00:00', 'ann');
INSERT INTO journal VALUES (1, 'Diary', 'Day one.', '2026-01-02 10:00:00', 'ann');
INSERT INTO annotation VALUES (1, 1, 6, 7, 'a smile', 'ann', '2026-01-02 10:00:00');
INSERT INTO annotation VALUES (2, 1, 60, 70, 'past the end', 'ann', '2026-01-02 10:00:00');
INSERT INTO graph VALUES (1, 'Map', '', '2026-01-02 10:00:00', 100, 100);
`

// project makes a project folder name.qda holding data.qda made by
// script, and the files given (path → content); it returns the folder.
func project(t testing.TB, name, script string, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name+".qda")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	sqlitetest.CreateAt(t, filepath.Join(dir, "data.qda"), script)
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
	}
	return dir
}

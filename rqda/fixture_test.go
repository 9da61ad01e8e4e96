package rqda_test

import (
	"strings"
	"testing"

	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
	"github.com/qdabridge/qdabridge/internal/synth/toolgen"
)

// schema is the DDL of RQDA's 18 tables, as the newer RQDA writes it.
const schema = toolgen.RQDATables

// quirks is a project with what the real files show and what hostile
// ones could: positions off by one and negative, a text with an emoji
// (code points) and one with a byte-order mark, deleted and unmarked
// rows, references to rows that are not there, a passage not in its
// source, a case link outside its source, typed attributes, a code in two
// categories, an R colour name, an unknown database version, images.
//
// Source 1 is "Intro 😀 line.\nHe said: yes. She said: yes.\nEnd." (47
// code points; "line." at 8, "yes." at 23 and 38, the emoji at 6).
const quirks = schema + `
INSERT INTO project VALUES ('0.3.0', 'Sun Jul 12 20:00:21 2020', NULL, 'The project memo', 'Database created by RQDA', NULL);
INSERT INTO source VALUES ('Interview A', 1, 'Intro 😀 line.
He said: yes. She said: yes.
End.', 'memo A', 'anna', 'Sun Jul 12 20:01:27 2020', NULL, 1);
INSERT INTO source VALUES ('Interview B', 2, char(65279) || 'Äpfel und Birnen.', NULL, 'anna', 'Sat Feb  2 15:30:54 2013', NULL, 1);
INSERT INTO source VALUES ('Deleted', 3, 'gone text', NULL, 'anna', NULL, NULL, 0);
INSERT INTO freecode VALUES ('Joy', 'joy memo', 'anna', 'Sun Jul 12 20:02:02 2020', NULL, 1, 1, 'aquamarine4');
INSERT INTO freecode VALUES ('Gone', NULL, 'anna', NULL, NULL, 2, 0, NULL);
INSERT INTO freecode VALUES ('Fruit', NULL, 'anna', NULL, NULL, 3, 1, '#ff0000');
INSERT INTO freecode VALUES ('Odd', NULL, 'anna', NULL, NULL, 4, 1, 'notacolor');
INSERT INTO codecat VALUES ('Feelings', NULL, 1, 'anna', NULL, NULL, 'cat memo', 1);
INSERT INTO codecat VALUES ('Topics', NULL, 2, 'anna', NULL, NULL, NULL, 1);
INSERT INTO treecode VALUES (1, 1, NULL, NULL, NULL, 1, 'anna');
INSERT INTO treecode VALUES (1, 2, NULL, NULL, NULL, 1, 'anna');
INSERT INTO treecode VALUES (3, 2, NULL, NULL, NULL, 1, 'anna');
INSERT INTO filecat VALUES ('Interviews', NULL, 1, 'anna', NULL, NULL, NULL, 1);
INSERT INTO treefile VALUES (1, 1, NULL, NULL, NULL, 1, 'anna');
INSERT INTO treefile VALUES (2, 1, NULL, NULL, NULL, 1, 'anna');
INSERT INTO coding VALUES (1, 1, 'Intro 😀 line.
He said: yes. She said: yes.
End.', -3, 47, 1, 'anna', 'Sun Jul 12 20:02:19 2020', 'whole');
INSERT INTO coding VALUES (1, 1, 'yes.', 37, 41, 1, 'anna', 'Sun Jul 12 20:02:19 2020', NULL);
INSERT INTO coding VALUES (3, 1, ' line.', 8, 13, 1, 'anna', NULL, NULL);
INSERT INTO coding VALUES (3, 1, 'not here', 0, 8, 1, 'anna', NULL, NULL);
INSERT INTO coding VALUES (3, 1, 'Intro', 0, 5, -1, 'anna', NULL, NULL);
INSERT INTO coding VALUES (2, 1, 'Intro', 0, 5, 1, 'anna', NULL, NULL);
INSERT INTO coding VALUES (99, 1, 'Intro', 0, 5, 1, 'anna', NULL, NULL);
INSERT INTO coding VALUES (4, 1, 'He  said:', 15, 24, 1, 'ben', 'Sun Jul 12 20:02:19 2020', NULL);
INSERT INTO coding VALUES (3, 2, 'Birnen', 11, 17, 1, 'ben', NULL, NULL);
INSERT INTO coding VALUES (3, 3, 'gone', 0, 4, 1, 'ben', NULL, NULL);
INSERT INTO cases VALUES ('Anna', 'case memo', 'anna', NULL, NULL, 1, 1);
INSERT INTO cases VALUES ('Old', NULL, 'anna', NULL, NULL, 2, 0);
INSERT INTO caselinkage VALUES (1, 1, 0, 47, 1, 'anna', NULL, NULL);
INSERT INTO caselinkage VALUES (1, 1, 6, 7, 1, 'anna', NULL, 'the emoji');
INSERT INTO caselinkage VALUES (1, 1, 0, 10000, 1, 'anna', NULL, NULL);
INSERT INTO attributes VALUES ('age', 1, NULL, NULL, 'anna', NULL, 'numeric');
INSERT INTO attributes VALUES ('height', 1, NULL, NULL, 'anna', NULL, 'numeric');
INSERT INTO attributes VALUES ('zip', 1, NULL, NULL, 'anna', NULL, 'numeric');
INSERT INTO attributes VALUES ('job', 1, NULL, NULL, 'anna', 'what they do', 'character');
INSERT INTO attributes VALUES ('old', 0, NULL, NULL, 'anna', NULL, 'character');
INSERT INTO caseAttr VALUES ('age', '34', 1, NULL, NULL, 'anna', 1);
INSERT INTO caseAttr VALUES ('height', '1.75', 1, NULL, NULL, 'anna', 1);
INSERT INTO caseAttr VALUES ('zip', 'abc', 1, NULL, NULL, 'anna', 1);
INSERT INTO caseAttr VALUES ('job', '', 1, NULL, NULL, 'anna', 1);
INSERT INTO caseAttr VALUES ('old', 'x', 1, NULL, NULL, 'anna', 1);
INSERT INTO fileAttr VALUES ('job', 'teacher', 1, NULL, NULL, 'anna', 1);
INSERT INTO fileAttr VALUES ('age', '5', 3, NULL, NULL, 'anna', 1);
INSERT INTO fileAttr VALUES ('nope', '1', 1, NULL, NULL, 'anna', 1);
INSERT INTO journal VALUES ('2020-07-12 20:09:29', 'First Journal', 'Sun Jul 12 20:09:29 2020', NULL, 'anna', 1);
INSERT INTO journal VALUES ('old', 'deleted', NULL, NULL, 'anna', 0);
INSERT INTO annotation VALUES (1, 5, 'an annotation', 'anna', 'Sun Jul 12 20:09:29 2020', NULL, 1);
INSERT INTO annotation VALUES (1, 99999, 'far away', 'anna', NULL, NULL, 1);
INSERT INTO annotation VALUES (2, 1, 'after the BOM', 'anna', NULL, NULL, 1);
INSERT INTO image VALUES ('a.png', 1, NULL, NULL, 'anna', 1);
INSERT INTO imageCoding VALUES (1, 1, 0, 0, 10, 10, NULL, NULL, NULL, 'anna', 1);
`

// create makes a database of script in a temporary folder of t.
func create(t testing.TB, script string) string {
	return sqlitetest.Create(t, "project.rqda", script)
}

// withoutTables is schema without the tables named.
func withoutTables(names ...string) string {
	var keep []string
	for _, stmt := range strings.Split(schema, ";") {
		drop := false
		for _, n := range names {
			if strings.Contains(stmt, "CREATE TABLE "+n+" ") {
				drop = true
			}
		}
		if !drop && strings.TrimSpace(stmt) != "" {
			keep = append(keep, stmt)
		}
	}
	return strings.Join(keep, ";") + ";"
}

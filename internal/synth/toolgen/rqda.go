package toolgen

import (
	"database/sql"
)

// RQDATables is the DDL of RQDA's 18 tables, as the newer RQDA writes
// them; the tests of the rqda package build their fixtures on it too.
const RQDATables = `
CREATE TABLE source (name text, id integer, file text, memo text, owner text, date text, dateM text, status integer);
CREATE TABLE freecode (name text, memo text, owner text, date text, dateM text, id integer, status integer, color text);
CREATE TABLE treecode  (cid integer, catid integer, date text, dateM text, memo text, status integer, owner text);
CREATE TABLE treefile  (fid integer, catid integer, date text, dateM text, memo text, status integer,owner text);
CREATE TABLE filecat  (name text,fid integer, catid integer, owner text, date text, dateM text,memo text, status integer);
CREATE TABLE codecat  (name text, cid integer, catid integer, owner text, date text, dateM text,memo text, status integer);
CREATE TABLE coding  (cid integer, fid integer,seltext text, selfirst real, selend real, status integer, owner text, date text, memo text);
CREATE TABLE coding2  (cid integer, fid integer,seltext text, selfirst real, selend real, status integer, owner text, date text, memo text);
CREATE TABLE project  (databaseversion text, date text, dateM text, memo text,about text, imageDir text);
CREATE TABLE cases  (name text, memo text, owner text, date text,dateM text, id integer, status integer);
CREATE TABLE caselinkage  (caseid integer, fid integer, selfirst real, selend real, status integer, owner text, date text, memo text);
CREATE TABLE attributes (name text, status integer, date text, dateM text, owner text,memo text, class text);
CREATE TABLE caseAttr (variable text, value text, caseID integer, date text, dateM text, owner text, status integer);
CREATE TABLE fileAttr (variable text, value text, fileID integer, date text, dateM text, owner text, status integer);
CREATE TABLE journal (name text, journal text, date text, dateM text, owner text,status integer);
CREATE TABLE annotation (fid integer,position integer, annotation text, owner text, date text, dateM text, status integer);
CREATE TABLE image (name text, id integer, date text, dateM text, owner text,status integer);
CREATE TABLE imageCoding (cid integer,iid integer, x1 integer, y1 integer, x2 integer, y2 integer, memo text, date text, dateM text, owner text,status integer);
`

// rqdaSchema is the DDL of RQDA's 18 tables, as the newer RQDA writes it.
const rqdaSchema = RQDATables + `
INSERT INTO project VALUES ('0.2.2', 'Sun Jul 12 20:00:21 2020', NULL, NULL, NULL, NULL);
`

// rqdaDate is how RQDA writes dates (R's date()).
const rqdaDate = "Mon Jan _2 15:04:05 2006"

// WriteRQDA writes an RQDA project of shape s to path, which must not
// exist: every code in a code category, every coding at its recorded
// positions (code points), one in ten recorded one character early, as
// real files have them.
func WriteRQDA(path string, s Shape) error {
	m, err := newModel(s)
	if err != nil {
		return err
	}
	return createDB(path, rqdaSchema, func(tx *sql.Tx) error {
		date := m.codingsStart().Format(rqdaDate)
		src := prepare(tx, "INSERT INTO source VALUES (?, ?, ?, NULL, ?, ?, NULL, 1)")
		for i, t := range m.texts {
			src.add(sourceName(i), i+1, t, userName(0), date)
		}
		code := prepare(tx, "INSERT INTO freecode VALUES (?, NULL, ?, ?, NULL, ?, 1, NULL)")
		tree := prepare(tx, "INSERT INTO treecode VALUES (?, ?, ?, NULL, NULL, 1, ?)")
		for i := 0; i < s.Codes; i++ {
			code.add(codeName(i), userName(0), date, i+1)
			tree.add(i+1, m.category(i)+1, date, userName(0))
		}
		cat := prepare(tx, "INSERT INTO codecat VALUES (?, NULL, ?, ?, ?, NULL, NULL, 1)")
		for i := 0; i < s.Categories; i++ {
			cat.add(categoryName(i), i+1, userName(0), date)
		}
		cod := prepare(tx, "INSERT INTO coding VALUES (?, ?, ?, ?, ?, 1, ?, ?, NULL)")
		for i, c := range m.codings {
			first := c.start
			if i%10 == 0 && first > 0 {
				first--
			}
			cod.add(c.code+1, c.source+1, c.text, first, first+c.end-c.start, userName(c.user), c.date.Format(rqdaDate))
		}
		return inserts(src, code, tree, cat, cod)
	})
}

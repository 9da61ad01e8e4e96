package toolgen

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
)

// QualCoderTablesV17 is the DDL of the layout QualCoder 4.0 creates
// (database version v17); the tests of the qualcoder package build their
// fixtures on it too.
const QualCoderTablesV17 = `
CREATE TABLE project (databaseversion text, date text, memo text,about text, bookmarkfile integer, bookmarkpos integer, codername text, recently_used_codes text, avbookmarkfile integer, avbookmarkmsec integer, avbookmarktextpos integer);
CREATE TABLE source (id integer primary key, name text, fulltext text, mediapath text, memo text, owner text, date text, av_text_id integer, risid integer, unique(name));
CREATE TABLE code_image (imid integer primary key,id integer,x1 integer, y1 integer, width integer, height integer, cid integer, memo text, date text, owner text, important integer, pdf_page integer);
CREATE TABLE code_av (avid integer primary key,id integer,pos0 integer, pos1 integer, cid integer, memo text, date text, owner text, important integer);
CREATE TABLE annotation (anid integer primary key, fid integer,pos0 integer, pos1 integer, memo text, owner text, date text, unique(fid,pos0,pos1,owner));
CREATE TABLE attribute_type (name text primary key, date text, owner text, memo text, caseOrFile text, valuetype text);
CREATE TABLE attribute (attrid integer primary key, name text, attr_type text, value text, id integer, date text, owner text, unique(name,attr_type,id));
CREATE TABLE case_text (id integer primary key, caseid integer, fid integer, pos0 integer, pos1 integer, owner text, date text, memo text);
CREATE TABLE cases (caseid integer primary key, name text, memo text, owner text,date text, constraint ucm unique(name));
CREATE TABLE code_cat (catid integer primary key, name text, owner text, date text, memo text, supercatid integer, unique(name));
CREATE TABLE code_text (ctid integer primary key, cid integer, fid integer,seltext text, pos0 integer, pos1 integer, owner text, date text, memo text, avid integer, important integer, unique(cid,fid,pos0,pos1, owner));
CREATE TABLE code_name (cid integer primary key, name text, memo text, catid integer, owner text,date text, color text, supercid integer, unique(name));
CREATE TABLE journal (jid integer primary key, name text, jentry text, date text, owner text, unique(name));
CREATE TABLE graph (grid integer primary key, name text, description text, date text, scene_width integer, scene_height integer, unique(name));
CREATE TABLE coder_names (name TEXT UNIQUE NOT NULL, visibility INTEGER NOT NULL DEFAULT 1);
`

// qualcoderSchema is the layout QualCoder 4.0 creates (database version
// v17).
const qualcoderSchema = QualCoderTablesV17 + `
INSERT INTO project VALUES ('v17', '2026-01-02 03:04:05', '', 'QualCoder 4.0', 0, 0, 'coder1', '', NULL, NULL, NULL);
`

// QualCoderDatabase is the database file of a QualCoder project folder.
const QualCoderDatabase = "data.qda"

// WriteQualCoder writes a QualCoder project folder of shape s at dir (a
// name ending in .qda, as QualCoder names them), which must not exist:
// the folder and its database data.qda, every code in a category, every
// coding at its positions (code points).
func WriteQualCoder(dir string, s Shape) error {
	m, err := newModel(s)
	if err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return fmt.Errorf("toolgen: %w", err)
	}
	return createDB(filepath.Join(dir, QualCoderDatabase), qualcoderSchema, func(tx *sql.Tx) error {
		date := m.codingsStart().Format(dateLayout)
		users := prepare(tx, "INSERT INTO coder_names VALUES (?, 1)")
		for i := 0; i < s.Users; i++ {
			users.add(userName(i))
		}
		src := prepare(tx, "INSERT INTO source (id, name, fulltext, mediapath, memo, owner, date) VALUES (?, ?, ?, NULL, '', ?, ?)")
		for i, t := range m.texts {
			src.add(i+1, sourceName(i), t, userName(0), date)
		}
		cat := prepare(tx, "INSERT INTO code_cat (catid, name, owner, date, memo) VALUES (?, ?, ?, ?, '')")
		for i := 0; i < s.Categories; i++ {
			cat.add(i+1, categoryName(i), userName(0), date)
		}
		code := prepare(tx, "INSERT INTO code_name (cid, name, memo, catid, owner, date, color) VALUES (?, ?, '', ?, ?, ?, '#336699')")
		for i := 0; i < s.Codes; i++ {
			code.add(i+1, codeName(i), m.category(i)+1, userName(0), date)
		}
		cod := prepare(tx, "INSERT INTO code_text (cid, fid, seltext, pos0, pos1, owner, date, memo, important) VALUES (?, ?, ?, ?, ?, ?, ?, '', NULL)")
		for _, c := range m.codings {
			cod.add(c.code+1, c.source+1, c.text, c.start, c.end, userName(c.user), c.date.Format(dateLayout))
		}
		return inserts(users, src, cat, code, cod)
	})
}

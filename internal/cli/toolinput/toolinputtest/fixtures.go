// Package toolinputtest makes, for the commands' tests, small project
// databases of the tools internal/cli/toolinput reads.
package toolinputtest

import (
	"testing"

	"github.com/qdabridge/qdabridge/internal/sqlitedb/sqlitetest"
)

// TaguetteScript is a small Taguette project database: one document
// ("Link worker 1"), three codes (activities, and walking and gardening
// under it) and two highlights, one placed ("walking group") and one whose
// snippet is not the text at its offsets (highlight 2).
const TaguetteScript = `
CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT, description TEXT, created DATETIME);
CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, description TEXT, filename TEXT, created DATETIME, project_id INTEGER, text_direction TEXT, contents TEXT);
CREATE TABLE tags (id INTEGER PRIMARY KEY, project_id INTEGER, path TEXT, description TEXT);
CREATE TABLE highlights (id INTEGER PRIMARY KEY, document_id INTEGER, start_offset INTEGER, end_offset INTEGER, snippet TEXT);
CREATE TABLE highlight_tags (highlight_id INTEGER, tag_id INTEGER);
CREATE TABLE alembic_version (version_num TEXT);
INSERT INTO alembic_version VALUES ('09c662cd9483');
INSERT INTO projects VALUES (1, 'Social prescribing', '', '2024-05-01 10:00:00');
INSERT INTO documents VALUES (1, 'Link worker 1', '', 'lw1.docx', '2024-05-01 10:00:00', 1, 'LEFT_TO_RIGHT',
  '<p>I refer people to the walking group.</p><p>Café &amp; garden sessions help.</p>');
INSERT INTO tags VALUES (1, 1, 'activities.walking', ''), (2, 1, 'activities.gardening', '');
INSERT INTO highlights VALUES (1, 1, 22, 35, 'walking group'), (2, 1, 37, 52, 'not this text');
INSERT INTO highlight_tags VALUES (1, 1), (2, 2);
`

// Taguette makes the database of TaguetteScript in a temporary folder of
// tb and returns its path.
func Taguette(tb testing.TB) string {
	tb.Helper()
	return sqlitetest.Create(tb, "project.sqlite3", TaguetteScript)
}

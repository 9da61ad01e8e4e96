package convert

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/taguette"
)

// kindSQLite is an input in SQLite's file format (or a QualCoder project
// folder, which holds one): the project database of RQDA, QualCoder or
// Taguette, told apart by its tables.
const kindSQLite = "sqlite"

// toolReport is what reading another tool's project or export found:
// the tool, what it read, and that reader's own report.
type toolReport struct {
	Tool   string `json:"tool"`   // "RQDA", "QualCoder", "Taguette", ...
	Input  string `json:"input"`  // what was read: "project database", ...
	Report any    `json:"report"` // the reader's report, in its own form
}

// qualcoderDatabase is the database file inside a QualCoder project
// folder (NAME.qda/).
const qualcoderDatabase = "data.qda"

// isQualCoderFolder reports whether dir is a QualCoder project folder: a
// folder holding data.qda.
func isQualCoderFolder(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, qualcoderDatabase))
	return err == nil && st.Mode().IsRegular()
}

// sqliteTool tells which tool's database the SQLite file at path is, by
// its tables: "rqda", "qualcoder", "taguette", or an error saying what it
// holds instead.
func sqliteTool(path string) (string, error) {
	file := path
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		file = filepath.Join(path, qualcoderDatabase)
	}
	db, err := sqlitedb.Open(file)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return "", fmt.Errorf("cannot read %s: %s", path, sysMessage(err))
		}
		return "", fmt.Errorf("cannot read %s: %s", path, strings.TrimPrefix(err.Error(), "sqlitedb: "))
	}
	defer db.Close()
	switch {
	case db.Has("freecode") && db.Has("coding") && db.Has("source"):
		return "rqda", nil
	case db.Has("code_text") && db.Has("code_name") && db.Has("source"):
		return "qualcoder", nil
	case db.Has("highlights") && db.Has("documents") && db.Has("projects"):
		return "taguette", nil
	}
	tables := db.Tables()
	held := "no tables"
	if len(tables) > 0 {
		if len(tables) > 8 {
			tables = append(tables[:8], "…")
		}
		held = "the tables " + strings.Join(tables, ", ")
	}
	return "", fmt.Errorf("cannot read %s: it is an SQLite database, but not the project of a tool qdabridge reads: "+
		"RQDA's has the tables source, freecode and coding, QualCoder's source, code_name and code_text, "+
		"Taguette's projects, documents and highlights; this one has %s", path, held)
}

// readSQLite reads the project database of RQDA, QualCoder or Taguette.
func readSQLite(path string, sources fs.FS, o *options, rep *report) (*refi.Document, error) {
	tool, err := sqliteTool(path)
	if err != nil {
		return nil, err
	}
	switch tool {
	case "taguette":
		res, err := (&taguette.Reader{}).ReadFile(path)
		if err != nil {
			return nil, libError(err)
		}
		tr := &toolReport{Tool: "Taguette", Input: "project database", Report: res.Report}
		for _, w := range res.Report.Warnings {
			switch w.Code {
			case taguette.WarnNotPlaced:
				// in the ledger
			case taguette.WarnSchema, taguette.WarnTagPath:
				rep.Converted = append(rep.Converted, w.String())
			default:
				rep.Lost = append(rep.Lost, w.String())
				rep.uncounted = append(rep.uncounted, w.String())
			}
		}
		return toolDocument(path, res.Document(), res.Report.Ledger(), tr, o, rep), nil
	}
	return nil, fmt.Errorf("cannot read %s: reading %s projects is not built in", path, tool)
}

// toolKind is the input kind of the report for a tool: its name in
// lower case, without punctuation ("atlasti").
func toolKind(tool string) string {
	return strings.ToLower(strings.ReplaceAll(tool, ".", ""))
}

// toolDocument records what reading another tool's input gave in the
// report, and names the project when --name is given.
func toolDocument(path string, doc *refi.Document, built *refi.Ledger, tr *toolReport, o *options, rep *report) *refi.Document {
	if o.name != "" {
		doc.Project.Name = o.name
	}
	ir := describe(path, doc)
	ir.Kind = toolKind(tr.Tool)
	rep.Inputs = append(rep.Inputs, ir)
	rep.Tool = tr
	rep.built = built
	return doc
}

// Package toolinput reads, for the commands, the projects of the tools
// that cannot export REFI-QDA: the SQLite databases of RQDA, QualCoder and
// Taguette (a QualCoder project folder too), told apart by their tables.
// Each becomes a refi.Document, with what the reader did not place in a
// ledger and its warnings sorted into what was converted and what lost.
package toolinput

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/rqda"
	"github.com/qdabridge/qdabridge/taguette"
)

// QualCoderDatabase is the database file inside a QualCoder project folder
// (NAME.qda/).
const QualCoderDatabase = "data.qda"

// Result is a project read from another tool.
type Result struct {
	Tool   string         // "RQDA", "QualCoder", "Taguette"
	Input  string         // what was read: "project database", "project folder"
	Doc    *refi.Document // the project, with its files
	Report any            // the reader's own report (JSON)
	// Built is the ledger of what the reader left out (passages not
	// placed, items deleted in the tool), to merge into an output's.
	Built *refi.Ledger
	// Converted and Lost are the reader's warnings, one line each: what
	// was changed on the way, and what was not carried.
	Converted []string
	Lost      []string
	// Notes say what a researcher should know (items deleted in the tool
	// and left out).
	Notes []string
}

// IsQualCoderFolder reports whether dir is a QualCoder project folder: a
// folder holding data.qda.
func IsQualCoderFolder(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, QualCoderDatabase))
	return err == nil && st.Mode().IsRegular()
}

// IsDatabase reports whether path is an SQLite database (by its first
// bytes) or a QualCoder project folder; false when it cannot be read.
func IsDatabase(path string) bool {
	st, err := os.Stat(path)
	if err != nil {
		return false
	}
	if st.IsDir() {
		return IsQualCoderFolder(path)
	}
	if !st.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(sqlitedb.Header))
	n, _ := f.Read(head)
	return string(head[:n]) == sqlitedb.Header
}

// Which tells which tool's database the SQLite file (or QualCoder folder)
// at path is, by its tables: "rqda", "qualcoder" or "taguette"; or an
// error saying, in the user's terms, what it holds instead.
func Which(path string) (string, error) {
	file := path
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		if !IsQualCoderFolder(path) {
			return "", fmt.Errorf("cannot read %s: it is a folder, but not a QualCoder project folder (one holds %s)", path, QualCoderDatabase)
		}
		file = filepath.Join(path, QualCoderDatabase)
	}
	db, err := sqlitedb.Open(file)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return "", fmt.Errorf("cannot read %s: %v", path, pe.Err)
		}
		var qe *sqlitedb.QueryError
		if errors.As(err, &qe) { // SQLite's schema table, not one of the tool's
			err = qe.Err
		}
		return "", fmt.Errorf("cannot read %s: %v", path, err)
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

// Read reads the project database (or QualCoder folder) at path with the
// reader of its tool. Errors are the reader's, which name the file, table
// and row.
func Read(path string) (*Result, error) {
	tool, err := Which(path)
	if err != nil {
		return nil, err
	}
	switch tool {
	case "rqda":
		return readRQDA(path)
	case "qualcoder":
		return readQualCoder(path)
	case "taguette":
		return readTaguette(path)
	}
	return nil, fmt.Errorf("cannot read %s: reading %s projects is not built in", path, tool)
}

func readRQDA(path string) (*Result, error) {
	res, err := (&rqda.Reader{}).ReadFile(path)
	if err != nil {
		return nil, err
	}
	rep := res.Report
	r := &Result{Tool: "RQDA", Input: "project", Doc: res.Document(), Report: rep, Built: rep.Ledger()}
	for _, w := range rep.Warnings {
		switch w.Code {
		case rqda.WarnNotPlaced:
			// in the ledger
		case rqda.WarnCategory, rqda.WarnEncoding, rqda.WarnTolerant, rqda.WarnVersion:
			r.Converted = append(r.Converted, w.String())
		default:
			r.Lost = append(r.Lost, w.String())
		}
	}
	if rep.Shifted > 0 {
		r.Converted = append(r.Converted, fmt.Sprintf("%d codings whose passage (seltext) is not where RQDA's offsets say: placed where the passage is", rep.Shifted))
	}
	if n := sum(rep.Deleted) + sum(rep.Cascaded); n > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%d rows deleted in RQDA (%s) left out, as RQDA shows them", n, counts(rep.Deleted, rep.Cascaded)))
	}
	return r, nil
}

// sum adds the counts of maps.
func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// counts says "12 coding, 2 freecode" for the tables of the maps, sorted.
func counts(ms ...map[string]int) string {
	all := map[string]int{}
	for _, m := range ms {
		for k, v := range m {
			all[k] += v
		}
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(all)) {
		if all[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, all[k]))
		}
	}
	return strings.Join(parts, ", ")
}

func readQualCoder(path string) (*Result, error) {
	res, err := (&qualcoder.Reader{}).ReadFile(path)
	if err != nil {
		return nil, err
	}
	input := "project database"
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		input = "project folder"
	}
	r := &Result{Tool: "QualCoder", Input: input, Doc: res.Document(), Report: res.Report, Built: res.Report.Ledger()}
	for _, w := range res.Report.Warnings {
		switch w.Code {
		case qualcoder.WarnNotPlaced:
			// in the ledger
		case qualcoder.WarnVersion, qualcoder.WarnMoved, qualcoder.WarnTree, qualcoder.WarnMediaKind, qualcoder.WarnLinkedFile:
			r.Converted = append(r.Converted, w.String())
		default:
			r.Lost = append(r.Lost, w.String())
		}
	}
	return r, nil
}

func readTaguette(path string) (*Result, error) {
	res, err := (&taguette.Reader{}).ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := &Result{Tool: "Taguette", Input: "project database", Doc: res.Document(), Report: res.Report, Built: res.Report.Ledger()}
	for _, w := range res.Report.Warnings {
		switch w.Code {
		case taguette.WarnNotPlaced:
			// in the ledger
		case taguette.WarnSchema, taguette.WarnTagPath:
			r.Converted = append(r.Converted, w.String())
		default:
			r.Lost = append(r.Lost, w.String())
		}
	}
	return r, nil
}

// Open opens the one project a command reads: another tool's database or
// QualCoder folder through Read, anything else with refi.Open, after
// refusing what is not a regular file (opening a named pipe waits until
// something writes to it).
func Open(path string) (*refi.Document, error) {
	if IsDatabase(path) {
		res, err := Read(path)
		if err != nil {
			return nil, err
		}
		return res.Doc, nil
	}
	if err := cli.NotRegular(path); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return refi.Open(path)
}

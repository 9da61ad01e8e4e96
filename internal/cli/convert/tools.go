package convert

import (
	"strings"

	"github.com/qdabridge/qdabridge/internal/cli/toolinput"
	"github.com/qdabridge/qdabridge/refi"
)

// kindSQLite is an input in SQLite's file format (or a QualCoder project
// folder, which holds one): the project database of RQDA, QualCoder or
// Taguette, told apart by its tables.
const kindSQLite = "sqlite"

// kindExport is a spreadsheet or text export of coded segments written by
// MAXQDA, ATLAS.ti, Taguette or QualCoder.
const kindExport = "export"

// toolReport is what reading another tool's project or export found:
// the tool, what it read, and that reader's own report.
type toolReport struct {
	Tool   string `json:"tool"`   // "RQDA", "QualCoder", "Taguette", ...
	Input  string `json:"input"`  // what was read: "project database", ...
	Report any    `json:"report"` // the reader's report, in its own form
}

// readSQLite reads the project database of RQDA, QualCoder or Taguette.
func readSQLite(path string, o *options, rep *report) (*refi.Document, error) {
	res, err := toolinput.Read(path)
	if err != nil {
		return nil, libError(err)
	}
	rep.Converted = append(rep.Converted, res.Converted...)
	rep.Lost = append(rep.Lost, res.Lost...)
	rep.uncounted = append(rep.uncounted, res.Lost...)
	rep.Notes = append(rep.Notes, res.Notes...)
	return toolDocument(path, res.Doc, res.Built, &toolReport{Tool: res.Tool, Input: res.Input, Report: res.Report}, o, rep), nil
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

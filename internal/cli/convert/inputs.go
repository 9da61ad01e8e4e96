package convert

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cli/toolinput"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/regular"
	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
	"github.com/qdabridge/qdabridge/xlsx/workbook"
)

// The kinds of input: as told from the first bytes of a file (archive,
// XML, XLSX, NVivo), then as read (project, workbook, NVivo).
const (
	kindArchive = "qdpx"     // a zip archive that is not a workbook
	kindXML     = "xml"      // a REFI-QDA document: .qde or .qdc
	kindXLSX    = "xlsx"     // a project workbook or one of NVivo's exports
	kindNVivo   = "nvivo"    // one of NVivo's exports
	kindProject = "refi"     // a .qdpx, .qde or .qdc
	kindBook    = "workbook" // a project workbook
)

// input is an input file, checked and its kind told, before it is read.
type input struct {
	path string
	size int64
	kind string
}

// maxInput is the largest input of each kind the readers take: larger
// ones are refused before they are read.
func maxInput(kind string) (int64, string) {
	l := refi.Limits{}.WithDefaults()
	switch kind {
	case kindArchive:
		return l.MaxTotalSize, "a project archive"
	case kindXML:
		return l.MaxProjectSize, "a project document"
	case kindSQLite:
		return l.MaxTotalSize, "a project database"
	}
	return xlsx.DefaultMaxBytes, "a workbook or export"
}

// checkInput checks the file at path without reading more than its first
// bytes: it must be a regular file, not empty, of a kind the readers take
// and not larger than they read. It tells its kind.
func checkInput(path string) (*input, error) {
	st, err := os.Stat(path) // not opened yet: opening a named pipe would wait for a writer
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("cannot read %s: no such file", path)
		case errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("cannot read %s: permission denied", path)
		}
		return nil, fmt.Errorf("cannot read %s: %s", path, sysMessage(err))
	}
	if st.IsDir() {
		if toolinput.IsQualCoderFolder(path) {
			return &input{path: path, kind: kindSQLite}, nil
		}
		return nil, cli.Usage("%s is a folder (give the files; --sources takes a folder of source documents; a QualCoder project folder holds %s)", path, toolinput.QualCoderDatabase)
	}
	if !st.Mode().IsRegular() {
		what := regular.What(st.Mode())
		if what == "" {
			what = "a special file"
		}
		return nil, fmt.Errorf("cannot read %s: it is %s, not a file (give a project, workbook or export saved as a file)", path, what)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %s", path, sysMessage(err))
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("cannot read %s: %s", path, sysMessage(err))
	}
	head = head[:n]
	in := &input{path: path, size: st.Size()}
	ext := strings.ToLower(filepath.Ext(path))
	isZip := bytes.HasPrefix(head, []byte("PK"))
	switch {
	case ext == ".qdpx" && !isZip:
		why := "it is empty"
		if len(head) > 0 {
			why = "a .qdpx project is a zip archive"
		}
		return nil, fmt.Errorf("cannot read %s: not a zip archive (%s)", path, why)
	case len(head) == 0:
		return nil, fmt.Errorf("cannot read %s: the file is empty", path)
	case isZip:
		in.kind = kindArchive
		if zr, err := zip.NewReader(f, st.Size()); err == nil {
			for _, zf := range zr.File {
				if strings.EqualFold(zf.Name, "xl/workbook.xml") {
					in.kind = kindXLSX
					break
				}
			}
		}
	case bytes.HasPrefix(head, []byte(sqlitedb.Header)):
		in.kind = kindSQLite
	case looksLikeXML(head):
		in.kind = kindXML
	case ext == ".qde" || ext == ".qdc":
		return nil, fmt.Errorf("cannot read %s: not an XML document (a %s file is one)", path, ext)
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		in.kind = kindNVivo // an old .xls: the NVivo reader says how to save it as .xlsx
	case looksLikeText(head, st.Size() <= int64(len(head))):
		in.kind = kindNVivo
	default:
		return nil, fmt.Errorf("cannot read %s: it is not a project, a workbook or one of NVivo's exports (neither a zip archive, XML nor text)", path)
	}
	if max, what := maxInput(in.kind); in.size > max {
		return nil, fmt.Errorf("cannot read %s: it is too large (%s; %s is read up to %s)", path, cli.ByteSize(in.size), what, cli.ByteSize(max))
	}
	return in, nil
}

// looksLikeText reports whether the start of a file may be the start of a
// text export: UTF-16 with a byte-order mark, or UTF-8 without NUL bytes
// (a character cut at the end of head allowed unless whole is set).
func looksLikeText(head []byte, whole bool) bool {
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		return true
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	if !whole {
		// a character cut at the end of head is not an error
		for i := 0; i < utf8.UTFMax && len(head) > 0; i++ {
			if utf8.Valid(head) {
				return true
			}
			head = head[:len(head)-1]
		}
	}
	return utf8.Valid(head)
}

// looksLikeXML reports whether the start of a file is the start of an XML
// document: '<' after white space, in UTF-8 (with or without a byte-order
// mark) or UTF-16 (either byte order, with or without one), the encodings
// the REFI-QDA files of real tools come in.
func looksLikeXML(head []byte) bool {
	for _, enc := range []struct {
		bom  string
		wide int // 0: UTF-8; 1: UTF-16 little-endian; 2: big-endian
	}{{"\xef\xbb\xbf", 0}, {"\xff\xfe", 1}, {"\xfe\xff", 2}, {"", 0}, {"", 1}, {"", 2}} {
		b, ok := bytes.CutPrefix(head, []byte(enc.bom))
		if !ok {
			continue
		}
		if enc.wide != 0 {
			// take the low bytes of ASCII characters
			var n []byte
			for i := 0; i+1 < len(b); i += 2 {
				lo, hi := b[i], b[i+1]
				if enc.wide == 2 {
					lo, hi = hi, lo
				}
				if hi != 0 {
					break
				}
				n = append(n, lo)
			}
			b = n
		}
		if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '<' {
			return true
		}
	}
	return false
}

// readSpreadsheet reads an .xlsx as a project workbook: the result when it
// is one, nil when it is another spreadsheet (one of NVivo's exports).
func readSpreadsheet(path, tempDir string) (*workbook.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %s", path, sysMessage(err))
	}
	defer f.Close()
	res, err := (&workbook.Reader{XLSX: xlsx.Reader{TempDir: tempDir}}).Read(f)
	if err == nil && res != nil {
		return res, nil
	}
	if errors.Is(err, workbook.ErrNotWorkbook) {
		return nil, nil
	}
	return nil, libError(err)
}

// readInputs reads the inputs into one document; loc is the time zone of
// NVivo exports (nil: kept without a zone).
func readInputs(cmd *cobra.Command, ins []*input, o *options, loc *time.Location, tempDir string, rep *report) (*refi.Document, error) {
	var sources fs.FS
	if o.sources != "" {
		var err error
		if sources, err = cmdutil.SourcesFS(o.sources); err != nil {
			return nil, cli.Usage("--sources: %s", sourcesMessage(o.sources, err))
		}
	}
	kinds := map[string][]string{}
	workbooks := map[string]*workbook.Result{} // read while telling their kind
	var exports []*toolExport                  // other tools' exports
	for _, in := range ins {
		k := in.kind
		switch k {
		case kindArchive, kindXML:
			k = kindProject
		case kindXLSX:
			wb, err := readSpreadsheet(in.path, tempDir)
			if err != nil {
				return nil, err
			}
			k = kindNVivo
			if wb != nil {
				k = kindBook
				workbooks[in.path] = wb
			}
		}
		if k == kindNVivo {
			e, err := findExport(in.path)
			if err != nil {
				return nil, err
			}
			if e != nil {
				exports = append(exports, e)
				k = kindExport
			}
		}
		kinds[k] = append(kinds[k], in.path)
	}
	if len(exports) > 0 && len(kinds) > 1 {
		return nil, cli.Usage("give %s's exports alone, without a project or NVivo's exports", exports[0].reader.tool)
	}
	projects := len(kinds[kindProject]) + len(kinds[kindBook]) + len(kinds[kindSQLite])
	if projects > 1 || projects == 1 && len(kinds[kindNVivo]) > 0 {
		return nil, cli.Usage("give one project (.qdpx, .qde, .qdc, workbook, or the project of RQDA, QualCoder or Taguette), or NVivo exports, not both")
	}
	flags := o.nvivoOnly(cmd)
	switch {
	case len(kinds[kindSQLite]) > 0:
		flags = slices.DeleteFunc(flags, func(f string) bool { return f == "--name" })
	case len(exports) > 0:
		flags = slices.DeleteFunc(flags, func(f string) bool { return f == "--name" || f == "--passages" || f == "--tz" })
	}
	if len(kinds[kindNVivo]) == 0 && len(flags) > 0 {
		why := ""
		if flags[0] == "--tz" {
			why = " (a project's dates carry their zone)"
		}
		return nil, cli.Usage("%s applies to NVivo exports only%s", flags[0], why)
	}
	switch {
	case len(exports) > 0:
		return readExports(exports, sources, o, loc, rep)
	case len(kinds[kindSQLite]) == 1:
		return readSQLite(kinds[kindSQLite][0], o, rep)
	case len(kinds[kindProject]) == 1:
		path := kinds[kindProject][0]
		doc, err := refi.Open(path)
		if err != nil {
			return nil, libError(err)
		}
		if sources != nil && doc.Format != refi.FormatQDC {
			doc = doc.WithSources(sources)
		}
		rep.Inputs = append(rep.Inputs, describe(path, doc))
		return doc, nil
	case len(kinds[kindBook]) == 1:
		path := kinds[kindBook][0]
		res := workbooks[path]
		doc := res.Document
		if sources != nil {
			doc = doc.WithSources(sources)
		}
		ir := describe(path, doc)
		ir.Kind = "workbook"
		rep.Inputs = append(rep.Inputs, ir)
		for _, e := range res.Edits {
			rep.Edits = append(rep.Edits, e.String())
		}
		for _, p := range res.Problems {
			rep.Problems = append(rep.Problems, p.Error())
		}
		return doc, nil
	}
	return readNVivo(kinds[kindNVivo], sources, o, loc, tempDir, rep)
}

// sourcesMessage says why --sources cannot be used.
func sourcesMessage(dir string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("the folder %s does not exist", dir)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("cannot open %s: permission denied", dir)
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("cannot open %s: %v", dir, pe.Err)
	}
	return err.Error()
}

func describe(path string, doc *refi.Document) inputReport {
	ir := inputReport{Path: path, Kind: string(doc.Format), Warnings: []string{}}
	ir.Origin = doc.Project.Origin
	c := doc.Project.Counts() // of a codebook: its codes and sets
	ir.Counts = &c
	if doc.Format != refi.FormatQDC {
		ir.Positions = cli.PositionsInWords(doc.Detection)
		ir.PositionsDetail = doc.Detection.String()
	}
	for _, w := range doc.Warnings {
		ir.Warnings = append(ir.Warnings, w.String())
	}
	return ir
}

// readNVivo reads NVivo's spreadsheet exports (each one's kind detected
// from its content) and builds one project from them with nvivo.Builder,
// placing the coded passages in the documents of sources (nil: none). The
// report gets one input per export, the builder's report (report.NVivo),
// and the builder's warnings sorted into converted, repaired and lost.
func readNVivo(paths []string, sources fs.FS, o *options, loc *time.Location, tempDir string, rep *report) (*refi.Document, error) {
	b := &nvivo.Builder{Name: o.name, Documents: sources, Location: loc,
		PassageSources: o.passages, KeepNotApplicable: o.keepNA, PlainVariableNames: o.plainVars}
	r := &nvivo.Reader{}
	r.XLSX.TempDir = tempDir
	if len(o.unassigned) > 0 {
		r.UnassignedLabels = append([]string{"Unassigned"}, o.unassigned...)
	}
	if len(o.notApplicable) > 0 {
		r.NotApplicableLabels = append([]string{"Not Applicable"}, o.notApplicable...)
	}
	kinds := map[string]nvivo.ExportKind{}
	for _, p := range paths {
		ex, err := r.ReadFile(p)
		if err != nil {
			return nil, libError(err)
		}
		b.Add(ex)
		kinds[p] = ex.Kind
		ir := inputReport{Path: p, Kind: "nvivo", Export: string(ex.Kind), Format: string(ex.Format), Rows: ex.Rows, Warnings: []string{}}
		for _, w := range ex.Warnings {
			ir.Warnings = append(ir.Warnings, userTerms.Replace(w.String()))
		}
		rep.Inputs = append(rep.Inputs, ir)
	}
	res, err := b.Build()
	if err != nil {
		return nil, libError(err)
	}
	for i := range res.Report.Warnings {
		res.Report.Warnings[i].Message = userTerms.Replace(res.Report.Warnings[i].Message)
	}
	rep.NVivo = res.Report
	sortNVivoWarnings(res.Report, sources != nil, rep)
	for _, p := range paths {
		switch k := kinds[p]; k {
		case nvivo.KindMatrix, nvivo.KindCrosstab, nvivo.KindFramework:
			line := fmt.Sprintf("%s: the cells of the %s (query results) are not carried: a project holds no query results [nvivo-%s]", p, k, k)
			rep.Lost = append(rep.Lost, line)
			rep.uncounted = append(rep.uncounted, line)
		}
	}
	rep.built = res.Report.Ledger()
	return refi.NewDocument(res.Project, res.Files), nil
}

// sortNVivoWarnings sorts the warnings of a build into what was converted
// (inferred), repaired and lost, and says per file how many coded passages
// could not be placed.
func sortNVivoWarnings(nr *nvivo.Report, haveSources bool, rep *report) {
	for _, w := range nr.Warnings {
		line := w.String()
		switch w.Code {
		case nvivo.WarnType, nvivo.WarnAggregate, nvivo.WarnNames, nvivo.WarnTimeZone:
			rep.Converted = append(rep.Converted, line)
		case nvivo.WarnRecord, nvivo.WarnDuplicate, nvivo.WarnDuplicateColumn:
			rep.Repaired = append(rep.Repaired, line)
		case nvivo.WarnPlacement:
			// counted per file below
		case nvivo.WarnDocument:
			if w.NoDocument() {
				continue // counted per file below
			}
			rep.Lost = append(rep.Lost, line)
			rep.uncounted = append(rep.uncounted, line)
		default:
			rep.Lost = append(rep.Lost, line)
			rep.uncounted = append(rep.uncounted, line)
		}
	}
	if nr.Tolerant > 0 {
		rep.Converted = append(rep.Converted, fmt.Sprintf("%d coded passages found in their documents only when white space and line ends are ignored; placed there [nvivo-tolerant]", nr.Tolerant))
	}
	type unplaced struct{ ambiguous, missing int }
	byFile := map[string]*unplaced{}
	for _, p := range nr.Placements {
		u := byFile[p.File]
		if u == nil {
			u = &unplaced{}
			byFile[p.File] = u
		}
		switch p.Status {
		case nvivo.MatchAmbiguous:
			u.ambiguous++
		case nvivo.MatchMissing:
			u.missing++
		}
	}
	for _, d := range nr.Documents {
		if d.Unplaced == 0 {
			continue
		}
		u := byFile[d.File]
		if u == nil {
			u = &unplaced{}
		}
		why := fmt.Sprintf("%d ambiguous, %d not found in %s", u.ambiguous, u.missing, d.Document)
		switch {
		case d.Document == "" && haveSources:
			why = "no document of that name in --sources"
		case d.Document == "":
			why = "no document: give the transcripts with --sources DIR, or use --passages"
		}
		rep.Lost = append(rep.Lost, fmt.Sprintf("%s: %d of %d coded passages not placed (%s); their codings are not in the project [nvivo-unplaced]",
			d.File, d.Unplaced, d.Placed+d.Unplaced, why))
	}
}

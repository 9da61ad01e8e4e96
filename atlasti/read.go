package atlasti

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/segments"
	"github.com/qdabridge/qdabridge/refi"
)

// ErrNotATLAS is wrapped by the error for a file that is not an ATLAS.ti
// Quotation Manager or codebook export.
var ErrNotATLAS = errors.New("atlasti: not an ATLAS.ti quotation or codebook export (expected the columns Number, Text Content, Document and Codes, or Code and Code Group 1)")

// Report says what a read found, made and could not place; Ledger gives
// the codings lost.
type Report = segments.Report

// Warning is something read or made that the user should know of.
type Warning = segments.Warning

// Error is an error at a place (file, sheet, row, column) of an export.
type Error = segments.Error

// Reader reads ATLAS.ti's quotation and codebook exports. Its fields are
// options; the zero value is ready to use.
type Reader struct {
	// Name is the project's name; default "ATLAS.ti export".
	Name string
	// Codebook is the path of a codebook export read with a quotation
	// export: its comments, code groups and names (which split the Codes
	// cells). "" means none.
	Codebook string
	// FlatNames keeps "Parent: child" code names flat.
	FlatNames bool
	// Documents holds the documents coded (.txt, .docx), matched by name
	// without extension, case-insensitively. Nil means none.
	Documents fs.FS
	// PassageSources gives a document not in Documents a text made of its
	// quotations, so that its codings are kept; otherwise they are
	// reported not placed.
	PassageSources bool
	// Location is the time zone of the export's dates; nil keeps them
	// without a zone.
	Location *time.Location

	// Limits: data rows (default 1,048,576), bytes of a cell (1 MiB), of
	// the file (512 MiB) and of a document (256 MiB); warnings listed per
	// kind (1,000).
	MaxRows          int
	MaxCellBytes     int
	MaxBytes         int64
	MaxDocumentBytes int64
	MaxWarnings      int
}

// Result is the project read, the files its sources name and the report.
type Result struct {
	Project *refi.Project
	Files   fs.FS
	Report  *Report
}

// Document returns the project with its files, to write with refi.Writer.
func (r *Result) Document() *refi.Document { return refi.NewDocument(r.Project, r.Files) }

// The columns, by header.
var (
	colNumber    = []string{"Number", "ID", "Número", "Nummer"}
	colReference = []string{"Reference", "Referência", "Referencia", "Referenz"}
	colName      = []string{"Name", "Quotation Name", "Nome", "Nombre"}
	colText      = []string{"Text Content", "Quotation Content", "Content", "Conteúdo do texto", "Conteúdo de texto", "Contenido del texto", "Textinhalt"}
	colDocument  = []string{"Document", "Documento", "Dokument"}
	colCodes     = []string{"Codes", "Códigos", "Codigos"}
	colNCodes    = []string{"Number of Codes", "Número de códigos", "Anzahl Codes"}
	colComment   = []string{"Comment", "Comentário", "Comentario", "Kommentar"}
	colInitial   = []string{"Initial Position", "Start", "Posição inicial", "Posición inicial", "Anfangsposition"}
	colFinal     = []string{"Final Position", "End", "Posição final", "Posición final", "Endposition"}
	colCreated   = []string{"Creation Date", "Created", "Data de criação", "Fecha de creación", "Erstellt"}
	colModified  = []string{"Modification Date", "Modified", "Data de modificação", "Fecha de modificación", "Geändert"}
	colCreator   = []string{"Created by", "Author", "Criado por", "Creado por", "Erstellt von"}
	colModifier  = []string{"Modified by", "Modificado por", "Geändert von"}

	colCode      = []string{"Code", "Código", "Codigo"}
	colCBComment = colComment
	groupPrefix  = []string{"code group", "grupo de códigos", "grupo de codigos", "codegruppe"}
)

func isQuotations(h []string) bool {
	t := &segments.Table{Header: h}
	return t.Col(colText...) >= 0 && t.Col(colDocument...) >= 0 && t.Col(colCodes...) >= 0
}

// isCodebook accepts the codebook export (Code, Comment, Code Group n)
// and the Code Manager's export, which adds columns of its own (Grounded,
// Density, Groups, Author, dates): a Code column with a Comment or code
// group column, and no column of documents or passages (which an export
// of coded segments, MAXQDA's for one, has).
func isCodebook(h []string) bool {
	t := &segments.Table{Header: h}
	if t.Col(colCode...) < 0 || t.Col(colCBComment...) < 0 && len(groupCols(t)) == 0 {
		return false
	}
	return t.Col(colDocument...) < 0 && t.Col(colText...) < 0 && t.Col(segmentCols...) < 0
}

// segmentCols are headers of other tools' exports of coded segments.
var segmentCols = []string{"Document name", "Dokumentname", "Segment", "Segmento", "Coded", "Content"}

func groupCols(t *segments.Table) []int {
	var out []int
	for i, h := range t.Header {
		k := strings.ToLower(strings.TrimSpace(h))
		for _, p := range groupPrefix {
			if strings.HasPrefix(k, p) {
				out = append(out, i)
			}
		}
	}
	return out
}

// ReadFile reads a quotation export (with the codebook export
// Reader.Codebook names, if any) or a codebook export alone, and builds
// the project. It fails with an error wrapping [ErrNotATLAS] when the file
// is neither, and with an [*Error] saying where for a file that cannot be
// read or exceeds a limit; rows that cannot be used and quotations not
// placed are in the report.
func (rd *Reader) ReadFile(path string) (*Result, error) {
	lim := segments.Limits{MaxRows: rd.MaxRows, MaxCellBytes: rd.MaxCellBytes, MaxBytes: rd.MaxBytes}
	t, err := segments.ReadTable("atlasti", path, func(h []string) bool { return isQuotations(h) || isCodebook(h) }, ErrNotATLAS, lim)
	if err != nil {
		return nil, err
	}
	in := &segments.Input{Tool: "atlasti", File: path, Name: rd.Name, Ordered: true, RowsRead: map[string]int{},
		NotCarried: []string{"code colours and code groups' comments (not in the exports)"}}
	if in.Name == "" {
		in.Name = "ATLAS.ti export"
	}
	var cb *segments.Table
	if isCodebook(t.Header) {
		cb = t
	} else if rd.Codebook != "" {
		cb, err = segments.ReadTable("atlasti", rd.Codebook, isCodebook, ErrNotATLAS, lim)
		if err != nil {
			return nil, err
		}
	}
	var known map[string]bool
	if cb != nil {
		known = codebook(in, cb)
	}
	if isQuotations(t.Header) {
		quotations(in, t, known)
	}
	if !rd.FlatNames {
		nest(in)
	}
	res, err := segments.Build(in, segments.Options{Documents: rd.Documents, PassageSources: rd.PassageSources,
		Location: rd.Location, MaxDocumentBytes: rd.MaxDocumentBytes, MaxWarnings: rd.MaxWarnings})
	if err != nil {
		return nil, err
	}
	return &Result{Project: res.Project, Files: res.Files, Report: res.Report}, nil
}

// codebook adds the codes of a codebook export and returns their names,
// lower case.
func codebook(in *segments.Input, t *segments.Table) map[string]bool {
	in.RowsRead[t.Key()] += len(t.Rows)
	in.Warnings = append(in.Warnings, t.Warnings...)
	known := map[string]bool{}
	code, comment, groups := t.Col(colCode...), t.Col(colCBComment...), groupCols(t)
	for _, r := range t.Rows {
		name := strings.TrimSpace(r.Cell(code))
		if name == "" {
			in.Warnings = append(in.Warnings, segments.Warning{Code: segments.WarnRow, File: t.File, Table: t.Sheet, Row: int64(r.Num), Message: "codebook row without a code name: not used"})
			continue
		}
		c := segments.Code{Path: []string{name}, Description: strings.TrimSpace(r.Cell(comment))}
		for _, g := range groups {
			if v := strings.TrimSpace(r.Cell(g)); v != "" {
				c.Groups = append(c.Groups, v)
			}
		}
		known[strings.ToLower(name)] = true
		in.Codes = append(in.Codes, c)
	}
	return known
}

var paraRef = regexp.MustCompile(`\d+`)

// quotations maps the rows of a quotation export.
func quotations(in *segments.Input, t *segments.Table, known map[string]bool) {
	in.RowsRead[t.Key()] += len(t.Rows)
	in.Warnings = append(in.Warnings, t.Warnings...)
	c := func(names []string) int { return t.Col(names...) }
	number, ref, name, text, doc, codes, ncodes := c(colNumber), c(colReference), c(colName), c(colText), c(colDocument), c(colCodes), c(colNCodes)
	comment, initial, final, created, modified, creator, modifier := c(colComment), c(colInitial), c(colFinal), c(colCreated), c(colModified), c(colCreator), c(colModifier)
	warn := func(r segments.TableRow, code segments.WarningCode, format string, args ...any) {
		in.Warnings = append(in.Warnings, segments.Warning{Code: code, File: t.File, Table: t.Sheet, Row: int64(r.Num), Message: fmt.Sprintf(format, args...)})
	}
	// names known: the codebook's, and those of cells that split unambiguously
	if known == nil {
		known = map[string]bool{}
	}
	counts := make([]int, len(t.Rows))
	for i, r := range t.Rows {
		counts[i] = -1
		if s := strings.TrimSpace(r.Cell(ncodes)); s != "" {
			if n, err := strconv.Atoi(s); err == nil && n >= 0 {
				counts[i] = n
			} else {
				warn(r, segments.WarnValue, "Number of Codes %q is not a number", s)
			}
		}
		if pieces := cellPieces(r.Cell(codes)); counts[i] < 0 || len(pieces) == counts[i] {
			for _, p := range pieces {
				known[strings.ToLower(p)] = true
			}
		}
	}
	date := func(r segments.TableRow, i int, what string) time.Time {
		s := strings.TrimSpace(r.Cell(i))
		if s == "" {
			return time.Time{}
		}
		tm, ok := segments.ParseTime(s)
		if !ok {
			warn(r, segments.WarnValue, "%s %q is not a date; not used", what, s)
		}
		return tm
	}
	para := func(s string) int {
		if m := paraRef.FindString(s); m != "" {
			if n, err := strconv.Atoi(m); err == nil {
				return n
			}
		}
		return 0
	}
	for i, r := range t.Rows {
		row := segments.Row{Sheet: t.Sheet, Row: r.Num, CharStart: -1, SegmentID: strings.TrimSpace(r.Cell(number)),
			Document: strings.TrimSpace(r.Cell(doc)), Text: r.Cell(text), Name: r.Cell(name), Memo: r.Cell(comment),
			Coder: strings.TrimSpace(r.Cell(creator)), Modifier: strings.TrimSpace(r.Cell(modifier))}
		if row.SegmentID == "" {
			row.SegmentID = "row " + strconv.Itoa(r.Num)
		}
		names, ok := splitCodes(r.Cell(codes), counts[i], known)
		if !ok {
			warn(r, segments.WarnValue, "the Codes cell does not split into the %d codes Number of Codes gives (code names with \", \"?); read as %d codes", counts[i], len(names))
		}
		for _, n := range names {
			row.Codes = append(row.Codes, []string{n})
		}
		row.ParaStart, row.ParaEnd = para(r.Cell(initial)), para(r.Cell(final))
		if row.ParaStart == 0 {
			row.ParaStart = para(r.Cell(ref))
		}
		row.Created, row.Modified = date(r, created, "Creation Date"), date(r, modified, "Modification Date")
		in.Rows = append(in.Rows, row)
	}
}

// cellPieces splits a Codes cell at line breaks and ", ".
func cellPieces(cell string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(cell, "\r", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		for _, p := range strings.Split(line, ", ") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// maxPieces bounds the pieces of a Codes cell joined back by splitCodes,
// and maxJoin the pieces of one name, so that the search stays linear in
// the cell; a cell of more pieces is split at every ", ".
const (
	maxPieces = 200
	maxJoin   = 6
)

// splitCodes splits a Codes cell into n code names (n < 0: as many as
// best), joining pieces back where names hold ", ", so that as many names
// as possible are known. ok is false when n names cannot be made.
func splitCodes(cell string, n int, known map[string]bool) (names []string, ok bool) {
	if strings.ContainsAny(cell, "\r\n") { // one code per line: no search
		var out []string
		for _, l := range strings.Split(strings.ReplaceAll(cell, "\r", "\n"), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out, n < 0 || n == len(out)
	}
	p := cellPieces(cell)
	if n < 0 || n == len(p) || len(p) > maxPieces {
		return p, n < 0 || n == len(p)
	}
	if n > len(p) || n == 0 {
		return p, false
	}
	// best[i][k]: the most known names splitting p[i:] into k names (-1: impossible)
	m := len(p)
	best := make([][]int, m+1)
	next := make([][]int, m+1)
	for i := range best {
		best[i] = make([]int, n+1)
		next[i] = make([]int, n+1)
		for k := range best[i] {
			best[i][k] = -1
		}
	}
	best[m][0] = 0
	for i := m - 1; i >= 0; i-- {
		for k := 1; k <= n; k++ {
			for j := i + 1; j <= m && j-i <= m-n+1 && j-i <= maxJoin; j++ {
				if best[j][k-1] < 0 {
					continue
				}
				s := best[j][k-1] + score(p[i:j], known)
				if s > best[i][k] {
					best[i][k], next[i][k] = s, j
				}
			}
		}
	}
	if best[0][n] < 0 {
		return p, false
	}
	for i, k := 0, n; k > 0; k-- {
		j := next[i][k]
		names = append(names, strings.Join(p[i:j], ", "))
		i = j
	}
	return names, true
}

// score is how likely the pieces are one code name: 2 when the name is
// known; 1 for a name "A, B: c" whose pieces before the last have no ": "
// (a parent whose name holds ", ", as "T2. Security, Privacy: Access");
// 0 otherwise.
func score(pieces []string, known map[string]bool) int {
	if known[strings.ToLower(strings.Join(pieces, ", "))] {
		return 2
	}
	if len(pieces) < 2 || !strings.Contains(pieces[len(pieces)-1], ": ") {
		return 0
	}
	for _, p := range pieces[:len(pieces)-1] {
		if strings.Contains(p, ": ") {
			return 0
		}
	}
	return 1
}

// nest turns "Parent: child" names into paths where Parent is a code.
func nest(in *segments.Input) {
	codes := map[string]bool{}
	for _, c := range in.Codes {
		codes[strings.ToLower(c.Path[0])] = true
	}
	for _, r := range in.Rows {
		for _, c := range r.Codes {
			codes[strings.ToLower(c[0])] = true
		}
	}
	split := func(path []string) []string {
		if len(path) != 1 {
			return path
		}
		i := strings.Index(path[0], ": ")
		if i <= 0 {
			return path
		}
		parent, child := strings.TrimSpace(path[0][:i]), strings.TrimSpace(path[0][i+2:])
		if child == "" || !codes[strings.ToLower(parent)] {
			return path
		}
		return []string{parent, child}
	}
	for i := range in.Codes {
		in.Codes[i].Path = split(in.Codes[i].Path)
	}
	for i := range in.Rows {
		for j := range in.Rows[i].Codes {
			in.Rows[i].Codes[j] = split(in.Rows[i].Codes[j])
		}
	}
}

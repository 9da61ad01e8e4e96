package workbook

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
)

// Sheet and column names.
const (
	SheetExcerpts     = "Excerpts"
	SheetCodes        = "Codes"
	SheetParticipants = "Participants"
	SheetSources      = "Sources"
	sheetData         = "_qdabridge" // hidden: the project and its texts

	colSelections = "Selections"
	colGUID       = "GUID"
)

// formatVersion marks the layout of the hidden data sheet.
const formatVersion = "qdabridge-workbook 2"

// maxCell is the longest text written in a cell (Excel's limit is 32,767
// characters); longer texts are cut and end with truncMark.
const (
	maxCell   = 32000
	truncMark = "… [truncated]"
	chunk     = 24000 // bytes of compressed data per hidden cell, before base64
)

// Writer writes project workbooks. The zero value is ready to use. Its
// fields are options: set them before the first write.
type Writer struct {
	// Positions is the unit of the Start and End columns; the zero value
	// is code points.
	Positions refi.Positions
	// NoTexts leaves the plain-text source files out of the hidden sheet:
	// the workbook is smaller, but excerpts added in it cannot be located
	// and a .qdpx made from it has no source files.
	NoTexts bool
	// TempDir is where the rows of large sheets are kept while the
	// workbook is written ("" means os.TempDir()); they are removed when
	// the write ends, whatever the outcome.
	TempDir string
}

// Write writes the workbook of doc's project to out with a zero [Writer];
// see [Writer.Write].
func Write(out io.Writer, doc *refi.Document) (*refi.Report, error) {
	return (&Writer{}).Write(out, doc)
}

// WriteFile writes the workbook to path atomically; see [Writer.Write] for
// the report. On an error, path is left as it was.
func (w *Writer) WriteFile(path string, doc *refi.Document) (*refi.Report, error) {
	var rep *refi.Report
	err := xlsx.WriteFile(path, func(xw *xlsx.Writer) error {
		xw.TempDir = w.TempDir
		var err error
		rep, err = w.fill(xw, doc)
		return err
	})
	return rep, err
}

// Write writes the workbook of doc's project to out. It does not close
// out. Texts come from doc (see refi.NewDocument for a project built in
// Go); an excerpt whose text is not available is written without it. On
// an error (or a panic) nothing more is written to out and the temporary
// files are removed.
//
// The report's Ledger accounts for the project (see refi.Ledger): it is
// carried whole in the hidden sheet, with its plain texts; the other
// source files (rich texts, PDFs, pictures, recordings) are counted
// dropped, and so are the plain texts with NoTexts. Its Changes are what
// writing the project into the hidden sheet changed to make it valid
// REFI-QDA (see refi.Writer), nil when it was written as held. After an
// error the report holds what was known when the write stopped, or is nil
// when the project was not written yet.
func (w *Writer) Write(out io.Writer, doc *refi.Document) (*refi.Report, error) {
	xw := xlsx.NewWriter(out)
	xw.TempDir = w.TempDir
	done := false
	defer func() {
		if !done {
			xw.Abort()
		}
	}()
	rep, err := w.fill(xw, doc)
	if err != nil {
		return rep, err
	}
	done = true
	return rep, xw.Close()
}

func (w *Writer) fill(xw *xlsx.Writer, doc *refi.Document) (*refi.Report, error) {
	p := doc.Project
	if p == nil {
		return nil, errors.New("workbook: the document has no project")
	}
	if err := w.excerpts(xw, doc); err != nil {
		return nil, err
	}
	if err := codes(xw, p); err != nil {
		return nil, err
	}
	if err := participants(xw, p); err != nil {
		return nil, err
	}
	if err := sources(xw, p); err != nil {
		return nil, err
	}
	return w.data(xw, doc)
}

func clipCell(s string) string {
	if len(s) <= maxCell {
		return s
	}
	cut := maxCell
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + truncMark
}

func lines(ss []string) string { return strings.Join(ss, "\n") }

func guidLines(gs []refi.GUID) string {
	s := make([]string, len(gs))
	for i, g := range gs {
		s[i] = string(g)
	}
	return lines(s)
}

func refNames(rs []refi.Ref) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.Name
		if s[i] == "" {
			s[i] = string(r.GUID)
		}
	}
	return lines(s)
}

var excerptHeader = []string{"Source", "Participants", "Start", "End", "Text", "Codes", "Coder", "Created", "Memo", "Kind", colSelections}

func (w *Writer) excerpts(xw *xlsx.Writer, doc *refi.Document) error {
	sw, err := xw.AddSheet(SheetExcerpts, excerptHeader)
	if err != nil {
		return err
	}
	for e := range doc.Excerpts(refi.ExcerptOptions{Positions: w.Positions}) {
		var created any
		if !e.Created.IsZero() {
			created = e.Created.UTC()
		}
		coder := e.Coder.Name
		if coder == "" {
			coder = string(e.Coder.GUID)
		}
		ids := e.Selections
		if e.Kind == refi.ExcerptWhole {
			ids = []refi.GUID{e.Source.GUID} // a coding of a whole source has no selection
		}
		if err := sw.WriteRow(e.Source.Name, refNames(e.Participants), e.Start, e.End, clipCell(e.Text),
			lines(e.CodePaths()), coder, created, clipCell(e.Memo), string(e.Kind), guidLines(ids)); err != nil {
			return err
		}
	}
	return nil
}

var codeHeader = []string{"Code", "Description", "Color", "Codable", "Excerpts", "Sources", colGUID}

func codes(xw *xlsx.Writer, p *refi.Project) error {
	sw, err := xw.AddSheet(SheetCodes, codeHeader)
	if err != nil {
		return err
	}
	for _, c := range p.CodeInfos() {
		if err := sw.WriteRow(refi.JoinPath(c.Path), clipCell(c.Description), c.Color, c.Codable, c.Excerpts, c.Sources, string(c.GUID)); err != nil {
			return err
		}
	}
	return nil
}

// cellValue renders a variable value as a cell: numbers, booleans and dates
// as such, date-times (which may carry a time zone) as their text.
func cellValue(v refi.AttributeValue) any {
	if v.Type == "" || v.Err != nil {
		return v.Raw
	}
	switch v.Type {
	case refi.VarInteger:
		return v.Int
	case refi.VarFloat:
		return v.Float
	case refi.VarBoolean:
		return v.Bool
	case refi.VarDate:
		return v.Time
	}
	return clipCell(v.Raw)
}

func participants(xw *xlsx.Writer, p *refi.Project) error {
	ps := p.Participants()
	attrs := refi.AttributeNames(p, ps)
	// every variable of cases gets a column, even without values
	attrs = withCaseVariables(p, attrs)
	header := append(append([]string{"Name", "Description"}, attrs...), "Sources", colGUID)
	sw, err := xw.AddSheet(SheetParticipants, dedupeHeader(header))
	if err != nil {
		return err
	}
	for _, pt := range ps {
		row := []any{pt.Name, clipCell(pt.Description)}
		for _, a := range attrs {
			if v, ok := pt.Attribute(a); ok {
				row = append(row, cellValue(v))
			} else {
				row = append(row, nil)
			}
		}
		row = append(row, refNames(pt.Sources), string(pt.GUID))
		if err := sw.WriteRow(row...); err != nil {
			return err
		}
	}
	return nil
}

// withCaseVariables adds the variables used by cases (but with no value in
// the named ones) to the attribute columns.
func withCaseVariables(p *refi.Project, attrs []string) []string {
	have := map[string]bool{}
	for _, a := range attrs {
		have[a] = true
	}
	x := refi.NewIndex(p)
	for _, c := range p.Cases {
		if c.Name == "" && len(c.SourceRefs) == 1 {
			continue
		}
		for _, v := range c.Values {
			if vr := x.Variable(v.Variable); vr != nil && !have[vr.Name] {
				have[vr.Name] = true
				attrs = append(attrs, vr.Name)
			}
		}
	}
	return attrs
}

// dedupeHeader makes header names unique (an attribute may be called
// "Name").
func dedupeHeader(h []string) []string {
	seen := map[string]int{}
	out := make([]string, len(h))
	for i, n := range h {
		k := strings.ToLower(n)
		seen[k]++
		if seen[k] > 1 {
			n = fmt.Sprintf("%s (%d)", n, seen[k])
		}
		out[i] = n
	}
	return out
}

func sources(xw *xlsx.Writer, p *refi.Project) error {
	infos := p.SourceInfos()
	ps := make([]refi.Participant, len(infos))
	for i, s := range infos {
		ps[i].Attributes = s.Attributes
	}
	attrs := refi.AttributeNames(p, ps)
	header := append(append([]string{"Name", "Kind", "Path", "Participants", "Selections", "Codings"}, attrs...), colGUID)
	sw, err := xw.AddSheet(SheetSources, dedupeHeader(header))
	if err != nil {
		return err
	}
	for _, s := range infos {
		row := []any{s.Name, s.Element, s.Path, refNames(s.Participants), s.Selections, s.Codings}
		for _, a := range attrs {
			if v, ok := s.Attribute(a); ok {
				row = append(row, cellValue(v))
			} else {
				row = append(row, nil)
			}
		}
		row = append(row, string(s.GUID))
		if err := sw.WriteRow(row...); err != nil {
			return err
		}
	}
	return nil
}

// data writes the hidden sheet: the project as REFI-QDA XML and its plain
// texts, base64 in chunks. It returns the report of the write once the
// project is written.
func (w *Writer) data(xw *xlsx.Writer, doc *refi.Document) (*refi.Report, error) {
	sw, err := xw.AddSheet(sheetData, []string{"Kind", "Name", "Part", "Data"})
	if err != nil {
		return nil, err
	}
	sw.Hide()
	if err := sw.WriteRow("format", formatVersion, 0, ""); err != nil {
		return nil, err
	}
	fw, _ := flate.NewWriter(io.Discard, flate.BestSpeed) // one compressor, reset per part
	cw := newChunkWriter(sw, fw, "project", "project.qde")
	rep, err := (&refi.Writer{Compact: true}).Write(cw, refi.NewDocument(doc.Project, nil), refi.FormatQDE)
	if err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	if err := cw.Close(); err != nil {
		return nil, err
	}
	if len(rep.Changes) == 0 {
		rep.Changes = nil
	}
	carried := map[string]bool{}
	defer func() {
		for _, f := range doc.SourceFiles() {
			switch {
			case carried[f]:
				rep.Ledger.Add(refi.ItemSourceFiles, "", refi.Kept, 1, nil)
			case w.NoTexts:
				rep.Ledger.Add(refi.ItemSourceFiles, "", refi.Dropped, 1, &refi.LedgerItem{Element: "file", Name: f, Why: "the workbook was written without texts"})
			default:
				rep.Ledger.Add(refi.ItemSourceFiles, "", refi.Dropped, 1, &refi.LedgerItem{Element: "file", Name: f, Why: "a workbook carries the plain texts, not rich-text, PDF, picture or recording files; write a .qdpx to keep them"})
			}
		}
	}()
	if w.NoTexts {
		return rep, nil
	}
	paths := doc.Project.PlainTextPaths()
	sort.Strings(paths)
	for _, pth := range paths {
		rc, err := doc.OpenSource(pth)
		if err != nil {
			continue // not available: the excerpts say so
		}
		carried[pth] = true
		// copied whole, never cut: a text larger than what a reader
		// accepts by default makes that reader fail with refi.ErrLimit,
		// naming the limit to raise, rather than lose its end silently
		cw := newChunkWriter(sw, fw, "text", pth)
		_, err = io.Copy(cw, rc)
		rc.Close()
		if err != nil {
			return rep, fmt.Errorf("workbook: reading %s: %w", pth, err)
		}
		if err := cw.Close(); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// chunkWriter compresses what is written to it (deflate) and writes it as
// rows of base64 chunks of the hidden sheet, as it goes: a project of
// hundreds of megabytes never has to be held whole.
type chunkWriter struct {
	sw         *xlsx.SheetWriter
	kind, name string
	part       int
	buf        bytes.Buffer
	fw         *flate.Writer
	err        error
}

// newChunkWriter resets fw to compress into a new chunkWriter's buffer.
func newChunkWriter(sw *xlsx.SheetWriter, fw *flate.Writer, kind, name string) *chunkWriter {
	c := &chunkWriter{sw: sw, kind: kind, name: name, fw: fw}
	fw.Reset(&c.buf)
	return c
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.fw.Write(p)
	if err != nil {
		return n, err
	}
	for c.buf.Len() >= chunk && c.err == nil {
		c.emit(c.buf.Next(chunk))
	}
	return n, c.err
}

func (c *chunkWriter) emit(b []byte) {
	c.part++
	c.err = c.sw.WriteRow(c.kind, c.name, c.part, base64.StdEncoding.EncodeToString(b))
}

// Close flushes the rest; an empty file still gets one row.
func (c *chunkWriter) Close() error {
	if c.err != nil {
		return c.err
	}
	if err := c.fw.Close(); err != nil {
		return err
	}
	for c.buf.Len() > 0 && c.err == nil {
		c.emit(c.buf.Next(chunk))
	}
	if c.part == 0 && c.err == nil {
		c.emit(nil)
	}
	return c.err
}

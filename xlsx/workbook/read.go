package workbook

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/qdabridge/qdabridge/internal/regular"
	"github.com/qdabridge/qdabridge/internal/zipcheck"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
)

// ErrNotWorkbook means the spreadsheet is not a project workbook written by
// this package (its hidden data sheet is missing or damaged).
var ErrNotWorkbook = errors.New("workbook: not a project workbook (no readable _qdabridge sheet)")

// Result is a workbook read back.
type Result struct {
	// Document is the project with the edits applied, with the plain-text
	// files kept in the workbook as its sources.
	Document *refi.Document
	// Edits lists the changes applied, one per change.
	Edits []Edit
	// Problems lists the rows that could not be applied, each a
	// *xlsx.CellError naming the sheet, row and column.
	Problems []*xlsx.CellError
}

// Edit is one change found in the workbook and applied to the project.
type Edit struct {
	Sheet string
	Row   int
	What  string
}

// String returns the edit on one line.
func (e Edit) String() string {
	if e.Row == 0 {
		return fmt.Sprintf("%s: %s", e.Sheet, e.What)
	}
	return fmt.Sprintf("%s row %d: %s", e.Sheet, e.Row, e.What)
}

// Reader reads project workbooks. The zero value is ready to use.
type Reader struct {
	// Limits for reading the spreadsheet; see xlsx.Reader.
	XLSX xlsx.Reader
	// Limits bound the project and texts the workbook carries: the project
	// may inflate to at most Limits.MaxProjectSize bytes, each text to at
	// most Limits.MaxTextSize, and the project is read with these limits.
	// Zero fields take refi's defaults.
	Limits refi.Limits
}

// Read reads a workbook from r and applies its edits to the project it
// holds. It fails with an error wrapping [ErrNotWorkbook] when the workbook
// was not written by this package, and with the xlsx package's errors when
// the file is not a readable spreadsheet. Problems with single rows are not
// errors: they are in Result.Problems.
func Read(r io.Reader) (*Result, error) { return (&Reader{}).Read(r) }

// ReadFile reads the workbook at path with a default [Reader].
func ReadFile(path string) (*Result, error) { return (&Reader{}).ReadFile(path) }

// ReadFile reads the workbook at path; it fails as Read does, and when the
// file cannot be opened.
func (rd *Reader) ReadFile(path string) (*Result, error) {
	if err := regular.Check(path); err != nil {
		if _, ok := err.(*fs.PathError); ok {
			return nil, fmt.Errorf("workbook: %w", err)
		}
		return nil, fmt.Errorf("workbook: %s is %w", path, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	defer f.Close()
	return rd.Read(f)
}

// Read reads a workbook; see the package function Read.
func (rd *Reader) Read(r io.Reader) (*Result, error) {
	xr := rd.XLSX
	xr.Raw = true
	wb, err := xr.Read(r)
	if err != nil {
		return nil, err
	}
	data := wb.Sheet(sheetData)
	if data == nil {
		return nil, fmt.Errorf("%w: sheet %s is missing", ErrNotWorkbook, sheetData)
	}
	parts, err := readData(data, rd.Limits)
	if err != nil {
		return nil, err
	}
	qde, ok := parts["project"]["project.qde"]
	if !ok {
		return nil, fmt.Errorf("%w: the project is missing", ErrNotWorkbook)
	}
	base, err := (&refi.Reader{Name: "workbook project", Limits: rd.Limits}).ReadQDE(bytes.NewReader(qde))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	texts := fstest.MapFS{}
	for pth, b := range parts["text"] {
		name := strings.TrimPrefix(pth, "internal://")
		if fs.ValidPath(name) {
			texts[name] = &fstest.MapFile{Data: b, Mode: 0o644}
		}
	}
	doc := refi.NewDocument(base.Project, texts) // each text already bounded by rd.Limits
	a := newApplier(doc, wb)
	a.apply()
	return &Result{Document: doc, Edits: a.edits, Problems: a.problems}, nil
}

// readData reassembles the hidden sheet: kind → name → bytes.
// Each part inflates to at most the limit for its kind, and to at most
// Limits.MaxCompressionRatio times its compressed size once over 1 MiB (a
// deflate bomb hidden in the sheet); a part that would inflate further
// fails with an error wrapping refi.ErrLimit, before it is held in memory.
func readData(s *xlsx.Sheet, lim refi.Limits) (map[string]map[string][]byte, error) {
	lim = lim.WithDefaults()
	maxProject, maxText, ratio := lim.MaxProjectSize, lim.MaxTextSize, lim.MaxCompressionRatio
	out := map[string]map[string][]byte{}
	type piece struct {
		part int
		data string
	}
	pieces := map[[2]string][]piece{}
	version := ""
	for _, r := range s.Rows {
		kind, name := r.Get("Kind").Value, r.Get("Name").Value
		if kind == "format" {
			version = name
			continue
		}
		part, _ := r.Get("Part").Int()
		k := [2]string{kind, name}
		pieces[k] = append(pieces[k], piece{part, r.Get("Data").Value})
	}
	if version != formatVersion {
		return nil, fmt.Errorf("%w: unknown format %q", ErrNotWorkbook, version)
	}
	var compressed, inflated int64
	for _, k := range sortedPieces(pieces) {
		ps := pieces[k]
		sort.Slice(ps, func(i, j int) bool { return ps[i].part < ps[j].part })
		var z []byte
		for i, p := range ps {
			if p.part != i+1 {
				return nil, fmt.Errorf("%w: part %d of %s %s is missing", ErrNotWorkbook, i+1, k[0], k[1])
			}
			d, err := base64.StdEncoding.DecodeString(p.data)
			if err != nil {
				return nil, fmt.Errorf("%w: %s %s part %d: %v", ErrNotWorkbook, k[0], k[1], p.part, err)
			}
			z = append(z, d...)
		}
		max := maxText
		if k[0] == "project" {
			max = maxProject
		}
		// all parts together inflate to at most ratio times what they hold
		// compressed, and 1 MiB
		bomb := false
		compressed += int64(len(z))
		if budget := zipcheck.Grace + ratio*compressed - inflated; budget < max {
			max, bomb = budget, true
		}
		b, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), max+1))
		if err != nil {
			return nil, fmt.Errorf("%w: %s %s: %v", ErrNotWorkbook, k[0], k[1], err)
		}
		if int64(len(b)) > max {
			if bomb {
				return nil, fmt.Errorf("workbook: %s %s inflates the hidden sheet's data more than %d times (a zip bomb?): %w", k[0], k[1], ratio, refi.ErrLimit)
			}
			return nil, fmt.Errorf("workbook: %s %s inflates past %d bytes: %w", k[0], k[1], max, refi.ErrLimit)
		}
		inflated += int64(len(b))
		if out[k[0]] == nil {
			out[k[0]] = map[string][]byte{}
		}
		out[k[0]][k[1]] = b
	}
	return out, nil
}

// sortedPieces returns the keys of m in order, so that errors do not depend
// on map order.
func sortedPieces[V any](m map[[2]string]V) [][2]string {
	keys := make([][2]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	return keys
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// valueFromCell reads a cell as a value of variable type t, in the lexical
// form of the schema.
func valueFromCell(c xlsx.Cell, t refi.VariableType) (string, error) {
	if c.IsEmpty() {
		return "", nil
	}
	switch t {
	case refi.VarInteger:
		if c.Type == xlsx.TypeNumber {
			f, err := c.Float()
			if err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				return strconv.FormatInt(int64(f), 10), nil
			}
		}
		s := strings.TrimSpace(c.Value)
		if _, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64); err != nil {
			return "", fmt.Errorf("%q is not a whole number", s)
		}
		return s, nil
	case refi.VarFloat:
		f, err := c.Float()
		if err != nil {
			f, err = strconv.ParseFloat(strings.TrimSpace(c.Value), 64)
		}
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return "", fmt.Errorf("%q is not a number", c.Value)
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	case refi.VarBoolean:
		if c.Type == xlsx.TypeBool {
			b, _ := c.Bool()
			return strconv.FormatBool(b), nil
		}
		switch strings.ToLower(strings.TrimSpace(c.Value)) {
		case "true", "yes", "1", "y":
			return "true", nil
		case "false", "no", "0", "n":
			return "false", nil
		}
		return "", fmt.Errorf("%q is not true or false", c.Value)
	case refi.VarDate:
		tm, err := c.Time()
		if err != nil {
			return "", fmt.Errorf("%q is not a date", c.Value)
		}
		return tm.Format("2006-01-02"), nil
	case refi.VarDateTime:
		s := strings.TrimSpace(c.Value)
		if c.Type == xlsx.TypeString {
			if _, err := (refi.VariableValue{Type: refi.VarDateTime, Value: s}).DateTime(); err == nil {
				return s, nil
			}
		}
		tm, err := c.Time()
		if err != nil {
			return "", fmt.Errorf("%q is not a date and time", c.Value)
		}
		return refi.DateTimeValue("", tm).Value, nil
	}
	return c.Value, nil
}

// sameValue reports whether a cell still holds the value the workbook was
// written with (so the user did not edit it).
func sameValue(c xlsx.Cell, v refi.AttributeValue, ok bool) bool {
	if !ok || v.Type == "" {
		return c.IsEmpty()
	}
	if v.Err != nil {
		return c.Value == v.Raw
	}
	switch v.Type {
	case refi.VarInteger:
		s, err := valueFromCell(c, refi.VarInteger)
		n, err2 := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
		return err == nil && err2 == nil && n == v.Int
	case refi.VarFloat:
		f, err := c.Float()
		return err == nil && f == v.Float
	case refi.VarBoolean:
		s, err := valueFromCell(c, refi.VarBoolean)
		return err == nil && s == strconv.FormatBool(v.Bool)
	case refi.VarDate:
		tm, err := c.Time()
		return err == nil && tm.Format("2006-01-02") == v.Time.Format("2006-01-02")
	}
	return strings.ReplaceAll(c.Value, "\r\n", "\n") == strings.ReplaceAll(clipCell(v.Raw), "\r\n", "\n")
}

package refi

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// RoundTrip is what [RoundTripChecker.Check] found.
type RoundTrip struct {
	// Report is what the write did: its changes (repairs, conversions,
	// losses) and its ledger (what was kept, converted, ..., dropped or
	// made invisible).
	Report
	// Differences lists, one per line, every way the project read back
	// differs from the project read: fields (see [Diff]), source files that
	// are no longer byte-identical, selections whose passage changed, and
	// schema errors in the written file.
	Differences []string
	// Invalid is the schema validation error of the written project
	// document, or nil when it is valid.
	Invalid error
	// Written is the size of the written file in bytes.
	Written int64
	// Unreadable lists the input's source files that could not be read
	// (a damaged archive entry, for example), so could not be compared;
	// they are not differences of the round trip.
	Unreadable []string
}

// OK reports whether the round trip found no difference and the ledger
// no loss.
func (r *RoundTrip) OK() bool { return len(r.Differences) == 0 && !r.Ledger.Lost() }

// roundTripMemory bounds the output written to memory: an output
// estimated larger than a quarter of it goes to a temporary file (in the
// page cache, not the Go heap, and read back from there), so that what a
// check holds is little more than the project read back.
const roundTripMemory = 32 << 20

// RoundTripChecker checks that a document survives being written and read
// back: it writes the document with Writer to memory or a temporary file,
// reads the result back and compares: the projects field by field (or,
// when Writer has a Profile, every selection's passage, since the profile
// converts positions and texts), every source file byte for byte (files a
// profile rewrites excepted), every selection's text, and the written
// document against the schema. The parts that do not depend on each other
// run at once, in goroutines that have all ended when Check returns. A
// codebook is written and compared as a codebook. The zero value checks
// with a zero Writer. A RoundTripChecker keeps nothing between checks: any
// number may run at once.
type RoundTripChecker struct {
	// Writer writes the document (a zero Writer when nil).
	Writer *Writer
	// Validate, when set, is also given the written document, to check it
	// another way, for example with an external schema validator: the
	// project document as written in the archive (FormatQDE), or the
	// codebook (FormatQDC). Its error, unless nil, is added to the result's
	// Differences as it is, so it should name what found it. A project
	// document is given to Validate as it is decompressed, in another
	// goroutine, while the archive is read back and the document validated
	// in Go: Validate should read it as a stream, to the end (what it
	// leaves is not waited for). Its error is dropped when the document
	// is not valid against the schema (that is already a difference), and
	// when the read-back fails (Check then returns an error, after Validate
	// has returned). A codebook, which is small, is given to Validate
	// only when it is valid.
	Validate func(kind Format, written io.Reader) error
	// TempDir is where a large written project is kept while it is
	// compared ("" means os.TempDir()); the file is removed when the check
	// returns.
	TempDir string
}

// Check writes doc, reads it back and compares. The error is for failures
// to write or read back; what differs is in the result.
func (c *RoundTripChecker) Check(doc *Document) (*RoundTrip, error) {
	w := c.Writer
	if w == nil {
		w = &Writer{}
	}
	res := &RoundTrip{}
	if doc.Format == FormatQDC {
		var buf bytes.Buffer
		rep, err := w.Write(&buf, doc, FormatQDC)
		if err != nil {
			return nil, err
		}
		res.Report = *rep
		res.Written = int64(buf.Len())
		res.Invalid = ValidateCodebookXML(bytes.NewReader(buf.Bytes()))
		if res.Invalid == nil && c.Validate != nil {
			res.validate(c.Validate(FormatQDC, bytes.NewReader(buf.Bytes())))
		}
		back, err := (&Reader{Name: doc.File}).ReadQDC(bytes.NewReader(buf.Bytes()))
		if err != nil {
			return nil, fmt.Errorf("refi: reading the written codebook back: %w", err)
		}
		for _, d := range Diff(doc.Project, back.Project) {
			res.Differences = append(res.Differences, d.String())
		}
		res.schema()
		return res, nil
	}

	return c.checkArchive(w, doc, res)
}

// validate records the error of RoundTripChecker.Validate.
func (r *RoundTrip) validate(err error) {
	if err != nil {
		r.Differences = append(r.Differences, err.Error())
	}
}

func (r *RoundTrip) schema() {
	if r.Invalid == nil {
		return
	}
	for _, line := range strings.Split(r.Invalid.Error(), "\n") {
		r.Differences = append(r.Differences, "schema: "+line)
	}
}

// size estimates the size of the document's archive.
func (d *Document) size() int64 {
	var n int64
	for _, f := range d.entries() {
		n += int64(f.CompressedSize64)
	}
	return n
}

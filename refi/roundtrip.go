package refi

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
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

// roundTripMemory is the largest output written to memory; larger ones go
// to a temporary file.
const roundTripMemory = 128 << 20

// RoundTripChecker checks that a document survives being written and read
// back: it writes the document with Writer to memory or a temporary file,
// reads the result back and compares: the projects field by field (or,
// when Writer has a Profile, every selection's passage, since the profile
// converts positions and texts), every source file byte for byte (files a
// profile rewrites excepted), every selection's text, and the written
// document against the schema. A codebook is written and compared as a
// codebook. The zero value checks with a zero Writer. A RoundTripChecker
// keeps nothing between checks: any number may run at once.
type RoundTripChecker struct {
	// Writer writes the document (a zero Writer when nil).
	Writer *Writer
	// Validate, when set, is also given the written document, to check it
	// another way, for example with an external schema validator: the
	// project document as written in the archive (FormatQDE), or the
	// codebook (FormatQDC). Its error, unless nil, is added to the result's
	// Differences as it is, so it should name what found it. It is not
	// called when the written document is not valid against the schema
	// (that is already a difference).
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

	// write the archive to memory, or to a temporary file when large
	var mem bytes.Buffer
	var tmp *os.File
	var out io.Writer = &mem
	if sz := doc.size(); sz > roundTripMemory/4 {
		f, err := os.CreateTemp(c.TempDir, "qdabridge-roundtrip-*.qdpx")
		if err != nil {
			return nil, fmt.Errorf("refi: %w", err)
		}
		tmp = f
		defer func() {
			tmp.Close()
			os.Remove(tmp.Name())
		}()
		out = bufio.NewWriterSize(f, 1<<20)
	}
	rep, err := w.Write(out, doc, FormatQDPX)
	if err != nil {
		return nil, err
	}
	res.Report = *rep
	var back *Document
	rd := &Reader{Name: "written"}
	if tmp != nil {
		if err := out.(*bufio.Writer).Flush(); err != nil {
			return nil, fmt.Errorf("refi: %w", err)
		}
		st, err2 := tmp.Stat()
		if err2 != nil {
			return nil, fmt.Errorf("refi: %w", err2)
		}
		res.Written = st.Size()
		back, err = rd.ReadQDPX(tmp, st.Size())
	} else {
		res.Written = int64(mem.Len())
		back, err = rd.ReadQDPX(bytes.NewReader(mem.Bytes()), int64(mem.Len()))
	}
	if err != nil {
		return nil, fmt.Errorf("refi: reading the written project back: %w", err)
	}
	if f, err := back.Open("project.qde"); err == nil {
		res.Invalid = validateWrittenProject(f, rd.Limits)
		f.Close()
	} else {
		res.Invalid = err
	}
	if res.Invalid == nil && c.Validate != nil {
		f, err := back.Open("project.qde")
		if err != nil {
			return nil, fmt.Errorf("refi: reading the written project back: %w", err)
		}
		res.validate(c.Validate(FormatQDE, f))
		f.Close()
	}
	res.schema()

	if w.Profile == nil {
		for _, d := range Diff(doc.Project, back.Project) {
			res.Differences = append(res.Differences, d.String())
		}
		res.sameFiles(doc, back, nil)
		res.samePassages(doc, back, false)
	} else {
		rewritten := map[string]bool{}
		for _, pth := range doc.Project.PlainTextPaths() {
			rewritten[pth] = true
		}
		res.sameFiles(doc, back, rewritten)
		res.samePassages(doc, back, true)
	}
	for _, wn := range back.Warnings {
		if wn.Code == WarnDuplicateGUID {
			res.Differences = append(res.Differences, "written project: "+wn.String())
		}
	}
	return res, nil
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

// sameFiles compares every file the project names, byte for byte, in the
// order the original project names them (paths are looked up in the
// written project by element, as a profile may rename them).
func (r *RoundTrip) sameFiles(a, b *Document, skip map[string]bool) {
	// paths are paired by the element that names them and the attribute
	type at struct {
		guid GUID
		attr string
		n    int
	}
	keyer := func() func(g GUID, attr string) at {
		seen := map[at]int{}
		return func(g GUID, attr string) at {
			k := at{g.Canonical(), attr, 0}
			k.n = seen[k]
			seen[k]++
			return k
		}
	}
	var pa []string
	var ka []at
	ki := keyer()
	eachTextPath(a.Project, func(_ string, g GUID, attr string, pth string) {
		pa = append(pa, pth)
		ka = append(ka, ki(g, attr))
	})
	pb := map[at]string{}
	ki = keyer()
	eachTextPath(b.Project, func(_ string, g GUID, attr string, pth string) { pb[ki(g, attr)] = pth })
	dropped := r.Ledger.Row(ItemSources).Counts[Dropped] > 0
	seen := map[string]bool{}
	for i, pth := range pa {
		if pth == "" || skip[pth] || seen[pth] {
			continue
		}
		seen[pth] = true
		other, ok := pb[ka[i]]
		if !ok {
			if !dropped { // a file of a source the ledger counts dropped
				r.Differences = append(r.Differences, fmt.Sprintf("file %s: no longer named by the written project", pth))
			}
			continue
		}
		ra, errA := a.OpenSource(pth)
		if errA != nil {
			continue // missing in the input: nothing to keep
		}
		rb, errB := b.OpenSource(other)
		if errB != nil {
			ra.Close()
			r.Differences = append(r.Differences, fmt.Sprintf("file %s: missing in the written archive", pth))
			continue
		}
		same, inputErr, err := sameContent(ra, rb)
		ra.Close()
		rb.Close()
		switch {
		case inputErr != nil:
			r.Unreadable = append(r.Unreadable, fmt.Sprintf("file %s: %v", pth, inputErr))
		case err != nil:
			r.Differences = append(r.Differences, fmt.Sprintf("file %s: %v", pth, err))
		case !same:
			r.Differences = append(r.Differences, fmt.Sprintf("file %s: content differs", pth))
		}
	}
}

// sameContent compares two streams; an error reading a (the input) is
// returned apart from an error reading b.
func sameContent(a, b io.Reader) (same bool, errA, errB error) {
	ba := make([]byte, 64<<10)
	bb := make([]byte, 64<<10)
	for {
		na, ea := io.ReadFull(a, ba)
		nb, eb := io.ReadFull(b, bb)
		endA := errors.Is(ea, io.EOF) || errors.Is(ea, io.ErrUnexpectedEOF)
		endB := errors.Is(eb, io.EOF) || errors.Is(eb, io.ErrUnexpectedEOF)
		if ea != nil && !endA {
			return false, ea, nil
		}
		if !bytes.Equal(ba[:na], bb[:nb]) {
			return false, nil, nil
		}
		if eb != nil && !endB {
			return false, nil, eb
		}
		if endA || endB {
			return endA == endB, nil, nil
		}
	}
}

// samePassages compares the text of every selection. With normalise, line
// breaks are compared as LF (a profile may rewrite them). Selections are
// paired by kind, GUID and occurrence (the n-th selection with that GUID),
// so projects whose selections share a GUID are compared in order too. What
// is kept of the original passages is a hash each, not the texts.
func (r *RoundTrip) samePassages(a, b *Document, normalise bool) {
	norm := func(s string) string {
		if normalise && strings.IndexByte(s, '\r') >= 0 {
			return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
		}
		return s
	}
	// a GUID may be shared by a PDF area and the text selection of the same
	// passage (ATLAS.ti), so the kind is part of the key
	type key struct {
		kind ExcerptKind
		guid GUID
		n    int
	}
	keyer := func() func(e *Excerpt) key {
		seen := map[key]int{}
		return func(e *Excerpt) key {
			k := key{kind: e.Kind, guid: e.Selections[0].Canonical()}
			k.n = seen[k]
			seen[k]++
			return k
		}
	}
	type passage struct {
		sum    [sha256.Size]byte
		failed bool
	}
	want := map[key]passage{}
	keyA := keyer()
	for e := range a.Excerpts(ExcerptOptions{Separate: true, All: true}) {
		if len(e.Selections) == 0 {
			continue
		}
		k := keyA(e)
		if e.err != nil {
			want[k] = passage{failed: true}
			continue
		}
		want[k] = passage{sum: sha256.Sum256([]byte(norm(e.Text)))}
	}
	n, lookups := 0, 0
	keyB := keyer()
	for e := range b.Excerpts(ExcerptOptions{Separate: true, All: true}) {
		if len(e.Selections) == 0 {
			continue
		}
		k := keyB(e)
		w, ok := want[k]
		if !ok {
			continue
		}
		n++
		switch {
		case e.err != nil && !w.failed:
			r.Differences = append(r.Differences, fmt.Sprintf("selection %s: its text can no longer be given: %v", e.Selections[0], e.err))
		case e.err == nil && !w.failed && sha256.Sum256([]byte(norm(e.Text))) != w.sum:
			was := "(not shown)"
			if lookups < 10 { // each lookup reads the input's texts again
				lookups++
				if t, err := a.passageOf(e.Kind, k.guid, k.n); err == nil {
					was = clipString(norm(t))
				}
			}
			r.Differences = append(r.Differences, fmt.Sprintf("selection %s: passage %q became %q", e.Selections[0], was, clipString(norm(e.Text))))
		}
	}
	if dropped := r.Ledger.Row(ItemSelections).Counts[Dropped]; n+dropped < len(want) {
		r.Differences = append(r.Differences, fmt.Sprintf("selections: %d of %d are in the written project (%d counted dropped)", n, len(want), dropped))
	}
}

// passageOf finds the text of the n-th selection of that kind and GUID
// again, for a message.
func (d *Document) passageOf(kind ExcerptKind, g GUID, n int) (string, error) {
	for e := range d.Excerpts(ExcerptOptions{Separate: true, All: true}) {
		if len(e.Selections) == 0 || e.Kind != kind || e.Selections[0].Canonical() != g {
			continue
		}
		if n == 0 {
			return e.Text, e.err
		}
		n--
	}
	return "", ErrNotFound
}

func clipString(s string) string { return clip([]byte(s)) }

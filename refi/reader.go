package refi

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/qdabridge/qdabridge/internal/regular"
	"github.com/qdabridge/qdabridge/internal/zipcheck"
)

// Reader reads REFI-QDA files: .qdpx projects, .qde project documents and
// .qdc codebooks. Its fields are options; the zero value is a lenient reader
// with the default limits. Set the fields before the first call. A Reader
// keeps no state between calls: once its fields are set, one Reader may
// read any number of files from any number of goroutines at once.
//
// A large project is read in a pipeline, on as many cores as GOMAXPROCS
// allows: its project document is inflated, tokenized and decoded at once,
// each source's text is read and measured for position detection as soon
// as the source is decoded, and the references are checked in parts. The
// result, warnings included, is the same as a read on one core; every
// goroutine has ended when a read returns.
type Reader struct {
	// Strict makes every warning of level LevelWarning an error wrapping
	// [ErrStrict] (notices stay notices).
	Strict bool
	// Limits bound what is accepted; zero fields take their defaults.
	Limits Limits
	// MaxWarnings is how many warnings of each code are listed; more are
	// counted in one summary warning. Default 100.
	MaxWarnings int
	// Positions, when set, is used for the project's text positions instead
	// of detecting the convention.
	Positions *Positions
	// External, when set, is the folder of the sources outside the
	// archive: it stands for the project's basePath. A relative:// path is
	// looked up under it (relative:///AR/one.mp4 as AR/one.mp4). An
	// absolute:// path names a file on the producer's computer, so only
	// its last part is used: the part under basePath when the path is
	// under it (absolute:///C:/PROJECT/Sources/AR/one.mp4 with basePath
	// C:/PROJECT/Sources as AR/one.mp4, then, if that is not there,
	// one.mp4), else the file name alone (absolute://C:/Users/x/one.txt as
	// one.txt), with a [WarnSourcePath] warning saying so. Lookups never
	// leave External: a relative:// path with a .. element, a drive letter
	// or a backslash is never followed (an [WarnInsecurePath] warning), and
	// an absolute:// path never leads above the folder. A name is matched exactly, then without
	// regard to case. Without External, files outside the archive are
	// never read. [Document.WithSources] gives a Document such a folder
	// after reading.
	External fs.FS
	// Name is the name used for the input in messages when it is read from
	// an io.Reader; Open sets it from the path.
	Name string

	useStd bool // use the encoding/xml reference tokenizer (tests)
	pipe   int  // tokenize in a goroutine: 0 for large documents, 1 always, -1 never (tests)
	// tap, when set, is given the tokens of the first document tokenized
	// in a goroutine (a round-trip check validates them)
	tap *batchTap
}

// Format is the kind of REFI-QDA file.
type Format string

// The kinds of file.
const (
	FormatQDPX Format = "qdpx"
	FormatQDE  Format = "qde"
	FormatQDC  Format = "qdc"
)

func (r *Reader) limits() Limits { return r.Limits.WithDefaults() }

func (r *Reader) newWarnings() *warnings {
	max := r.MaxWarnings
	if max <= 0 {
		max = 100
	}
	return &warnings{max: max, strict: r.Strict}
}

// source returns the tokenizer of rd, a document of size bytes (-1 when
// not known): a large one is tokenized in a goroutine of its own (close
// the pipeSource then).
func (r *Reader) source(rd io.Reader, size int64) tokenSource {
	l := r.limits()
	if r.useStd {
		return newStdSource(rd)
	}
	sc := newScanner(rd, l.MaxTextSize, l.MaxDepth+1)
	if r.pipe > 0 || r.pipe == 0 && size > pipeMinSize {
		return newPipeSource(sc, r.tap)
	}
	return sc
}

// pipeMinSize is the size from which a document is tokenized in a
// goroutine of its own: below it, starting one costs more than it saves.
const pipeMinSize = 1 << 20

// newDecoder returns a decoder of the XML document rd, of size bytes (-1
// when not known), with the reader's limits.
func (r *Reader) newDecoder(rd io.Reader, size int64, name string, ws *warnings) *decoder {
	d := newDecoder(r.source(rd, size), name, ws)
	l := r.limits()
	d.maxText = l.MaxTextSize
	d.maxDepth = l.MaxDepth + 1 // as the tokenizer (source) counts
	return d
}

// ReadQDPX reads a .qdpx archive of the given size. The Document reads
// source files from ra on demand; ra must stay readable while the Document is
// used.
//
// It fails with an error wrapping [ErrNotZip] when the input is not a zip
// archive, [ErrNoProject] when it holds no .qde file, [ErrLimit] when a limit
// is exceeded, [ErrFormat] when the .qde is not a REFI-QDA project, and a
// *FormatError (naming the file, element path, GUID and line) when its XML is
// not well-formed or, with Strict, at the first warning.
func (r *Reader) ReadQDPX(ra io.ReaderAt, size int64) (*Document, error) {
	name := r.Name
	l := r.limits()
	// The directory is read into memory by archive/zip: refuse one that
	// claims too many entries before reading it.
	if n, ok := zipcheck.DirectoryRecords(ra, size); ok && n > uint64(l.MaxEntries) {
		return nil, fmt.Errorf("%w: %sarchive has %d entries (limit %d)", ErrLimit, prefixName(name), n, l.MaxEntries)
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%w: %s%v", ErrNotZip, prefixName(name), err)
	}
	zr.RegisterDecompressor(zip.Deflate, inflater)
	ws := r.newWarnings()
	a, err := r.index(zr, size, ws)
	if err != nil {
		return nil, err
	}
	rc, err := a.openEntry(a.qde, a.limits.MaxProjectSize)
	if err != nil {
		return nil, err
	}
	if a.qde.UncompressedSize64 > aheadBlockSize {
		rc = newReadAhead(rc)
	}
	defer rc.Close()
	doc, err := r.decode(rc, int64(a.qde.UncompressedSize64), a.qde.Name, ws, a)
	if err != nil {
		return nil, err
	}
	if doc.Format == FormatQDC {
		return nil, &FormatError{File: a.qde.Name, Err: fmt.Errorf("%w: the archive holds a codebook, not a project", ErrFormat)}
	}
	doc.Format = FormatQDPX
	if err := r.finishProject(doc, ws); err != nil {
		return nil, err
	}
	return doc, nil
}

func prefixName(name string) string {
	if name == "" {
		return ""
	}
	return name + ": "
}

// ReadQDE reads a project document (project.qde) from rd. An io.Reader
// has no folder, so the internal:// files the project names are neither
// read nor checked (no missing-source-file warnings): give the folder
// holding them with [Document.WithSources], which also checks them, or use
// Open on the .qde file, which looks in its folder. relative:// and
// absolute:// files are read from Reader.External when it is set. It
// fails as ReadQDPX does for the project document.
func (r *Reader) ReadQDE(rd io.Reader) (*Document, error) {
	ws := r.newWarnings()
	name := r.Name
	if name == "" {
		name = "project.qde"
	}
	doc, err := r.decode(io.LimitReader(rd, r.limits().MaxProjectSize+1), -1, name, ws, &archive{limits: r.limits(), external: r.External})
	if err != nil {
		return nil, err
	}
	if doc.Format == FormatQDC {
		return nil, &FormatError{File: name, Err: fmt.Errorf("%w: a codebook, not a project", ErrFormat)}
	}
	doc.Format = FormatQDE
	if err := r.finishProject(doc, ws); err != nil {
		return nil, err
	}
	return doc, nil
}

// ReadQDC reads a codebook (.qdc).
func (r *Reader) ReadQDC(rd io.Reader) (*Document, error) {
	ws := r.newWarnings()
	name := r.Name
	if name == "" {
		name = "codebook.qdc"
	}
	d := r.newDecoder(io.LimitReader(rd, r.limits().MaxProjectSize+1), -1, name, ws)
	defer d.close()
	cb, err := d.decodeCodebook()
	if err != nil {
		return nil, err
	}
	doc := codebookDocument(cb, name, d.qdaSpace, &archive{})
	checkCodebook(cb, ws, name)
	doc.Warnings = ws.result()
	if ws.strictE != nil {
		return nil, ws.strictE
	}
	return doc, nil
}

// Open reads the file at path, whatever its kind: a .qdpx archive (by its
// content, not its name), or an XML document whose root is Project (a .qde)
// or CodeBook (a .qdc). The internal:// files of a .qde are looked up in its
// folder as in an unpacked archive: in sources/, in Sources/, then in the
// folder itself (names differing only in case are found too, and a
// symbolic link cannot lead out of the folder); each that is not there has
// a [WarnMissingSource] warning, as in an archive. relative:// and
// absolute:// files are read from Reader.External only. The Document holds
// the file (or the folder) open; Close it. A path that is not a regular
// file (a named pipe, a device, a folder) is refused before it is opened,
// since opening or reading it might never end.
func (r *Reader) Open(path string) (*Document, error) {
	if err := regular.Check(path); err != nil {
		if _, ok := err.(*fs.PathError); ok {
			return nil, fmt.Errorf("refi: %w", err)
		}
		return nil, fmt.Errorf("refi: %s is %w", path, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("refi: %w", err)
	}
	doc, err := r.openFile(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	return doc, nil
}

func (r *Reader) openFile(f *os.File, path string) (*Document, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("refi: %w", err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("refi: %s is a directory", path)
	}
	var head [512]byte
	n, _ := io.ReadFull(f, head[:])
	magic := head[:n]
	rr := *r
	if rr.Name == "" {
		rr.Name = filepath.Base(path)
	}
	if n >= 2 && magic[0] == 'P' && magic[1] == 'K' {
		doc, err := rr.ReadQDPX(f, st.Size())
		if err != nil {
			return nil, err
		}
		doc.a.closer = f
		return doc, nil
	}
	if !looksLikeXML(magic) {
		what := "an empty file"
		if n > 0 {
			what = fmt.Sprintf("a file starting %q", clip(magic[:min(n, 16)]))
		}
		if strings.EqualFold(filepath.Ext(path), ".qdpx") {
			return nil, fmt.Errorf("%w: %s is %s", ErrNotZip, rr.Name, what)
		}
		return nil, fmt.Errorf("%w: %s is neither a zip archive nor an XML document (%s)", ErrFormat, rr.Name, what)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("refi: %w", err)
	}
	ws := rr.newWarnings()
	a := &archive{limits: rr.limits(), external: rr.External}
	// The sources are looked up in the .qde's folder through an os.Root: a
	// symbolic link there cannot lead out of the folder (to a key file
	// that a written .qdpx would then carry away).
	if root, err := os.OpenRoot(filepath.Dir(path)); err == nil {
		a.dir, a.closer = root.FS(), root
	}
	doc, err := rr.decode(bufio.NewReaderSize(io.LimitReader(f, a.limits.MaxProjectSize+1), 64<<10), st.Size(), rr.Name, ws, a)
	if err != nil {
		closeArchive(a)
		return nil, err
	}
	f.Close()
	if doc.Format == FormatQDC {
		closeArchive(a) // a codebook has no files
		a.dir = nil
		checkCodebook(doc.Project.asCodebook(), ws, doc.File)
		doc.Warnings = ws.result()
		if ws.strictE != nil {
			return nil, ws.strictE
		}
		return doc, nil
	}
	doc.Format = FormatQDE
	if err := rr.finishProject(doc, ws); err != nil {
		closeArchive(a)
		return nil, err
	}
	return doc, nil
}

// looksLikeXML reports whether a file starting with head may be an XML
// document: after a byte-order mark and white space comes '<' (in UTF-8 or
// UTF-16), or nothing yet.
func looksLikeXML(head []byte) bool {
	switch {
	case len(head) == 0:
		return false
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		head = head[3:]
	case hasUTF16BOM(head), bytes.HasPrefix(head, []byte{0, '<'}), bytes.HasPrefix(head, []byte{'<', 0}):
		return true
	}
	head = bytes.TrimLeft(head, " \t\r\n")
	return len(head) == 0 || head[0] == '<'
}

// decode parses a project or codebook document. The texts of a project's
// sources are measured for position detection while it is read; the
// Document holds the measuring until finishProject.
func (r *Reader) decode(rd io.Reader, size int64, name string, ws *warnings, a *archive) (*Document, error) {
	d := r.newDecoder(rd, size, name, ws)
	defer d.close()
	d.measure = newMeasuring(a, name)
	p, cb, err := d.decodeAny()
	if err == nil && ws.strictE != nil {
		err = ws.strictE
	}
	if err != nil || cb != nil {
		d.measure.stop()
	}
	if err != nil {
		return nil, err
	}
	if cb != nil {
		return codebookDocument(cb, name, d.qdaSpace, a), nil
	}
	return &Document{Project: p, File: name, Namespace: d.qdaSpace, a: a, measure: d.measure}, nil
}

// codebookDocument is the Document of a codebook: a project holding its
// codes, sets, origin and extensions.
func codebookDocument(cb *codebook, name, space string, a *archive) *Document {
	p := &Project{Origin: cb.Origin, Codes: cb.Codes, Sets: cb.Sets, Extensions: cb.Extensions}
	return &Document{Format: FormatQDC, Project: p, File: name, Namespace: space, a: a}
}

// finishProject checks references and source files and detects the
// position convention.
func (r *Reader) finishProject(doc *Document, ws *warnings) error {
	p := doc.Project
	m := doc.measure
	doc.measure = nil
	if m == nil {
		m = newMeasuring(doc.a, doc.File)
	}
	if doc.a.basePath != p.BasePath {
		doc.a.basePath = p.BasePath // no source was read, so no text is being measured
	}
	doc.maxWarn = ws.max
	// the notes' texts are measured beside the checks, as the sources'
	// were beside the decoding
	m.add(noteJobs(nil, p))
	checkProject(p, ws, doc.File)
	doc.a.checkSources(p, ws, doc.File)
	det := r.detect(doc, ws, m)
	doc.Detection = det
	p.Positions = det.Positions
	doc.Warnings = ws.result()
	if ws.strictE != nil {
		return ws.strictE
	}
	return nil
}

// Open reads the REFI-QDA file at path with a default [Reader].
func Open(path string) (*Document, error) { return (&Reader{}).Open(path) }

// ReadQDPX reads a .qdpx archive with a default [Reader].
func ReadQDPX(ra io.ReaderAt, size int64) (*Document, error) {
	return (&Reader{}).ReadQDPX(ra, size)
}

// ReadQDE reads a project document with a default [Reader].
func ReadQDE(rd io.Reader) (*Document, error) { return (&Reader{}).ReadQDE(rd) }

// ReadQDC reads a codebook with a default [Reader].
func ReadQDC(rd io.Reader) (*Document, error) { return (&Reader{}).ReadQDC(rd) }

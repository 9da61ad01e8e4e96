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
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/qdabridge/qdabridge/internal/zipcheck"
)

// Reader reads REFI-QDA files: .qdpx projects, .qde project documents and
// .qdc codebooks. Its fields are options; the zero value is a lenient reader
// with the default limits. Set the fields before the first call. A Reader
// keeps no state between calls: once its fields are set, one Reader may
// read any number of files from any number of goroutines at once.
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
}

// Format is the kind of REFI-QDA file.
type Format string

// The kinds of file.
const (
	FormatQDPX Format = "qdpx"
	FormatQDE  Format = "qde"
	FormatQDC  Format = "qdc"
)

// Document is a project with access to its source files: one read from a
// REFI-QDA file, with the warnings met while reading, or one made in Go
// ([New], [NewDocument]). Project is never nil. A codebook (.qdc) is read
// as a project that holds only its codes and sets (and its origin), with
// Format FormatQDC, so that the same code serves both.
//
// A Document is an fs.FS over the archive or folder it was read from
// (names as in the archive, looked up case-insensitively when there is no
// exact match). A Document may be read from many goroutines at once; its
// Project may not be changed while it is.
type Document struct {
	// Format is the format of the file read (FormatQDE for one made in Go).
	Format  Format
	Project *Project
	// Warnings lists the quirks and problems met, in the order met.
	Warnings []Warning
	// Detection says what the project's text positions count and why.
	Detection Detection
	// Namespace is the XML namespace the document used.
	Namespace string
	// File is the name of the project file inside the archive (for example
	// "project.qde" or "Project.qde"), or of the file read.
	File string

	a       *archive
	maxWarn int // Reader.MaxWarnings it was read with
}

// archive gives access to the files beside the project document.
type archive struct {
	zr         *zip.Reader
	files      []*zip.File          // usable entries in archive order
	byName     map[string]*zip.File // exact names
	byFold     map[string]*zip.File // lower-case names
	qde        *zip.File
	sourcesDir string // "sources/", "Sources/"... or "" when none
	prefix     string // folder holding the project when the archive wraps it in one
	dir        fs.FS  // folder of a .qde read from disk, or given with WithSources
	external   fs.FS  // folder of relative:// and absolute:// files (Reader.External, WithSources)
	basePath   string // the project's basePath, for absolute:// paths
	added      map[string][]byte // texts added in Go (Document.AddText), by internal name
	closer     io.Closer
	limits     Limits
	dirOnce    sync.Once
	dirMap     map[string][]fs.DirEntry
	dirFold    foldIndex // names in dir without case, listed on demand
	extFold    foldIndex // names in external likewise
}

func (r *Reader) limits() Limits { return r.Limits.WithDefaults() }

func (r *Reader) newWarnings() *warnings {
	max := r.MaxWarnings
	if max <= 0 {
		max = 100
	}
	return &warnings{max: max, strict: r.Strict}
}

func (r *Reader) source(rd io.Reader) tokenSource {
	l := r.limits()
	if r.useStd {
		return newStdSource(rd)
	}
	return newScanner(rd, l.MaxTextSize, l.MaxDepth+1)
}

// newDecoder returns a decoder of the XML document rd with the reader's
// limits.
func (r *Reader) newDecoder(rd io.Reader, name string, ws *warnings) *decoder {
	d := newDecoder(r.source(rd), name, ws)
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
	ws := r.newWarnings()
	a, err := r.index(zr, size, ws)
	if err != nil {
		return nil, err
	}
	rc, err := a.openEntry(a.qde, a.limits.MaxProjectSize)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	doc, err := r.decode(rc, a.qde.Name, ws, a)
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
	doc, err := r.decode(io.LimitReader(rd, r.limits().MaxProjectSize+1), name, ws, &archive{limits: r.limits(), external: r.External})
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
	d := r.newDecoder(io.LimitReader(rd, r.limits().MaxProjectSize+1), name, ws)
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
// the file (or the folder) open; Close it.
func (r *Reader) Open(path string) (*Document, error) {
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
	doc, err := rr.decode(bufio.NewReaderSize(io.LimitReader(f, a.limits.MaxProjectSize+1), 64<<10), rr.Name, ws, a)
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

// closeArchive releases what an archive holds open.
func closeArchive(a *archive) {
	if a.closer != nil {
		a.closer.Close()
		a.closer = nil
	}
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

// decode parses a project or codebook document.
func (r *Reader) decode(rd io.Reader, name string, ws *warnings, a *archive) (*Document, error) {
	d := r.newDecoder(rd, name, ws)
	p, cb, err := d.decodeAny()
	if err != nil {
		return nil, err
	}
	if ws.strictE != nil {
		return nil, ws.strictE
	}
	if cb != nil {
		return codebookDocument(cb, name, d.qdaSpace, a), nil
	}
	return &Document{Project: p, File: name, Namespace: d.qdaSpace, a: a}, nil
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
	checkProject(p, ws, doc.File)
	doc.a.basePath = p.BasePath
	doc.maxWarn = ws.max
	doc.a.checkSources(p, ws, doc.File)
	det, err := r.detect(doc, ws)
	if err != nil {
		return err
	}
	doc.Detection = det
	p.Positions = det.Positions
	doc.Warnings = ws.result()
	if ws.strictE != nil {
		return ws.strictE
	}
	return nil
}

// Close releases the file (or, for a .qde, the folder of its sources) a
// Document read with Open holds. It is safe to call on any Document, and
// more than once.
func (d *Document) Close() error {
	if d == nil || d.a == nil || d.a.closer == nil {
		return nil
	}
	c := d.a.closer
	d.a.closer = nil
	return c.Close()
}

// Package-level helpers using a zero Reader.

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

// archive index

// insecureName reports why an archive entry name or a source path would
// leave its folder, or "" when it is safe.
func insecureName(name string) string {
	switch {
	case name == "":
		return "empty name"
	case strings.ContainsRune(name, 0):
		return "NUL character"
	case strings.Contains(name, `\`):
		return "backslash"
	case strings.HasPrefix(name, "/"):
		return "absolute path"
	case len(name) >= 2 && name[1] == ':' && (name[0]|0x20 >= 'a' && name[0]|0x20 <= 'z'):
		return "drive letter"
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return "parent directory (..)"
		}
	}
	return ""
}

func (r *Reader) index(zr *zip.Reader, size int64, ws *warnings) (*archive, error) {
	l := r.limits()
	a := &archive{zr: zr, byName: map[string]*zip.File{}, byFold: map[string]*zip.File{}, limits: l, external: r.External}
	if len(zr.File) > l.MaxEntries {
		return nil, fmt.Errorf("%w: %sarchive has %d entries (limit %d)", ErrLimit, prefixName(r.Name), len(zr.File), l.MaxEntries)
	}
	// Entries hold disjoint parts of the archive, so their compressed
	// sizes add up to less than its size. More means entries overlap: the
	// construction of the zip bombs that inflate one small block of data
	// over and over, under many names.
	if f, bad := zipcheck.Overlapping(zr.File, size); bad {
		return nil, &bombError{fmt.Sprintf("%sarchive entries overlap or claim more data than the archive holds (%s among them): a corrupt archive or a zip bomb", prefixName(r.Name), f.Name)}
	}
	var total uint64
	for _, f := range zr.File {
		if why := insecureName(f.Name); why != "" {
			ws.add(Warning{Code: WarnInsecurePath, File: f.Name, Message: fmt.Sprintf("archive entry name %q is unsafe (%s); ignored and never copied", f.Name, why)})
			continue
		}
		if strings.HasSuffix(f.Name, "/") {
			continue // directory
		}
		total += f.UncompressedSize64
		if total > uint64(l.MaxTotalSize) {
			return nil, fmt.Errorf("%w: %sarchive entries total more than %d bytes uncompressed", ErrLimit, prefixName(r.Name), l.MaxTotalSize)
		}
		fold := strings.ToLower(f.Name)
		if _, dup := a.byFold[fold]; dup {
			ws.add(Warning{Code: WarnInsecurePath, File: f.Name, Message: fmt.Sprintf("archive entry %q repeats an earlier name; ignored", f.Name)})
			continue
		}
		a.byName[f.Name] = f
		a.byFold[fold] = f
		a.files = append(a.files, f)
	}
	// the project document: a *.qde at the root, or in a single folder
	var qdes []*zip.File
	for _, f := range a.files {
		if !strings.Contains(f.Name, "/") && strings.HasSuffix(strings.ToLower(f.Name), ".qde") {
			qdes = append(qdes, f)
		}
	}
	if len(qdes) == 0 {
		for _, f := range a.files {
			if i := strings.IndexByte(f.Name, '/'); i > 0 && !strings.Contains(f.Name[i+1:], "/") && strings.HasSuffix(strings.ToLower(f.Name), ".qde") {
				qdes = append(qdes, f)
				a.prefix = f.Name[:i+1]
			}
		}
		if len(qdes) > 0 {
			ws.add(Warning{Code: WarnQDEName, File: qdes[0].Name, Message: fmt.Sprintf("the project is inside the folder %q of the archive, not at its root", a.prefix)})
		}
	}
	if len(qdes) == 0 {
		return nil, fmt.Errorf("%w (%sno *.qde file at the root)", ErrNoProject, prefixName(r.Name))
	}
	a.qde = qdes[0]
	for _, f := range qdes {
		if strings.EqualFold(path.Base(f.Name), "project.qde") {
			a.qde = f
		}
	}
	if len(qdes) > 1 {
		ws.add(Warning{Code: WarnQDEName, File: a.qde.Name, Message: fmt.Sprintf("the archive holds %d .qde files; %s is read", len(qdes), a.qde.Name)})
	} else if path.Base(a.qde.Name) != "project.qde" {
		ws.add(Warning{Code: WarnQDEName, File: a.qde.Name, Message: fmt.Sprintf("the project file is named %q, not project.qde", path.Base(a.qde.Name))})
	}
	// the sources folder
	for _, f := range a.files {
		rest, ok := strings.CutPrefix(f.Name, a.prefix)
		if !ok {
			continue
		}
		if i := strings.IndexByte(rest, '/'); i > 0 && strings.EqualFold(rest[:i], "sources") {
			a.sourcesDir = a.prefix + rest[:i+1]
			break
		}
	}
	return a, nil
}

// openEntry opens an archive entry, refusing entries larger than limit.
// Reads fail if the entry inflates past its declared size.
// It also refuses an entry larger than 1 MiB that would inflate more than
// Limits.MaxCompressionRatio times its compressed size: archive/zip stops an
// entry at the size its header declares and reads no more compressed data
// than the header declares, so the declared sizes bound the real ratio.
func (a *archive) openEntry(f *zip.File, limit int64) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(limit) || f.UncompressedSize64 > uint64(a.limits.MaxEntrySize) {
		return nil, fmt.Errorf("%w: %s is %d bytes uncompressed (limit %d)", ErrLimit, f.Name, f.UncompressedSize64, min(limit, a.limits.MaxEntrySize))
	}
	if zipcheck.TooCompressed(f, a.limits.MaxCompressionRatio) {
		return nil, fmt.Errorf("%w: %s would inflate from %d to %d bytes, more than %d times (a zip bomb?)", ErrLimit, f.Name, f.CompressedSize64, f.UncompressedSize64, a.limits.MaxCompressionRatio)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNotZip, f.Name, err)
	}
	return &entryReader{rc: rc, name: f.Name, size: f.UncompressedSize64, left: int64(f.UncompressedSize64)}, nil
}

// entryReader turns archive/zip's errors into this package's.
type entryReader struct {
	rc   io.ReadCloser
	name string
	size uint64
	left int64
}

func (e *entryReader) Read(p []byte) (int, error) {
	n, err := e.rc.Read(p)
	e.left -= int64(n)
	switch {
	case err == nil || err == io.EOF:
	case errors.Is(err, zip.ErrFormat) && e.left > 0:
		// archive/zip drops the bytes of a read that goes past the
		// declared size and says ErrFormat; nothing else can make it say
		// so before the declared size is reached
		err = &bombError{fmt.Sprintf("%s inflates past the %d bytes its header declares: a corrupt archive or a zip bomb", e.name, e.size)}
	default:
		err = fmt.Errorf("%w: %s is corrupt or truncated: %v", ErrNotZip, e.name, err)
	}
	return n, err
}

// bombError reports an archive built to inflate to far more than it
// declares. It is both an [ErrNotZip] (the archive is not a valid zip
// archive) and an [ErrLimit].
type bombError struct{ msg string }

func (e *bombError) Error() string { return "refi: " + e.msg }

// Is reports whether target is ErrNotZip or ErrLimit.
func (e *bombError) Is(target error) bool { return target == ErrNotZip || target == ErrLimit }

func (e *entryReader) Close() error { return e.rc.Close() }

// lookup finds an entry by name: exactly, then case-insensitively.
func (a *archive) lookup(name string) *zip.File {
	if a.zr == nil {
		return nil
	}
	if f, ok := a.byName[name]; ok {
		return f
	}
	return a.byFold[strings.ToLower(name)]
}

// resolved is where a source path leads.
type resolved struct {
	internal string    // internal file name, when internal
	file     *zip.File // the archive entry, when found
	external string    // path under External, when relative:// or absolute://
	fallback string    // for absolute://, the file name alone, looked for when external is not found
	why      string    // why it cannot be resolved
	unsafe   string    // why it would leave the archive or folder, when it would
	quirk    string    // a warning about its form
}

// resolve interprets a source path: internal://name, relative://path,
// absolute://path, or a bare name (read as internal).
func (a *archive) resolve(p string) resolved {
	var res resolved
	rest, scheme := p, ""
	if i := strings.Index(p, "://"); i > 0 {
		scheme, rest = strings.ToLower(p[:i]), p[i+3:]
	}
	switch scheme {
	case "internal":
	case "":
		res.quirk = fmt.Sprintf("source path %q has no internal:// scheme; read as an internal file", p)
	case "relative":
		rest = strings.TrimLeft(rest, "/")
		if why := insecureName(rest); why != "" {
			res.why, res.unsafe = fmt.Sprintf("path %q is unsafe (%s)", p, why), why
			return res
		}
		// relative:///AR//x.mp4 and relative://./x.mp4 name AR/x.mp4 and x.mp4
		res.external = path.Clean(rest)
		if res.external == "." {
			res.why = fmt.Sprintf("path %q names no file", p)
		}
		return res
	case "absolute":
		if a.external == nil {
			res.why = fmt.Sprintf("absolute path %q is outside the archive and is not read (give the folder of the sources to read it)", p)
			return res
		}
		res.external, res.fallback = confineAbsolute(rest, a.basePath)
		if res.external == "" {
			res.why = fmt.Sprintf("absolute path %q names no file", p)
			return res
		}
		if res.fallback != "" {
			res.quirk = fmt.Sprintf("absolute path %q looked for as %s, then %s, in the folder of the sources", p, res.external, res.fallback)
		} else {
			res.quirk = fmt.Sprintf("absolute path %q looked for as %s in the folder of the sources", p, res.external)
		}
		return res
	default:
		res.why = fmt.Sprintf("unknown scheme in source path %q", p)
		return res
	}
	if why := insecureName(rest); why != "" {
		res.why, res.unsafe = fmt.Sprintf("path %q is unsafe (%s)", p, why), why
		return res
	}
	if i := strings.IndexByte(rest, '/'); i > 0 && strings.EqualFold(rest[:i], "sources") {
		res.quirk = fmt.Sprintf("source path %q names the sources folder inside the URL", p)
		rest = rest[i+1:]
	}
	res.internal = rest
	if a.zr != nil {
		for _, cand := range []string{a.sourcesDir + rest, a.prefix + "sources/" + rest, a.prefix + rest} {
			if f := a.lookup(cand); f != nil {
				res.file = f
				break
			}
		}
	}
	return res
}

// confineAbsolute maps the path of an absolute:// URL (a file on the
// producer's computer: /C:/PROJECT/Sources/AR/x.mp4, C:\Users\x\y.txt,
// /home/u/y.txt, //server/share/y.txt) to names inside the folder of the
// sources, which stands for basePath: its part under basePath, when it is
// under it, with the file name alone as the fallback; else the file name
// alone. Neither can leave the folder: a part with a .. element is not
// used. It returns "" when the path names no file.
func confineAbsolute(abs, basePath string) (name, fallback string) {
	norm := func(s string) string {
		s = strings.ReplaceAll(s, `\`, "/")
		if len(s) >= 3 && s[0] == '/' && s[2] == ':' && (s[1]|0x20 >= 'a' && s[1]|0x20 <= 'z') {
			s = s[1:] // /C:/x is C:/x
		}
		return strings.TrimRight(s, "/")
	}
	abs = norm(abs)
	base := path.Base(abs)
	if base == "." || base == "/" || base == ".." || insecureName(base) != "" {
		base = ""
	}
	if b := norm(basePath); b != "" && len(abs) > len(b)+1 && abs[len(b)] == '/' && strings.EqualFold(abs[:len(b)], b) {
		if rel := strings.TrimLeft(abs[len(b)+1:], "/"); insecureName(rel) == "" {
			if rel = path.Clean(rel); rel != "." && rel != base {
				return rel, base
			}
		}
	}
	return base, ""
}

// A foldIndex lists the folders of an fs.FS by lower-case name, to find a
// file whose name differs only in case from the one a project names, as
// names in an archive are found. Each folder is listed once, on demand; the
// index is safe for concurrent use.
type foldIndex struct {
	mu    sync.Mutex
	lists map[string]map[string]string // folder → lower-case name → name
}

// lookup returns the name in fsys of the file name, matched without regard
// to case element by element, or "" when there is none.
func (x *foldIndex) lookup(fsys fs.FS, name string) string {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.lists == nil {
		x.lists = map[string]map[string]string{}
	}
	dirs := x.lists
	dir := "."
	for _, elem := range strings.Split(name, "/") {
		names, ok := dirs[dir]
		if !ok {
			entries, _ := fs.ReadDir(fsys, dir)
			names = make(map[string]string, len(entries))
			for _, e := range entries {
				k := strings.ToLower(e.Name())
				if _, dup := names[k]; !dup {
					names[k] = e.Name()
				}
			}
			dirs[dir] = names
		}
		found, ok := names[strings.ToLower(elem)]
		if !ok {
			return ""
		}
		dir = path.Join(dir, found)
	}
	return dir
}

// openIn opens the file name in the folder fsys (whose names idx lists): the
// exact name, else a name differing only in case. It fails with an error
// wrapping fs.ErrNotExist when there is neither, and refuses a folder.
//
// With statOnly, the file is not opened (a nil fs.File is returned): fs.Stat
// checks that it is there, in one call where fsys implements fs.StatFS.
func openIn(fsys fs.FS, idx *foldIndex, name string, statOnly bool) (fs.File, int64, error) {
	try := func(name string) (fs.File, int64, error) {
		if statOnly {
			st, err := fs.Stat(fsys, name)
			if err == nil && st.IsDir() {
				err = fmt.Errorf("%s is a folder: %w", name, fs.ErrNotExist)
			}
			if err != nil {
				return nil, 0, err
			}
			return nil, st.Size(), nil
		}
		f, err := fsys.Open(name)
		if err != nil {
			return nil, 0, err
		}
		st, err := f.Stat()
		if err == nil && st.IsDir() {
			err = fmt.Errorf("%s is a folder: %w", name, fs.ErrNotExist)
		}
		if err != nil {
			f.Close()
			return nil, 0, err
		}
		return f, st.Size(), nil
	}
	if !fs.ValidPath(name) || name == "." {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, size, err := try(name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return f, size, err
	}
	if other := idx.lookup(fsys, name); other != "" && other != name {
		if f, size, err2 := try(other); err2 == nil {
			return f, size, nil
		}
	}
	return nil, 0, err
}

// openExternal opens a relative:// or absolute:// file in the folder of
// the sources (with statOnly, as openIn says).
func (a *archive) openExternal(res resolved, statOnly bool) (fs.File, int64, error) {
	f, size, err := openIn(a.external, &a.extFold, res.external, statOnly)
	if err != nil && res.fallback != "" && errors.Is(err, fs.ErrNotExist) {
		f, size, err = openIn(a.external, &a.extFold, res.fallback, statOnly)
	}
	return f, size, err
}

// openInDir opens the internal file name in the folder of a .qde (or given
// with WithSources), looked for as an unpacked archive holds it: in
// sources/, Sources/ (any case), then in the folder itself (with statOnly,
// as openIn says).
func (a *archive) openInDir(name string, statOnly bool) (fs.File, int64, error) {
	var err error
	for _, cand := range []string{"sources/" + name, "Sources/" + name, name} {
		var f fs.File
		var size int64
		if f, size, err = openIn(a.dir, &a.dirFold, cand, statOnly); err == nil {
			return f, size, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, 0, err
		}
	}
	return nil, 0, err
}

// open opens a source path for reading.
func (a *archive) open(p string) (io.ReadCloser, int64, error) {
	res := a.resolve(p)
	if res.why != "" {
		return nil, 0, fmt.Errorf("%w: %s", ErrInsecurePath, res.why)
	}
	if res.external != "" {
		if a.external == nil {
			return nil, 0, fmt.Errorf("%w: %s is outside the archive (give the folder of the sources: Reader.External, or Document.WithSources)", ErrNotFound, p)
		}
		f, size, err := a.openExternal(res, false)
		if err != nil {
			return nil, 0, fmt.Errorf("%w: %s: %v", ErrNotFound, p, err)
		}
		return f, size, nil
	}
	if b, ok := a.added[res.internal]; ok && res.internal != "" {
		return io.NopCloser(bytes.NewReader(b)), int64(len(b)), nil
	}
	if res.file != nil {
		rc, err := a.openEntry(res.file, a.limits.MaxEntrySize)
		return rc, int64(res.file.UncompressedSize64), err
	}
	if a.dir != nil {
		if f, size, err := a.openInDir(res.internal, false); err == nil {
			return f, size, nil
		}
	}
	return nil, 0, fmt.Errorf("%w: %s", ErrNotFound, p)
}

// noFolder is where the internal files of a document read from an
// io.Reader are looked for.
const noFolder = "any folder (the project document was read without one)"

// exists reports whether the file res names can be opened, and what was
// looked at, for a message when it cannot: noFolder for an internal file
// of a .qde read from an io.Reader, "" for relative:// and absolute://
// paths when no folder of sources was given (nothing to report: they are
// not read).
func (a *archive) exists(res resolved) (bool, string) {
	switch {
	case res.external != "":
		if a.external == nil {
			return false, ""
		}
		if _, _, err := a.openExternal(res, true); err != nil {
			return false, "the folder of the sources"
		}
		return true, ""
	case a.added[res.internal] != nil && res.internal != "":
		return true, ""
	case a.zr != nil:
		return res.file != nil, "the archive"
	case a.dir != nil:
		if _, _, err := a.openInDir(res.internal, true); err != nil {
			return false, "the project's folder (sources/, Sources/ or the folder itself)"
		}
		return true, ""
	}
	return false, noFolder
}

// checkSources warns about source paths that are unsafe, odd or missing.
func (a *archive) checkSources(p *Project, ws *warnings, file string) {
	a.sourceWarnings(p, file, false, ws.add)
}

// sourceWarnings passes add a warning for each source path of p that is
// unsafe, odd or missing, and for a sources folder other than sources/.
// Internal files of a document read without its folder are missing only
// when all is set.
func (a *archive) sourceWarnings(p *Project, file string, all bool, add func(Warning)) {
	usedCapital := false
	// a path named again is looked for in a folder once
	type found struct {
		ok    bool
		where string
	}
	var seen map[string]found
	exists := func(pth string, res resolved) (bool, string) {
		if a.zr != nil && res.external == "" {
			return a.exists(res) // in the archive's index
		}
		if f, ok := seen[pth]; ok {
			return f.ok, f.where
		}
		if seen == nil {
			seen = map[string]found{}
		}
		ok, where := a.exists(res)
		seen[pth] = found{ok, where}
		return ok, where
	}
	eachTextPath(p, func(owner string, guid GUID, attr, pth string) {
		if pth == "" {
			return
		}
		res := a.resolve(pth)
		switch {
		case res.why != "":
			code := WarnInsecurePath
			if res.unsafe == "" {
				code = WarnSourcePath
			}
			add(Warning{Code: code, File: file, Path: owner, GUID: guid, Attr: attr, Message: res.why})
			return
		case res.quirk != "":
			add(Warning{Code: WarnSourcePath, File: file, Path: owner, GUID: guid, Attr: attr, Message: res.quirk})
		}
		ok, where := exists(pth, res)
		if !ok {
			if where == noFolder && !all {
				return
			}
			if where != "" {
				add(Warning{Code: WarnMissingSource, File: file, Path: owner, GUID: guid, Attr: attr,
					Message: fmt.Sprintf("source file %q is not in %s", pth, where)})
			}
			return
		}
		if res.file != nil && !strings.HasPrefix(res.file.Name, a.prefix+"sources/") {
			usedCapital = true
		}
	})
	if usedCapital {
		where := "at the archive root"
		if a.sourcesDir != "" && a.sourcesDir != a.prefix+"sources/" {
			where = "in " + a.sourcesDir
		}
		add(Warning{Code: WarnSourcesFolder, File: file, Message: fmt.Sprintf("source files are %s, not in sources/; found case-insensitively", where)})
	}
}

// PlainTextPaths returns every plain-text file path the project names (of
// text sources, PDF representations, picture descriptions, transcripts and
// notes), each once, in the order the project names them.
func (p *Project) PlainTextPaths() []string {
	var paths []string
	seen := map[string]bool{}
	eachTextPath(p, func(_ string, _ GUID, attr, pth string) {
		if attr == "plainTextPath" && pth != "" && !seen[pth] {
			seen[pth] = true
			paths = append(paths, pth)
		}
	})
	return paths
}

// eachTextPath calls fn for every file path a project names.
func eachTextPath(p *Project, fn func(owner string, guid GUID, attr, path string)) {
	text := func(owner string, t *TextSource) {
		fn(owner, t.GUID, "plainTextPath", t.PlainTextPath)
		fn(owner, t.GUID, "richTextPath", t.RichTextPath)
	}
	for i, s := range p.Sources {
		owner := fmt.Sprintf("/Project/Sources/%s[%d]", s.Element(), i+1)
		switch s := s.(type) {
		case *TextSource:
			text(owner, s)
		case *PictureSource:
			fn(owner, s.GUID, "path", s.Path)
			if s.TextDescription != nil {
				text(owner+"/TextDescription", s.TextDescription)
			}
		case *PDFSource:
			fn(owner, s.GUID, "path", s.Path)
			if s.Representation != nil {
				text(owner+"/Representation", s.Representation)
			}
		case *AudioSource:
			fn(owner, s.GUID, "path", s.Path)
			for j, t := range s.Transcripts {
				fn(fmt.Sprintf("%s/Transcript[%d]", owner, j+1), t.GUID, "plainTextPath", t.PlainTextPath)
				fn(fmt.Sprintf("%s/Transcript[%d]", owner, j+1), t.GUID, "richTextPath", t.RichTextPath)
			}
		case *VideoSource:
			fn(owner, s.GUID, "path", s.Path)
			for j, t := range s.Transcripts {
				fn(fmt.Sprintf("%s/Transcript[%d]", owner, j+1), t.GUID, "plainTextPath", t.PlainTextPath)
				fn(fmt.Sprintf("%s/Transcript[%d]", owner, j+1), t.GUID, "richTextPath", t.RichTextPath)
			}
		}
	}
	for i, n := range p.Notes {
		text(fmt.Sprintf("/Project/Notes/Note[%d]", i+1), n)
	}
}

// Text returns the plain text of a text source, note, PDF representation or
// picture text description: the file named by PlainTextPath, or else the
// inline PlainTextContent. It fails with an error wrapping [ErrNotFound] when
// the file is not available, [ErrInsecurePath] for an unsafe path and
// [ErrLimit] for a file larger than Limits.MaxTextSize.
func (d *Document) Text(t *TextSource) (*Text, error) {
	return d.a.text(t.PlainTextPath, t.PlainTextContent)
}

// TranscriptText returns the plain text of a transcript.
func (d *Document) TranscriptText(t *Transcript) (*Text, error) {
	return d.a.text(t.PlainTextPath, t.PlainTextContent)
}

func (a *archive) text(pth, content string) (*Text, error) {
	if pth == "" {
		return NewTextString(content), nil
	}
	b, wasUTF16, err := a.readText(nil, pth)
	if err != nil {
		return nil, err
	}
	t := NewText(b)
	t.utf16 = wasUTF16
	return t, nil
}

func hasUTF16BOM(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF)
}

// readText reads the text file pth into buf (reusing its memory), as UTF-8:
// a UTF-16 file (with a byte-order mark) is transcoded, and wasUTF16 says
// so.
func (a *archive) readText(buf []byte, pth string) (b []byte, wasUTF16 bool, err error) {
	rc, size, err := a.open(pth)
	if err != nil {
		return nil, false, err
	}
	defer rc.Close()
	limit := a.limits.MaxTextSize
	if size > limit {
		return nil, false, fmt.Errorf("%w: %s is %d bytes (text size limit %d)", ErrLimit, pth, size, limit)
	}
	if int64(cap(buf)) < size+1 {
		buf = make([]byte, 0, size+1)
	}
	bb := bytes.NewBuffer(buf[:0])
	if _, err := bb.ReadFrom(io.LimitReader(rc, limit+1)); err != nil {
		return nil, false, fmt.Errorf("refi: reading %s: %w", pth, err)
	}
	if int64(bb.Len()) > limit {
		return nil, false, fmt.Errorf("%w: %s is larger than the text size limit %d", ErrLimit, pth, limit)
	}
	out := bb.Bytes()
	if hasUTF16BOM(out) {
		u, err := io.ReadAll(newUTF16Reader(out[0] == 0xFE)(bytes.NewReader(out[2:])))
		if err != nil {
			return nil, true, fmt.Errorf("refi: %s: %w", pth, err)
		}
		return u, true, nil
	}
	return out, false, nil
}

// SelectionText returns the text of selection sel of text t (a source, note
// or PDF representation of this document's project), using the project's
// position convention.
func (d *Document) SelectionText(t *TextSource, sel *TextSelection) (string, error) {
	txt, err := d.Text(t)
	if err != nil {
		return "", err
	}
	return txt.Slice(sel.Start, sel.End, d.Project.Positions)
}

// OpenSource opens the file a source path names: internal:// or a bare
// name (in the archive, or in the folder of a .qde read with Open or given
// with WithSources), relative:// or absolute:// (in the folder of the
// sources given with Reader.External or WithSources; see
// [Reader.External] for how they are looked up). It fails with an error
// wrapping [ErrNotFound] when the file is not there or there is no folder
// to look in, and [ErrInsecurePath] for a path that would leave it.
func (d *Document) OpenSource(path string) (io.ReadCloser, error) {
	rc, _, err := d.a.open(path)
	return rc, err
}

// Open implements fs.FS over the archive the document was read from. Names
// are archive paths ("sources/<file>"); when no entry has the exact name, a
// name differing only in case is used, so "sources/x.txt" finds
// "Sources/x.txt". Entries with unsafe names are never served or listed. A
// document read from a .qde on disk, or made with NewDocument, serves its
// folder; one made with New serves the texts added to it as
// "sources/<file>". A .qde read from an io.Reader has no files.
func (d *Document) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	a := d.a
	if a != nil && len(a.added) > 0 {
		if b, ok := a.added[strings.TrimPrefix(name, "sources/")]; ok {
			return memFS{name: b}.Open(name)
		}
	}
	if a != nil && a.zr == nil && a.dir != nil {
		return a.dir.Open(name)
	}
	if a == nil || a.zr == nil {
		if name == "." {
			return &dirFile{name: "."}, nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if f := a.lookup(name); f != nil {
		if f.UncompressedSize64 > uint64(a.limits.MaxEntrySize) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: ErrLimit}
		}
		rc, err := a.openEntry(f, a.limits.MaxEntrySize)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &entryFile{entryReader: rc.(*entryReader), f: f}, nil
	}
	if entries, ok := a.dirs()[name]; ok {
		return &dirFile{name: name, entries: entries}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// dirs lists the directories the usable entries imply, with their children.
func (a *archive) dirs() map[string][]fs.DirEntry {
	a.dirOnce.Do(a.buildDirs)
	return a.dirMap
}

func (a *archive) buildDirs() {
	m := map[string][]fs.DirEntry{".": nil}
	seen := map[string]bool{}
	for _, f := range a.files {
		name := f.Name
		for {
			dir := path.Dir(name)
			if !seen[name] {
				seen[name] = true
				if name == f.Name {
					m[dir] = append(m[dir], fs.FileInfoToDirEntry(f.FileInfo()))
				} else {
					m[dir] = append(m[dir], fs.FileInfoToDirEntry(dirInfo(path.Base(name))))
				}
			}
			if dir == "." {
				break
			}
			if _, ok := m[dir]; !ok {
				m[dir] = nil
			}
			name = dir
		}
	}
	for _, es := range m {
		sort.Slice(es, func(i, j int) bool { return es[i].Name() < es[j].Name() })
	}
	a.dirMap = m
}

type entryFile struct {
	*entryReader
	f *zip.File
}

func (e *entryFile) Stat() (fs.FileInfo, error) { return e.f.FileInfo(), nil }

type dirFile struct {
	name    string
	entries []fs.DirEntry
	off     int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return dirInfo(path.Base(d.name)), nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}
func (d *dirFile) Close() error { return nil }
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	if n > len(rest) {
		n = len(rest)
	}
	d.off += n
	return rest[:n], nil
}

type dirInfo string

func (d dirInfo) Name() string     { return string(d) }
func (dirInfo) Size() int64        { return 0 }
func (dirInfo) Mode() fs.FileMode  { return fs.ModeDir | 0o555 }
func (dirInfo) ModTime() time.Time { return time.Time{} }
func (dirInfo) IsDir() bool        { return true }
func (dirInfo) Sys() any           { return nil }

// entries returns the usable archive entries in archive order.
func (d *Document) entries() []*zip.File {
	if d.a == nil {
		return nil
	}
	return d.a.files
}

// detect decides the position convention and checks selection ranges.
func (r *Reader) detect(doc *Document, ws *warnings) (Detection, error) {
	p := doc.Project
	det := newDetector()
	type lens struct {
		owner string
		guid  GUID
		n     [nCandidates]int64
		sels  []TextSelection
	}
	var measured []lens
	// one buffer and one index serve every text in turn
	var buf []byte
	txt := &Text{}
	visit := func(owner string, t *TextSource) {
		if len(t.Selections) == 0 {
			return
		}
		if t.PlainTextPath == "" {
			if t.PlainTextContent == "" {
				// no text at all: one warning for the source, not one
				// "past the end" per selection
				var past int
				for _, s := range t.Selections {
					if s.End > 0 && s.Start >= 0 && s.Start <= s.End {
						past++
					}
				}
				if past > 0 {
					ws.add(Warning{Code: WarnMissingSource, File: doc.File, Path: owner, GUID: t.GUID,
						Message: fmt.Sprintf("the text has neither plainTextPath nor PlainTextContent, so %d of its %d selections have no text", past, len(t.Selections))})
				}
				return
			}
			txt.reset(t.PlainTextContent)
		} else {
			b, wasUTF16, err := doc.a.readText(buf, t.PlainTextPath)
			if err != nil {
				// missing and unsafe paths were reported by checkSources;
				// a file too large, corrupt or badly encoded is reported here
				if !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrInsecurePath) {
					ws.add(Warning{Code: WarnMissingSource, File: doc.File, Path: owner, GUID: t.GUID,
						Message: fmt.Sprintf("the text cannot be read: %s", strings.TrimPrefix(err.Error(), "refi: "))})
				}
				return
			}
			if !wasUTF16 {
				buf = b
			}
			// the index refers to buf only until the next text is read
			txt.reset(unsafe.String(unsafe.SliceData(b), len(b)))
			txt.utf16 = wasUTF16
		}
		if !txt.ValidUTF8() {
			ws.add(Warning{Code: WarnTextEncoding, File: doc.File, Path: owner, GUID: t.GUID,
				Message: fmt.Sprintf("text %s is not valid UTF-8; invalid bytes count as one character each", t.PlainTextPath)})
		}
		if txt.utf16 {
			ws.add(Warning{Code: WarnTextEncoding, File: doc.File, Path: owner, GUID: t.GUID,
				Message: fmt.Sprintf("text %s is UTF-16, not UTF-8 as the standard requires; read as UTF-16", t.PlainTextPath)})
		}
		spans := make([][2]int64, len(t.Selections))
		for i, s := range t.Selections {
			spans[i] = [2]int64{s.Start, s.End}
		}
		det.add(txt, spans)
		var l lens
		l.owner, l.guid, l.sels = owner, t.GUID, t.Selections
		for i, c := range candidates {
			l.n[i] = txt.Len(c)
		}
		measured = append(measured, l)
	}
	for i, s := range p.Sources {
		owner := fmt.Sprintf("/Project/Sources/%s[%d]", s.Element(), i+1)
		switch s := s.(type) {
		case *TextSource:
			visit(owner, s)
		case *PDFSource:
			if s.Representation != nil {
				visit(owner+"/Representation", s.Representation)
			}
		case *PictureSource:
			if s.TextDescription != nil {
				visit(owner+"/TextDescription", s.TextDescription)
			}
		}
	}
	for i, n := range p.Notes {
		visit(fmt.Sprintf("/Project/Notes/Note[%d]", i+1), n)
	}
	result, msg := det.decide(p.Origin, r.Positions)
	if msg != "" {
		ws.add(Warning{Code: WarnPositionUnit, File: doc.File, Message: msg})
	}
	ci := 0
	for i, c := range candidates {
		if c == result.Positions {
			ci = i
		}
	}
	for _, l := range measured {
		n := l.n[ci]
		for i, s := range l.sels {
			if s.End > n && s.Start <= s.End && s.Start >= 0 {
				ws.add(Warning{Code: WarnSelectionRange, File: doc.File, Path: fmt.Sprintf("%s/PlainTextSelection[%d]", l.owner, i+1), GUID: s.GUID,
					Message: fmt.Sprintf("selection ends at %d, past the end of its text (length %d in %s)", s.End, n, result.Positions)})
			}
		}
	}
	return result, nil
}

// NewDocument returns a Document for a project built or changed in Go,
// whose source files are in fsys (looked up as "sources/<name>",
// "Sources/<name>" or "<name>" for internal://<name>, and as
// [Reader.External] says for relative:// and absolute:// paths; names
// differing only in case are found too; fsys may be nil, and may be
// another Document). Such a Document gives texts and excerpts, and is
// written with its files by [Writer.Write]. It has no warnings;
// [Document.MissingSources] checks the files. Its texts are read with the
// default limits.
func NewDocument(p *Project, fsys fs.FS) *Document {
	return (&Reader{}).newDocument(p, fsys)
}

// newDocument is NewDocument for a Document that reads its texts with the
// reader's limits (Limits.MaxTextSize).
func (r *Reader) newDocument(p *Project, fsys fs.FS) *Document {
	return &Document{Format: FormatQDE, Project: p, File: "project.qde", Detection: Detection{Positions: p.Positions, Basis: "given"},
		a: &archive{dir: fsys, external: fsys, basePath: p.BasePath, limits: r.limits()}, maxWarn: r.newWarnings().max}
}

// WithSources returns a copy of d (the same project and detection) that
// reads every source file from the folder fsys instead of from where d was
// read: internal:// files as NewDocument does (sources/<name>,
// Sources/<name> or <name>), relative:// and absolute:// files as
// [Reader.External] says, all confined to fsys. This is what a .qde needs
// whose files were kept apart from it.
//
// The copy's warnings about source files are those of fsys: the warnings d
// has about source paths (missing-source-file, source-path and
// insecure-path warnings naming an attribute, and sources-folder) are
// replaced by those of checking the paths against fsys, appended at the
// end, so that each file the project names that fsys lacks has a
// [WarnMissingSource] warning. Other warnings, and the position
// convention, stay as d was read (the convention is not detected again
// from the texts fsys holds). d itself is not changed. For a codebook,
// which names no files, the copy is d's.
func (d *Document) WithSources(fsys fs.FS) *Document {
	c := *d
	limits := Limits{}.WithDefaults()
	if d.a != nil && d.a.limits.MaxTextSize > 0 {
		limits = d.a.limits // the limits d was read with
	}
	c.a = &archive{dir: fsys, external: fsys, limits: limits}
	if d.Project == nil {
		return &c
	}
	c.a.basePath = d.Project.BasePath
	max := d.maxWarn
	if max == 0 {
		max = (&Reader{}).newWarnings().max
	}
	ws := &warnings{max: max}
	for _, w := range d.Warnings {
		if !isSourceWarning(w) {
			ws.list = append(ws.list, w)
		}
	}
	// the kept warnings are listed as they were; those of fsys are counted
	// and summarised afresh
	ws.counts = map[WarningCode]int{}
	c.a.checkSources(d.Project, ws, d.File)
	c.Warnings = ws.result()
	return &c
}

// isSourceWarning reports whether w is one that checking the source paths
// gave (or the summary of such warnings), which another folder of sources
// may change.
func isSourceWarning(w Warning) bool {
	switch w.Code {
	case WarnSourcesFolder:
		return true
	case WarnMissingSource, WarnSourcePath, WarnInsecurePath:
		if w.Attr != "" {
			return true
		}
		// the summary of more warnings than were listed
		return w.Path == "" && w.GUID == "" && w.Line == 0 && strings.HasSuffix(w.Message, " in all)")
	}
	return false
}

// MissingSources checks now that every file the project names can be
// opened from where the Document reads its source files, and returns a
// [WarnMissingSource] warning, with the element path, GUID and attribute
// that name it, for each that cannot (each time it is named); nil when
// none is missing. Where it looks: the archive of a .qdpx; the folder of a
// .qde read with Open (sources/, Sources/, the folder itself) or given with
// WithSources or NewDocument; for relative:// and absolute:// paths, the
// folder given with [Reader.External] or WithSources. A .qde read with
// ReadQDE from an io.Reader has no folder, so every internal:// file it
// names is missing (reading it does not warn: there was nowhere to look).
// Paths that are never read (unsafe ones, and relative:// and absolute://
// paths when no folder of sources was given) are not listed; reading
// reported them. A codebook names no files.
func (d *Document) MissingSources() []Warning {
	if d == nil || d.Project == nil || d.a == nil {
		return nil
	}
	var out []Warning
	d.a.sourceWarnings(d.Project, d.File, true, func(w Warning) {
		if w.Code == WarnMissingSource {
			out = append(out, w)
		}
	})
	return out
}

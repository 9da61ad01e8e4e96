package refi

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/qdabridge/qdabridge/internal/zipcheck"
)

// archive gives access to the files beside the project document.
type archive struct {
	zr         *zip.Reader
	files      []*zip.File          // usable entries in archive order
	byName     map[string]*zip.File // exact names
	byFold     map[string]*zip.File // lower-case names
	qde        *zip.File
	sourcesDir string                        // "sources/", "Sources/"... or "" when none
	prefix     string                        // folder holding the project when the archive wraps it in one
	dir        fs.FS                         // folder of a .qde read from disk, or given with WithSources
	external   fs.FS                         // folder of relative:// and absolute:// files (Reader.External, WithSources)
	basePath   string                        // the project's basePath, for absolute:// paths
	added      map[string][]byte             // texts added in Go (Document.AddText), by internal name
	superseded map[string]bool               // internal names (lower case) of rich texts whose plain text ReplaceText replaced
	lengths    map[string][nCandidates]int64 // lengths of the text files measured when read, by path
	closer     io.Closer
	limits     Limits
	dirOnce    sync.Once
	dirMap     map[string][]fs.DirEntry
	dirFold    foldIndex // names in dir without case, listed on demand
	extFold    foldIndex // names in external likewise
}

// closeArchive releases what an archive holds open.
func closeArchive(a *archive) {
	if a.closer != nil {
		a.closer.Close()
		a.closer = nil
	}
}

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
	if int64(cap(buf)) < size+bytes.MinRead {
		buf = make([]byte, 0, size+bytes.MinRead)
	}
	// room for the whole file and bytes.Buffer's MinRead: no copy
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

// measuredLength returns the length, counted in p, that the text file pth
// had when the project was read, unless a text has been added in its place
// since.
func (a *archive) measuredLength(pth string, p Positions) (int64, bool) {
	n, ok := a.lengths[pth]
	if !ok {
		return 0, false
	}
	if res := a.resolve(pth); res.internal != "" && a.added[res.internal] != nil {
		return 0, false
	}
	if i, ok := candidateIndex(p); ok {
		return n[i], true
	}
	return 0, false
}

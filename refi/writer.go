package refi

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/safefile"
)

// Writer writes REFI-QDA files that validate against the official schemas,
// whatever the model holds: children in schema order, no empty containers,
// the standard namespaces, colours as #RRGGBB, identifiers that are not GUIDs
// replaced (and the originals recorded), CR in text and tab, LF and CR in
// attributes escaped so that they survive XML parsing. Each write returns a
// [Report]: what it had to change, and the ledger of every item.
//
// The writer keeps positions, GUIDs (as written), names and source files as
// they are: a project read by this package and written again is the same
// project. Output is deterministic: writing the same project twice gives the
// same bytes (zip entries have a fixed time).
//
// It never gives two elements one GUID: an element without one (a project
// built in Go) is given a GUID derived from its kind, its place among the
// elements without one and its name, the same each time (ChangeEmptyGUID;
// repaired in the ledger); a coding or variable value whose required
// reference is empty is left out (ChangeEmptyRef; dropped), never pointed
// at another element. It never writes what its own reader refuses: an
// extension nested deeper than Limits.MaxDepth allows where it is written,
// or larger than Limits.MaxTextSize, is left out (ChangeExtensionDropped).
// A selection outside its text is written as it is and counted invisible.
//
// Its fields are options; the zero value writes indented XML. A Writer
// keeps nothing between writes: set its fields first, then use it from any
// number of goroutines.
type Writer struct {
	// Compact writes the XML without indentation.
	Compact bool
	// InlineExtensions writes what a producer added beyond the schema
	// (see [Extensions]) back as XML elements and attributes, as the
	// producer wrote them. The file is then no longer valid against the
	// schema. By default extensions go into processing instructions, which
	// keeps the file valid and still lets this package restore them.
	InlineExtensions bool
	// Limits bound the source files copied from an archive (entries larger
	// than Limits.MaxEntrySize are not copied).
	Limits Limits
	// Profile, when set, converts the project to a target tool's
	// conventions (see [Profile]): positions, plain-text files, document
	// variables, file names and origin. Every selection stays on the same
	// passage; Changes lists what was converted and what the target cannot
	// hold. Without a Profile the project is written as it is.
	Profile *Profile
	// Strict refuses output that loses anything: when an item of the
	// input would be dropped or invisible in the target (see [Ledger]),
	// the write fails with an error wrapping [ErrLost] after the output
	// was produced but before it is completed (a .qdpx archive is left
	// without its directory, so that no reader takes it for a project; the
	// *File methods leave no file). The Ledger says what would be lost.
	Strict bool
}

// writeCall is one write: the writer's options, and what the write did.
type writeCall struct {
	*Writer
	// serial compresses, and reads the texts a profile converts, on the
	// caller's goroutine alone (tests compare its output with the parallel
	// one's).
	serial  bool
	keepMax int // bounds the texts a profile's conversion keeps packed, when > 0 (tests)
	changes []Change
	ledger  *Ledger
	acct    *accounts
}

// Write writes doc to out as a file of format f, and returns what it did:
//
//   - FormatQDPX: the project with the source files doc holds (an archive
//     read by this package is copied entry by entry, without
//     recompression, entries the project does not name included).
//   - FormatQDE: the project document alone; a profile still converts
//     positions with doc's texts. The source files and other archive
//     entries doc holds are counted dropped.
//   - FormatQDC: the code book. From a project, the codes and the sets that
//     hold codes are written; users, variables, cases, sources, notes,
//     links, graphs, source files and the members of sets other than codes
//     are counted dropped. A codebook read from a .qdc is written whole.
//
// A document read from a .qdc can be written in any format (a .qdpx then
// holds a project of codes only). Write does not close out. It fails when
// out fails, when f is not one of the three, or, with Strict set, with an
// error wrapping [ErrLost]. The Report is never nil: after an error it
// holds the changes made so far, and its Ledger is set only when the whole
// input was accounted for (a strict write refused, or a write that
// completed).
func (w *Writer) Write(out io.Writer, doc *Document, f Format) (*Report, error) {
	c := &writeCall{Writer: w}
	err := c.write(out, doc, f)
	return &Report{Changes: c.changes, Ledger: c.ledger}, err
}

// WriteFile writes doc to the file at path in the format its extension
// names (.qdpx, .qde or .qdc, in any case), atomically: the file is written
// beside path under a temporary name and renamed over path only when
// complete, so that a failure never leaves a partial file (nor, with
// Strict set, a file that would lose anything). doc may have been read from
// path itself. It fails as [Writer.Write] does, and when the extension is
// none of the three.
func (w *Writer) WriteFile(path string, doc *Document) (*Report, error) {
	f, err := formatOfName(path)
	if err != nil {
		return &Report{}, err
	}
	c := &writeCall{Writer: w}
	err = writeFileAtomic(path, func(out io.Writer) error { return c.write(out, doc, f) })
	return &Report{Changes: c.changes, Ledger: c.ledger}, err
}

// formatOfName is the format a file name's extension names.
func formatOfName(name string) (Format, error) {
	switch strings.ToLower(path.Ext(name)) {
	case ".qdpx":
		return FormatQDPX, nil
	case ".qde":
		return FormatQDE, nil
	case ".qdc":
		return FormatQDC, nil
	}
	return "", fmt.Errorf("refi: cannot tell the format of %q: name it .qdpx, .qde or .qdc", name)
}

// zipTime is the modification time of every entry the writer creates, so
// that output is reproducible.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func (w *Writer) opts() encodeOptions {
	l := w.Limits.WithDefaults()
	return encodeOptions{indent: !w.Compact, inline: w.InlineExtensions, maxDepth: l.MaxDepth, maxText: l.MaxTextSize}
}

// ErrLost is the cause of the error a [Writer] with Strict set returns when
// the output would lose items of the input.
var ErrLost = errors.New("refi: the output would lose items of the input")

// prepare returns p as it is written: elements without a GUID given one,
// and restructured for w.Profile; the conversion of its positions and
// texts (whose files are in sources, when given; nil without a profile);
// the changes made so far; and the accounts of the write.
func (w *writeCall) prepare(p *Project, sources fs.FS) (*Project, *conversion, []Change, *accounts) {
	acct := newAccounts(countInput(p))
	if w.Profile != nil {
		p = cloneProject(p) // the profile changes it
	}
	q, pre := repairGUIDs(p, acct)
	if w.Profile == nil {
		var conv *conversion
		if sources != nil {
			conv = newCheck(q, sources, w.Limits.WithDefaults().MaxTextSize)
		}
		return q, conv, pre, acct
	}
	from := q.Positions
	ch, files := applyProfile(q, w.Profile, acct, sources)
	pre = append(pre, ch...)
	if w.Profile.Name != "spec" && !w.InlineExtensions {
		acct.extensions = Invisible
		acct.extWhy = "kept in a processing instruction, which " + w.Profile.Tool + " ignores"
	}
	conv := newConversion(q, w.Profile, sources, w.Limits.WithDefaults().MaxTextSize)
	conv.from = from
	conv.extra = files
	if w.keepMax > 0 {
		conv.keepMax = w.keepMax
	}
	if !w.serial {
		conv.startAhead(q)
	}
	return q, conv, pre, acct
}

// finish records the ledger of a write and, for a strict writer, says
// what would be lost.
func (w *writeCall) finish(acct *accounts) error {
	w.ledger, w.acct = acct.l, acct
	if w.Strict && acct.l.Lost() {
		return fmt.Errorf("%w: %s", ErrLost, acct.l.LossSummary())
	}
	return nil
}

// writeQDE writes the project document, converting positions with the
// texts of sources (nil: none available).
func (w *writeCall) writeQDE(out io.Writer, p *Project, sources fs.FS) error {
	opt := w.opts()
	p, conv, pre, acct := w.prepare(p, sources)
	defer conv.stopAhead() // also when encoding fails
	opt.conv, opt.acct = conv, acct
	ch, err := encodeProject(out, p, opt)
	conv.stopAhead()
	w.changes = append(pre, ch...)
	if err != nil {
		return fmt.Errorf("refi: writing project: %w", err)
	}
	return w.finish(acct)
}

func (w *writeCall) writeQDC(out io.Writer, cb *codebook, acct *accounts) error {
	opt := w.opts()
	opt.acct = acct
	ch, err := encodeCodebook(out, cb, opt)
	w.changes = ch
	if err != nil {
		return fmt.Errorf("refi: writing codebook: %w", err)
	}
	return w.finish(acct)
}

// writeQDPX writes p as a .qdpx archive to out: project.qde, then the source
// files the project names, read from sources and stored under "sources/".
// Every entry name it writes is a clean relative path (fs.ValidPath, no
// backslash or drive letter), and a source path of the project that would
// leave the archive or its folder (internal://../x, relative://C:/x...) is
// written as a harmless name instead (reported as [ChangeUnsafePath]), so
// that no tool unpacking or reading the archive is led outside it.
// sources may be nil (no files), any fs.FS (a file named by
// "internal://<name>" is looked for as "sources/<name>", then "<name>"), or a
// *Document read by this package, whose archive entries are then copied
// byte for byte without recompression, together with entries the project
// does not name (other tools' extensions).
//
// A named file that sources does not have is reported in the changes, not
// an error: the output then lacks it as the input did.
//
// Deflate entries are compressed in pieces on other goroutines while the
// project is encoded (see [deflater]); the bytes are the same as with
// w.serial, whatever the number of CPUs, and no goroutine outlives the
// call, even when out fails.
func (w *writeCall) writeQDPX(out io.Writer, p *Project, sources fs.FS) error {
	zw := zip.NewWriter(out)
	// Fast compression, in pieces compressed on the other cores while the
	// project is encoded (the same bytes either way).
	d := newDeflater(w.serial)
	defer d.wait() // no goroutine outlives the write, even after an error
	zw.RegisterCompressor(zip.Deflate, d.compressor)
	qw, err := zw.CreateHeader(&zip.FileHeader{Name: "project.qde", Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return fmt.Errorf("refi: writing archive: %w", err)
	}
	opt := w.opts()
	opt.safePaths = true
	in := p
	p, conv, pre, acct := w.prepare(p, sources)
	defer conv.stopAhead() // also when encoding fails
	opt.conv, opt.acct = conv, acct
	w.changes = pre
	ch, err := encodeProject(qw, p, opt)
	conv.stopAhead()
	if err != nil {
		return fmt.Errorf("refi: writing project: %w", err)
	}
	w.changes = append(w.changes, ch...)
	written := map[string]bool{"project.qde": true}
	var names []string
	for _, n := range internalNames(p) {
		if conv == nil || conv.extra[strings.ToLower(n)] == nil {
			names = append(names, n)
		}
	}
	cp := &copier{w: w, zw: zw, conv: conv, written: written, acct: acct, dropped: droppedNames(in, names)}
	if doc, ok := sources.(*Document); ok && doc.a != nil {
		cp.superseded = doc.a.superseded
	}
	// a Document read from an archive is copied entry by entry; one read
	// from a folder (or built with NewDocument) reads its folder
	fsys := sources
	var archiveDoc *Document
	if doc, ok := sources.(*Document); ok {
		fsys = nil
		if doc.a != nil && len(doc.a.added) > 0 {
			// the texts added in Go, then the rest as below
			var added, rest []string
			for _, n := range names {
				if _, ok := doc.a.added[n]; ok {
					added = append(added, n)
				} else {
					rest = append(rest, n)
				}
			}
			if err := cp.fromFS(memFS(doc.a.added), added); err != nil {
				return err
			}
			names = rest
		}
		if doc.a != nil && doc.a.zr != nil {
			archiveDoc = doc
		} else if doc.a != nil && doc.a.dir != nil {
			fsys = doc.a.dir
		}
	}
	switch {
	case archiveDoc != nil:
		err = cp.fromArchive(archiveDoc, names)
	case fsys != nil:
		err = cp.fromFS(fsys, names)
	case len(names) > 0:
		w.changes = append(w.changes, Change{Code: ChangeMissingSource, Count: len(names),
			Message: "source files named by the project not written: no sources were given"})
	}
	if err != nil {
		return err
	}
	if err := cp.extra(); err != nil {
		return err
	}
	cp.report()
	if err := w.finish(acct); err != nil {
		return err // the archive is left without its directory
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("refi: writing archive: %w", err)
	}
	return nil
}

// ChangeMissingSource reports source files the project names that could not
// be written because they were not available.
const ChangeMissingSource ChangeCode = "source-missing"

// ChangeEntrySkipped reports archive entries not copied (too large, or
// named by a path that is not clean).
const ChangeEntrySkipped ChangeCode = "entry-skipped"

// safeEntryName reports whether name may be written as an archive entry: a
// clean relative path that no unpacker resolves outside its folder.
func safeEntryName(name string) bool {
	return fs.ValidPath(name) && name != "." && insecureName(name) == ""
}

// safeSourcePath returns p when it is safe to write in an archive's
// project, and otherwise (an internal:// or relative:// path that would
// leave the archive or its folder) a replacement with the same scheme, a
// name derived from p and p's extension, and why p was replaced. Files are
// never found under such a path, so nothing that was readable is lost.
func safeSourcePath(p string) (string, string) {
	if p == "" {
		return p, ""
	}
	res := (&archive{}).resolve(p)
	if res.unsafe == "" {
		return p, ""
	}
	scheme := "internal://"
	if i := strings.Index(p, "://"); i > 0 && strings.EqualFold(p[:i], "relative") {
		scheme = "relative://"
	}
	ext := path.Ext(strings.ReplaceAll(p, `\`, "/"))
	if len(ext) > 9 || strings.IndexFunc(ext[min(1, len(ext)):], func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	}) >= 0 {
		ext = ""
	}
	return scheme + string(guidFor("unsafe-path:"+p)) + ext, res.unsafe
}

// internalNames returns the internal file names the project refers to, in
// document order, each once.
func internalNames(p *Project) []string {
	var out []string
	seen := map[string]bool{}
	a := &archive{}
	eachTextPath(p, func(_ string, _ GUID, _ string, pth string) {
		if pth == "" {
			return
		}
		res := a.resolve(pth)
		if res.internal == "" || res.why != "" {
			return
		}
		if k := strings.ToLower(res.internal); !seen[k] {
			seen[k] = true
			out = append(out, res.internal)
		}
	})
	return out
}

// droppedNames returns the internal file names (lower case) that the
// input project names and the written one does not.
func droppedNames(in *Project, written []string) map[string]bool {
	keep := map[string]bool{}
	for _, n := range written {
		keep[strings.ToLower(n)] = true
	}
	out := map[string]bool{}
	for _, n := range internalNames(in) {
		if k := strings.ToLower(n); !keep[k] {
			out[k] = true
		}
	}
	return out
}

// copier writes the source files into the new archive: byte for byte, or
// rewritten for a profile.
type copier struct {
	w         *writeCall
	zw        *zip.Writer
	conv      *conversion
	written   map[string]bool
	rewritten int
	renamed   int
	acct      *accounts
	dropped   map[string]bool // internal names (lower case) of files the written project no longer names
	// superseded are the internal names (lower case) of rich texts whose
	// plain text Document.ReplaceText replaced: not copied unless named.
	superseded map[string]bool
	buf        []byte // for copying entries
}

// outName is the archive name a source file is written under.
func (cp *copier) outName(internal string) string {
	name := internal
	if cp.conv != nil {
		if n, ok := cp.conv.renamed[strings.ToLower(internal)]; ok {
			if n != internal {
				cp.renamed++
			}
			name = n
		}
	}
	return "sources/" + name
}

// count counts a file of the input in column c of the ledger: a source
// file when internal is the name the project knows it by, otherwise an
// archive entry beyond the schema (an extension).
func (cp *copier) count(internal, entry string, c Column, why string) {
	if internal != "" {
		cp.acct.l.countIn(item{kind: ItemSourceFiles})
		cp.acct.l.put(item{kind: ItemSourceFiles, element: "file", name: internal}, c, why, "")
		return
	}
	cp.acct.l.countIn(item{kind: ItemExtensions})
	cp.acct.l.put(item{kind: ItemExtensions, element: "archive entry", name: entry}, c, why, "")
}

// fileColumn is the column of a source file written as name: kept when it
// was copied as it was under its old name, converted otherwise.
func fileColumn(internal, name string, rewritten bool) Column {
	if internal == "" {
		return Kept // an archive entry the project does not name, copied as it is
	}
	if rewritten || name != "sources/"+internal {
		return Converted
	}
	return Kept
}

// rewrite writes a plain-text file converted for the profile. It reports
// false when the file is not one to convert.
func (cp *copier) rewrite(name string, open func() (io.ReadCloser, error)) (bool, error) {
	if !cp.rewrites(name) {
		return false, nil
	}
	return true, cp.writeRewritten(name, cp.conv.convertFile(name, open))
}

// rewrites reports whether the file written as name is a text the profile
// rewrites.
func (cp *copier) rewrites(name string) bool {
	return cp.conv != nil && cp.conv.texts[strings.ToLower(strings.TrimPrefix(name, "sources/"))]
}

// rewriteEntry writes the text file of entry f converted for the profile:
// as packed when its element was encoded, else read and converted (by
// texts, ahead, when it has it). It reports true when the conversion
// leaves the file unchanged: the entry is then to be copied as it is.
func (cp *copier) rewriteEntry(name string, f *zip.File, texts *ahead[convertedText], open func() (io.ReadCloser, error)) (asIs bool, err error) {
	if k, ok := cp.conv.keptFor(name, f); ok {
		if k.unchanged {
			return true, nil
		}
		return false, cp.writeKept(name, k)
	}
	r, ok := texts.take(name)
	if !ok {
		r = cp.conv.convertFile(name, open)
	}
	if r.err == nil && r.same {
		return true, nil
	}
	return false, cp.writeRewritten(name, r)
}

// writeKept writes a text file converted and packed as its element was
// encoded.
func (cp *copier) writeKept(name string, k keptText) error {
	cp.rewritten++
	dst, err := cp.zw.CreateRaw(rawHeader(name, zip.Deflate, k.crc, uint64(len(k.packed)), uint64(k.size)))
	if err != nil {
		return fmt.Errorf("refi: writing %s: %w", name, err)
	}
	_, err = dst.Write(k.packed)
	return err
}

// writeRewritten writes a text file read and converted by convertFile.
func (cp *copier) writeRewritten(name string, r convertedText) error {
	if r.err != nil {
		return r.err
	}
	if !r.same {
		cp.rewritten++
	}
	dst, err := cp.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return fmt.Errorf("refi: writing %s: %w", name, err)
	}
	_, err = dst.Write(r.tc.out)
	return err
}

// extra writes the plain-text files the conversion adds (texts that were
// inline or outside the archive), converted like the others.
func (cp *copier) extra() error {
	if cp.conv == nil {
		return nil
	}
	names := make([]string, 0, len(cp.conv.extra))
	for n := range cp.conv.extra {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b := cp.conv.extra[n]
		name := cp.outName(n)
		if cp.written[strings.ToLower(name)] {
			continue
		}
		cp.written[strings.ToLower(name)] = true
		done, err := cp.rewrite(name, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil })
		if err != nil {
			return err
		}
		if done {
			continue
		}
		dst, err := cp.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return fmt.Errorf("refi: writing %s: %w", name, err)
		}
		if _, err := dst.Write(b); err != nil {
			return fmt.Errorf("refi: writing %s: %w", name, err)
		}
	}
	return nil
}

func (cp *copier) report() {
	if cp.conv == nil {
		return
	}
	if cp.rewritten > 0 {
		what := "line endings"
		if cp.conv.prof.LineEndings == LF {
			what = "LF line endings"
		} else if cp.conv.prof.LineEndings == CRLF {
			what = "CR LF line endings"
		}
		bom := "without a byte-order mark"
		if cp.conv.prof.BOM {
			bom = "with a byte-order mark"
		}
		cp.w.changes = append(cp.w.changes, Change{Code: ChangeTextRewritten, Count: cp.rewritten,
			Message: fmt.Sprintf("plain-text files rewritten with %s, %s, for %s; positions converted with them", what, bom, cp.conv.prof.Tool)})
	}
	if cp.renamed > 0 {
		cp.w.changes = append(cp.w.changes, Change{Code: ChangeRenamed, Count: cp.renamed,
			Message: "source files renamed <GUID>.<ext>, as the standard names them"})
	}
}

func (cp *copier) fromArchive(doc *Document, names []string) error {
	a := doc.a
	w := cp.w
	limits := w.Limits.WithDefaults()
	wanted := map[*zip.File]string{}
	missing := 0
	for _, n := range names {
		if res := a.resolve("internal://" + n); res.file != nil {
			wanted[res.file] = n
		} else {
			missing++
		}
	}
	if missing > 0 {
		w.changes = append(w.changes, Change{Code: ChangeMissingSource, Count: missing,
			Message: "source files named by the project are not in the input archive"})
	}
	name := func(f *zip.File) string {
		if internal, ok := wanted[f]; ok {
			return cp.outName(internal)
		}
		name := f.Name
		if rest, ok := strings.CutPrefix(f.Name, a.prefix); ok {
			name = rest
		}
		if a.sourcesDir != "" {
			if rest, ok := strings.CutPrefix(f.Name, a.sourcesDir); ok {
				name = "sources/" + rest
			}
		}
		return name
	}
	// the texts to rewrite are read and converted a few ahead, on another
	// goroutine
	var keys []string
	entries := map[string]*zip.File{}
	for _, f := range a.files {
		if n := name(f); f != a.qde && cp.rewrites(n) && f.UncompressedSize64 <= uint64(limits.MaxEntrySize) {
			if _, kept := cp.conv.keptFor(n, f); kept {
				continue
			}
			if _, dup := entries[n]; !dup {
				keys = append(keys, n)
				entries[n] = f
			}
		}
	}
	open := func(f *zip.File) func() (io.ReadCloser, error) {
		return func() (io.ReadCloser, error) { return a.openEntry(f, limits.MaxEntrySize) }
	}
	var texts *ahead[convertedText]
	if len(keys) > 1 && !w.serial {
		texts = startAhead(keys, 2, func(n string) convertedText { return cp.conv.convertFile(n, open(entries[n])) })
		defer texts.close()
	}
	for _, f := range a.files {
		if f == a.qde {
			continue
		}
		name := name(f)
		internal := wanted[f]
		if internal == "" {
			if rest, ok := strings.CutPrefix(name, "sources/"); ok && cp.dropped[strings.ToLower(rest)] {
				cp.count(rest, f.Name, Dropped, "its source is not in the output")
				continue
			}
			if rest, ok := strings.CutPrefix(name, "sources/"); ok && cp.superseded[strings.ToLower(rest)] {
				cp.count(rest, f.Name, Dropped, "a rich text whose plain text was replaced: it holds the old text")
				continue
			}
		}
		if cp.written[strings.ToLower(name)] {
			continue
		}
		if !safeEntryName(name) {
			w.changes = append(w.changes, Change{Code: ChangeEntrySkipped, Count: 1,
				Message: fmt.Sprintf("archive entry %q is not a clean relative path; not copied", f.Name)})
			cp.count(internal, f.Name, Dropped, "not a clean relative path")
			continue
		}
		if f.UncompressedSize64 > uint64(limits.MaxEntrySize) {
			w.changes = append(w.changes, Change{Code: ChangeEntrySkipped, Count: 1,
				Message: fmt.Sprintf("archive entry %s (%d bytes) is larger than the entry size limit; not copied", f.Name, f.UncompressedSize64)})
			cp.count(internal, f.Name, Dropped, "larger than the entry size limit")
			continue
		}
		cp.written[strings.ToLower(name)] = true
		before := cp.rewritten
		asIs := true
		if cp.rewrites(name) {
			ahead := texts
			if entries[name] != f {
				ahead = nil // another entry of that name was read ahead
			}
			var err error
			if asIs, err = cp.rewriteEntry(name, f, ahead, open(f)); err != nil {
				return err
			}
		}
		if asIs {
			if cp.buf == nil {
				cp.buf = make([]byte, 64<<10)
			}
			if err := copyRaw(cp.zw, f, name, cp.buf); err != nil {
				return err
			}
		}
		cp.count(internal, f.Name, fileColumn(internal, name, cp.rewritten > before), "")
	}
	return nil
}

// rawHeader is the header of an entry written as it is already packed.
func rawHeader(name string, method uint16, crc uint32, packed, size uint64) *zip.FileHeader {
	return &zip.FileHeader{
		Name:               name,
		Method:             method,
		CRC32:              crc,
		CompressedSize64:   packed,
		UncompressedSize64: size,
		// CreateRaw does not derive the MS-DOS time from Modified, so the
		// deprecated fields are the only way to give a raw entry its time.
		//lint:ignore SA1019 see above
		ModifiedDate: uint16((zipTime.Year()-1980)<<9 | int(zipTime.Month())<<5 | zipTime.Day()),
	}
}

// copyRaw copies an archive entry without decompressing it.
func copyRaw(zw *zip.Writer, f *zip.File, name string, buf []byte) error {
	dst, err := zw.CreateRaw(rawHeader(name, f.Method, f.CRC32, f.CompressedSize64, f.UncompressedSize64))
	if err != nil {
		return fmt.Errorf("refi: writing %s: %w", name, err)
	}
	src, err := f.OpenRaw()
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrNotZip, f.Name, err)
	}
	if err := checkDataDescriptor(f, src); err != nil {
		return err
	}
	n, err := io.CopyBuffer(dst, io.LimitReader(src, int64(f.CompressedSize64)), buf)
	if err != nil {
		return fmt.Errorf("refi: copying %s: %w", f.Name, err)
	}
	if uint64(n) != f.CompressedSize64 {
		return fmt.Errorf("%w: %s is truncated", ErrNotZip, f.Name)
	}
	return nil
}

// checkDataDescriptor refuses an entry whose data descriptor (the record
// after its data, flag bit 3) gives another checksum than the archive's
// directory: archive/zip cannot read such an entry, and a raw copy, which
// writes no descriptor, would quietly make it readable. The descriptor is
// read from where OpenRaw's section ends, as archive/zip reads it.
func checkDataDescriptor(f *zip.File, raw io.Reader) error {
	if f.Flags&0x8 == 0 {
		return nil
	}
	sr, ok := raw.(*io.SectionReader)
	if !ok {
		return nil
	}
	ra, off, n := sr.Outer()
	var b [16]byte
	if _, err := ra.ReadAt(b[:], off+n); err != nil && err != io.EOF {
		return fmt.Errorf("%w: %s: its data descriptor cannot be read: %v", ErrNotZip, f.Name, err)
	}
	crc := b[:4]
	if binary.LittleEndian.Uint32(crc) == 0x08074b50 { // optional signature
		crc = b[4:8]
	}
	if binary.LittleEndian.Uint32(crc) != f.CRC32 {
		return fmt.Errorf("%w: %s is corrupt: its data descriptor and the archive directory give different checksums", ErrNotZip, f.Name)
	}
	return nil
}

func (cp *copier) fromFS(src fs.FS, names []string) error {
	missing := 0
	for _, n := range names {
		var f fs.File
		var err error
		for _, cand := range []string{"sources/" + n, "Sources/" + n, n} {
			if !fs.ValidPath(cand) {
				continue
			}
			if f, err = src.Open(cand); err == nil {
				break
			}
		}
		if f == nil {
			missing++
			continue
		}
		name := cp.outName(n)
		if cp.written[strings.ToLower(name)] || !safeEntryName(name) {
			f.Close()
			continue
		}
		cp.written[strings.ToLower(name)] = true
		before := cp.rewritten
		done, err := cp.rewrite(name, func() (io.ReadCloser, error) { return f, nil })
		if err != nil {
			return err
		}
		if done {
			cp.count(n, "", fileColumn(n, name, cp.rewritten > before), "")
			continue
		}
		cp.count(n, "", fileColumn(n, name, false), "")
		method := zip.Deflate
		switch strings.ToLower(path.Ext(n)) {
		case ".docx", ".pdf", ".jpg", ".jpeg", ".png", ".mp3", ".mp4", ".m4a", ".zip", ".gif", ".webm", ".mov":
			method = zip.Store
		}
		dst, err := cp.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: zipTime})
		if err != nil {
			f.Close()
			return fmt.Errorf("refi: writing %s: %w", name, err)
		}
		_, err = io.Copy(dst, f)
		f.Close()
		if err != nil {
			return fmt.Errorf("refi: copying %s: %w", n, err)
		}
	}
	if missing > 0 {
		cp.w.changes = append(cp.w.changes, Change{Code: ChangeMissingSource, Count: missing,
			Message: "source files named by the project not found in the given sources"})
	}
	for n := range cp.dropped {
		for _, cand := range []string{"sources/" + n, "Sources/" + n, n} {
			if st, err := fs.Stat(src, cand); fs.ValidPath(cand) && err == nil && !st.IsDir() {
				cp.count(n, "", Dropped, "its source is not in the output")
				break
			}
		}
	}
	return nil
}

func writeFileAtomic(path string, fn func(io.Writer) error) error {
	err := safefile.Write(path, safefile.Options{}, fn)
	if err != nil && !strings.HasPrefix(err.Error(), "refi:") {
		var pe *fs.PathError
		if errors.As(err, &pe) || strings.HasPrefix(err.Error(), "safefile:") {
			return fmt.Errorf("refi: %w", err)
		}
	}
	return err
}

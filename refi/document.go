package refi

import (
	"archive/zip"
	"io"
	"io/fs"
	"strings"
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
	maxWarn int        // Reader.MaxWarnings it was read with
	measure *measuring // texts being measured while the project is read
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

// entries returns the usable archive entries in archive order.
func (d *Document) entries() []*zip.File {
	if d.a == nil {
		return nil
	}
	return d.a.files
}

// NewDocument returns a Document for a project built or changed in Go,
// whose source files are in fsys (looked up as "sources/<name>",
// "Sources/<name>" or "<name>" for internal://<name>, and as
// [Reader.External] says for relative:// and absolute:// paths; names
// differing only in case are found too; fsys may be nil, and may be
// another Document). Such a Document gives texts and excerpts, and is
// written with its files by [Writer.Write]. It has no warnings;
// [Document.MissingSources] checks the files. Its texts are the caller's
// own, so they are read whole up to the size of an archive entry
// (Limits.MaxEntrySize, 2 GiB) rather than the smaller limit on a text of a
// file read (Limits.MaxTextSize).
func NewDocument(p *Project, fsys fs.FS) *Document {
	l := Limits{}.WithDefaults()
	l.MaxTextSize = l.MaxEntrySize
	return (&Reader{Limits: l}).newDocument(p, fsys)
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
	c.a = &archive{dir: fsys, external: fsys, limits: d.limits()} // the limits d was read with
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

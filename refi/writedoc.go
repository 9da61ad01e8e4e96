package refi

import (
	"fmt"
	"io"
	"strings"
)

// WriteDocument writes what doc holds as a file of the given kind, and
// accounts in the [Writer.Ledger] for everything doc holds:
//
//   - FormatQDPX: the project with its source files, as [Writer.WriteQDPX]
//     with doc as the sources.
//   - FormatQDE: the project document alone; a profile still converts
//     positions with doc's texts. The source files and other archive
//     entries doc holds are counted dropped.
//   - FormatQDC: the code book. From a project, the codes and the sets that
//     hold codes are written; users, variables, cases, sources, notes,
//     links, graphs, source files and the members of sets other than codes
//     are counted dropped.
//
// A codebook can only be written as FormatQDC. WriteDocument does not close
// out; with Strict set it fails as the other write methods do.
func (w *Writer) WriteDocument(out io.Writer, doc *Document, kind Format) error {
	if doc.Project == nil {
		if kind != FormatQDC {
			return fmt.Errorf("refi: the document is a codebook; it can only be written as a .qdc")
		}
		return w.WriteQDC(out, doc.Codebook)
	}
	switch kind {
	case FormatQDPX:
		return w.WriteQDPX(out, doc.Project, doc)
	case FormatQDE:
		err := w.writeQDE(out, doc.Project, doc)
		if w.ledger == nil {
			return err
		}
		acct := w.acct
		countDocFiles(doc, doc.Project, acct, "a project document (.qde) holds no files; write a .qdpx to keep them")
		if err == nil {
			err = w.finish(acct)
		}
		return err
	case FormatQDC:
		return w.writeProjectCodebook(out, doc)
	}
	return fmt.Errorf("refi: cannot write a document as %q", kind)
}

// writeProjectCodebook writes the code book of doc's project and counts
// everything else dropped.
func (w *Writer) writeProjectCodebook(out io.Writer, doc *Document) error {
	p := doc.Project
	acct := newAccounts(countInput(p))
	const why = "a codebook (.qdc) holds only codes and sets of codes; write a .qdpx to keep it"
	// what the codebook writes: the codes, and the sets that hold codes,
	// with their extensions; everything else is dropped
	written := map[any]bool{}
	for _, st := range p.Sets {
		if len(st.MemberCodes) > 0 {
			written[st] = true
			written[st.Extensions] = true
		}
	}
	eachItem(p, func(it item) {
		switch {
		case it.kind == ItemCodes, it.kind == ItemExtensions && it.element == "Code", written[it.key]:
			return // counted as the codebook is written
		}
		acct.l.put(it, Dropped, why, "")
	})
	countDocFiles(doc, p, acct, why)
	return w.writeQDC(out, p.Codebook(), acct)
}

// SourceFiles returns the paths, as the project writes them, of the
// source files the project names (plain texts, rich texts, pictures,
// PDFs, recordings, transcripts) that the document holds in its archive or
// folder, each file once, in document order. Files outside the archive
// (relative:// and absolute://) are not listed. [Document.OpenSource]
// opens each.
func (d *Document) SourceFiles() []string {
	if d.Project == nil || d.a == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	eachTextPath(d.Project, func(_ string, _ GUID, _ string, pth string) {
		res := d.a.resolve(pth)
		k := strings.ToLower(res.internal)
		if pth == "" || res.internal == "" || res.why != "" || seen[k] {
			return
		}
		seen[k] = true
		if ok, _ := d.a.exists(res); ok {
			out = append(out, pth)
		}
	})
	return out
}

// countDocFiles counts the source files doc holds for the project p, and
// the other entries of its archive, dropped for why.
func countDocFiles(doc *Document, p *Project, acct *accounts, why string) {
	a := doc.a
	if a == nil {
		return
	}
	named := map[string]bool{}
	for _, n := range internalNames(p) {
		if res := a.resolve("internal://" + n); res.file != nil {
			named[res.file.Name] = true
		}
	}
	for _, n := range doc.SourceFiles() {
		n = strings.TrimPrefix(n, "internal://")
		acct.l.countIn(item{kind: ItemSourceFiles})
		acct.l.put(item{kind: ItemSourceFiles, element: "file", name: n}, Dropped, why, "")
	}
	for _, f := range a.files {
		if f == a.qde || named[f.Name] || strings.HasSuffix(f.Name, "/") {
			continue
		}
		acct.l.countIn(item{kind: ItemExtensions})
		acct.l.put(item{kind: ItemExtensions, element: "archive entry", name: f.Name}, Dropped, why, "")
	}
}

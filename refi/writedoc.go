package refi

import (
	"fmt"
	"io"
	"strings"
)

// write writes doc as a file of format f (see [Writer.Write]).
func (w *writeCall) write(out io.Writer, doc *Document, f Format) error {
	if doc == nil || doc.Project == nil {
		return fmt.Errorf("refi: no document to write")
	}
	switch f {
	case FormatQDPX:
		return w.writeQDPX(out, doc.Project, doc)
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
		if doc.Format == FormatQDC {
			cb := doc.Project.asCodebook()
			return w.writeQDC(out, cb, newAccounts(countCodebook(cb)))
		}
		return w.writeProjectCodebook(out, doc)
	}
	return fmt.Errorf("refi: cannot write a document as %q", f)
}

// writeProjectCodebook writes the code book of doc's project and counts
// everything else dropped.
func (w *writeCall) writeProjectCodebook(out io.Writer, doc *Document) error {
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
	return w.writeQDC(out, p.codebookOfProject(), acct)
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

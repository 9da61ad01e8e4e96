package refi

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"
)

// adapter restructures a project (the writer's own copy) for the importer
// of a target tool: what the importer cannot read is written the way it
// reads it, and what it cannot show at all is marked invisible or, when
// writing it would make the importer fail, left out.
type adapter struct {
	q       *Project
	prof    *Profile
	acct    *accounts
	sources fs.FS
	changes []Change
	// files are plain-text files the conversion writes into the archive
	// (texts that were inline or outside it), by internal name.
	files map[string][]byte
	texts map[*TextSource]*Text
	x     *Index
}

// ChangeAdapted: the project was restructured so that the target tool's
// importer reads it (names made unique or given, case links written as
// that tool reads them, inline texts written as files, ...).
const ChangeAdapted ChangeCode = "adapted"

// ChangeLeftOut: something was left out of the output because the target
// tool's importer would stop at it; the ledger lists what.
const ChangeLeftOut ChangeCode = "left-out"

func (a *adapter) change(code ChangeCode, n int, format string, args ...any) {
	if n > 0 {
		a.changes = append(a.changes, Change{Code: code, Count: n, Message: fmt.Sprintf(format, args...)})
	}
}

func (a *adapter) index() *Index {
	if a.x == nil {
		a.x = NewIndex(a.q)
	}
	return a.x
}

// openable reports whether the file pth names can be opened from the
// sources (or was written by the conversion).
func (a *adapter) openable(pth string) bool {
	if addedFile(a.files, pth) != nil {
		return true
	}
	arc := sourcesArchive(a.sources)
	if arc == nil {
		return false
	}
	ok, _ := arc.exists(arc.resolve(pth))
	return ok
}

// read reads the file pth names.
func (a *adapter) read(pth string) ([]byte, error) {
	if b := addedFile(a.files, pth); b != nil {
		return b, nil
	}
	return readSource(a.sources, pth, Limits{}.WithDefaults().MaxTextSize)
}

// text returns the text of t (its file or inline content), or nil when it
// is not available.
func (a *adapter) text(t *TextSource) *Text {
	if txt, ok := a.texts[t]; ok {
		return txt
	}
	var txt *Text
	switch {
	case t.PlainTextPath != "":
		if b, err := a.read(t.PlainTextPath); err == nil {
			txt = NewText(b)
		}
	default:
		txt = NewTextString(t.PlainTextContent)
	}
	if a.texts == nil {
		a.texts = map[*TextSource]*Text{}
	}
	a.texts[t] = txt
	return txt
}

// textLen returns the length of t's text in the project's positions, or
// -1 when the text is not available.
func (a *adapter) textLen(t *TextSource) int64 {
	txt := a.text(t)
	if txt == nil {
		return -1
	}
	return txt.Len(a.q.Positions)
}

// addFile makes the conversion write b as an internal file and returns its
// path, internal://<GUID>.txt with a GUID derived from seed.
func (a *adapter) addFile(seed string, b []byte) string {
	name := string(guidFor("qdabridge:file:"+seed)) + ".txt"
	if a.files == nil {
		a.files = map[string][]byte{}
	}
	a.files[name] = b
	return "internal://" + name
}

// embedText makes the text of t a file inside the archive when it is
// inline (only when inline is set) or outside the archive, and says
// whether t now has a text file that can be read. what names t in
// reasons ("its text").
func (a *adapter) embedText(t *TextSource, key any, inline bool) bool {
	return a.embedPath(&t.PlainTextPath, &t.PlainTextContent, t.GUID, key, inline)
}

// embedPath is embedText for the plain-text path and content of any text
// (a text source, note, representation or transcript) with GUID g.
func (a *adapter) embedPath(pth, content *string, g GUID, key any, inline bool) bool {
	switch {
	case *pth == "":
		if !inline {
			return true
		}
		*pth = a.addFile(string(g), []byte(*content))
		*content = ""
		if key != nil {
			a.acct.mark(key, Moved, LedgerItem{Why: "its text, held in the project document, written as a file in the archive, as " + a.prof.Tool + " reads texts only from files"})
		}
		return true
	case isExternalPath(*pth):
		b, err := a.read(*pth)
		if err != nil {
			return false
		}
		old := *pth
		*pth = a.addFile(old, b)
		*content = ""
		a.acct.l.countIn(item{kind: ItemSourceFiles})
		a.acct.l.put(item{kind: ItemSourceFiles, element: "file", name: old}, Converted, "", "")
		a.change(ChangeAdapted, 1, "text file %s, outside the archive, copied into it as %s", clipString(old), *pth)
		return true
	}
	return a.openable(*pth)
}

// embedExternal copies into the archive the plain texts that are outside it
// (relative:// and absolute://) and that the sources given hold: a tool
// opening the archive elsewhere would not find them. Texts that cannot be
// read stay as they are.
func (a *adapter) embedExternal() {
	if a.sources == nil {
		return
	}
	text := func(t *TextSource) {
		if t != nil && isExternalPath(t.PlainTextPath) {
			a.embedText(t, nil, false)
		}
	}
	for _, s := range a.q.Sources {
		switch s := s.(type) {
		case *TextSource:
			text(s)
		case *PictureSource:
			text(s.TextDescription)
		case *PDFSource:
			text(s.Representation)
			for i := range s.Selections {
				text(s.Selections[i].Representation)
			}
		case *AudioSource:
			a.embedTranscripts(s.Transcripts)
		case *VideoSource:
			a.embedTranscripts(s.Transcripts)
		}
	}
	for _, n := range a.q.Notes {
		text(n)
	}
}

func (a *adapter) embedTranscripts(ts []*Transcript) {
	for _, t := range ts {
		if isExternalPath(t.PlainTextPath) {
			a.embedPath(&t.PlainTextPath, &t.PlainTextContent, t.GUID, nil, false)
		}
	}
}

func isExternalPath(p string) bool {
	i := strings.Index(p, "://")
	if i < 0 {
		return false
	}
	s := strings.ToLower(p[:i])
	return s == "relative" || s == "absolute"
}

// dropSource leaves source i out of the project, counting it and
// everything in it dropped for why.
func (a *adapter) dropSource(i int, why string) {
	s := a.q.Sources[i]
	a.acct.drop(why, func(w *itemWalker) { w.source(s) })
	a.q.Sources = append(a.q.Sources[:i:i], a.q.Sources[i+1:]...)
	a.x = nil
}

// markAll marks every item of what walk gives (selections, codings,
// values, extensions...) with column c for why.
func (a *adapter) markAll(c Column, why string, walk func(*itemWalker)) {
	walk(&itemWalker{fn: func(it item) {
		if it.kind == ItemExtensions {
			return // counted as they are written
		}
		a.acct.mark(it.keyOf(), c, LedgerItem{Why: why})
	}})
}

// fileStem returns the name of the file a path names, without its
// extension ("" for no path).
func fileStem(p string) string {
	if i := strings.Index(p, "://"); i >= 0 {
		p = p[i+3:]
	}
	p = strings.ReplaceAll(p, `\`, "/")
	base := path.Base(p)
	if base == "." || base == "/" {
		return ""
	}
	return strings.TrimSuffix(base, path.Ext(base))
}

// names hands out names unique as they are written (the importers compare
// names exactly).
type names struct{ used map[string]bool }

func newNames() *names { return &names{used: map[string]bool{}} }

func (n *names) taken(s string) bool { return n.used[s] }
func (n *names) take(s string)       { n.used[s] = true }

// unique returns the first of the candidates that is free, else the last
// one with " (2)", " (3)"... added, and takes it.
func (n *names) unique(candidates ...string) string {
	for _, c := range candidates {
		if c != "" && !n.taken(c) {
			n.take(c)
			return c
		}
	}
	base := candidates[len(candidates)-1]
	for i := 2; ; i++ {
		c := fmt.Sprintf("%s (%d)", base, i)
		if !n.taken(c) {
			n.take(c)
			return c
		}
	}
}

// rename gives *name the first of cands that set has free (the last one
// numbered when none is), and counts key renamed when that changes it: for
// why, or for unnamed when it had no name. It reports whether it did.
func (a *adapter) rename(key any, name *string, set *names, why, unnamed string, cands ...string) bool {
	old := *name
	*name = set.unique(cands...)
	if *name == old {
		return false
	}
	if old == "" && unnamed != "" {
		why = unnamed
	}
	a.acct.mark(key, Renamed, LedgerItem{Name: old, NewName: *name, Why: why})
	return true
}

// dateFor returns a creation time for an element that has none and needs
// one: the project's, or a fixed one.
func (a *adapter) dateFor(au ...Audit) time.Time {
	for _, x := range au {
		if !x.Created.IsZero() {
			return x.Created
		}
		if !x.Modified.IsZero() {
			return x.Modified
		}
	}
	if !a.q.Created.IsZero() {
		return a.q.Created
	}
	if !a.q.Modified.IsZero() {
		return a.q.Modified
	}
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
}

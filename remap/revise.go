package remap

import (
	"errors"
	"fmt"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
)

// ErrDissimilar is wrapped by the error of [ReviseSource] when the new
// text shares too little with the old one to be taken for a revision of
// it.
var ErrDissimilar = errors.New("remap: the new text is not a revision of the old one")

// DefaultMinSimilarity is the least [Map.Similarity] ReviseSource accepts
// unless told otherwise.
const DefaultMinSimilarity = 0.5

// ReviseOptions are the options of [ReviseSource].
type ReviseOptions struct {
	// MinSimilarity is the least similarity of the old and new texts
	// accepted. Zero means DefaultMinSimilarity; a negative value accepts
	// any new text.
	MinSimilarity float64
	// Cover makes each selection cover the replacements of the edits that
	// changed it ([Map.Cover]), as pseudonymising wants, rather than only
	// what survived of it ([Map.Range]), as revising a transcript does.
	Cover bool
}

// Revision is what revising the text of a source did to its selections.
type Revision struct {
	Source     string    `json:"source"`
	GUID       refi.GUID `json:"guid"`
	Similarity float64   `json:"similarity"`
	// Positions is the convention of the positions below (the project's).
	Positions string `json:"positions"`
	Exact     int    `json:"exact"`
	Touched   int    `json:"touched"`
	Deleted   int    `json:"deleted"`
	// Changes lists the selections touched or deleted, in the source's
	// order.
	Changes []SelectionChange `json:"changes"`
	// RichText is the rich-text path (a .docx) the source no longer
	// names, as it held the old text; "" when it had none.
	RichText string `json:"richText,omitempty"`
	// LineEndsCRLF says that the new text's LF line ends were made CR LF,
	// as the old text had them.
	LineEndsCRLF bool `json:"lineEndsCRLF,omitempty"`
	// Ledger counts the selections and codings of the source (exact ones
	// kept, touched ones converted, deleted ones dropped), and the links
	// dropped with deleted selections.
	Ledger *refi.Ledger `json:"ledger"`
}

// SelectionChange is a selection touched or deleted by a revision.
// Positions count in the project's convention.
type SelectionChange struct {
	GUID     refi.GUID `json:"guid"`
	Name     string    `json:"name,omitempty"`
	Status   Status    `json:"status"`
	OldStart int64     `json:"oldStart"`
	OldEnd   int64     `json:"oldEnd"`
	NewStart int64     `json:"newStart"`
	NewEnd   int64     `json:"newEnd"`
	OldText  string    `json:"oldText"`
	NewText  string    `json:"newText"`
	Codings  int       `json:"codings"`
}

// ReviseSource replaces the plain text of src, a text source of doc's
// project, with newText (a leading byte-order mark is left out, and when
// the old text has CR LF line ends and newText only LF, as the text of a
// .docx has, its line ends are made CR LF, so that they are not taken for
// changes), diffing
// the two to remap the selections of src as [Revise] does. When the
// texts' similarity is below opt.MinSimilarity it fails with an error
// wrapping [ErrDissimilar], returning the Revision with only Similarity
// set, and changes nothing. It also fails, changing nothing, when the old
// text cannot be read, a text is not valid UTF-8, or a selection is
// outside the old text.
func ReviseSource(doc *refi.Document, src *refi.TextSource, newText string, opt ReviseOptions) (*Revision, error) {
	old, err := doc.Text(src)
	if err != nil {
		return nil, fmt.Errorf("remap: the text of %q: %w", src.Name, err)
	}
	newText = strings.TrimPrefix(newText, "\uFEFF")
	crlf := old.HasCRLF() && !strings.Contains(newText, "\r") && strings.Contains(newText, "\n")
	if crlf {
		newText = strings.ReplaceAll(newText, "\n", "\r\n")
	}
	m, err := Diff(old.String(), newText)
	if err != nil {
		return nil, err
	}
	rev, err := Revise(doc, src, m, opt)
	if rev != nil {
		rev.LineEndsCRLF = crlf
	}
	return rev, err
}

// Revise replaces the plain text of src with m.New() and remaps each
// selection of src through m: a selection whose text survives whole keeps
// it; a touched one is narrowed or widened to what survived (with
// opt.Cover, to what survived and the replacements of the edits that
// changed it); a deleted one is removed, with its codings, the references
// cases make to it and the links to or from it. A rich-text file the
// source named is no longer named, as it holds the old text. It fails,
// changing nothing, when m.Old() is not the source's text, the similarity
// of the texts is below opt.MinSimilarity (an error wrapping
// [ErrDissimilar], with the Revision's Similarity set), a selection is
// outside the text, or the new text cannot be stored (see
// [refi.Document.ReplaceText]).
func Revise(doc *refi.Document, src *refi.TextSource, m *Map, opt ReviseOptions) (*Revision, error) {
	old, err := doc.Text(src)
	if err != nil {
		return nil, fmt.Errorf("remap: the text of %q: %w", src.Name, err)
	}
	if old.String() != m.Old() {
		return nil, fmt.Errorf("remap: the map is not of the text of %q", src.Name)
	}
	min := opt.MinSimilarity
	if min == 0 {
		min = DefaultMinSimilarity
	}
	if sim := m.Similarity(); sim < min {
		return &Revision{Source: src.Name, GUID: src.GUID, Similarity: sim},
			fmt.Errorf("%w: the text of %q and the new text are %.0f%% similar (at least %.0f%% wanted)", ErrDissimilar, src.Name, 100*sim, 100*min)
	}
	mapRange := m.RangeIn
	if opt.Cover {
		mapRange = m.CoverIn
	}
	pos := doc.Project.Positions
	rev := &Revision{Source: src.Name, GUID: src.GUID, Similarity: m.Similarity(), Positions: pos.String(), Changes: []SelectionChange{}, Ledger: refi.NewLedger()}
	results := make([]Result, len(src.Selections))
	for i, sel := range src.Selections {
		if results[i], err = mapRange(pos, sel.Start, sel.End); err != nil {
			return nil, fmt.Errorf("remap: selection %s of %q: %w", sel.GUID, src.Name, err)
		}
	}
	newText := refi.NewTextString(m.New())
	if err := doc.ReplaceText(src, m.New()); err != nil {
		return nil, fmt.Errorf("remap: %w", err)
	}
	kept := src.Selections[:0]
	deleted := map[refi.GUID]bool{}
	for i, sel := range src.Selections {
		r := results[i]
		rev.count(sel, r.Status)
		if r.Status != Exact {
			oldText, _ := old.Slice(sel.Start, sel.End, pos)
			newSlice, _ := newText.Slice(r.Start, r.End, pos)
			rev.Changes = append(rev.Changes, SelectionChange{GUID: sel.GUID, Name: sel.Name, Status: r.Status,
				OldStart: sel.Start, OldEnd: sel.End, NewStart: r.Start, NewEnd: r.End,
				OldText: oldText, NewText: newSlice, Codings: len(sel.Codings)})
		}
		if r.Status == Deleted {
			deleted[sel.GUID.Canonical()] = true
			continue
		}
		sel.Start, sel.End = r.Start, r.End
		kept = append(kept, sel)
	}
	clear(src.Selections[len(kept):])
	src.Selections = kept
	rev.forget(doc.Project, deleted)
	if src.RichTextPath != "" {
		rev.RichText, src.RichTextPath = src.RichTextPath, ""
	}
	return rev, nil
}

const deletedWhy = "its text was deleted in the revision"

// count counts a selection and its codings in the ledger.
func (rev *Revision) count(sel refi.TextSelection, st Status) {
	l := rev.Ledger
	switch st {
	case Exact:
		rev.Exact++
		l.Add(refi.ItemSelections, "PlainTextSelection", refi.Kept, 1, nil)
		l.Add(refi.ItemCodings, "", refi.Kept, len(sel.Codings), nil)
	case Touched:
		rev.Touched++
		l.Add(refi.ItemSelections, "PlainTextSelection", refi.Converted, 1, nil)
		l.Add(refi.ItemCodings, "", refi.Kept, len(sel.Codings), nil)
	case Deleted:
		rev.Deleted++
		l.Add(refi.ItemSelections, "PlainTextSelection", refi.Dropped, 1,
			&refi.LedgerItem{Name: sel.Name, GUID: sel.GUID, Why: deletedWhy})
		l.Add(refi.ItemCodings, "", refi.Dropped, len(sel.Codings), nil)
	}
}

// forget removes the references to deleted selections: those of cases,
// links to or from them, and the objects graph vertices show.
func (rev *Revision) forget(p *refi.Project, deleted map[refi.GUID]bool) {
	if len(deleted) == 0 {
		return
	}
	gone := func(g refi.GUID) bool { return g != "" && deleted[g.Canonical()] }
	for _, c := range p.Cases {
		refs := c.SelectionRefs[:0]
		for _, g := range c.SelectionRefs {
			if !gone(g) {
				refs = append(refs, g)
			}
		}
		c.SelectionRefs = refs
	}
	links := p.Links[:0]
	for _, l := range p.Links {
		if gone(l.Origin) || gone(l.Target) {
			rev.Ledger.Add(refi.ItemLinks, "", refi.Dropped, 1, &refi.LedgerItem{Element: "Link", Name: l.Name, GUID: l.GUID, Why: "it linked a selection " + deletedWhy})
			continue
		}
		links = append(links, l)
	}
	clear(p.Links[len(links):])
	p.Links = links
	for _, g := range p.Graphs {
		for i := range g.Vertices {
			if gone(g.Vertices[i].Represented) {
				g.Vertices[i].Represented = ""
			}
		}
	}
}

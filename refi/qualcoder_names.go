package refi

import (
	"fmt"
	"strings"
)

// qcCodes makes code names unique among codes and category names among
// categories (isCodable false), and names nameless codes.
func (a *adapter) qcCodes() {
	codes, cats := newNames(), newNames()
	renamed, flattened := 0, 0
	walkCodes(a.q.Codes, func(c *Code, parents []*Code) bool {
		set := codes
		if !c.IsCodable {
			set = cats
		}
		old := c.Name
		var cands []string
		switch {
		case old == "":
			cands = []string{"(unnamed code)"}
		case len(parents) == 0:
			cands = []string{old}
		default:
			names := make([]string, len(parents))
			for i, p := range parents {
				names[i] = p.Name
			}
			cands = []string{old, old + " (" + parents[len(parents)-1].Name + ")", old + " (" + JoinPath(names) + ")"}
		}
		if a.rename(c, &c.Name, set, "another code has the same name: QualCoder keeps one code of a name, and the codings of the other arrive under no code",
			"a code without a name is not imported by QualCoder", cands...) {
			renamed++
		}
		if !c.IsCodable && len(parents) > 0 && parents[len(parents)-1].IsCodable {
			flattened++
			a.acct.mark(c, Moved, LedgerItem{Why: "a category (not codable) under a code: QualCoder puts it at the top of the tree"})
		}
		if c.Color != "" && !a.acct.added[c] {
			a.acct.mark(c, Converted, LedgerItem{Why: "QualCoder shows the nearest colour of its palette"})
		}
		return true
	})
	a.change(ChangeAdapted, renamed, "codes renamed so that every code (and every category) has a name of its own: QualCoder keeps one code of a name, and the codings of the others arrive under no code")
	a.change(ChangeAdapted, flattened, "categories (codes that cannot be applied) under codes: QualCoder puts them at the top of the tree")
	a.x = nil
}

// qcCodings marks codings QualCoder shows under no code.
func (a *adapter) qcCodings() {
	x := a.index()
	eachSelectionCodings(a.q, func(_ *SelectionBase, c *Coding) {
		switch code := x.Code(c.Code); {
		case code == nil:
			a.acct.mark(codingKey(c), Invisible, LedgerItem{Why: "it refers to no code of the project: QualCoder shows the passage under no code"})
		case !code.IsCodable:
			a.acct.mark(codingKey(c), Invisible, LedgerItem{Why: "its code cannot be applied (isCodable false), so QualCoder makes it a category and shows the passage under no code"})
		}
	})
}

// qcSourceNames gives every source a name of its own, from its file when
// it has none: QualCoder stores a nameless text as "None" and stops at a
// second picture, PDF or recording of a name.
func (a *adapter) qcSourceNames(stems map[Source]string) {
	used := newNames()
	renamed := 0
	n := 0
	assign := func(s Source) {
		b := s.Base()
		n++
		old := b.Name
		cands := []string{nonEmpty(old, nonEmpty(stems[s], fmt.Sprintf("Source %d", n)))}
		eff := func(name string) string {
			if _, ok := s.(*PDFSource); ok && !strings.HasSuffix(strings.ToLower(name), ".pdf") {
				return name + ".pdf"
			}
			return name
		}
		var name string
		for _, c := range cands {
			if !used.taken(eff(c)) {
				name = c
				break
			}
		}
		for i := 2; name == ""; i++ {
			c := fmt.Sprintf("%s (%d)", cands[0], i)
			if !used.taken(eff(c)) {
				name = c
			}
		}
		used.take(eff(name))
		switch s.(type) {
		case *AudioSource, *VideoSource:
			used.take(name + ".txt")
			used.take(name + ".transcribed")
		}
		b.Name = name
		if name != old {
			renamed++
			why := "another source has the same name: QualCoder renames or refuses a second source of a name"
			if old == "" {
				why = "a source without a name: QualCoder shows it as None"
				if stems[s] != "" {
					why += "; named after its file"
				}
			}
			a.acct.mark(s, Renamed, LedgerItem{Name: old, NewName: name, Why: why})
		}
	}
	for _, s := range a.q.Sources {
		if _, ok := s.(*TextSource); !ok {
			assign(s)
		}
	}
	for _, s := range a.q.Sources {
		if _, ok := s.(*TextSource); ok {
			assign(s)
		}
	}
	a.change(ChangeAdapted, renamed, "sources named (after their file when they had no name) so that every source has a name of its own, as QualCoder needs")
}

// qcNotes writes notes as QualCoder's journals: named, dated, with a text
// file, and not attached to a source (where QualCoder loses them), except
// annotations in QualCoder's own form.
func (a *adapter) qcNotes() {
	q := a.q
	annotation := func(n *TextSource) bool {
		return n.PlainTextPath == "" && n.PlainTextContent != "" && len(n.Selections) > 0
	}
	notes := map[GUID]*TextSource{}
	for _, n := range q.Notes {
		notes[n.GUID.Canonical()] = n
	}
	attached := map[GUID]bool{}
	attach := func(refs []GUID) {
		for _, g := range refs {
			attached[g.Canonical()] = true
		}
	}
	// a NoteRef directly under a text source makes QualCoder look for an
	// annotation; a note that is not one is lost: keep only annotations
	a.eachTextOfSources(func(t *TextSource) {
		var keep []GUID
		for _, g := range t.NoteRefs {
			if n := notes[g.Canonical()]; n != nil && !annotation(n) {
				attached[g.Canonical()] = true
				continue
			}
			keep = append(keep, g)
		}
		t.NoteRefs = keep
	})
	walkCodes(q.Codes, func(c *Code, _ []*Code) bool { attach(c.NoteRefs); return true })
	eachSelectionBase(q, func(b *SelectionBase) {
		attach(b.NoteRefs)
		for i := range b.Codings {
			attach(b.Codings[i].NoteRefs)
		}
	})
	for _, s := range q.Sources {
		if _, ok := s.(*TextSource); !ok {
			attach(s.Base().NoteRefs)
		}
	}
	for _, l := range q.Links {
		attach([]GUID{l.Origin, l.Target})
		attach(l.NoteRefs)
	}
	attach(q.NoteRefs)
	names := newNames()
	renamed, dated, files := 0, 0, 0
	for i, n := range q.Notes {
		if n.Created.IsZero() && n.Modified.IsZero() {
			n.Created = a.dateFor()
			dated++
			a.acct.mark(n, Repaired, LedgerItem{Why: "given a creation date, which QualCoder requires"})
		}
		if annotation(n) {
			continue
		}
		if n.PlainTextPath == "" || isExternalPath(n.PlainTextPath) {
			if a.embedText(n, n, true) {
				files++
			}
		}
		if a.sources != nil && !a.openable(n.PlainTextPath) {
			a.acct.mark(n, Invisible, LedgerItem{Why: "its text file is not available: QualCoder shows an empty journal"})
		}
		if a.rename(n, &n.Name, names, "another note has the same name: QualCoder stops the whole import at a second journal of a name",
			"a note without a name: QualCoder makes no journal of it", nonEmpty(n.Name, fmt.Sprintf("Note %d", i+1))) {
			renamed++
		} else if attached[n.GUID.Canonical()] {
			a.acct.mark(n, Moved, LedgerItem{Why: "a journal: QualCoder does not attach notes to codes, sources, selections or codings"})
		}
		a.markAll(Invisible, "QualCoder imports no selection or coding inside a note", func(w *itemWalker) {
			for j := range n.Selections {
				w.selection(&n.Selections[j].SelectionBase, "PlainTextSelection")
			}
			for j := range n.Codings {
				w.coding(&n.Codings[j])
			}
		})
	}
	a.change(ChangeAdapted, renamed, "notes named so that every journal has a name of its own (QualCoder makes no journal of a nameless note and stops at a second journal of a name)")
	a.change(ChangeAdapted, dated, "notes without a date given the project's (QualCoder stops at a note without one)")
	a.change(ChangeAdapted, files, "notes whose text was held in the project written as files, as QualCoder reads journals only from files")
}

// qcSets marks what QualCoder makes of sets: a file attribute named like
// the set for its sources; nothing for codes and notes.
func (a *adapter) qcSets(pdfRep map[GUID]GUID) {
	vn := newNames()
	for _, v := range a.q.Variables {
		vn.take(v.Name)
	}
	for _, s := range a.q.Sets {
		for i, g := range s.MemberSources {
			if r, ok := pdfRep[g.Canonical()]; ok {
				s.MemberSources[i] = r
			}
		}
		if len(s.MemberSources) == 0 {
			a.acct.mark(s, Invisible, LedgerItem{Why: "QualCoder shows a set only as an attribute of the sources in it, and this one holds none"})
			continue
		}
		if a.rename(s, &s.Name, vn, "QualCoder makes a set an attribute of its sources, and a variable or another set has this name", "", nonEmpty(s.Name, "Set")) {
			continue
		}
		if len(s.MemberCodes)+len(s.MemberNotes) > 0 {
			a.acct.mark(s, Invisible, LedgerItem{Why: fmt.Sprintf("QualCoder shows a set only as an attribute of its sources: its %d codes and %d notes are not shown", len(s.MemberCodes), len(s.MemberNotes))})
			continue
		}
		a.acct.mark(s, Moved, LedgerItem{Why: "shown by QualCoder as an attribute of its sources named like the set"})
	}
}

// qcRest marks what QualCoder does not import at all: links, graphs, and
// users who are no coder or owner of anything.
func (a *adapter) qcRest() {
	for _, l := range a.q.Links {
		a.acct.mark(l, Invisible, LedgerItem{Why: "QualCoder does not import links"})
	}
	for _, g := range a.q.Graphs {
		a.acct.mark(g, Invisible, LedgerItem{Why: "QualCoder does not import graphs"})
	}
	used := map[GUID]bool{}
	use := func(au *Audit) {
		used[au.CreatingUser.Canonical()] = true
		used[au.ModifyingUser.Canonical()] = true
	}
	for _, s := range a.q.Sources {
		use(&s.Base().Audit)
	}
	for _, n := range a.q.Notes {
		use(&n.Audit)
	}
	eachSelectionBase(a.q, func(b *SelectionBase) { use(&b.Audit) })
	for i, u := range a.q.Users {
		// QualCoder makes the first user the project's coder
		if i > 0 && !used[u.GUID.Canonical()] {
			a.acct.mark(u, Invisible, LedgerItem{Why: "QualCoder keeps no users, only the names of the coders and owners of selections, sources and notes, and this user is none"})
		}
	}
}

// nonEmpty returns s, or else when s is empty.
func nonEmpty(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func firstN(ss []string, n int) []string {
	if len(ss) > n {
		return append(ss[:n:n], fmt.Sprintf("%d more", len(ss)-n))
	}
	return ss
}

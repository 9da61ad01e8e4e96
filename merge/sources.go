package merge

import (
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/remap"
)

const defaultMinSimilarity = remap.DefaultMinSimilarity

// source is a text source or note of the merged project, with its text
// and an index of its selections.
type source struct {
	t       *refi.TextSource
	input   int
	text    string
	sels    map[[2]int64][]selAt // by [start, end)
	coding  map[string]bool      // whole-source codings: code and coder
	note    bool
	missing bool // the text could not be read
}

// selAt is a selection of a merged source: its index in Selections and
// the input it came from.
type selAt struct{ index, input int }

// earlierSels returns the indexes of the selections of s at key that
// earlier inputs brought.
func (m *merger) earlierSels(s *source, key [2]int64) []int {
	var out []int
	for _, at := range s.sels[key] {
		if at.input < m.in {
			out = append(out, at.index)
		}
	}
	return out
}

// textOf reads the plain text of t of the current input.
func (m *merger) textOf(t *refi.TextSource) (*refi.Text, error) {
	txt, err := m.doc.Text(t)
	if err != nil {
		return nil, fmt.Errorf("merge: input %d (%s), text of %q: %w", m.in+1, m.doc.Project.Name, t.Name, err)
	}
	return txt, nil
}

// mergeNote merges a note: the same as a note of an earlier input when
// its name and text are the same.
func (m *merger) mergeNote(n *refi.TextSource) error {
	return m.mergeText(n, true)
}

func (m *merger) mergeSource(s refi.Source) error {
	if t, ok := s.(*refi.TextSource); ok {
		return m.mergeText(t, false)
	}
	return m.mergeOther(s)
}

// mergeText merges a text source (or a note) with its selections and
// codings.
func (m *merger) mergeText(t *refi.TextSource, note bool) error {
	txt, err := m.textOf(t)
	missing := errors.Is(err, refi.ErrNotFound)
	if err != nil && !missing {
		return err
	}
	text := ""
	if missing {
		txt = nil
		why := ""
		if m.from != m.p.Positions {
			why = fmt.Sprintf(" (still counted as %s)", m.from)
		}
		m.conflict("missing text", t.Name, "the file of its text is not in input %d: the source is carried as it is, its passages unchanged%s", m.in+1, why)
	} else {
		text = txt.String()
	}
	kind, element := refi.ItemSources, "TextSource"
	if note {
		kind, element = refi.ItemNotes, ""
	}
	var match *source
	var mp *remap.Map
	var similarity float64
	sameName := false
	for _, s := range m.srcs {
		if s.input == m.in || s.t.Name != t.Name || s.note != note || s.missing != missing {
			continue
		}
		sameName = true
		if s.text == text {
			match, mp = s, nil
			break
		}
		if note || match != nil {
			continue
		}
		d, err := remap.Diff(text, s.text)
		if err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		if sim := d.Similarity(); sim >= m.opt.MinSimilarity {
			match, mp, similarity = s, d, sim
		}
	}
	if match != nil {
		m.ids[t.GUID.Canonical()] = match.t.GUID
		m.count(kind, element, refi.Moved, 1, "", "", "")
		if note {
			m.rep.Matched.Notes++
		} else {
			m.rep.Matched.Sources++
		}
		match.t.NoteRefs = union(match.t.NoteRefs, m.refs(t.NoteRefs))
		match.t.Values = m.mergeValues("source", t.Name, match.t.Values, t.Values)
		return m.mergeSelections(match, t, txt, mp, similarity)
	}
	n := &refi.TextSource{SourceBase: t.SourceBase}
	n.GUID = m.guid(t.GUID)
	n.Codings, n.Values = nil, nil
	n.CreatingUser, n.ModifyingUser = m.ref(t.CreatingUser), m.ref(t.ModifyingUser)
	n.NoteRefs = m.refs(t.NoteRefs)
	n.Values = m.mergeValues("source", t.Name, nil, t.Values)
	m.ids[t.GUID.Canonical()] = n.GUID
	switch {
	case missing:
		n.PlainTextPath, n.PlainTextContent = t.PlainTextPath, t.PlainTextContent
	case t.PlainTextPath == "":
		n.PlainTextContent = text
	default:
		n.PlainTextPath = m.putFile(t.PlainTextPath, string(n.GUID)+".txt", []byte(text))
	}
	if t.RichTextPath != "" {
		n.RichTextPath = m.copyFile(t.RichTextPath, string(n.GUID))
	}
	col := refi.Kept
	if sameName && !note {
		n.Name = m.freeName(t.Name, m.hasSource)
		col = refi.Renamed
		m.conflict("source text", t.Name, "a source of an earlier input has this name and a text less than %.0f%% similar: kept apart as %q", 100*m.opt.MinSimilarity, n.Name)
	}
	m.count(kind, element, col, 1, t.Name, t.GUID, n.Name)
	s := &source{t: n, input: m.in, text: text, sels: map[[2]int64][]selAt{}, coding: map[string]bool{}, note: note, missing: missing}
	m.srcs = append(m.srcs, s)
	if note {
		m.p.Notes = append(m.p.Notes, n)
		m.rep.Added.Notes++
	} else {
		m.p.Sources = append(m.p.Sources, n)
		m.rep.Added.Sources++
		if m.in > 0 {
			m.rep.Unmatched = append(m.rep.Unmatched, "source "+n.Name)
		}
	}
	return m.mergeSelections(s, t, txt, nil, 1)
}

func (m *merger) hasSource(name string) bool {
	for _, s := range m.p.Sources {
		if s.Base().Name == name {
			return true
		}
	}
	return false
}

// mergeSelections merges the selections and whole-source codings of t,
// from the current input, into s; mp, when not nil, maps t's text onto
// s's.
func (m *merger) mergeSelections(s *source, t *refi.TextSource, txt *refi.Text, mp *remap.Map, similarity float64) error {
	s.t.Codings = m.mergeCodings(s.t.Codings, s.coding, t.Codings)
	var rm *Remapped
	if mp != nil {
		m.res.Remapped = append(m.res.Remapped, Remapped{Input: m.in, Source: t.Name, Similarity: similarity})
		rm = &m.res.Remapped[len(m.res.Remapped)-1]
	}
	to := m.p.Positions
	for _, sel := range t.Selections {
		start, end, col := sel.Start, sel.End, refi.Kept
		if txt != nil && m.from != to {
			var err1, err2 error
			start, err1 = txt.Convert(sel.Start, m.from, to)
			end, err2 = txt.Convert(sel.End, m.from, to)
			if err1 != nil || err2 != nil {
				return fmt.Errorf("merge: input %d, selection %s of %q: [%d, %d) is not in the text as %s counts", m.in+1, sel.GUID, t.Name, sel.Start, sel.End, m.from)
			}
			col = refi.Converted
		}
		if mp != nil {
			r, err := mp.RangeIn(to, start, end)
			if err != nil {
				return fmt.Errorf("merge: input %d, selection %s of %q: %w", m.in+1, sel.GUID, t.Name, err)
			}
			old, _ := txt.Slice(sel.Start, sel.End, m.from)
			switch r.Status {
			case remap.Exact:
				rm.Exact++
			case remap.Touched:
				rm.Touched++
				nt, _ := refi.NewTextString(s.text).Slice(r.Start, r.End, to)
				rm.Changes = append(rm.Changes, Change{Status: r.Status, OldText: old, NewText: nt, Codings: len(sel.Codings)})
			case remap.Deleted:
				rm.Deleted++
				m.dropped[sel.GUID.Canonical()] = true
				rm.Changes = append(rm.Changes, Change{Status: r.Status, OldText: old, Codings: len(sel.Codings)})
				m.count(refi.ItemSelections, "PlainTextSelection", refi.Dropped, 1, sel.Name, sel.GUID, fmt.Sprintf("its text is not in the text of %q of an earlier input", t.Name))
				for _, c := range sel.Codings {
					m.count(refi.ItemCodings, "", refi.Dropped, 1, "", c.GUID, "its selection's text is not in the merged text")
				}
				continue
			}
			start, end, col = r.Start, r.End, refi.Converted
		}
		key := [2]int64{start, end}
		if cands := m.earlierSels(s, key); len(cands) > 0 {
			have := &s.t.Selections[cands[0]]
			for _, i := range cands {
				if s.t.Selections[i].GUID.Same(sel.GUID) {
					have = &s.t.Selections[i]
				}
			}
			m.ids[sel.GUID.Canonical()] = have.GUID
			have.NoteRefs = union(have.NoteRefs, m.refs(sel.NoteRefs))
			seen := map[string]bool{}
			for _, i := range cands {
				for _, c := range s.t.Selections[i].Codings {
					seen[codingKey(c)] = true
				}
			}
			have.Codings = m.mergeCodings(have.Codings, seen, sel.Codings)
			m.count(refi.ItemSelections, "PlainTextSelection", refi.Moved, 1, "", "", "")
			m.rep.Matched.Selections++
			continue
		}
		n := refi.TextSelection{SelectionBase: sel.SelectionBase, Start: start, End: end}
		n.GUID = m.guid(sel.GUID)
		m.ids[sel.GUID.Canonical()] = n.GUID
		n.CreatingUser, n.ModifyingUser = m.ref(sel.CreatingUser), m.ref(sel.ModifyingUser)
		n.NoteRefs = m.refs(sel.NoteRefs)
		n.Codings = m.mergeCodings(nil, nil, sel.Codings)
		s.sels[key] = append(s.sels[key], selAt{len(s.t.Selections), m.in})
		s.t.Selections = append(s.t.Selections, n)
		m.count(refi.ItemSelections, "PlainTextSelection", col, 1, "", "", "")
		m.rep.Added.Selections++
	}
	return nil
}

// mergeCodings adds the codings add of the current input to have: a
// coding with the same code and coder as one there is merged into it.
// seen, when not nil, indexes have and is kept up to date.
func (m *merger) mergeCodings(have []refi.Coding, seen map[string]bool, add []refi.Coding) []refi.Coding {
	if seen == nil {
		seen = map[string]bool{}
	}
	if len(seen) == 0 {
		for _, c := range have {
			seen[codingKey(c)] = true
		}
	}
	for _, c := range add {
		c.Code, c.CreatingUser = m.ref(c.Code), m.ref(c.CreatingUser)
		if seen[codingKey(c)] {
			m.count(refi.ItemCodings, "", refi.Moved, 1, "", "", "")
			m.rep.Matched.Codings++
			continue
		}
		seen[codingKey(c)] = true
		g := m.guid(c.GUID)
		m.ids[c.GUID.Canonical()] = g
		c.GUID = g
		c.NoteRefs = m.refs(c.NoteRefs)
		have = append(have, c)
		m.count(refi.ItemCodings, "", refi.Kept, 1, "", "", "")
		m.rep.Added.Codings++
	}
	return have
}

func codingKey(c refi.Coding) string {
	return string(c.Code.Canonical()) + " " + string(c.CreatingUser.Canonical())
}

// putFile stores data as the file of the merged project that path named
// in the current input, under the same name when it is free and as
// fallback otherwise, and returns the path the merged project gives it.
func (m *merger) putFile(p, fallback string, data []byte) string {
	name := ""
	if rest, ok := strings.CutPrefix(p, "internal://"); ok && !strings.ContainsAny(rest, `/\`) {
		name = rest
	}
	if _, taken := m.files["sources/"+name]; name == "" || taken {
		name = fallback
	}
	m.files["sources/"+name] = data
	return "internal://" + name
}

// copyFile copies the file path names in the current input into the
// merged project, and returns its path there (fallback with the file's
// extension when the name is taken). A file that cannot be read keeps its
// path, and writing the project reports it missing.
func (m *merger) copyFile(p, fallback string) string {
	rc, err := m.doc.OpenSource(p)
	if err != nil {
		return p
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return p
	}
	return m.putFile(p, fallback+path.Ext(p), b)
}

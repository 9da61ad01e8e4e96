package merge

import "github.com/qdabridge/qdabridge/refi"

// mergeSets merges sets by name, their members remapped and united.
func (m *merger) mergeSets(ss []*refi.Set) {
	for _, s := range ss {
		var have *refi.Set
		for _, h := range m.p.Sets {
			if h.Name == s.Name {
				have = h
				break
			}
		}
		if have != nil {
			m.ids[s.GUID.Canonical()] = have.GUID
			m.rep.Matched.Sets++
			m.count(refi.ItemSets, "", refi.Moved, 1, "", "", "")
		} else {
			have = &refi.Set{GUID: m.guid(s.GUID), Name: s.Name, Description: s.Description, Extensions: s.Extensions}
			m.ids[s.GUID.Canonical()] = have.GUID
			m.p.Sets = append(m.p.Sets, have)
			m.rep.Added.Sets++
			m.count(refi.ItemSets, "", refi.Kept, 1, "", "", "")
		}
		have.MemberCodes = union(have.MemberCodes, m.refs(s.MemberCodes))
		have.MemberSources = union(have.MemberSources, m.refs(s.MemberSources))
		have.MemberNotes = union(have.MemberNotes, m.refs(s.MemberNotes))
	}
}

// mergeLinks merges links: the same when their name, direction, origin
// and target (remapped) are.
func (m *merger) mergeLinks(ls []*refi.Link) {
	for _, l := range ls {
		if m.dropped[l.Origin.Canonical()] || m.dropped[l.Target.Canonical()] {
			m.count(refi.ItemLinks, "", refi.Dropped, 1, l.Name, l.GUID, "it linked a selection that was dropped")
			continue
		}
		n := *l
		n.Origin, n.Target = m.ref(l.Origin), m.ref(l.Target)
		n.NoteRefs = m.refs(l.NoteRefs)
		var have *refi.Link
		for _, h := range m.p.Links {
			if h.Name == n.Name && h.Direction == n.Direction && h.Origin.Same(n.Origin) && h.Target.Same(n.Target) {
				have = h
				break
			}
		}
		if have != nil {
			m.ids[l.GUID.Canonical()] = have.GUID
			have.NoteRefs = union(have.NoteRefs, n.NoteRefs)
			m.rep.Matched.Links++
			m.count(refi.ItemLinks, "", refi.Moved, 1, "", "", "")
			continue
		}
		n.GUID = m.guid(l.GUID)
		m.ids[l.GUID.Canonical()] = n.GUID
		m.p.Links = append(m.p.Links, &n)
		m.rep.Added.Links++
		m.count(refi.ItemLinks, "", refi.Kept, 1, "", "", "")
	}
}

// mergeGraphs merges graphs by name: a graph whose name an earlier input
// has is that graph; others are added with their objects remapped.
func (m *merger) mergeGraphs(gs []*refi.Graph) {
	for _, g := range gs {
		found := false
		for _, h := range m.p.Graphs {
			if h.Name == g.Name {
				found = true
				break
			}
		}
		if found {
			m.count(refi.ItemGraphs, "", refi.Moved, 1, "", "", "")
			continue
		}
		n := *g
		n.GUID = m.guid(g.GUID)
		vs := map[refi.GUID]refi.GUID{}
		n.Vertices = nil
		for _, v := range g.Vertices {
			v.Represented = m.ref(v.Represented)
			old := v.GUID
			v.GUID = m.guid(v.GUID)
			vs[old.Canonical()] = v.GUID
			n.Vertices = append(n.Vertices, v)
		}
		n.Edges = nil
		for _, e := range g.Edges {
			e.GUID = m.guid(e.GUID)
			e.Represented = m.ref(e.Represented)
			if v, ok := vs[e.SourceVertex.Canonical()]; ok {
				e.SourceVertex = v
			}
			if v, ok := vs[e.TargetVertex.Canonical()]; ok {
				e.TargetVertex = v
			}
			n.Edges = append(n.Edges, e)
		}
		m.p.Graphs = append(m.p.Graphs, &n)
		m.count(refi.ItemGraphs, "", refi.Kept, 1, "", "", "")
	}
}

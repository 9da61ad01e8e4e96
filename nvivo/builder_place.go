package nvivo

import (
	"fmt"
	"sort"
	"strings"

	"github.com/qdabridge/qdabridge/internal/place"
	"github.com/qdabridge/qdabridge/refi"
)

// place locates every reference in its document and makes the selections.
func (st *build) place() error {
	idx, err := st.documents()
	if err != nil {
		return err
	}
	for _, s := range st.srcOrder {
		dr := DocumentReport{File: s.src.Name}
		var doc *document
		if cands := idx[s.key]; len(cands) > 0 {
			p, sure := pickDocument(cands, s.folder)
			if !sure {
				st.ws.add(Warning{Code: WarnDocument, File: p,
					Message: fmt.Sprintf("several documents could be the file \"%s\" (%s); %s is used", s.src.Name, strings.Join(cands, ", "), p)})
			}
			d, err := st.loadDocument(p)
			if err != nil {
				st.ws.add(Warning{Code: WarnDocument, File: p, Message: err.Error()})
			} else {
				doc = d
			}
		}
		if doc == nil && st.b.PassageSources && len(s.refs) > 0 {
			doc = passageDocument(s)
		}
		if doc != nil {
			dr.Document, dr.Format = doc.path, doc.format
			name := string(s.src.GUID) + ".txt"
			st.files[name] = doc.stored
			s.src.PlainTextPath = "internal://" + name
			if doc.rich != nil {
				rich := string(s.src.GUID) + ".docx"
				st.files[rich] = doc.rich
				s.src.RichTextPath = "internal://" + rich
			}
			if doc.format == "passages" {
				s.src.Description = "Text made of the passages coded in the NVivo exports (each once, separated by blank lines); the original document was not available."
			}
		} else if len(s.refs) > 0 {
			st.ws.add(Warning{Code: WarnDocument, Count: len(s.refs),
				Message: fmt.Sprintf(noDocument+" \"%s\": its %d references cannot be placed (give the documents, or set PassageSources)", s.src.Name, len(s.refs))})
		}
		dr.Placed, dr.Unplaced = st.placeSource(s, doc)
		st.rep.Documents = append(st.rep.Documents, dr)
	}
	return nil
}

// fullCoverage is the coverage from which a case reference assigns the
// whole file to the case.
const fullCoverage = 0.999

// placed is where one reference was placed, or why not.
type placed struct {
	status MatchStatus
	span   place.Span
	n      int // candidates
	reason string
}

// placeSource places the references of one file in its document (nil
// when there is none), counts each in the report, and makes the file's
// selections and their codings; references at a case become the case's
// SelectionRefs, or its SourceRef when they cover the whole file.
func (st *build) placeSource(s *srcEntry, doc *document) (nPlaced, nUnplaced int) {
	// whole-file case references need no search
	var refs []refItem
	for _, it := range s.refs {
		if it.cas != nil && (it.ref.References <= 1 && it.ref.Coverage >= fullCoverage || doc != nil && coversAll(doc, it.ref.Text)) {
			if !it.cas.srcRefs[s.key] {
				it.cas.srcRefs[s.key] = true
				it.cas.srcOrder = append(it.cas.srcOrder, s.key)
			}
			st.rep.CaseFiles++
			continue
		}
		refs = append(refs, it)
	}
	res := locate(doc, refs)
	// selections
	type selKey struct{ a, b int }
	sels := map[selKey]int{}
	codings := map[string]bool{}
	for i, it := range refs {
		r := res[i]
		st.rep.References++
		switch r.status {
		case MatchExact:
			st.rep.Exact++
			st.rep.Matched++
		case MatchTolerant:
			st.rep.Tolerant++
			st.rep.Matched++
		case MatchAmbiguous:
			st.rep.Ambiguous++
		case MatchMissing:
			st.rep.Missing++
		}
		placedHere := r.status == MatchExact || r.status == MatchTolerant
		var start, end int64
		var err1, err2 error
		if placedHere {
			start, err1 = doc.text.Position(r.span.Start, refi.Positions{})
			end, err2 = doc.text.Position(r.span.End, refi.Positions{})
		}
		if r.status != MatchExact || r.n > 1 {
			pl := Placement{Input: it.input, Row: it.ref.Row, Line: it.ref.Line, File: s.src.Name, Code: it.ref.CodeName(),
				Coder: it.ref.Coder, Status: r.status, Candidates: r.n, Reason: r.reason, Text: clip(it.ref.Text, 80),
				Start: start, End: end}
			st.rep.Placements = append(st.rep.Placements, pl)
			if r.status == MatchAmbiguous || r.status == MatchMissing {
				st.ws.add(Warning{Code: WarnPlacement, File: it.input, Row: it.ref.Row, Line: it.ref.Line,
					Message: fmt.Sprintf("%s: %s in \"%s\" at \"%s\" not placed: %s", r.status, clip(it.ref.Text, 60), s.src.Name, it.ref.CodeName(), r.reason)})
			}
		}
		if !placedHere {
			nUnplaced++
			continue
		}
		nPlaced++
		if err1 != nil || err2 != nil {
			// cannot happen: spans are on character boundaries
			continue
		}
		k := selKey{r.span.Start, r.span.End}
		si, ok := sels[k]
		if !ok {
			sel := refi.TextSelection{Start: start, End: end}
			sel.GUID = guidFor(fmt.Sprintf("nvivo:selection:%s:%d:%d", s.key, start, end))
			s.src.Selections = append(s.src.Selections, sel)
			si = len(s.src.Selections) - 1
			sels[k] = si
		}
		sel := &s.src.Selections[si]
		if it.cas != nil {
			if !it.cas.selRefs[sel.GUID] {
				it.cas.selRefs[sel.GUID] = true
				it.cas.selOrder = append(it.cas.selOrder, sel.GUID)
			}
			continue
		}
		u := st.user(it.ref.Coder)
		ck := string(sel.GUID) + "\x00" + string(it.code.code.GUID) + "\x00" + it.ref.Coder
		if codings[ck] {
			st.ws.add(Warning{Code: WarnDuplicate, File: it.input, Row: it.ref.Row, Line: it.ref.Line,
				Message: fmt.Sprintf("reference repeats a coding of the same passage at \"%s\" by \"%s\"; not added twice", it.ref.CodeName(), it.ref.Coder)})
			continue
		}
		codings[ck] = true
		c := refi.Coding{GUID: guidFor("nvivo:coding:" + ck), Code: it.code.code.GUID}
		if u != nil {
			c.CreatingUser = u.GUID
		}
		if !it.ref.Modified.IsZero() {
			c.Created = st.wall(it.ref.Modified)
		}
		sel.Codings = append(sel.Codings, c)
	}
	// selections in document order
	sort.SliceStable(s.src.Selections, func(i, j int) bool {
		a, b := s.src.Selections[i], s.src.Selections[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	return nPlaced, nUnplaced
}

// locate finds each reference in doc: its candidates (exact, or white
// space ignored), narrowed by the reference order within each code (or
// case). A nil doc leaves every reference missing.
func locate(doc *document, refs []refItem) []placed {
	res := make([]placed, len(refs))
	if doc == nil {
		for i := range res {
			res[i] = placed{status: MatchMissing, reason: "no document"}
		}
		return res
	}
	// candidates of each reference
	cands := make([][]place.Span, len(refs))
	tolerant := make([]bool, len(refs))
	cache := map[string]int{}
	for i, it := range refs {
		if j, ok := cache[it.ref.Text]; ok {
			cands[i], tolerant[i] = cands[j], tolerant[j]
			continue
		}
		cache[it.ref.Text] = i
		if sp, ok := doc.spans[it.ref.Text]; ok {
			cands[i] = []place.Span{sp}
			continue
		}
		cands[i], tolerant[i] = doc.find.Find(it.ref.Text)
	}
	// groups: the references of one code (or case) in this file, in
	// Reference Number order (row order when there is none)
	groups := map[string][]int{}
	var gorder []string
	for i, it := range refs {
		k := "code:" + pathKey(it.codeNames())
		if _, ok := groups[k]; !ok {
			gorder = append(gorder, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range gorder {
		g := groups[k]
		numbered := true
		for _, i := range g {
			numbered = numbered && refs[i].ref.Number > 0
		}
		if numbered {
			sort.SliceStable(g, func(a, b int) bool { return refs[g[a]].ref.Number < refs[g[b]].ref.Number })
		}
		ors := make([]place.Ordered, len(g))
		for j, i := range g {
			ors[j] = place.Ordered{Spans: cands[i], Coder: refs[i].ref.Coder}
		}
		chosen := place.Order(ors)
		for j, i := range g {
			res[i] = placedOf(place.Decide(cands[i], tolerant[i], chosen[j]))
		}
	}
	return res
}

// placedOf is a placement as the report gives it, with its reason.
func placedOf(p place.Placement) placed {
	switch p.Status {
	case place.Missing:
		return placed{status: MatchMissing, reason: "text not found in the document"}
	case place.Exact, place.Tolerant:
		reason := ""
		if p.Candidates > 1 {
			reason = fmt.Sprintf("occurs %d times; the reference order chose one", p.Candidates)
		}
		if p.Tolerant {
			reason = strings.TrimPrefix(reason+"; found when white space and line ends are ignored", "; ")
		}
		return placed{status: MatchStatus(p.Status), span: p.Span, n: p.Candidates, reason: reason}
	}
	return placed{status: MatchAmbiguous, n: p.Candidates,
		reason: fmt.Sprintf("occurs %d times and the reference order leaves %d possible", p.Candidates, p.Left)}
}

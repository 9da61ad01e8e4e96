package segments

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/qdabridge/qdabridge/internal/docx"
	"github.com/qdabridge/qdabridge/internal/place"
	"github.com/qdabridge/qdabridge/internal/transcript"
	"github.com/qdabridge/qdabridge/refi"
)

// ErrBadDocument: a document of Options.Documents cannot be read.
var ErrBadDocument = errors.New("unreadable source document")

// document is the text a document's passages are looked for in.
type document struct {
	file   string // path in Options.Documents, "" for passages
	format string // "txt", "docx", "passages"
	text   *refi.Text
	find   *place.Finder
	stored []byte
	rich   []byte
	spans  map[*segment]place.Span // the passages text: each segment's place
}

// documents lists the .txt and .docx files of Options.Documents by key.
func (st *build) documents() (map[string][]string, error) {
	idx := map[string][]string{}
	if st.opt.Documents == nil {
		return idx, nil
	}
	paths, err := transcript.List(st.opt.Documents)
	for _, p := range paths {
		base := path.Base(p)
		k := strings.ToLower(strings.TrimSuffix(base, path.Ext(base)))
		idx[k] = append(idx[k], p)
		if kk := docKey(k); kk != k {
			idx[kk] = append(idx[kk], p) // "x.docx.txt" is the document "x.docx"
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: listing the documents: %w", ErrBadDocument, err)
	}
	for k := range idx {
		sort.SliceStable(idx[k], func(i, j int) bool { // a .txt first, then by path
			a, b := strings.EqualFold(path.Ext(idx[k][i]), ".txt"), strings.EqualFold(path.Ext(idx[k][j]), ".txt")
			if a != b {
				return a
			}
			return idx[k][i] < idx[k][j]
		})
	}
	return idx, nil
}

func (st *build) load(p string) (*document, error) {
	limit := st.opt.MaxDocumentBytes
	if limit <= 0 {
		limit = docx.MaxDocumentSize
	}
	t, err := transcript.Read(st.opt.Documents, p, limit)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadDocument, err)
	}
	if t.NotUTF8 {
		st.ws.add(Warning{Code: WarnDocument, File: p, Message: "document is not valid UTF-8: passages with other characters will not be found"})
	}
	d := &document{file: p, format: t.Format, stored: t.Stored, rich: t.Rich, text: t.Text}
	d.find = place.NewFinder(d.text.String())
	return d, nil
}

// passages makes the text of a document's segments' passages, each
// segment's once, separated by blank lines.
func passages(s *srcEntry) *document {
	var b strings.Builder
	spans := map[*segment]place.Span{}
	for _, g := range s.segs {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		spans[g] = place.Span{Start: b.Len(), End: b.Len() + len(g.row.Text)}
		b.WriteString(g.row.Text)
	}
	t := b.String()
	return &document{format: "passages", stored: []byte(t), text: refi.NewTextString(t), spans: spans}
}

// placeSource finds the document of s, places its segments and makes
// their selections and codings.
func (st *build) placeSource(s *srcEntry, idx map[string][]string) {
	dr := DocumentReport{Name: s.src.Name, Segments: len(s.segs)}
	var doc *document
	unreadable := ""
	if cands := idx[s.key]; len(cands) > 0 {
		if len(cands) > 1 {
			st.ws.add(Warning{Code: WarnDocument, File: cands[0],
				Message: fmt.Sprintf("several documents could be %q (%s); %s is used", s.src.Name, strings.Join(cands, ", "), cands[0])})
		}
		d, err := st.load(cands[0])
		if err != nil {
			st.ws.add(Warning{Code: WarnDocument, File: cands[0], Message: err.Error()})
			unreadable = cands[0]
		} else {
			doc = d
		}
	}
	if doc == nil && st.opt.PassageSources && len(s.segs) > 0 {
		doc = passages(s)
	}
	if doc != nil {
		dr.File, dr.Format = doc.file, doc.format
		name := string(s.src.GUID) + ".txt"
		st.files[name] = doc.stored
		s.src.PlainTextPath = "internal://" + name
		if doc.rich != nil {
			st.files[string(s.src.GUID)+".docx"] = doc.rich
			s.src.RichTextPath = "internal://" + string(s.src.GUID) + ".docx"
		}
		if doc.format == "passages" {
			s.src.Description = fmt.Sprintf("Text made of the passages coded in the %s export (each segment's once, separated by blank lines); the original document was not available.", st.in.Tool)
		}
	} else if len(s.segs) > 0 {
		st.ws.add(Warning{Code: WarnDocument, File: st.in.File, Count: len(s.segs),
			Message: fmt.Sprintf("no document for %q: its %d coded passages cannot be placed (give the documents, or ask for passage sources)", s.src.Name, len(s.segs))})
	}
	res := st.locate(doc, s)
	for i, g := range s.segs {
		pl := res[i]
		st.rep.Segments++
		switch pl.Status {
		case place.Exact:
			st.rep.Exact++
		case place.Tolerant:
			st.rep.Tolerant++
		case place.Ambiguous:
			st.rep.Ambiguous++
		default:
			st.rep.Missing++
		}
		if !pl.Placed() {
			reason := "no document"
			switch {
			case doc != nil && pl.Status == place.Ambiguous:
				reason = fmt.Sprintf("the passage occurs %d times in %s and nothing tells which", pl.Candidates, doc.file)
			case doc != nil:
				reason = "the passage is not in the document " + doc.file
			case unreadable != "":
				reason = "the document " + unreadable + " could not be read (see the warnings)"
			case st.opt.Documents != nil:
				reason = "no document of this name among the documents given"
			}
			st.notPlaced(g, string(pl.Status), reason)
			continue
		}
		dr.Placed++
		if pl.Hinted {
			st.rep.Hinted++
		}
		if doc.format == "passages" {
			st.rep.Passages++
		}
		start, err1 := doc.text.Position(pl.Span.Start, refi.Positions{})
		end, err2 := doc.text.Position(pl.Span.End, refi.Positions{})
		if err1 != nil || err2 != nil { // cannot happen: spans are on rune boundaries
			st.notPlaced(g, "missing", "the passage's place is not on character boundaries")
			continue
		}
		st.selection(s, g, i, start, end)
	}
	sort.SliceStable(s.src.Selections, func(i, j int) bool {
		a, b := s.src.Selections[i], s.src.Selections[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	st.rep.Documents = append(st.rep.Documents, dr)
}

func (st *build) notPlaced(g *segment, status, reason string) {
	var codes []string
	for _, n := range g.codes {
		codes = append(codes, strings.Join(n.path, `\`))
	}
	st.rep.NotPlaced = append(st.rep.NotPlaced, NotPlaced{Document: g.row.Document, Sheet: g.row.Sheet, Row: g.row.Row,
		Codes: codes, Status: status, Reason: reason, Text: clip(g.row.Text, 80)})
	st.ws.add(Warning{Code: WarnPlacement, File: st.in.File, Table: g.row.Sheet, Row: int64(g.row.Row),
		Message: fmt.Sprintf("%s: %q in %q not placed: %s", status, clip(g.row.Text, 60), g.row.Document, reason)})
}

// locate places each segment of s in doc.
func (st *build) locate(doc *document, s *srcEntry) []place.Placement {
	out := make([]place.Placement, len(s.segs))
	if doc == nil {
		for i := range out {
			out[i] = place.Placement{Status: place.Missing}
		}
		return out
	}
	if doc.spans != nil {
		for i, g := range s.segs {
			out[i] = place.Decide([]place.Span{doc.spans[g]}, false, []place.Span{doc.spans[g]})
		}
		return out
	}
	found := make([][]place.Span, len(s.segs))
	tol := make([]bool, len(s.segs))
	left := make([][]place.Span, len(s.segs))
	for i, g := range s.segs {
		found[i], tol[i] = doc.find.Find(g.row.Text)
		h := place.Hint{}
		switch {
		case g.row.ParaStart > 0:
			h = doc.find.Paragraph(g.row.ParaStart)
		case g.row.CharStart >= 0:
			h = doc.find.AtChar(g.row.CharStart)
		}
		left[i] = place.Narrow(found[i], h)
	}
	if st.in.Ordered {
		// the segments of each code, in row order, are in text order
		byCode := map[*codeNode][]int{}
		var order []*codeNode
		for i, g := range s.segs {
			for _, n := range g.codes {
				if _, ok := byCode[n]; !ok {
					order = append(order, n)
				}
				byCode[n] = append(byCode[n], i)
			}
		}
		for _, n := range order {
			is := byCode[n]
			ors := make([]place.Ordered, len(is))
			for j, i := range is {
				ors[j] = place.Ordered{Spans: left[i], Coder: s.segs[i].row.Coder}
			}
			for j, ch := range place.Order(ors) {
				left[is[j]] = ch
			}
		}
	}
	for i := range s.segs {
		out[i] = place.Decide(found[i], tol[i], left[i])
	}
	return out
}

// selection makes the selection of segment g at [start, end) and its
// codings.
func (st *build) selection(s *srcEntry, g *segment, i int, start, end int64) {
	sel := refi.TextSelection{Start: start, End: end}
	sel.GUID = st.guid("selection", fmt.Sprintf("%s:%d:%d:%d", s.key, i, start, end))
	var memos []string
	for _, r := range g.rows {
		if sel.Name == "" {
			sel.Name = strings.TrimSpace(r.Name)
		}
		if m := strings.TrimSpace(r.Memo); m != "" && !contains(memos, m) {
			memos = append(memos, m)
		}
		if u := st.user(r.Coder); u != nil && sel.CreatingUser == "" {
			sel.CreatingUser = u.GUID
		}
		if u := st.user(r.Modifier); u != nil && sel.ModifyingUser == "" {
			sel.ModifyingUser = u.GUID
		}
		if !r.Created.IsZero() && (sel.Created.IsZero() || r.Created.Before(sel.Created)) {
			sel.Created = r.Created
		}
		if !r.Modified.IsZero() && r.Modified.After(sel.Modified) {
			sel.Modified = r.Modified
		}
	}
	sel.Created, sel.Modified = st.wall(sel.Created), st.wall(sel.Modified)
	sel.Description = strings.Join(memos, "\n\n")
	for k, n := range g.codes {
		r := g.coder[k]
		c := refi.Coding{GUID: st.guid("coding", string(sel.GUID)+":"+string(n.code.GUID)), Code: n.code.GUID, Created: st.wall(r.Created)}
		if u := st.user(r.Coder); u != nil {
			c.CreatingUser = u.GUID
		}
		sel.Codings = append(sel.Codings, c)
	}
	s.src.Selections = append(s.src.Selections, sel)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

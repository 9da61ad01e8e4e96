package nvivo

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/qdabridge/qdabridge/internal/place"
	"github.com/qdabridge/qdabridge/internal/transcript"
	"github.com/qdabridge/qdabridge/refi"
)

// document is the text a file's passages are looked for in.
type document struct {
	path   string // in Builder.Documents
	format string // "txt", "docx", "passages"
	text   *refi.Text
	find   *place.Finder
	stored []byte                // the plain-text file stored
	rich   []byte                // the .docx, stored as the rich text
	spans  map[string]place.Span // where each passage is, for a text made of the passages
	norm   *string               // the text as normText gives it, once asked for
}

// docIndex lists the documents of Builder.Documents by key.
type docIndex map[string][]string

func (st *build) documents() (docIndex, error) {
	idx := docIndex{}
	if st.b.Documents == nil {
		return idx, nil
	}
	paths, err := transcript.List(st.b.Documents)
	for _, p := range paths {
		base := path.Base(p)
		k := strings.ToLower(strings.TrimSuffix(base, path.Ext(base)))
		idx[k] = append(idx[k], p)
		if kk := strings.ToLower(base); kk != k {
			// a file named "x.docx" in NVivo matches "x.docx.txt" too
			idx[kk] = append(idx[kk], p)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: listing the documents: %w", ErrBadDocument, err)
	}
	return idx, nil
}

// pick chooses the document of a file among the candidates: one whose
// folder matches the file's NVivo folders, then a .txt before a .docx.
func pickDocument(cands []string, folder []string) (string, bool) {
	if len(cands) == 0 {
		return "", false
	}
	score := func(p string) int {
		s := 0
		dir := strings.ToLower(path.Dir(p))
		if len(folder) > 1 {
			want := strings.ToLower(strings.Join(folder[1:], "/"))
			if dir == want || strings.HasSuffix(dir, "/"+want) {
				s += 2
			}
		}
		if strings.EqualFold(path.Ext(p), ".txt") {
			s++
		}
		return s
	}
	best := append([]string(nil), cands...)
	sort.SliceStable(best, func(i, j int) bool {
		if si, sj := score(best[i]), score(best[j]); si != sj {
			return si > sj
		}
		return best[i] < best[j]
	})
	return best[0], len(best) == 1 || score(best[0]) > score(best[1])
}

func (st *build) loadDocument(p string) (*document, error) {
	limit := st.b.MaxDocumentBytes
	if limit <= 0 {
		limit = maxDocumentSize
	}
	t, err := transcript.Read(st.b.Documents, p, limit)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadDocument, err)
	}
	if t.NotUTF8 {
		st.ws.add(Warning{Code: WarnDocument, File: p, Message: "document is not valid UTF-8: passages with other characters will not be found"})
	}
	d := &document{path: p, format: t.Format, stored: t.Stored, rich: t.Rich, text: t.Text}
	d.find = place.NewFinder(d.text.String())
	return d, nil
}

// passageDocument makes a text of the coded passages of a file: each
// distinct passage once, as written, separated by blank lines. Every
// passage's place in it is known, so none is looked for.
func passageDocument(s *srcEntry) *document {
	var b strings.Builder
	spans := map[string]place.Span{}
	for _, it := range s.refs {
		t := it.ref.Text
		if _, ok := spans[t]; ok || strings.TrimSpace(t) == "" || it.cas != nil && it.ref.References <= 1 && it.ref.Coverage >= fullCoverage {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		spans[t] = place.Span{Start: b.Len(), End: b.Len() + len(t)}
		b.WriteString(t)
	}
	text := b.String()
	return &document{format: "passages", stored: []byte(text), text: refi.NewTextString(text), find: place.NewFinder(text), spans: spans}
}

// coversAll reports whether text is the whole document, white space
// aside. The document's normal form is made once, for all its references.
func coversAll(d *document, text string) bool {
	if d.norm == nil {
		n := normText(d.text.String())
		d.norm = &n
	}
	a := normText(text)
	return a != "" && a == *d.norm
}

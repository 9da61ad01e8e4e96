package nvivo

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/qdabridge/qdabridge/internal/place"
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
	err := fs.WalkDir(st.b.Documents, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		ext := strings.ToLower(path.Ext(p))
		if ext != ".txt" && ext != ".docx" {
			return nil
		}
		base := path.Base(p)
		k := strings.ToLower(strings.TrimSuffix(base, path.Ext(base)))
		idx[k] = append(idx[k], p)
		if kk := strings.ToLower(base); kk != k {
			// a file named "x.docx" in NVivo matches "x.docx.txt" too
			idx[kk] = append(idx[kk], p)
		}
		return nil
	})
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

// readDocument reads the file p of fsys, at most limit bytes: its size is
// checked before it is read, and it is read through a limit, so that a
// larger file (or one that grows, or whose size is not told right) is never
// loaded whole.
func readDocument(fsys fs.FS, p string, limit int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadDocument, p, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadDocument, p, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrBadDocument, p)
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes", ErrBadDocument, p, limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadDocument, p, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes", ErrBadDocument, p, limit)
	}
	return data, nil
}

func (st *build) loadDocument(p string) (*document, error) {
	limit := st.b.MaxDocumentBytes
	if limit <= 0 {
		limit = maxDocumentSize
	}
	data, err := readDocument(st.b.Documents, p, limit)
	if err != nil {
		return nil, err
	}
	d := &document{path: p}
	if strings.EqualFold(path.Ext(p), ".docx") {
		s, err := docxText(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		d.format, d.rich, d.stored, d.text = "docx", data, []byte(s), refi.NewTextString(s)
	} else {
		d.format, d.stored = "txt", data
		if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
			s, _ := decodeText(data)
			d.text = refi.NewTextString(s)
		} else {
			d.text = refi.NewText(data)
			if !d.text.ValidUTF8() {
				st.ws.add(Warning{Code: WarnDocument, File: p, Message: "document is not valid UTF-8: passages with other characters will not be found"})
			}
		}
	}
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

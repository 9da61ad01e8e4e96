package merge

import (
	"bytes"
	"fmt"
	"io"
	"path"

	"github.com/qdabridge/qdabridge/refi"
)

// other is a picture, PDF, audio or video source of the merged project.
type other struct {
	src   refi.Source
	input int
	data  []byte // the file, nil when it could not be read
}

// fileOf reads the file a non-text source names, nil when it cannot.
func (m *merger) fileOf(p string) []byte {
	if p == "" {
		return nil
	}
	rc, err := m.doc.OpenSource(p)
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil
	}
	return b
}

// mergeOther merges a picture, PDF, audio or video source: the same as a
// source of an earlier input of the same kind, name and file. A matched
// source gets the selections and codings it lacks; a new one is added, its
// file copied. Positions in PDF representations and transcripts are kept
// as they are.
func (m *merger) mergeOther(s refi.Source) error {
	b := s.Base()
	p := filePath(s)
	data := m.fileOf(p)
	for _, o := range m.others {
		if o.input == m.in || o.src.Element() != s.Element() || o.src.Base().Name != b.Name || !bytes.Equal(o.data, data) {
			continue
		}
		m.ids[b.GUID.Canonical()] = o.src.Base().GUID
		ob := o.src.Base()
		ob.Codings = m.mergeCodings(ob.Codings, nil, b.Codings)
		ob.NoteRefs = union(ob.NoteRefs, m.refs(b.NoteRefs))
		ob.Values = m.mergeValues("source", b.Name, ob.Values, b.Values)
		m.count(refi.ItemSources, s.Element(), refi.Moved, 1, "", "", "")
		m.rep.Matched.Sources++
		m.otherSelections(o.src, s)
		return nil
	}
	n := emptyCopy(s)
	nb := n.Base()
	*nb = *b
	nb.GUID = m.guid(b.GUID)
	m.ids[b.GUID.Canonical()] = nb.GUID
	nb.Codings = m.mergeCodings(nil, nil, b.Codings)
	nb.NoteRefs = m.refs(b.NoteRefs)
	nb.Values = m.mergeValues("source", b.Name, nil, b.Values)
	if data != nil {
		setFilePath(n, m.putFile(p, string(nb.GUID)+path.Ext(p), data))
	}
	m.others = append(m.others, &other{src: n, input: m.in, data: data})
	m.p.Sources = append(m.p.Sources, n)
	m.count(refi.ItemSources, s.Element(), refi.Kept, 1, "", "", "")
	m.rep.Added.Sources++
	if m.in > 0 {
		m.rep.Unmatched = append(m.rep.Unmatched, "source "+b.Name)
	}
	m.otherSelections(n, s)
	return nil
}

// emptyCopy returns a copy of s without selections.
func emptyCopy(s refi.Source) refi.Source {
	switch t := s.(type) {
	case *refi.PictureSource:
		c := *t
		c.Selections = nil
		return &c
	case *refi.PDFSource:
		c := *t
		c.Selections = nil
		return &c
	case *refi.AudioSource:
		c := *t
		c.Selections = nil
		return &c
	case *refi.VideoSource:
		c := *t
		c.Selections = nil
		return &c
	}
	return s
}

func filePath(s refi.Source) string {
	switch t := s.(type) {
	case *refi.PictureSource:
		return t.Path
	case *refi.PDFSource:
		return t.Path
	case *refi.AudioSource:
		return t.Path
	case *refi.VideoSource:
		return t.Path
	}
	return ""
}

func setFilePath(s refi.Source, p string) {
	switch t := s.(type) {
	case *refi.PictureSource:
		t.Path = p
	case *refi.PDFSource:
		t.Path = p
	case *refi.AudioSource:
		t.Path = p
	case *refi.VideoSource:
		t.Path = p
	}
}

// otherSelections adds the selections of s (of the current input) to dst,
// a source of the merged project: one at the same place as one dst has
// is merged into it.
func (m *merger) otherSelections(dst, s refi.Source) {
	switch t := s.(type) {
	case *refi.PictureSource:
		d := dst.(*refi.PictureSource)
		mergeSels(m, &d.Selections, t.Selections, pictureKey, "PictureSelection")
	case *refi.PDFSource:
		d := dst.(*refi.PDFSource)
		mergeSels(m, &d.Selections, t.Selections, pdfKey, "PDFSelection")
	case *refi.AudioSource:
		d := dst.(*refi.AudioSource)
		mergeSels(m, &d.Selections, t.Selections, mediaKey, "AudioSelection")
	case *refi.VideoSource:
		d := dst.(*refi.VideoSource)
		mergeSels(m, &d.Selections, t.Selections, mediaKey, "VideoSelection")
	}
}

// mergeSels adds the selections src (of the current input) to *dst, those
// of a source of the merged project: one at the same place (key) as one
// *dst has is merged into it, the last of several at one place.
func mergeSels[S any, P interface {
	*S
	Base() *refi.SelectionBase
}](m *merger, dst *[]S, src []S, key func(S) string, element string) {
	at := make(map[string]int, len(*dst))
	for i := range *dst {
		at[key((*dst)[i])] = i
	}
	for _, x := range src {
		k := key(x)
		var have *refi.SelectionBase
		if i, ok := at[k]; ok {
			have = P(&(*dst)[i]).Base()
		}
		if m.addSel(have, P(&x).Base(), element) {
			at[k] = len(*dst)
			*dst = append(*dst, x)
		}
	}
}

func pictureKey(x refi.PictureSelection) string {
	return fmt.Sprint(x.FirstX, x.FirstY, x.SecondX, x.SecondY)
}
func pdfKey(x refi.PDFSelection) string {
	return fmt.Sprint(x.Page, x.FirstX, x.FirstY, x.SecondX, x.SecondY)
}
func mediaKey(x refi.MediaSelection) string { return fmt.Sprint(x.Begin, x.End) }

// addSel merges the selection base (of the current input; changed in
// place to the merged one's fields) into have, the one at its place, or,
// when there is none (nil), makes it ready to be added and reports true.
func (m *merger) addSel(have, base *refi.SelectionBase, element string) bool {
	if h := have; h != nil {
		m.ids[base.GUID.Canonical()] = h.GUID
		h.NoteRefs = union(h.NoteRefs, m.refs(base.NoteRefs))
		h.Codings = m.mergeCodings(h.Codings, nil, base.Codings)
		m.count(refi.ItemSelections, element, refi.Moved, 1, "", "", "")
		m.rep.Matched.Selections++
		return false
	}
	g := m.guid(base.GUID)
	m.ids[base.GUID.Canonical()] = g
	base.GUID = g
	base.NoteRefs = m.refs(base.NoteRefs)
	base.CreatingUser, base.ModifyingUser = m.ref(base.CreatingUser), m.ref(base.ModifyingUser)
	base.Codings = m.mergeCodings(nil, nil, base.Codings)
	m.count(refi.ItemSelections, element, refi.Kept, 1, "", "", "")
	m.rep.Added.Selections++
	return true
}

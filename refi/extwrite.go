package refi

import (
	"fmt"
	"strconv"
	"strings"
)

// The writing of extensions: what a producer wrote beyond the schema, kept
// in processing instructions (or, on request, inline) so that this
// package reads it back.

// ext writes an element's extensions: its unknown attributes (when inline)
// must be written by extAttrs while the start tag is open; this writes the
// rest as content.
func (o *xmlOut) extAttrs(e *Extensions) {
	if e == nil || !o.inline {
		return
	}
	declared := map[string]bool{}
	for _, a := range e.attrs {
		if o.clashes(a) {
			continue
		}
		name := a.Name
		if a.Prefix != "" {
			name = a.Prefix + ":" + a.Name
			if !declared[a.Prefix] && a.Space != "" {
				o.attr("xmlns:"+a.Prefix, a.Space)
				declared[a.Prefix] = true
			}
		}
		o.attr(name, a.Value)
	}
}

// clashes reports whether an unknown attribute has the name of an attribute
// the writer writes itself (it then stays in a processing instruction).
func (o *xmlOut) clashes(a xmlAttr) bool {
	if a.Space != "" {
		return false
	}
	b := o.buf
	// look back over the current start tag for name="
	i := strings.LastIndexByte(string(b), '<')
	return i >= 0 && strings.Contains(string(b[i:]), " "+a.Name+"=\"")
}

func (o *xmlOut) inlineChildAttrs(e *Extensions, child string, index int) {
	if e == nil || !o.inline {
		return
	}
	for _, ca := range e.childAttrs {
		if ca.Child == child && ca.Index == index {
			name := ca.Name
			if ca.Prefix != "" {
				name = ca.Prefix + ":" + ca.Name
				if ca.Space != "" {
					o.attr("xmlns:"+ca.Prefix, ca.Space)
				}
			}
			o.attr(name, ca.Value)
		}
	}
}

// extContent writes what must go inside the element: the processing
// instruction holding the extensions, or (inline) the extension elements.
func (o *xmlOut) extContent(e *Extensions) {
	e = o.readableExtensions(e)
	o.countExtensions(e)
	if len(o.original) > 0 {
		merged := &Extensions{attrs: append([]xmlAttr(nil), o.original...)}
		if e != nil {
			merged.attrs = append(merged.attrs, e.attrs...)
			merged.elems = e.elems
			merged.childAttrs = e.childAttrs
		}
		o.original = o.original[:0]
		e = merged
	}
	if e.empty() {
		return
	}
	if o.inline {
		var pending []xmlAttr
		for _, a := range e.attrs {
			if a.Space == "" && o.isWrittenAttr(a) {
				pending = append(pending, a)
			}
		}
		if len(e.elems) > 0 {
			o.closeOpen()
			for _, el := range e.elems {
				o.buf = append(o.buf, el...)
			}
			// text must not run into indentation
			last := e.elems[len(e.elems)-1]
			o.noNL = !strings.HasPrefix(last, "<")
		}
		o.change(ChangeExtensions, "extensions written as XML, which makes the file invalid against the schema")
		if len(pending) == 0 {
			return
		}
		e = &Extensions{attrs: pending}
	}
	// one instruction per item, so that no instruction is larger than
	// the reader takes as one token
	o.closeOpen()
	pi := func(one *Extensions) {
		o.buf = append(o.buf, "<?"+piExtensions+" "...)
		o.buf = appendExtPayload(o.buf, one)
		o.buf = append(o.buf, "?>"...)
	}
	for _, a := range e.attrs {
		pi(&Extensions{attrs: []xmlAttr{a}})
	}
	for _, el := range e.elems {
		pi(&Extensions{elems: []string{el}})
	}
	for _, ca := range e.childAttrs {
		pi(&Extensions{childAttrs: []childAttr{ca}})
	}
	o.lastPI = true
}

// ChangeExtensionDropped: an extension this package's reader could not
// read back (nested deeper than Limits.MaxDepth allows where it is
// written, or larger than Limits.MaxTextSize) was left out.
const ChangeExtensionDropped ChangeCode = "extension-dropped"

// readableExtensions returns e without the items that this package's
// reader would refuse when reading the output back: an element nested
// deeper than the reader's depth limit allows at this depth, or an item
// larger than the size of one text. Those are counted dropped and
// reported.
func (o *xmlOut) readableExtensions(e *Extensions) *Extensions {
	if e.empty() {
		return e
	}
	maxDepth, maxText := o.maxDepth, o.maxText
	if maxDepth <= 0 {
		maxDepth = defaultMaxDepth
	}
	if maxText <= 0 {
		maxText = defaultMaxTextSize
	}
	var keep []string
	dropped := 0
	el, g := o.elem[len(o.elem)-1], o.guids[len(o.guids)-1]
	for _, frag := range e.elems {
		why := ""
		if d := fragmentDepth(frag); o.depth+d > maxDepth+1 {
			why = fmt.Sprintf("nested %d levels deep inside an element %d levels deep: more than a reader takes (%d levels); left out", d, o.depth, maxDepth)
		} else if int64(len(frag)) > maxText {
			why = fmt.Sprintf("%d bytes: more than a reader takes as one text (%d); left out", len(frag), maxText)
		}
		if why == "" {
			keep = append(keep, frag)
			continue
		}
		dropped++
		if o.acct != nil {
			o.acct.written(item{kind: ItemExtensions, element: el, name: extElementName(frag), guid: g, key: e}, Dropped, why)
		}
		o.change(ChangeExtensionDropped, "extension element "+extElementName(frag)+" "+why)
	}
	var attrs []xmlAttr
	for _, a := range e.attrs {
		if int64(len(a.Value)) > maxText {
			dropped++
			why := fmt.Sprintf("attribute value of %d bytes: more than a reader takes as one text (%d); left out", len(a.Value), maxText)
			if o.acct != nil {
				o.acct.written(item{kind: ItemExtensions, element: el, name: "@" + a.Name, guid: g, key: e}, Dropped, why)
			}
			o.change(ChangeExtensionDropped, "extension attribute "+a.Name+" "+why)
			continue
		}
		attrs = append(attrs, a)
	}
	if dropped == 0 {
		return e
	}
	return &Extensions{attrs: attrs, elems: keep, childAttrs: e.childAttrs}
}

// fragmentDepth returns how deep the elements of an extension fragment
// nest (1 for an element without child elements, 0 for text).
func fragmentDepth(frag string) int {
	depth, most := 0, 0
	for i := 0; i < len(frag); i++ {
		if frag[i] != '<' || i+1 >= len(frag) {
			continue
		}
		switch frag[i+1] {
		case '/':
			depth--
			continue
		case '?', '!':
			continue
		}
		end := strings.IndexByte(frag[i:], '>')
		if end < 0 {
			break
		}
		if frag[i+end-1] == '/' {
			most = max(most, depth+1)
		} else {
			depth++
			most = max(most, depth)
		}
		i += end
	}
	return most
}

// isWrittenAttr is used in inline mode: unknown attributes that clash with a
// written attribute stay in the processing instruction.
func (o *xmlOut) isWrittenAttr(a xmlAttr) bool {
	return attrClash[o.elem[len(o.elem)-1]+"@"+a.Name]
}

// attrClash lists, per element, the attribute names the writer writes; an
// unknown attribute of the same name (a known attribute whose value could
// not be read) cannot be written beside it.
var attrClash = func() map[string]bool {
	m := map[string]bool{}
	add := func(el string, names ...string) {
		for _, n := range names {
			m[el+"@"+n] = true
		}
	}
	audit := []string{"creatingUser", "creationDateTime", "modifyingUser", "modifiedDateTime"}
	add("Project", "name", "origin", "creatingUserGUID", "creationDateTime", "modifyingUserGUID", "modifiedDateTime", "basePath")
	add("User", "guid", "name", "id")
	add("Code", "guid", "name", "isCodable", "color")
	add("Variable", "guid", "name", "typeOfVariable")
	add("Case", "guid", "name")
	for _, el := range []string{"TextSource", "Note", "Representation", "TextDescription", "Transcript"} {
		add(el, append([]string{"guid", "name", "richTextPath", "plainTextPath"}, audit...)...)
	}
	for _, el := range []string{"PictureSource", "PDFSource", "AudioSource", "VideoSource"} {
		add(el, append([]string{"guid", "name", "path", "currentPath"}, audit...)...)
	}
	add("PlainTextSelection", append([]string{"guid", "name", "startPosition", "endPosition"}, audit...)...)
	add("PictureSelection", append([]string{"guid", "name", "firstX", "firstY", "secondX", "secondY"}, audit...)...)
	add("PDFSelection", append([]string{"guid", "name", "page", "firstX", "firstY", "secondX", "secondY"}, audit...)...)
	add("AudioSelection", append([]string{"guid", "name", "begin", "end"}, audit...)...)
	add("VideoSelection", append([]string{"guid", "name", "begin", "end"}, audit...)...)
	add("TranscriptSelection", append([]string{"guid", "name", "fromSyncPoint", "toSyncPoint"}, audit...)...)
	add("SyncPoint", "guid", "timeStamp", "position")
	add("Coding", "guid", "creatingUser", "creationDateTime")
	add("Link", "guid", "name", "direction", "color", "originGUID", "targetGUID")
	add("Set", "guid", "name")
	add("Graph", "guid", "name")
	add("Vertex", "guid", "representedGUID", "name", "firstX", "firstY", "secondX", "secondY", "shape", "color")
	add("Edge", "guid", "representedGUID", "name", "sourceVertex", "targetVertex", "color", "direction", "lineStyle")
	add("CodeBook", "origin")
	return m
}()

// appendExtPayload renders extensions as the payload of the processing
// instruction: a small XML element that this package's reader parses back.
// Every '>' in values is escaped, so the payload never contains "?>".
func appendExtPayload(b []byte, e *Extensions) []byte {
	b = append(b, "<ext>"...)
	for _, a := range e.attrs {
		b = append(b, `<a`...)
		b = payloadAttr(b, "ns", a.Space)
		b = payloadAttr(b, "p", a.Prefix)
		b = payloadAttr(b, "n", a.Name)
		b = append(b, ` v="`...)
		b = appendEscapedAttr(b, a.Value)
		b = append(b, `"/>`...)
	}
	for _, el := range e.elems {
		b = append(b, "<e>"...)
		b = append(b, el...)
		b = append(b, "</e>"...)
	}
	for _, ca := range e.childAttrs {
		b = append(b, `<c`...)
		b = payloadAttr(b, "child", ca.Child)
		b = append(b, ` i="`...)
		b = strconv.AppendInt(b, int64(ca.Index), 10)
		b = append(b, '"')
		b = payloadAttr(b, "ns", ca.Space)
		b = payloadAttr(b, "p", ca.Prefix)
		b = payloadAttr(b, "n", ca.Name)
		b = append(b, ` v="`...)
		b = appendEscapedAttr(b, ca.Value)
		b = append(b, `"/>`...)
	}
	return append(b, "</ext>"...)
}

func payloadAttr(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, '=', '"')
	b = appendEscapedAttr(b, v)
	return append(b, '"')
}

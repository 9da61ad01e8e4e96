package refi

// This file reads the sources (text, picture, PDF, audio and video), their
// transcripts and sync points.

func (d *decoder) decodeSources(p *Project) error {
	for i := range d.x.attrs {
		d.foreignOrUnknown(&d.x.attrs[i], &p.Extensions)
	}
	n := 0
	where, line := d.x.path(), d.x.src.line()
	for {
		name, err := d.child(&p.Extensions)
		if err != nil {
			return err
		}
		var s Source
		switch name {
		case "":
			if n == 0 {
				d.ws.add(Warning{Code: WarnEmptyContainer, File: d.file, Path: where, Line: line,
					Message: "empty <Sources>, which the schema forbids; it is left out when writing"})
			}
			return nil
		case "TextSource":
			var t *TextSource
			t, err = d.decodeTextSource(name, &p.Extensions)
			if t != nil {
				s = t
			}
		case "PictureSource":
			var t *PictureSource
			t, err = d.decodePictureSource(&p.Extensions)
			if t != nil {
				s = t
			}
		case "PDFSource":
			var t *PDFSource
			t, err = d.decodePDFSource(&p.Extensions)
			if t != nil {
				s = t
			}
		case "AudioSource", "VideoSource":
			s, err = d.decodeMediaSource(name, &p.Extensions)
		default:
			err = d.misplaced(name, &p.Extensions)
		}
		if err != nil {
			return err
		}
		if s != nil {
			p.Sources = append(p.Sources, s)
			n++
		}
	}
}

// sourceAttr handles attributes shared by all sources.
func (d *decoder) sourceAttr(a *rawAttr, b *SourceBase, hasGUID *bool) bool {
	switch string(a.local) {
	case "guid":
		b.GUID = d.guid(a)
		*hasGUID = true
		d.x.setGUID(b.GUID)
	case "name":
		b.Name = d.str(a.value)
	default:
		return d.audit(a, &b.Audit, &b.Extensions)
	}
	return true
}

// sourceChild handles the children shared by all sources: Description,
// Coding, NoteRef and VariableValue, with their ranks.
func (d *decoder) sourceChild(name string, b *SourceBase, o *order, descSeen *bool, rankCoding int) (bool, error) {
	var err error
	switch name {
	case "Description":
		o.at(d, 1, name)
		err = d.description(&b.Description, descSeen, &b.Extensions)
	case "Coding":
		o.at(d, rankCoding, name)
		var c Coding
		var ok bool
		if c, ok, err = d.decodeCoding(&b.Extensions); ok {
			b.Codings = append(b.Codings, c)
		}
	case "NoteRef":
		o.at(d, rankCoding+1, name)
		var g GUID
		var ok bool
		if g, ok, err = d.refElement(name, "targetGUID", &b.Extensions); ok {
			b.NoteRefs = append(b.NoteRefs, g)
		}
	case "VariableValue":
		o.at(d, rankCoding+2, name)
		var vv VariableValue
		var ok bool
		if vv, ok, err = d.decodeVariableValue(&b.Extensions); ok {
			b.Values = append(b.Values, vv)
		}
	default:
		return false, nil
	}
	return true, err
}

// decodeTextSource reads a TextSourceType element: TextSource, Note,
// Representation or TextDescription.
func (d *decoder) decodeTextSource(elem string, parent **Extensions) (*TextSource, error) {
	t := &TextSource{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &t.Extensions, false)
			continue
		}
		if d.sourceAttr(a, &t.SourceBase, &hasGUID) {
			continue
		}
		switch string(a.local) {
		case "plainTextPath":
			t.PlainTextPath = d.str(a.value)
		case "richTextPath":
			t.RichTextPath = d.str(a.value)
		default:
			d.unknownAttr(a, &t.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID(elem, parent)
	}
	var o order
	descSeen, contentSeen := false, false
	mark := len(d.selStack)
	for {
		name, err := d.child(&t.Extensions)
		if err != nil {
			return nil, err
		}
		if name == "" {
			if contentSeen && t.PlainTextPath != "" {
				d.warn(WarnContentAndPath, "", "both PlainTextContent and plainTextPath; the file is used for positions")
			}
			t.Selections = d.popSelections(mark)
			return t, nil
		}
		if ok, err := d.sourceChild(name, &t.SourceBase, &o, &descSeen, 4); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch name {
		case "PlainTextContent":
			o.at(d, 2, name)
			if contentSeen {
				err = d.dup(name, &t.Extensions)
				break
			}
			contentSeen = true
			d.childAttrs(name, &t.Extensions)
			t.PlainTextContent, err = d.text(&t.Extensions)
		case "PlainTextSelection":
			o.at(d, 3, name)
			var sel TextSelection
			var ok bool
			if sel, ok, err = d.decodeTextSelection(&t.Extensions); ok {
				d.selStack = append(d.selStack, sel)
			}
		default:
			err = d.misplaced(name, &t.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (d *decoder) decodePictureSource(parent **Extensions) (*PictureSource, error) {
	ps := &PictureSource{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &ps.Extensions, false)
			continue
		}
		if d.sourceAttr(a, &ps.SourceBase, &hasGUID) {
			continue
		}
		switch string(a.local) {
		case "path":
			ps.Path = d.str(a.value)
		case "currentPath":
			ps.CurrentPath = d.str(a.value)
		default:
			d.unknownAttr(a, &ps.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("PictureSource", parent)
	}
	var o order
	descSeen := false
	for {
		name, err := d.child(&ps.Extensions)
		if err != nil {
			return nil, err
		}
		if name == "" {
			return ps, nil
		}
		if ok, err := d.sourceChild(name, &ps.SourceBase, &o, &descSeen, 4); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch name {
		case "TextDescription":
			o.at(d, 2, name)
			if ps.TextDescription != nil {
				err = d.dup(name, &ps.Extensions)
				break
			}
			ps.TextDescription, err = d.decodeTextSource(name, &ps.Extensions)
		case "PictureSelection":
			o.at(d, 3, name)
			var sel PictureSelection
			var ok bool
			if sel, ok, err = d.decodePictureSelection(&ps.Extensions); ok {
				ps.Selections = append(ps.Selections, sel)
			}
		default:
			err = d.misplaced(name, &ps.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (d *decoder) decodePDFSource(parent **Extensions) (*PDFSource, error) {
	ps := &PDFSource{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &ps.Extensions, false)
			continue
		}
		if d.sourceAttr(a, &ps.SourceBase, &hasGUID) {
			continue
		}
		switch string(a.local) {
		case "path":
			ps.Path = d.str(a.value)
		case "currentPath":
			ps.CurrentPath = d.str(a.value)
		default:
			d.unknownAttr(a, &ps.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("PDFSource", parent)
	}
	var o order
	descSeen := false
	for {
		name, err := d.child(&ps.Extensions)
		if err != nil {
			return nil, err
		}
		if name == "" {
			return ps, nil
		}
		if ok, err := d.sourceChild(name, &ps.SourceBase, &o, &descSeen, 4); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch name {
		case "PDFSelection":
			o.at(d, 2, name)
			var sel PDFSelection
			var ok bool
			if sel, ok, err = d.decodePDFSelection(&ps.Extensions); ok {
				ps.Selections = append(ps.Selections, sel)
			}
		case "Representation":
			o.at(d, 3, name)
			if ps.Representation != nil {
				err = d.dup(name, &ps.Extensions)
				break
			}
			ps.Representation, err = d.decodeTextSource(name, &ps.Extensions)
		default:
			err = d.misplaced(name, &ps.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (d *decoder) decodeMediaSource(elem string, parent **Extensions) (Source, error) {
	var base SourceBase
	var path, currentPath string
	var transcripts []*Transcript
	var sels []MediaSelection
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &base.Extensions, false)
			continue
		}
		if d.sourceAttr(a, &base, &hasGUID) {
			continue
		}
		switch string(a.local) {
		case "path":
			path = d.str(a.value)
		case "currentPath":
			currentPath = d.str(a.value)
		default:
			d.unknownAttr(a, &base.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID(elem, parent)
	}
	selName := "AudioSelection"
	if elem == "VideoSource" {
		selName = "VideoSelection"
	}
	var o order
	descSeen := false
	for {
		name, err := d.child(&base.Extensions)
		if err != nil {
			return nil, err
		}
		if name == "" {
			break
		}
		if ok, err := d.sourceChild(name, &base, &o, &descSeen, 4); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch name {
		case "Transcript":
			o.at(d, 2, name)
			var t *Transcript
			if t, err = d.decodeTranscript(&base.Extensions); t != nil {
				transcripts = append(transcripts, t)
			}
		case selName:
			o.at(d, 3, name)
			var sel MediaSelection
			var ok bool
			if sel, ok, err = d.decodeMediaSelection(name, &base.Extensions); ok {
				sels = append(sels, sel)
			}
		default:
			err = d.misplaced(name, &base.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
	if elem == "VideoSource" {
		return &VideoSource{SourceBase: base, Path: path, CurrentPath: currentPath, Transcripts: transcripts, Selections: sels}, nil
	}
	return &AudioSource{SourceBase: base, Path: path, CurrentPath: currentPath, Transcripts: transcripts, Selections: sels}, nil
}

func (d *decoder) decodeTranscript(parent **Extensions) (*Transcript, error) {
	t := &Transcript{}
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &t.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			t.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(t.GUID)
		case "name":
			t.Name = d.str(a.value)
		case "plainTextPath":
			t.PlainTextPath = d.str(a.value)
		case "richTextPath":
			t.RichTextPath = d.str(a.value)
		default:
			if !d.audit(a, &t.Audit, &t.Extensions) {
				d.unknownAttr(a, &t.Extensions)
			}
		}
	}
	if !hasGUID {
		return nil, d.noGUID("Transcript", parent)
	}
	var o order
	descSeen, contentSeen := false, false
	for {
		name, err := d.child(&t.Extensions)
		if err != nil {
			return nil, err
		}
		var g GUID
		var ok bool
		switch name {
		case "":
			if contentSeen && t.PlainTextPath != "" {
				d.warn(WarnContentAndPath, "", "both PlainTextContent and plainTextPath; the file is used for positions")
			}
			return t, nil
		case "Description":
			o.at(d, 1, name)
			err = d.description(&t.Description, &descSeen, &t.Extensions)
		case "PlainTextContent":
			o.at(d, 2, name)
			if contentSeen {
				err = d.dup(name, &t.Extensions)
				break
			}
			contentSeen = true
			d.childAttrs(name, &t.Extensions)
			t.PlainTextContent, err = d.text(&t.Extensions)
		case "SyncPoint":
			o.at(d, 3, name)
			var sp SyncPoint
			if sp, ok, err = d.decodeSyncPoint(&t.Extensions); ok {
				t.SyncPoints = append(t.SyncPoints, sp)
			}
		case "TranscriptSelection":
			o.at(d, 4, name)
			var sel TranscriptSelection
			if sel, ok, err = d.decodeTranscriptSelection(&t.Extensions); ok {
				t.Selections = append(t.Selections, sel)
			}
		case "NoteRef":
			o.at(d, 5, name)
			if g, ok, err = d.refElement(name, "targetGUID", &t.Extensions); ok {
				t.NoteRefs = append(t.NoteRefs, g)
			}
		default:
			err = d.misplaced(name, &t.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (d *decoder) decodeSyncPoint(parent **Extensions) (SyncPoint, bool, error) {
	var sp SyncPoint
	hasGUID := false
	for i := range d.x.attrs {
		a := &d.x.attrs[i]
		if a.space != "" {
			d.foreignAttr(a, &sp.Extensions, false)
			continue
		}
		switch string(a.local) {
		case "guid":
			sp.GUID = d.guid(a)
			hasGUID = true
			d.x.setGUID(sp.GUID)
		case "timeStamp", "position":
			n, ok := d.integer(a)
			if !ok {
				d.badAttr(a, &sp.Extensions, "integer")
				continue
			}
			if a.local[0] == 't' {
				sp.TimeStamp = &n
			} else {
				sp.Position = &n
			}
		default:
			d.unknownAttr(a, &sp.Extensions)
		}
	}
	if !hasGUID {
		return sp, false, d.noGUID("SyncPoint", parent)
	}
	for {
		name, err := d.child(&sp.Extensions)
		if err != nil {
			return sp, false, err
		}
		if name == "" {
			return sp, true, nil
		}
		if err := d.misplaced(name, &sp.Extensions); err != nil {
			return sp, false, err
		}
	}
}

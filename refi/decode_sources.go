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
			if d.measure != nil {
				if n == 1 {
					// set once, before any text is read
					d.measure.a.basePath = p.BasePath
				}
				d.jobs = sourceJobs(d.jobs[:0], len(p.Sources)-1, s)
				d.measure.add(d.jobs)
			}
		}
	}
}

// sourceBody reads the attributes and children of the source element elem
// (whose start tag has just been read) into b: those every source has
// itself (guid, name, the audit attributes; Description, Coding, NoteRef and
// VariableValue, at ranks 1, 4, 5 and 6 of the schema's order), and through
// attr and child its kind's. attr reports whether it took an attribute,
// child whether it read a child element, given the order to check it
// against (a kind's children rank 2 and 3); what neither takes is kept as
// an extension. It returns false when the element has no guid: it is then
// kept as an extension of parent.
func (d *decoder) sourceBody(elem string, b *SourceBase, parent **Extensions,
	attr func(a *rawAttr) bool, child func(name string, o *order) (bool, error)) (bool, error) {
	hasGUID := false
	for a := range d.schemaAttrs(&b.Extensions) {
		if !d.baseAttr(a, &b.GUID, &b.Name, &b.Audit, &b.Extensions, &hasGUID) && !attr(a) {
			d.unknownAttr(a, &b.Extensions)
		}
	}
	if !hasGUID {
		return false, d.noGUID(elem, parent)
	}
	var o order
	descSeen := false
	for {
		name, err := d.child(&b.Extensions)
		if err != nil {
			return false, err
		}
		var ok bool
		switch name {
		case "":
			return true, nil
		case "Description":
			o.at(d, 1, name)
			err = d.description(&b.Description, &descSeen, &b.Extensions)
		case "Coding":
			o.at(d, 4, name)
			var c Coding
			if c, ok, err = d.decodeCoding(&b.Extensions); ok {
				b.Codings = append(b.Codings, c)
			}
		case "NoteRef":
			o.at(d, 5, name)
			err = d.refTo(name, &b.NoteRefs, &b.Extensions)
		case "VariableValue":
			o.at(d, 6, name)
			var vv VariableValue
			if vv, ok, err = d.decodeVariableValue(&b.Extensions); ok {
				b.Values = append(b.Values, vv)
			}
		default:
			if ok, err = child(name, &o); !ok && err == nil {
				err = d.misplaced(name, &b.Extensions)
			}
		}
		if err != nil {
			return false, err
		}
	}
}

// decodeTextSource reads a TextSourceType element: TextSource, Note,
// Representation or TextDescription.
func (d *decoder) decodeTextSource(elem string, parent **Extensions) (*TextSource, error) {
	t := &TextSource{}
	contentSeen := false
	mark := len(d.selStack)
	ok, err := d.sourceBody(elem, &t.SourceBase, parent, func(a *rawAttr) bool {
		return d.textPathAttr(a, &t.PlainTextPath, &t.RichTextPath)
	}, func(name string, o *order) (bool, error) {
		switch name {
		case "PlainTextContent":
			o.at(d, 2, name)
			return true, d.textOnce(name, &t.PlainTextContent, &contentSeen, &t.Extensions)
		case "PlainTextSelection":
			o.at(d, 3, name)
			sel, ok, err := d.decodeTextSelection(&t.Extensions)
			if ok {
				d.selStack = append(d.selStack, sel)
			}
			return true, err
		}
		return false, nil
	})
	if !ok {
		return nil, err
	}
	d.contentAndPath(contentSeen, t.PlainTextPath)
	t.Selections = d.popSelections(mark)
	return t, nil
}

// contentAndPath warns when a text source or transcript has both its text
// in PlainTextContent and a plainTextPath.
func (d *decoder) contentAndPath(contentSeen bool, plainTextPath string) {
	if contentSeen && plainTextPath != "" {
		d.warn(WarnContentAndPath, "", "both PlainTextContent and plainTextPath; the file is used for positions")
	}
}

// textSourceOnce reads a TextDescription or Representation element, which
// may occur once, into *dst; a second one is kept as an extension.
func (d *decoder) textSourceOnce(name string, dst **TextSource, ext **Extensions) error {
	if *dst != nil {
		return d.dup(name, ext)
	}
	var err error
	*dst, err = d.decodeTextSource(name, ext)
	return err
}

func (d *decoder) decodePictureSource(parent **Extensions) (*PictureSource, error) {
	ps := &PictureSource{}
	ok, err := d.sourceBody("PictureSource", &ps.SourceBase, parent, func(a *rawAttr) bool {
		return d.filePathAttr(a, &ps.Path, &ps.CurrentPath)
	}, func(name string, o *order) (bool, error) {
		switch name {
		case "TextDescription":
			o.at(d, 2, name)
			return true, d.textSourceOnce(name, &ps.TextDescription, &ps.Extensions)
		case "PictureSelection":
			o.at(d, 3, name)
			sel, ok, err := d.decodePictureSelection(&ps.Extensions)
			if ok {
				ps.Selections = append(ps.Selections, sel)
			}
			return true, err
		}
		return false, nil
	})
	if !ok {
		return nil, err
	}
	return ps, nil
}

func (d *decoder) decodePDFSource(parent **Extensions) (*PDFSource, error) {
	ps := &PDFSource{}
	ok, err := d.sourceBody("PDFSource", &ps.SourceBase, parent, func(a *rawAttr) bool {
		return d.filePathAttr(a, &ps.Path, &ps.CurrentPath)
	}, func(name string, o *order) (bool, error) {
		switch name {
		case "PDFSelection":
			o.at(d, 2, name)
			sel, ok, err := d.decodePDFSelection(&ps.Extensions)
			if ok {
				ps.Selections = append(ps.Selections, sel)
			}
			return true, err
		case "Representation":
			o.at(d, 3, name)
			return true, d.textSourceOnce(name, &ps.Representation, &ps.Extensions)
		}
		return false, nil
	})
	if !ok {
		return nil, err
	}
	return ps, nil
}

func (d *decoder) decodeMediaSource(elem string, parent **Extensions) (Source, error) {
	var base SourceBase
	var path, currentPath string
	var transcripts []*Transcript
	var sels []MediaSelection
	selName := "AudioSelection"
	if elem == "VideoSource" {
		selName = "VideoSelection"
	}
	ok, err := d.sourceBody(elem, &base, parent, func(a *rawAttr) bool {
		return d.filePathAttr(a, &path, &currentPath)
	}, func(name string, o *order) (bool, error) {
		switch name {
		case "Transcript":
			o.at(d, 2, name)
			t, err := d.decodeTranscript(&base.Extensions)
			if t != nil {
				transcripts = append(transcripts, t)
			}
			return true, err
		case selName:
			o.at(d, 3, name)
			sel, ok, err := d.decodeMediaSelection(name, &base.Extensions)
			if ok {
				sels = append(sels, sel)
			}
			return true, err
		}
		return false, nil
	})
	if !ok {
		return nil, err
	}
	if elem == "VideoSource" {
		return &VideoSource{SourceBase: base, Path: path, CurrentPath: currentPath, Transcripts: transcripts, Selections: sels}, nil
	}
	return &AudioSource{SourceBase: base, Path: path, CurrentPath: currentPath, Transcripts: transcripts, Selections: sels}, nil
}

func (d *decoder) decodeTranscript(parent **Extensions) (*Transcript, error) {
	t := &Transcript{}
	hasGUID := false
	for a := range d.schemaAttrs(&t.Extensions) {
		if !d.baseAttr(a, &t.GUID, &t.Name, &t.Audit, &t.Extensions, &hasGUID) &&
			!d.textPathAttr(a, &t.PlainTextPath, &t.RichTextPath) {
			d.unknownAttr(a, &t.Extensions)
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
		var ok bool
		switch name {
		case "":
			d.contentAndPath(contentSeen, t.PlainTextPath)
			return t, nil
		case "Description":
			o.at(d, 1, name)
			err = d.description(&t.Description, &descSeen, &t.Extensions)
		case "PlainTextContent":
			o.at(d, 2, name)
			err = d.textOnce(name, &t.PlainTextContent, &contentSeen, &t.Extensions)
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
			err = d.refTo(name, &t.NoteRefs, &t.Extensions)
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
	for a := range d.schemaAttrs(&sp.Extensions) {
		switch string(a.local) {
		case "guid":
			d.ownGUID(a, &sp.GUID, &hasGUID)
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
	if err := d.noChildren(&sp.Extensions); err != nil {
		return sp, false, err
	}
	return sp, true, nil
}

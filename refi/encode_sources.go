package refi

// This file writes the sources of every kind, their transcripts,
// selections and codings.

func writeSourceBaseAttrs(o *xmlOut, b *SourceBase) {
	o.attrGUID("guid", b.GUID)
	o.attrOpt("name", b.Name)
}

func writeSourceTail(o *xmlOut, b *SourceBase) {
	for i := range b.Codings {
		writeCoding(o, &b.Codings[i])
	}
	o.refs("NoteRef", b.NoteRefs, b.Extensions)
	for i := range b.Values {
		writeVariableValue(o, &b.Values[i], b.Name)
	}
}

func writeSource(o *xmlOut, s Source) {
	switch s := s.(type) {
	case *TextSource:
		writeTextSource(o, "TextSource", s)
	case *PictureSource:
		o.start("PictureSource", s.GUID)
		o.item(ItemSources, s, s.Name)
		writeSourceBaseAttrs(o, &s.SourceBase)
		o.attrOpt("path", o.path(s.Path))
		o.attrOpt("currentPath", s.CurrentPath)
		o.audit(&s.Audit)
		o.extAttrs(s.Extensions)
		o.extContent(s.Extensions)
		o.description(s.Description, s.Extensions)
		if s.TextDescription != nil {
			writeTextSource(o, "TextDescription", s.TextDescription)
		}
		for i := range s.Selections {
			sel := &s.Selections[i]
			o.start("PictureSelection", sel.GUID)
			o.item(ItemSelections, nil, sel.Name)
			o.attrGUID("guid", sel.GUID)
			o.attrOpt("name", sel.Name)
			o.attrInt("firstX", sel.FirstX)
			o.attrInt("firstY", sel.FirstY)
			o.attrInt("secondX", sel.SecondX)
			o.attrInt("secondY", sel.SecondY)
			writeSelectionTail(o, "PictureSelection", &sel.SelectionBase, nil)
		}
		writeSourceTail(o, &s.SourceBase)
		o.end("PictureSource")
	case *PDFSource:
		o.start("PDFSource", s.GUID)
		o.item(ItemSources, s, s.Name)
		writeSourceBaseAttrs(o, &s.SourceBase)
		o.attrOpt("path", o.path(s.Path))
		o.attrOpt("currentPath", s.CurrentPath)
		o.audit(&s.Audit)
		o.extAttrs(s.Extensions)
		o.extContent(s.Extensions)
		o.description(s.Description, s.Extensions)
		for i := range s.Selections {
			sel := &s.Selections[i]
			o.start("PDFSelection", sel.GUID)
			o.item(ItemSelections, nil, sel.Name)
			o.attrGUID("guid", sel.GUID)
			o.attrOpt("name", sel.Name)
			o.attrInt("page", sel.Page)
			o.attrInt("firstX", sel.FirstX)
			o.attrInt("firstY", sel.FirstY)
			o.attrInt("secondX", sel.SecondX)
			o.attrInt("secondY", sel.SecondY)
			writeSelectionTail(o, "PDFSelection", &sel.SelectionBase, sel.Representation)
		}
		if s.Representation != nil {
			writeTextSource(o, "Representation", s.Representation)
		}
		writeSourceTail(o, &s.SourceBase)
		o.end("PDFSource")
	case *AudioSource:
		writeMediaSource(o, s, "AudioSource", "AudioSelection", s.Path, s.CurrentPath, s.Transcripts, s.Selections)
	case *VideoSource:
		writeMediaSource(o, s, "VideoSource", "VideoSelection", s.Path, s.CurrentPath, s.Transcripts, s.Selections)
	}
}

func writeMediaSource(o *xmlOut, s Source, elem, selElem string, path, currentPath string, transcripts []*Transcript, sels []MediaSelection) {
	b := s.Base()
	o.start(elem, b.GUID)
	o.item(ItemSources, s, b.Name)
	writeSourceBaseAttrs(o, b)
	o.attrOpt("path", o.path(path))
	o.attrOpt("currentPath", currentPath)
	o.audit(&b.Audit)
	o.extAttrs(b.Extensions)
	o.extContent(b.Extensions)
	o.description(b.Description, b.Extensions)
	for _, t := range transcripts {
		writeTranscript(o, t)
	}
	for i := range sels {
		sel := &sels[i]
		o.start(selElem, sel.GUID)
		o.item(ItemSelections, nil, sel.Name)
		o.attrGUID("guid", sel.GUID)
		o.attrOpt("name", sel.Name)
		o.attrInt("begin", sel.Begin)
		o.attrInt("end", sel.End)
		writeSelectionTail(o, selElem, &sel.SelectionBase, nil)
	}
	writeSourceTail(o, b)
	o.end(elem)
}

func writeTranscript(o *xmlOut, t *Transcript) {
	if o.conv != nil && len(t.SyncPoints) > 0 {
		defer o.conv.end(o.conv.begin(t.PlainTextPath, t.PlainTextContent))
	}
	o.start("Transcript", t.GUID)
	o.attrGUID("guid", t.GUID)
	o.attrOpt("name", t.Name)
	o.attrOpt("richTextPath", o.path(t.RichTextPath))
	o.attrOpt("plainTextPath", o.path(t.PlainTextPath))
	o.audit(&t.Audit)
	o.extAttrs(t.Extensions)
	o.extContent(t.Extensions)
	o.description(t.Description, t.Extensions)
	if t.PlainTextContent != "" {
		o.textElement("PlainTextContent", t.PlainTextContent, t.Extensions, 1)
	}
	for i := range t.SyncPoints {
		sp := &t.SyncPoints[i]
		o.start("SyncPoint", sp.GUID)
		o.attrGUID("guid", sp.GUID)
		o.attrIntPtr("timeStamp", sp.TimeStamp)
		if sp.Position != nil && o.conv != nil {
			o.attrInt("position", o.position(*sp.Position))
		} else {
			o.attrIntPtr("position", sp.Position)
		}
		o.extAttrs(sp.Extensions)
		o.extContent(sp.Extensions)
		o.end("SyncPoint")
	}
	for i := range t.Selections {
		sel := &t.Selections[i]
		o.start("TranscriptSelection", sel.GUID)
		o.item(ItemSelections, nil, sel.Name)
		o.attrGUID("guid", sel.GUID)
		o.attrOpt("name", sel.Name)
		o.attrGUIDOpt("fromSyncPoint", sel.FromSyncPoint)
		o.attrGUIDOpt("toSyncPoint", sel.ToSyncPoint)
		writeSelectionTail(o, "TranscriptSelection", &sel.SelectionBase, nil)
	}
	o.refs("NoteRef", t.NoteRefs, t.Extensions)
	o.end("Transcript")
}

// writeSelectionTail writes the audit attributes and the children every
// selection has, then ends the element.
func writeSelectionTail(o *xmlOut, elem string, b *SelectionBase, rep *TextSource) {
	o.audit(&b.Audit)
	o.extAttrs(b.Extensions)
	o.extContent(b.Extensions)
	o.description(b.Description, b.Extensions)
	if rep != nil {
		writeTextSource(o, "Representation", rep)
	}
	for i := range b.Codings {
		writeCoding(o, &b.Codings[i])
	}
	o.refs("NoteRef", b.NoteRefs, b.Extensions)
	o.end(elem)
}

func writeTextSource(o *xmlOut, elem string, t *TextSource) {
	if o.conv != nil && len(t.Selections) > 0 {
		defer o.conv.end(o.conv.begin(t.PlainTextPath, t.PlainTextContent))
	}
	o.start(elem, t.GUID)
	switch elem {
	case "TextSource":
		o.item(ItemSources, t, t.Name)
	case "Note":
		o.item(ItemNotes, t, t.Name)
	}
	writeSourceBaseAttrs(o, &t.SourceBase)
	o.attrOpt("richTextPath", o.path(t.RichTextPath))
	o.attrOpt("plainTextPath", o.path(t.PlainTextPath))
	o.audit(&t.Audit)
	o.extAttrs(t.Extensions)
	o.extContent(t.Extensions)
	o.description(t.Description, t.Extensions)
	if t.PlainTextContent != "" {
		o.textElement("PlainTextContent", t.PlainTextContent, t.Extensions, 1)
	}
	for i := range t.Selections {
		sel := &t.Selections[i]
		o.start("PlainTextSelection", sel.GUID)
		o.item(ItemSelections, nil, sel.Name)
		o.attrGUID("guid", sel.GUID)
		o.attrOpt("name", sel.Name)
		start, end := sel.Start, sel.End
		if o.conv != nil {
			start, end = o.position(start), o.position(end)
		}
		o.attrInt("startPosition", start)
		o.attrInt("endPosition", end)
		writeSelectionTail(o, "PlainTextSelection", &sel.SelectionBase, nil)
	}
	writeSourceTail(o, &t.SourceBase)
	o.end(elem)
}

func writeCoding(o *xmlOut, c *Coding) {
	o.start("Coding", c.GUID)
	o.item(ItemCodings, nil, "")
	o.attrGUID("guid", c.GUID)
	o.attrGUIDOpt("creatingUser", c.CreatingUser)
	o.attrTime("creationDateTime", c.Created)
	o.extAttrs(c.Extensions)
	o.extContent(c.Extensions)
	o.ref("CodeRef", "targetGUID", c.Code, c.Extensions, 1)
	o.refs("NoteRef", c.NoteRefs, c.Extensions)
	o.end("Coding")
}

package refi

// This file writes the sources of every kind, their transcripts,
// selections and codings.

// startNamed starts the element elem of an object that has a guid and an
// optional name (a source, a selection or a transcript), makes it an item
// of kind k of the ledger, key being the object, unless k is "", and writes
// the guid and the name.
func startNamed(o *xmlOut, elem string, g GUID, name string, k ItemKind, key any) {
	o.start(elem, g)
	if k != "" {
		o.item(k, key, name)
	}
	o.attrGUID("guid", g)
	o.attrOpt("name", name)
}

// writeHead writes what follows the attributes of its kind in every source,
// selection and transcript: the audit attributes, the extensions and the
// Description.
func writeHead(o *xmlOut, au *Audit, ext *Extensions, description string) {
	o.audit(au)
	o.extAttrs(ext)
	o.extContent(ext)
	o.description(description, ext)
}

// writeSourceTail writes the children every source ends with: its codings,
// note references and variable values.
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
		writeFileSourceStart(o, "PictureSource", s, s.Path, s.CurrentPath)
		if s.TextDescription != nil {
			writeTextSource(o, "TextDescription", s.TextDescription)
		}
		for i := range s.Selections {
			sel := &s.Selections[i]
			startSelection(o, "PictureSelection", &sel.SelectionBase)
			o.attrInt("firstX", sel.FirstX)
			o.attrInt("firstY", sel.FirstY)
			o.attrInt("secondX", sel.SecondX)
			o.attrInt("secondY", sel.SecondY)
			writeSelectionTail(o, "PictureSelection", &sel.SelectionBase, nil)
		}
		writeSourceTail(o, &s.SourceBase)
		o.end("PictureSource")
	case *PDFSource:
		writeFileSourceStart(o, "PDFSource", s, s.Path, s.CurrentPath)
		for i := range s.Selections {
			sel := &s.Selections[i]
			startSelection(o, "PDFSelection", &sel.SelectionBase)
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

// writeFileSourceStart starts the element elem of s, a picture, PDF, audio
// or video source, and writes what comes before the children of its kind:
// guid, name, path, currentPath, the audit attributes, the extensions and
// the Description.
func writeFileSourceStart(o *xmlOut, elem string, s Source, path, currentPath string) {
	b := s.Base()
	startNamed(o, elem, b.GUID, b.Name, ItemSources, s)
	o.attrOpt("path", o.path(path))
	o.attrOpt("currentPath", currentPath)
	writeHead(o, &b.Audit, b.Extensions, b.Description)
}

func writeMediaSource(o *xmlOut, s Source, elem, selElem string, path, currentPath string, transcripts []*Transcript, sels []MediaSelection) {
	b := s.Base()
	writeFileSourceStart(o, elem, s, path, currentPath)
	for _, t := range transcripts {
		writeTranscript(o, t)
	}
	for i := range sels {
		sel := &sels[i]
		startSelection(o, selElem, &sel.SelectionBase)
		o.attrInt("begin", sel.Begin)
		o.attrInt("end", sel.End)
		writeSelectionTail(o, selElem, &sel.SelectionBase, nil)
	}
	writeSourceTail(o, b)
	o.end(elem)
}

// writeTextHead writes what text sources and transcripts have after their
// guid and name: the text paths, the audit attributes, the extensions, the
// Description and the PlainTextContent.
func writeTextHead(o *xmlOut, richTextPath, plainTextPath string, au *Audit, ext *Extensions, description, content string) {
	o.attrOpt("richTextPath", o.path(richTextPath))
	o.attrOpt("plainTextPath", o.path(plainTextPath))
	writeHead(o, au, ext, description)
	if content != "" {
		o.textElement("PlainTextContent", content, ext, 1)
	}
}

func writeTranscript(o *xmlOut, t *Transcript) {
	if o.conv != nil && len(t.SyncPoints) > 0 {
		defer o.conv.end(o.conv.begin(t.PlainTextPath, t.PlainTextContent))
	}
	startNamed(o, "Transcript", t.GUID, t.Name, "", nil)
	writeTextHead(o, t.RichTextPath, t.PlainTextPath, &t.Audit, t.Extensions, t.Description, t.PlainTextContent)
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
		startSelection(o, "TranscriptSelection", &sel.SelectionBase)
		o.attrGUIDOpt("fromSyncPoint", sel.FromSyncPoint)
		o.attrGUIDOpt("toSyncPoint", sel.ToSyncPoint)
		writeSelectionTail(o, "TranscriptSelection", &sel.SelectionBase, nil)
	}
	o.refs("NoteRef", t.NoteRefs, t.Extensions)
	o.end("Transcript")
}

// startSelection starts the selection element elem, an item of the ledger,
// and writes its guid and name; the attributes of its kind follow, then
// writeSelectionTail.
func startSelection(o *xmlOut, elem string, b *SelectionBase) {
	startNamed(o, elem, b.GUID, b.Name, ItemSelections, nil)
}

// writeSelectionTail writes the audit attributes and the children every
// selection has, then ends the element.
func writeSelectionTail(o *xmlOut, elem string, b *SelectionBase, rep *TextSource) {
	writeHead(o, &b.Audit, b.Extensions, b.Description)
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
	var k ItemKind // TextDescription and Representation are not items
	switch elem {
	case "TextSource":
		k = ItemSources
	case "Note":
		k = ItemNotes
	}
	startNamed(o, elem, t.GUID, t.Name, k, t)
	writeTextHead(o, t.RichTextPath, t.PlainTextPath, &t.Audit, t.Extensions, t.Description, t.PlainTextContent)
	for i := range t.Selections {
		sel := &t.Selections[i]
		startSelection(o, "PlainTextSelection", &sel.SelectionBase)
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

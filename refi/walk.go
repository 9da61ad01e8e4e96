package refi

// eachSelectionBase calls fn for every selection of the project, those of
// notes and PDF representations included.
func eachSelectionBase(p *Project, fn func(b *SelectionBase)) {
	w := &selWalker{fn: fn}
	for _, s := range p.Sources {
		w.source(s)
	}
	for _, n := range p.Notes {
		w.text(n)
	}
}

// eachSelectionCodings calls fn for every coding of a selection.
func eachSelectionCodings(p *Project, fn func(b *SelectionBase, c *Coding)) {
	eachSelectionBase(p, func(b *SelectionBase) {
		for i := range b.Codings {
			fn(b, &b.Codings[i])
		}
	})
}

// eachCoding calls fn for every coding of the project, of selections and
// of whole sources, with the element it is in.
func eachCoding(p *Project, fn func(c *Coding, in string)) {
	eachSelectionCodings(p, func(_ *SelectionBase, c *Coding) { fn(c, "selection") })
	for _, s := range p.Sources {
		b := s.Base()
		for i := range b.Codings {
			fn(&b.Codings[i], "source")
		}
	}
}

type selWalker struct{ fn func(*SelectionBase) }

func (w *selWalker) text(t *TextSource) {
	if t == nil {
		return
	}
	for i := range t.Selections {
		w.fn(&t.Selections[i].SelectionBase)
	}
}

func (w *selWalker) source(s Source) {
	switch s := s.(type) {
	case *TextSource:
		w.text(s)
	case *PictureSource:
		w.text(s.TextDescription)
		for i := range s.Selections {
			w.fn(&s.Selections[i].SelectionBase)
		}
	case *PDFSource:
		for i := range s.Selections {
			w.fn(&s.Selections[i].SelectionBase)
			w.text(s.Selections[i].Representation)
		}
		w.text(s.Representation)
	case *AudioSource:
		w.media(s.Transcripts, s.Selections)
	case *VideoSource:
		w.media(s.Transcripts, s.Selections)
	}
}

func (w *selWalker) media(ts []*Transcript, sels []MediaSelection) {
	for _, t := range ts {
		for i := range t.Selections {
			w.fn(&t.Selections[i].SelectionBase)
		}
	}
	for i := range sels {
		w.fn(&sels[i].SelectionBase)
	}
}

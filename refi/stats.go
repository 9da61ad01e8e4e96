package refi

// Counts holds how many objects of each kind a project has.
type Counts struct {
	Users      int `json:"users"`
	Codes      int `json:"codes"` // all codes of the tree, at every level
	Cases      int `json:"cases"`
	Variables  int `json:"variables"`
	Sources    int `json:"sources"`
	Selections int `json:"selections"` // selections of every kind, including those in PDF representations, picture descriptions, notes and transcripts
	Codings    int `json:"codings"`    // codings of selections and of whole sources
	Notes      int `json:"notes"`
	Links      int `json:"links"`
	Sets       int `json:"sets"`
	Graphs     int `json:"graphs"`
}

// Counts counts the objects of p.
func (p *Project) Counts() Counts {
	c := Counts{
		Users: len(p.Users), Cases: len(p.Cases), Variables: len(p.Variables), Sources: len(p.Sources),
		Notes: len(p.Notes), Links: len(p.Links), Sets: len(p.Sets), Graphs: len(p.Graphs),
	}
	walkCodes(p.Codes, func(*Code, []*Code) bool { c.Codes++; return true })
	sel := func(b *SelectionBase) {
		c.Selections++
		c.Codings += len(b.Codings)
	}
	text := func(t *TextSource) {
		if t == nil {
			return
		}
		c.Codings += len(t.Codings)
		for i := range t.Selections {
			sel(&t.Selections[i].SelectionBase)
		}
	}
	for _, s := range p.Sources {
		switch s := s.(type) {
		case *TextSource:
			text(s)
		case *PictureSource:
			c.Codings += len(s.Codings)
			text(s.TextDescription)
			for i := range s.Selections {
				sel(&s.Selections[i].SelectionBase)
			}
		case *PDFSource:
			c.Codings += len(s.Codings)
			for i := range s.Selections {
				sel(&s.Selections[i].SelectionBase)
				text(s.Selections[i].Representation)
			}
			text(s.Representation)
		case *AudioSource:
			c.Codings += len(s.Codings)
			for i := range s.Selections {
				sel(&s.Selections[i].SelectionBase)
			}
			for _, t := range s.Transcripts {
				for i := range t.Selections {
					sel(&t.Selections[i].SelectionBase)
				}
			}
		case *VideoSource:
			c.Codings += len(s.Codings)
			for i := range s.Selections {
				sel(&s.Selections[i].SelectionBase)
			}
			for _, t := range s.Transcripts {
				for i := range t.Selections {
					sel(&t.Selections[i].SelectionBase)
				}
			}
		}
	}
	for _, n := range p.Notes {
		text(n)
	}
	return c
}

// Counts counts the codes and sets of a codebook.
func (cb *codebook) Counts() Counts {
	c := Counts{Sets: len(cb.Sets)}
	walkCodes(cb.Codes, func(*Code, []*Code) bool { c.Codes++; return true })
	return c
}

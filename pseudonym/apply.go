package pseudonym

import (
	"fmt"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/remap"
)

// Replacement is one occurrence of an original that was replaced.
type Replacement struct {
	// Place is what held it: "text", "name", "description" or "value".
	Place string `json:"place"`
	// Where is the element, as kind and GUID ("TextSource 4f3e…", "Code
	// 1a2b…", "Project"), with the name of a text source before the
	// replacements for texts.
	Where string `json:"where"`
	// Position is, for a text, the character position of the replacement
	// in the new text, in the project's convention; -1 elsewhere.
	Position    int64  `json:"position"`
	Category    string `json:"category"`
	Original    string `json:"original"` // as it occurred
	Replacement string `json:"replacement"`
}

// Result is what [Key.Apply] did.
type Result struct {
	// Log lists every replacement, texts first in the order of the
	// project, then names, descriptions and values.
	Log []Replacement `json:"log"`
	// Revisions are the remappings of the selections of each text
	// changed.
	Revisions []*remap.Revision `json:"revisions"`

	key *Key
}

// Apply replaces every occurrence of the key's originals in the project of
// doc, as the package documentation describes, and returns the log. It
// fails when a text cannot be read, a transcript holds an original, or a
// selection cannot be remapped; the project may then be partly changed,
// so do not write it. Write the project with [Result.Write], which
// leaves out the old texts a .qdpx archive would otherwise keep.
func (k *Key) Apply(doc *refi.Document) (*Result, error) {
	a := &applier{k: k, doc: doc, res: &Result{Log: []Replacement{}, Revisions: []*remap.Revision{}, key: k}}
	if err := a.texts(); err != nil {
		return nil, err
	}
	a.strings()
	return a.res, nil
}

type applier struct {
	k   *Key
	doc *refi.Document
	res *Result
}

// textSources lists every text of the project that has its own
// selections: text sources, PDF representations, picture descriptions
// and notes.
func textSources(p *refi.Project) []*refi.TextSource {
	var out []*refi.TextSource
	for _, s := range p.Sources {
		switch s := s.(type) {
		case *refi.TextSource:
			out = append(out, s)
		case *refi.PDFSource:
			if s.Representation != nil {
				out = append(out, s.Representation)
			}
			for i := range s.Selections {
				if r := s.Selections[i].Representation; r != nil {
					out = append(out, r)
				}
			}
		case *refi.PictureSource:
			if s.TextDescription != nil {
				out = append(out, s.TextDescription)
			}
		}
	}
	return append(out, p.Notes...)
}

func (a *applier) texts() error {
	pos := a.doc.Project.Positions
	notes := map[*refi.TextSource]bool{}
	for _, n := range a.doc.Project.Notes {
		notes[n] = true
	}
	for _, src := range textSources(a.doc.Project) {
		if src.PlainTextPath == "" && src.PlainTextContent == "" {
			continue
		}
		old, err := a.doc.Text(src)
		if err != nil {
			return fmt.Errorf("pseudonym: the text of %q: %w", src.Name, err)
		}
		ms := a.k.m.find(old.String())
		if len(ms) == 0 {
			continue
		}
		edits := make([]remap.Edit, len(ms))
		var log []Replacement
		shift := 0
		kind := "TextSource"
		if notes[src] {
			kind = "Note"
		}
		where := fmt.Sprintf("%s %s %q", kind, src.GUID, src.Name)
		for i, m := range ms {
			e := a.k.Entries[m.entry]
			edits[i] = remap.Edit{Start: m.start, End: m.end, Text: a.k.mark(e.Replacement)}
			log = append(log, Replacement{Place: "text", Where: where, Position: int64(m.start + shift), Category: e.Category, Original: old.String()[m.start:m.end], Replacement: edits[i].Text})
			shift += len(edits[i].Text) - (m.end - m.start)
		}
		m, err := remap.FromEdits(old.String(), edits)
		if err != nil {
			return fmt.Errorf("pseudonym: the text of %q: %w", src.Name, err)
		}
		newText := refi.NewTextString(m.New())
		for i := range log {
			p, err := newText.Position(int(log[i].Position), pos)
			if err != nil {
				return fmt.Errorf("pseudonym: the text of %q: %w", src.Name, err)
			}
			log[i].Position = p
		}
		rev, err := remap.Revise(a.doc, src, m, remap.ReviseOptions{Cover: true, MinSimilarity: -1})
		if err != nil {
			return fmt.Errorf("pseudonym: %w", err)
		}
		a.res.Log = append(a.res.Log, log...)
		a.res.Revisions = append(a.res.Revisions, rev)
	}
	return a.transcripts()
}

// transcripts fails when a transcript's text holds an original.
func (a *applier) transcripts() error {
	for _, s := range a.doc.Project.Sources {
		var ts []*refi.Transcript
		switch s := s.(type) {
		case *refi.AudioSource:
			ts = s.Transcripts
		case *refi.VideoSource:
			ts = s.Transcripts
		}
		for _, t := range ts {
			if t.PlainTextPath == "" && t.PlainTextContent == "" {
				continue
			}
			txt, err := a.doc.TranscriptText(t)
			if err != nil {
				return fmt.Errorf("pseudonym: the transcript %q: %w", t.Name, err)
			}
			if ms := a.k.m.find(txt.String()); len(ms) > 0 {
				return fmt.Errorf("pseudonym: the transcript %q of %q holds %q, and transcripts cannot be pseudonymised yet", t.Name, s.Base().Name, a.k.Entries[ms[0].entry].Original)
			}
		}
	}
	return nil
}

// replace replaces the originals in *s, logging them as place of where.
func (a *applier) replace(s *string, place, where string) {
	ms := a.k.m.find(*s)
	if len(ms) == 0 {
		return
	}
	var b strings.Builder
	at := 0
	for _, m := range ms {
		e := a.k.Entries[m.entry]
		r := a.k.mark(e.Replacement)
		a.res.Log = append(a.res.Log, Replacement{Place: place, Where: where, Position: -1, Category: e.Category, Original: (*s)[m.start:m.end], Replacement: r})
		b.WriteString((*s)[at:m.start])
		b.WriteString(r)
		at = m.end
	}
	b.WriteString((*s)[at:])
	*s = b.String()
}

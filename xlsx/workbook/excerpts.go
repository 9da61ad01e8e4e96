package workbook

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx"
)

// excerptRows applies the Excerpts sheet: codings added and removed, memos
// changed, excerpts deleted and added.
//
// Selections are deleted and added only after every row has been read, so
// that the pointers into the project's selection slices stay valid.
func (a *applier) excerptRows(s *xlsx.Sheet) {
	a.deleted = map[*refi.SelectionBase]bool{}
	a.added = map[*refi.TextSource][]refi.TextSelection{}
	defer a.commitSelections()
	// the sources do not change while the rows are applied: one index,
	// made when a whole-source excerpt first needs it
	var x *refi.Index
	source := func(g refi.GUID) refi.Source {
		if x == nil {
			x = refi.NewIndex(a.p)
		}
		return x.Source(g)
	}
	sels := map[refi.GUID]refi.SelectionEntry{}
	for e := range a.p.Selections() {
		k := e.Selection.Base().GUID.Canonical()
		if _, dup := sels[k]; !dup {
			sels[k] = e
		}
	}
	present := map[string]bool{}
	for _, r := range s.Rows {
		guids := splitLines(r.Get(colSelections).Value)
		if len(guids) == 0 {
			a.newExcerpt(s, r)
			continue
		}
		key := string(refi.GUID(guids[0]).Canonical())
		if r.Get("Kind").Value == string(refi.ExcerptWhole) {
			key = "whole:" + key
		}
		base := a.excerpts[key]
		if base == nil {
			a.problem(s, r.Num, colSelections, "no excerpt has selection %s; the row is not applied", guids[0])
			continue
		}
		if present[key] {
			a.problem(s, r.Num, colSelections, "the excerpt appears twice; only its first row is applied")
			continue
		}
		present[key] = true
		var entries []refi.SelectionEntry
		if base.Kind == refi.ExcerptWhole {
			// the codings of the whole source stand in for a selection's
			src := source(base.Source.GUID)
			if src == nil {
				continue
			}
			holder := &refi.SelectionBase{GUID: src.Base().GUID, Codings: src.Base().Codings, Audit: src.Base().Audit}
			a.excerptCodes(s, r, base, []refi.SelectionEntry{{Source: src, Selection: holder}}, sels)
			src.Base().Codings = holder.Codings
			continue
		}
		for _, g := range base.Selections {
			if e, ok := sels[g.Canonical()]; ok {
				entries = append(entries, e)
			}
		}
		a.excerptText(s, r, base)
		a.excerptCodes(s, r, base, entries, sels)
		a.excerptMemo(s, r, base, entries)
	}
	// rows deleted: their selections (or whole-source codings) go
	for _, e := range a.order {
		if present[excerptKey(e)] {
			continue
		}
		if e.Kind == refi.ExcerptWhole {
			if src := source(e.Source.GUID); src != nil {
				src.Base().Codings = nil
			}
		}
		for _, g := range e.Selections {
			if sel, ok := sels[g.Canonical()]; ok {
				a.deleted[sel.Selection.Base()] = true
			}
		}
		a.edits = append(a.edits, Edit{Sheet: SheetExcerpts, What: fmt.Sprintf("excerpt deleted: %s %q", e.Source.Name, clip(e.Text))})
	}
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		cut := 60
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		return s[:cut] + "…"
	}
	return s
}

// excerptText checks that the row still shows the passage of its source.
func (a *applier) excerptText(s *xlsx.Sheet, r xlsx.Row, base *refi.Excerpt) {
	text := r.Get("Text").Value
	if a.noText[base] || strings.HasSuffix(text, truncMark) {
		return
	}
	if normNL(text) != normNL(clipCell(base.Text)) {
		a.problem(s, r.Num, "Text", "the text no longer matches its source; the excerpt keeps its passage (change passages in your analysis software)")
	}
	start, err1 := r.Get("Start").Int()
	end, err2 := r.Get("End").Int()
	if err1 == nil && err2 == nil && (int64(start) != base.Start || int64(end) != base.End) {
		a.problem(s, r.Num, "Start", "Start and End cannot be changed here; the excerpt keeps its passage")
	}
}

// excerptCodes adds and removes codings to match the Codes cell.
func (a *applier) excerptCodes(s *xlsx.Sheet, r xlsx.Row, base *refi.Excerpt, entries []refi.SelectionEntry, sels map[refi.GUID]refi.SelectionEntry) {
	if normNL(r.Get("Codes").Value) == normNL(lines(base.CodePaths())) {
		// as written: unchanged, even where a code name has white space
		// that the lines of a cell typed by hand are trimmed of
		return
	}
	want := map[string]bool{}
	var wantOrder []string
	for _, p := range splitLines(r.Get("Codes").Value) {
		if !want[p] {
			want[p] = true
			wantOrder = append(wantOrder, p)
		}
	}
	had := map[string]bool{}
	for _, p := range base.CodePaths() {
		had[p] = true
	}
	if len(entries) == 0 {
		return
	}
	// NVivo writes one selection per coding: keep to that where the project does
	oneEach := len(entries) > 0
	for _, e := range entries {
		if len(e.Selection.Base().Codings) != 1 {
			oneEach = false
		}
	}
	for _, path := range wantOrder {
		if had[path] {
			continue
		}
		code := a.byPath[path]
		if code == nil {
			code = a.byOld[path]
		}
		if code == nil {
			a.problem(s, r.Num, "Codes", "code %q does not exist (add it in the Codes sheet); the coding is not added", path)
			continue
		}
		first := entries[0].Selection.Base()
		coding := refi.Coding{
			GUID:         guidFor("workbook coding:" + string(first.GUID.Canonical()) + ":" + string(code.GUID.Canonical())),
			Code:         code.GUID,
			CreatingUser: first.CreatingUser,
		}
		if ts, ok := entries[0].Selection.(*refi.TextSelection); ok && oneEach && entries[0].Text != nil {
			sel := refi.TextSelection{Start: ts.Start, End: ts.End}
			sel.GUID = guidFor("workbook selection:" + string(first.GUID.Canonical()) + ":" + string(code.GUID.Canonical()))
			sel.Audit = first.Audit
			sel.Codings = []refi.Coding{coding}
			a.added[entries[0].Text] = append(a.added[entries[0].Text], sel)
		} else {
			first.Codings = append(first.Codings, coding)
		}
		a.edit(SheetExcerpts, r.Num, "coding at %q added to %s %q", path, base.Source.Name, clip(base.Text))
	}
	for path := range had {
		if want[path] {
			continue
		}
		removed := 0
		for _, e := range entries {
			kept := e.Selection.Base().Codings[:0]
			for _, c := range e.Selection.Base().Codings {
				if a.basePath[c.Code.Canonical()] == path {
					removed++
					continue
				}
				kept = append(kept, c)
			}
			e.Selection.Base().Codings = kept
			// a selection NVivo wrote for that one code goes with it
			if oneEach && len(kept) == 0 && e.Selection.Base().Description == "" && len(e.Selection.Base().NoteRefs) == 0 {
				a.deleted[e.Selection.Base()] = true
			}
		}
		if removed > 0 {
			a.edit(SheetExcerpts, r.Num, "coding at %q removed from %s %q", path, base.Source.Name, clip(base.Text))
		}
	}
}

// excerptMemo applies a changed Memo to the first selection's description
// (the text of attached notes, which the memo shows after it, stays in the
// notes).
func (a *applier) excerptMemo(s *xlsx.Sheet, r xlsx.Row, base *refi.Excerpt, entries []refi.SelectionEntry) {
	memo := r.Get("Memo").Value
	if len(entries) == 0 || strings.HasSuffix(memo, truncMark) || normNL(memo) == normNL(clipCell(base.Memo)) {
		return
	}
	target := entries[0].Selection.Base()
	for _, e := range entries {
		if !a.deleted[e.Selection.Base()] {
			target = e.Selection.Base()
			break
		}
	}
	desc := target.Description
	notes := strings.TrimPrefix(base.Memo, desc)
	notes = strings.TrimPrefix(notes, "\n\n")
	newDesc := memo
	if notes != "" {
		if cut, ok := strings.CutSuffix(normNL(memo), normNL(notes)); ok {
			newDesc = strings.TrimSuffix(cut, "\n\n")
		}
	}
	target.Description = newDesc
	if a.deleted[target] {
		delete(a.deleted, target) // it holds the memo now
	}
	a.edit(SheetExcerpts, r.Num, "memo of %s %q changed", base.Source.Name, clip(base.Text))
}

// commitSelections removes the selections marked deleted and adds the new
// ones, text by text and source by source.
func (a *applier) commitSelections() {
	if len(a.deleted) == 0 && len(a.added) == 0 {
		return
	}
	texts := func(t *refi.TextSource) {
		if t == nil {
			return
		}
		kept := t.Selections[:0]
		for i := range t.Selections {
			if !a.deleted[&t.Selections[i].SelectionBase] {
				kept = append(kept, t.Selections[i])
			}
		}
		t.Selections = append(kept, a.added[t]...)
	}
	for _, src := range a.p.Sources {
		switch src := src.(type) {
		case *refi.TextSource:
			texts(src)
		case *refi.PictureSource:
			texts(src.TextDescription)
			src.Selections = keep(src.Selections, a.deleted, func(s *refi.PictureSelection) *refi.SelectionBase { return &s.SelectionBase })
		case *refi.PDFSource:
			texts(src.Representation)
			src.Selections = keep(src.Selections, a.deleted, func(s *refi.PDFSelection) *refi.SelectionBase { return &s.SelectionBase })
		case *refi.AudioSource:
			src.Selections = keep(src.Selections, a.deleted, func(s *refi.MediaSelection) *refi.SelectionBase { return &s.SelectionBase })
			for _, t := range src.Transcripts {
				t.Selections = keep(t.Selections, a.deleted, func(s *refi.TranscriptSelection) *refi.SelectionBase { return &s.SelectionBase })
			}
		case *refi.VideoSource:
			src.Selections = keep(src.Selections, a.deleted, func(s *refi.MediaSelection) *refi.SelectionBase { return &s.SelectionBase })
			for _, t := range src.Transcripts {
				t.Selections = keep(t.Selections, a.deleted, func(s *refi.TranscriptSelection) *refi.SelectionBase { return &s.SelectionBase })
			}
		}
	}
	for _, n := range a.p.Notes {
		texts(n)
	}
}

// keep filters a slice of selections in place.
func keep[S any](list []S, deleted map[*refi.SelectionBase]bool, base func(*S) *refi.SelectionBase) []S {
	out := list[:0]
	for i := range list {
		if !deleted[base(&list[i])] {
			out = append(out, list[i])
		}
	}
	return out
}

// newExcerpt adds an excerpt from a row with a Source and a Text found once
// in that source.
func (a *applier) newExcerpt(s *xlsx.Sheet, r xlsx.Row) {
	srcName := strings.TrimSpace(r.Get("Source").Value)
	text := r.Get("Text").Value
	if srcName == "" && text == "" {
		return
	}
	var found []*refi.TextSource
	for _, src := range a.p.Sources {
		if ts, ok := src.(*refi.TextSource); ok && ts.Name == srcName {
			found = append(found, ts)
		}
	}
	switch {
	case len(found) == 0:
		a.problem(s, r.Num, "Source", "no text source is called %q; the excerpt is not added", srcName)
		return
	case len(found) > 1:
		a.problem(s, r.Num, "Source", "%d text sources are called %q; the excerpt is not added", len(found), srcName)
		return
	case strings.TrimSpace(text) == "":
		a.problem(s, r.Num, "Text", "the text is empty; the excerpt is not added")
		return
	}
	ts := found[0]
	txt, err := a.doc.Text(ts)
	if err != nil {
		a.problem(s, r.Num, "Source", "the text of %q is not in the workbook (%v); the excerpt is not added", srcName, err)
		return
	}
	full := txt.String()
	i := strings.Index(full, text)
	if i < 0 && strings.Contains(full, "\r\n") {
		text = strings.ReplaceAll(normNL(text), "\n", "\r\n")
		i = strings.Index(full, text)
	}
	switch {
	case i < 0:
		a.problem(s, r.Num, "Text", "the text is not in %q; the excerpt is not added", srcName)
		return
	case strings.Contains(full[i+1:], text):
		a.problem(s, r.Num, "Text", "the text occurs more than once in %q; the excerpt is not added (make it longer)", srcName)
		return
	}
	start, err1 := txt.Position(i, a.p.Positions)
	end, err2 := txt.Position(i+len(text), a.p.Positions)
	if err1 != nil || err2 != nil {
		a.problem(s, r.Num, "Text", "the text cannot be placed in %q; the excerpt is not added", srcName)
		return
	}
	guid := guidFor("workbook excerpt:" + string(ts.GUID.Canonical()) + ":" + strconv.FormatInt(start, 10) + ":" + strconv.FormatInt(end, 10))
	sel := refi.TextSelection{SelectionBase: refi.SelectionBase{GUID: guid, Description: r.Get("Memo").Value}, Start: start, End: end}
	for _, path := range splitLines(r.Get("Codes").Value) {
		code := a.byPath[path]
		if code == nil {
			code = a.byOld[path]
		}
		if code == nil {
			a.problem(s, r.Num, "Codes", "code %q does not exist (add it in the Codes sheet); the coding is not added", path)
			continue
		}
		sel.Codings = append(sel.Codings, refi.Coding{GUID: guidFor("workbook coding:" + string(guid) + ":" + string(code.GUID.Canonical())), Code: code.GUID})
	}
	a.added[ts] = append(a.added[ts], sel)
	a.edit(s.Name, r.Num, "excerpt added to %q: %q", srcName, clip(text))
}

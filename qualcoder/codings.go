package qualcoder

import (
	"fmt"
	"math"

	"github.com/qdabridge/qdabridge/internal/place"
	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
)

// coding holds what every coding row has: its code, source, coder, date
// and memo.
type coding struct {
	table string
	id    int64
	src   *source
	code  *refi.Code
	user  refi.GUID
	base  refi.SelectionBase
}

// coding reads the columns every coding table has, and reports a coding
// whose source or code does not exist; ok is false then.
func (rd *read) coding(row *sqlitedb.Row, table, srcCol string) (c coding, ok bool) {
	c.table = table
	c.id, _ = row.Int("rowid")
	fid, _ := row.Int(srcCol)
	cid, _ := row.Int("cid")
	c.src, c.code = rd.sources[fid], rd.codes[cid]
	codeName := ""
	if c.code != nil {
		codeName = c.code.Name
	}
	switch {
	case c.src == nil:
		rd.notPlaced(table, c.id, c.src, codeName, fmt.Sprintf("source id %d does not exist", fid), "")
		return c, false
	case c.code == nil:
		rd.notPlaced(table, c.id, c.src, codeName, fmt.Sprintf("code id %d does not exist", cid), "")
		return c, false
	}
	c.user = rd.user(rd.text(row, table, c.id, "owner"))
	c.base = refi.SelectionBase{GUID: gid(table, c.id), Description: rd.text(row, table, c.id, "memo")}
	c.base.CreatingUser = c.user
	c.base.Created = rd.date(row, table, c.id, "date")
	c.base.Codings = []refi.Coding{{GUID: gid(table+"-coding", c.id), Code: c.code.GUID, CreatingUser: c.user, Created: c.base.Created}}
	if v, ok := row.Int("important"); ok && v != 0 {
		rd.rep.important++
	}
	return c, true
}

// notPlaced records a coding (or another selection) of source s (nil when
// it does not exist) left out.
func (rd *read) notPlaced(table string, id int64, s *source, code, reason, text string) {
	np := NotPlaced{Table: table, Row: id, Code: code, Reason: reason, Text: short(text), Element: "PlainTextSelection"}
	if s != nil {
		np.Source = s.name
	}
	switch {
	case table == "code_image" && s != nil && s.kind == "pdf":
		np.Element = "PDFSelection"
	case table == "code_image":
		np.Element = "PictureSelection"
	case table == "code_av" && s != nil && s.kind == "video":
		np.Element = "VideoSelection"
	case table == "code_av":
		np.Element = "AudioSelection"
	}
	rd.rep.NotPlaced = append(rd.rep.NotPlaced, np)
	rd.warn(WarnNotPlaced, table, id, "not placed: %s", reason)
}

// textCodings reads code_text: passages of a text, positions counted in
// code points of source.fulltext, the passage itself in seltext.
func (rd *read) textCodings() error {
	cols := []string{"rowid", "cid", "fid", "seltext", "pos0", "pos1", "owner", "date", "memo", "avid", "important"}
	return rd.query("code_text", cols, "ORDER BY rowid", func(row *sqlitedb.Row) error {
		c, ok := rd.coding(row, "code_text", "fid")
		if !ok {
			return nil
		}
		if v, ok := row.Int("avid"); ok && v != 0 {
			rd.rep.avLinks++
		}
		seltext := rd.text(row, "code_text", c.id, "seltext")
		if row.Oversize("seltext") {
			rd.notPlaced("code_text", c.id, c.src, c.code.Name, "the passage is over the size limit", "")
			return nil
		}
		start, end, ok := rd.placeText(c, seltext, row)
		if !ok {
			return nil
		}
		c.src.txt.Selections = append(c.src.txt.Selections, refi.TextSelection{SelectionBase: c.base, Start: start, End: end})
		rd.rep.TextCodings++
		rd.rep.Codings++
		return nil
	})
}

// placeText returns where the passage of a text coding is: at its stored
// positions when the text there is its seltext, else where internal/place
// finds it nearest them. A passage not found is reported, not placed.
func (rd *read) placeText(c coding, seltext string, row *sqlitedb.Row) (int64, int64, bool) {
	s := c.src
	if s.txt == nil {
		rd.notPlaced(c.table, c.id, s, c.code.Name, fmt.Sprintf("a text coding of a %s source", s.kind), seltext)
		return 0, 0, false
	}
	if s.text == nil {
		rd.notPlaced(c.table, c.id, s, c.code.Name, "the source's text is not available", seltext)
		return 0, 0, false
	}
	p0, ok0 := row.Int("pos0")
	p1, ok1 := row.Int("pos1")
	got, inRange := s.text.slice(p0, p1)
	inRange = inRange && ok0 && ok1
	switch {
	case inRange && seltext != "" && got == seltext:
		rd.rep.AtPosition++
		return p0, p1, true
	case seltext == "":
		if inRange && p1 > p0 {
			rd.rep.Unchecked++
			return p0, p1, true
		}
		rd.notPlaced(c.table, c.id, s, c.code.Name, fmt.Sprintf("no passage stored and positions %d-%d are not a range of the text (%d characters)", p0, p1, s.text.n), "")
		return 0, 0, false
	}
	p, a, b := s.text.find(seltext, p0)
	if !p.Placed() {
		reason := fmt.Sprintf("the passage is not at %d-%d and not found in the text", p0, p1)
		if p.Status == place.Ambiguous {
			reason = fmt.Sprintf("the passage is not at %d-%d and occurs %d times, none nearest", p0, p1, p.Candidates)
		}
		rd.notPlaced(c.table, c.id, s, c.code.Name, reason, seltext)
		return 0, 0, false
	}
	rd.rep.Moved++
	how := "exactly"
	if p.Status == place.Tolerant {
		rd.rep.Tolerant++
		how = "with white space ignored"
	}
	rd.warn(WarnMoved, c.table, c.id, "the passage of %q coded %q is not at %d-%d; found %s at %d-%d", short(s.name), short(c.code.Name), p0, p1, how, a, b)
	return a, b, true
}

// imageCodings reads code_image: rectangles of pictures (x1, y1, width,
// height in pixels) and, from v10, of PDF pages (pdf_page).
func (rd *read) imageCodings() error {
	cols := []string{"rowid", "id", "x1", "y1", "width", "height", "cid", "memo", "date", "owner", "important", "pdf_page"}
	return rd.query("code_image", cols, "ORDER BY rowid", func(row *sqlitedb.Row) error {
		c, ok := rd.coding(row, "code_image", "id")
		if !ok {
			return nil
		}
		var v [4]int64
		for i, col := range []string{"x1", "y1", "width", "height"} {
			f, ok := row.Float(col)
			if !ok || math.IsNaN(f) || math.Abs(f) > 1e12 {
				rd.notPlaced("code_image", c.id, c.src, c.code.Name, fmt.Sprintf("%s is not a number", col), "")
				return nil
			}
			v[i] = int64(math.Round(f))
		}
		x0, y0, x1, y1 := min(v[0], v[0]+v[2]), min(v[1], v[1]+v[3]), max(v[0], v[0]+v[2]), max(v[1], v[1]+v[3])
		page, isPDFArea := row.Int("pdf_page")
		switch src := c.src.src.(type) {
		case *refi.PictureSource:
			src.Selections = append(src.Selections, refi.PictureSelection{SelectionBase: c.base, FirstX: x0, FirstY: y0, SecondX: x1, SecondY: y1})
		case *refi.PDFSource:
			if !isPDFArea {
				rd.notPlaced("code_image", c.id, c.src, c.code.Name, "an area of a PDF without a page number", "")
				return nil
			}
			src.Selections = append(src.Selections, refi.PDFSelection{SelectionBase: c.base, Page: page, FirstX: x0, FirstY: y0, SecondX: x1, SecondY: y1})
		default:
			rd.notPlaced("code_image", c.id, c.src, c.code.Name, fmt.Sprintf("an image coding of a %s source", c.src.kind), "")
			return nil
		}
		rd.rep.ImageCodings++
		rd.rep.Codings++
		return nil
	})
}

// avCodings reads code_av: intervals of a recording in milliseconds.
func (rd *read) avCodings() error {
	cols := []string{"rowid", "id", "pos0", "pos1", "cid", "memo", "date", "owner", "important"}
	return rd.query("code_av", cols, "ORDER BY rowid", func(row *sqlitedb.Row) error {
		c, ok := rd.coding(row, "code_av", "id")
		if !ok {
			return nil
		}
		p0, ok0 := row.Float("pos0")
		p1, ok1 := row.Float("pos1")
		if !ok0 || !ok1 || p0 < 0 || p1 < p0 || p1 > 1e15 {
			rd.notPlaced("code_av", c.id, c.src, c.code.Name, "pos0 and pos1 are not an interval of milliseconds", "")
			return nil
		}
		sel := refi.MediaSelection{SelectionBase: c.base, Begin: int64(math.Round(p0)), End: int64(math.Round(p1))}
		switch src := c.src.src.(type) {
		case *refi.AudioSource:
			src.Selections = append(src.Selections, sel)
		case *refi.VideoSource:
			src.Selections = append(src.Selections, sel)
		default:
			rd.notPlaced("code_av", c.id, c.src, c.code.Name, fmt.Sprintf("an audio/video coding of a %s source", c.src.kind), "")
			return nil
		}
		rd.rep.AVCodings++
		rd.rep.Codings++
		return nil
	})
}

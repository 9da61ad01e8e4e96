package qualcoder

import (
	"errors"
	"fmt"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
)

// note makes a Note whose text is a file of the project.
func (rd *read) note(kind string, id int64, name, text string, user refi.GUID, row *sqlitedb.Row, table string) *refi.TextSource {
	g := gid(kind, id)
	file := string(g) + ".txt"
	rd.files.data[file] = []byte(text)
	n := &refi.TextSource{PlainTextPath: "internal://" + file}
	n.GUID, n.Name, n.CreatingUser = g, name, user
	n.Created = rd.date(row, table, id, "date")
	rd.proj.Notes = append(rd.proj.Notes, n)
	rd.rep.Notes++
	return n
}

// journals reads journal: each a Note.
func (rd *read) journals() error {
	return rd.query("journal", []string{"rowid", "name", "jentry", "date", "owner"}, "ORDER BY rowid", func(row *sqlitedb.Row) error {
		id, _ := row.Int("rowid")
		text := rd.text(row, "journal", id, "jentry")
		rd.note("journal", id, rd.text(row, "journal", id, "name"), text, rd.user(rd.text(row, "journal", id, "owner")), row, "journal")
		rd.rep.Journals++
		return nil
	})
}

// annotations reads annotation: a memo on a passage of a text (positions
// in code points), which becomes a Note referred to by a selection of the
// passage that has no codings.
func (rd *read) annotations() error {
	cols := []string{"rowid", "fid", "pos0", "pos1", "memo", "owner", "date"}
	return rd.query("annotation", cols, "ORDER BY rowid", func(row *sqlitedb.Row) error {
		id, _ := row.Int("rowid")
		fid, _ := row.Int("fid")
		s := rd.sources[fid]
		if s == nil {
			rd.notPlaced("annotation", id, nil, "", fmt.Sprintf("source id %d does not exist", fid), "")
			return nil
		}
		p0, _ := row.Int("pos0")
		p1, _ := row.Int("pos1")
		if s.txt == nil || s.text == nil {
			rd.notPlaced("annotation", id, s, "", "the source has no text", "")
			return nil
		}
		if _, ok := s.text.slice(p0, p1); !ok {
			rd.notPlaced("annotation", id, s, "", fmt.Sprintf("positions %d-%d are not a range of the text (%d characters)", p0, p1, s.text.n), "")
			return nil
		}
		memo := rd.text(row, "annotation", id, "memo")
		user := rd.user(rd.text(row, "annotation", id, "owner"))
		n := rd.note("annotation", id, "Annotation of "+s.name, memo, user, row, "annotation")
		sel := refi.TextSelection{SelectionBase: refi.SelectionBase{GUID: gid("annotation-selection", id), NoteRefs: []refi.GUID{n.GUID}}, Start: p0, End: p1}
		sel.CreatingUser, sel.Created = user, n.Created
		s.txt.Selections = append(s.txt.Selections, sel)
		rd.rep.Annotations++
		return nil
	})
}

// rows counts the rows of a table this package does not read (up to the
// row limit).
func (rd *read) rows(table string) (int, error) {
	n := 0
	err := rd.query(table, []string{"rowid"}, "", func(*sqlitedb.Row) error { n++; return nil })
	var e *Error
	if errors.As(err, &e) && errors.Is(err, ErrLimit) {
		return n, nil
	}
	return n, err
}

// notCarried lists what the database holds that REFI-QDA cannot.
func (rd *read) notCarried() error {
	r := rd.rep
	add := func(n int, format string) {
		if n > 0 {
			r.NotCarried = append(r.NotCarried, fmt.Sprintf(format, n))
		}
	}
	graphs := 0
	for _, t := range []string{"graph", "gr_cdct_text_item", "gr_case_text_item", "gr_file_text_item", "gr_free_text_item",
		"gr_cdct_line_item", "gr_free_line_item", "gr_memo_item", "gr_pix_item", "gr_av_item"} {
		n, err := rd.rows(t)
		if err != nil {
			return err
		}
		if t == "graph" {
			r.graphs = n
		}
		graphs += n
	}
	add(r.graphs, "%d graphs (graph and gr_* tables): QualCoder's graph items do not map to REFI-QDA graphs")
	if r.graphs == 0 {
		add(graphs, "%d graph items without a graph")
	}
	for _, t := range []struct{ table, what string }{
		{"stored_sql", "stored SQL queries (stored_sql)"},
		{"ris", "bibliography fields (ris)"},
		{"manage_files_display", "file table display profiles (manage_files_display)"},
		{"files_filter", "file filters (files_filter)"},
	} {
		n, err := rd.rows(t.table)
		if err != nil {
			return err
		}
		add(n, "%d "+t.what)
	}
	add(r.important, "%d codings marked important (code_text, code_image, code_av important=1)")
	add(r.avLinks, "%d links from a text coding to an audio/video coding (code_text.avid)")
	add(r.avTextLinks, "%d links from an audio/video source to its transcript (source.av_text_id); the transcript is a text source of its own")
	add(r.risLinks, "%d links from a source to a bibliography entry (source.risid)")
	add(r.mediaText, "%d texts stored with picture, audio or video sources (source.fulltext)")
	add(rd.rep.Codes+rd.rep.Categories, "owners and dates of %d codes and categories (REFI-QDA codes have none)")
	add(rd.rep.Cases, "owners and dates of %d cases")
	add(rd.rep.Variables, "owners and dates of %d attributes, and whether each is for cases or for files")
	return nil
}

// finish completes the report.
func (rd *read) finish() {
	rd.rep.Users = len(rd.proj.Users)
}

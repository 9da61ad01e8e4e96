package rqda

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
)

// loader reads the tables of db into t, counting rows in rep.
type loader struct {
	db   *sqlitedb.DB
	file string
	rd   *Reader
	rep  *Report
	t    tables
}

// query reads the columns of table, calling fn with each row; a missing
// table reads as empty. Errors of the database become *Error.
func (l *loader) query(table string, cols []string, fn func(r *sqlitedb.Row, rowid int64) error) error {
	if len(l.db.Columns(table)) == 0 {
		return nil
	}
	q := sqlitedb.Query{Table: table, Columns: append([]string{"rowid"}, cols...), Tail: "ORDER BY rowid",
		MaxRows: l.rd.maxRows(), MaxValueBytes: l.rd.maxValueBytes()}
	err := l.db.Query(q, func(r *sqlitedb.Row) error {
		id, _ := r.Int("rowid")
		l.rep.Rows[table]++
		for _, c := range cols {
			if r.Oversize(c) {
				l.warn(WarnLimit, table, id, "column %s holds %d bytes, more than the limit of %d: the row is left out", c, r.Size(c), l.rd.maxValueBytes())
				l.rep.OverLimit[table]++
				return nil
			}
		}
		return fn(r, id)
	})
	var qe *sqlitedb.QueryError
	if errors.As(err, &qe) {
		cause := ErrCorrupt
		if errors.Is(qe.Err, sqlitedb.ErrLimit) {
			cause = ErrLimit
		}
		return &Error{File: l.file, Table: table, Row: qe.Row, Err: fmt.Errorf("%w: %v", cause, qe.Err)}
	}
	return err
}

func (l *loader) warn(code WarningCode, table string, row int64, format string, args ...any) {
	l.rep.warn(Warning{Code: code, File: l.file, Table: table, Row: row, Message: fmt.Sprintf(format, args...)})
}

// text reads a text column: "" for NULL. Invalid UTF-8 is replaced (and
// warned about) unless raw.
func (l *loader) text(r *sqlitedb.Row, table string, row int64, col string) string {
	s, _ := r.Text(col)
	if !utf8.ValidString(s) {
		l.warn(WarnEncoding, table, row, "column %s is not valid UTF-8: invalid bytes replaced by U+FFFD", col)
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// active reads a status column: 1 (or NULL, which RQDA's upgrades leave
// in older rows) is active; 0 is deleted, -1 (coding) unmarked.
func (l *loader) active(r *sqlitedb.Row, table string) bool {
	st, ok := r.Int("status")
	if !ok && r.Null("status") {
		return true
	}
	if st == 1 {
		return true
	}
	l.rep.Deleted[table]++
	return false
}

// date reads a date column as R's date() writes it ("Mon May 13 15:16:03
// 2019", the local time of the user's machine, taken as UTC) or as
// "2006-01-02 15:04:05"; the zero time when absent or unreadable.
func (l *loader) date(r *sqlitedb.Row, table string, row int64, col string) time.Time {
	s, ok := r.Text(col)
	s = strings.TrimSpace(s)
	if !ok || s == "" {
		return time.Time{}
	}
	if t, ok := parseDate(s); ok {
		return t
	}
	l.warn(WarnValue, table, row, "column %s: %q is not a date as RQDA writes them; left out", col, clip(s, 40))
	return time.Time{}
}

// parseDate parses the forms of dates RQDA writes.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.ANSIC, "2006-01-02 15:04:05", time.UnixDate, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// clip shortens s to n runes for a message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// load reads every table this package knows.
func (l *loader) load() error {
	steps := []func() error{l.loadProject, l.loadSources, l.loadCodes, l.loadCategories, l.loadCodings,
		l.loadCases, l.loadAttributes, l.loadNotes, l.loadImages}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadProject() error {
	return l.query("project", []string{"databaseversion", "date", "memo"}, func(r *sqlitedb.Row, id int64) error {
		if l.rep.Rows["project"] > 1 {
			return nil // RQDA writes one row; the first counts
		}
		l.t.version = l.text(r, "project", id, "databaseversion")
		l.t.created = l.date(r, "project", id, "date")
		l.t.memo = l.text(r, "project", id, "memo")
		return nil
	})
}

func (l *loader) loadSources() error {
	return l.query("source", []string{"id", "name", "file", "memo", "owner", "date", "status"}, func(r *sqlitedb.Row, row int64) error {
		s := sourceRow{row: row, active: l.active(r, "source")}
		var ok bool
		if s.id, ok = r.Int("id"); !ok {
			l.warn(WarnValue, "source", row, "no id: the source is left out")
			return nil
		}
		s.name = l.text(r, "source", row, "name")
		s.text = l.text(r, "source", row, "file")
		s.memo = l.text(r, "source", row, "memo")
		s.owner = l.text(r, "source", row, "owner")
		s.date = l.date(r, "source", row, "date")
		l.t.sources = append(l.t.sources, s)
		return nil
	})
}

func (l *loader) loadCodes() error {
	return l.query("freecode", []string{"id", "name", "memo", "owner", "date", "status", "color"}, func(r *sqlitedb.Row, row int64) error {
		c := codeRow{row: row, active: l.active(r, "freecode")}
		var ok bool
		if c.id, ok = r.Int("id"); !ok {
			l.warn(WarnValue, "freecode", row, "no id: the code is left out")
			return nil
		}
		c.name = l.text(r, "freecode", row, "name")
		c.memo = l.text(r, "freecode", row, "memo")
		c.owner = l.text(r, "freecode", row, "owner")
		c.color = l.text(r, "freecode", row, "color")
		c.date = l.date(r, "freecode", row, "date")
		l.t.codes = append(l.t.codes, c)
		return nil
	})
}

func (l *loader) loadCategories() error {
	cat := func(table string, dst *[]categoryRow) error {
		return l.query(table, []string{"catid", "name", "memo", "owner", "date", "status"}, func(r *sqlitedb.Row, row int64) error {
			c := categoryRow{row: row, active: l.active(r, table)}
			var ok bool
			if c.catid, ok = r.Int("catid"); !ok {
				l.warn(WarnValue, table, row, "no catid: the category is left out")
				return nil
			}
			c.name = l.text(r, table, row, "name")
			c.memo = l.text(r, table, row, "memo")
			c.owner = l.text(r, table, row, "owner")
			c.date = l.date(r, table, row, "date")
			*dst = append(*dst, c)
			return nil
		})
	}
	member := func(table, item string, dst *[]memberRow) error {
		return l.query(table, []string{item, "catid", "status"}, func(r *sqlitedb.Row, row int64) error {
			m := memberRow{row: row, active: l.active(r, table)}
			var ok1, ok2 bool
			m.item, ok1 = r.Int(item)
			m.catid, ok2 = r.Int("catid")
			if !ok1 || !ok2 {
				if m.active {
					l.warn(WarnValue, table, row, "%s or catid is not a number: the row is left out", item)
				}
				return nil
			}
			*dst = append(*dst, m)
			return nil
		})
	}
	if err := cat("codecat", &l.t.codecats); err != nil {
		return err
	}
	if err := member("treecode", "cid", &l.t.treecodes); err != nil {
		return err
	}
	if err := cat("filecat", &l.t.filecats); err != nil {
		return err
	}
	return member("treefile", "fid", &l.t.treefiles)
}

func (l *loader) loadCodings() error {
	for _, table := range []string{"coding", "coding2"} {
		err := l.query(table, []string{"cid", "fid", "seltext", "selfirst", "selend", "status", "owner", "date", "memo"}, func(r *sqlitedb.Row, row int64) error {
			c := codingRow{table: table, row: row, status: 1}
			if st, ok := r.Int("status"); ok {
				c.status = st
			}
			if c.status != 1 {
				l.rep.Deleted[table]++
				if c.status == -1 {
					l.rep.Unmarked++
				}
				return nil
			}
			var ok1, ok2 bool
			c.cid, ok1 = r.Int("cid")
			c.fid, ok2 = r.Int("fid")
			if !ok1 || !ok2 {
				l.warn(WarnDangling, table, row, "cid or fid is not a number: the coding is left out")
				l.rep.Dangling[table]++
				return nil
			}
			c.seltext = l.text(r, table, row, "seltext")
			f, okf := r.Float("selfirst")
			e, oke := r.Float("selend")
			if okf && oke && f > -1e12 && f < 1e12 && e > -1e12 && e < 1e12 {
				c.first, c.end, c.hasFirst = int64(f), int64(e), true
			} else if !r.Null("selfirst") || !r.Null("selend") {
				l.warn(WarnValue, table, row, "selfirst or selend is not a number: placed by seltext alone")
			}
			c.owner = l.text(r, table, row, "owner")
			c.memo = l.text(r, table, row, "memo")
			c.date = l.date(r, table, row, "date")
			l.t.codings = append(l.t.codings, c)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadCases() error {
	err := l.query("cases", []string{"id", "name", "memo", "owner", "date", "status"}, func(r *sqlitedb.Row, row int64) error {
		c := caseRow{row: row, active: l.active(r, "cases")}
		var ok bool
		if c.id, ok = r.Int("id"); !ok {
			l.warn(WarnValue, "cases", row, "no id: the case is left out")
			return nil
		}
		c.name = l.text(r, "cases", row, "name")
		c.memo = l.text(r, "cases", row, "memo")
		c.owner = l.text(r, "cases", row, "owner")
		c.date = l.date(r, "cases", row, "date")
		l.t.cases = append(l.t.cases, c)
		return nil
	})
	if err != nil {
		return err
	}
	return l.query("caselinkage", []string{"caseid", "fid", "selfirst", "selend", "status", "owner", "date", "memo"}, func(r *sqlitedb.Row, row int64) error {
		k := linkRow{row: row, active: l.active(r, "caselinkage")}
		if !k.active {
			return nil
		}
		var ok1, ok2 bool
		k.caseid, ok1 = r.Int("caseid")
		k.fid, ok2 = r.Int("fid")
		if !ok1 || !ok2 {
			l.warn(WarnDangling, "caselinkage", row, "caseid or fid is not a number: the link is left out")
			l.rep.Dangling["caselinkage"]++
			return nil
		}
		f, okf := r.Float("selfirst")
		e, oke := r.Float("selend")
		k.ok = okf && oke && f > -1e12 && f < 1e12 && e > -1e12 && e < 1e12
		k.first, k.end = int64(f), int64(e)
		k.owner = l.text(r, "caselinkage", row, "owner")
		k.memo = l.text(r, "caselinkage", row, "memo")
		k.date = l.date(r, "caselinkage", row, "date")
		l.t.links = append(l.t.links, k)
		return nil
	})
}

func (l *loader) loadAttributes() error {
	err := l.query("attributes", []string{"name", "class", "memo", "owner", "date", "status"}, func(r *sqlitedb.Row, row int64) error {
		a := attributeRow{row: row, active: l.active(r, "attributes")}
		a.name = l.text(r, "attributes", row, "name")
		a.class = l.text(r, "attributes", row, "class")
		a.memo = l.text(r, "attributes", row, "memo")
		a.owner = l.text(r, "attributes", row, "owner")
		a.date = l.date(r, "attributes", row, "date")
		l.t.attributes = append(l.t.attributes, a)
		return nil
	})
	if err != nil {
		return err
	}
	for _, tc := range [][2]string{{"caseAttr", "caseID"}, {"fileAttr", "fileID"}} {
		table, idcol := tc[0], tc[1]
		err := l.query(table, []string{"variable", "value", idcol, "status"}, func(r *sqlitedb.Row, row int64) error {
			v := valueRow{table: table, row: row, active: l.active(r, table)}
			if !v.active {
				return nil
			}
			var ok bool
			if v.owner, ok = r.Int(idcol); !ok {
				l.warn(WarnDangling, table, row, "%s is not a number: the value is left out", idcol)
				l.rep.Dangling[table]++
				return nil
			}
			v.variable = l.text(r, table, row, "variable")
			v.value = l.text(r, table, row, "value")
			v.hasValue = !r.Null("value")
			l.t.values = append(l.t.values, v)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadNotes() error {
	err := l.query("journal", []string{"name", "journal", "owner", "date", "status"}, func(r *sqlitedb.Row, row int64) error {
		n := noteRow{table: "journal", row: row, active: l.active(r, "journal")}
		if !n.active {
			return nil
		}
		n.name = l.text(r, "journal", row, "name")
		n.text = l.text(r, "journal", row, "journal")
		n.user = l.text(r, "journal", row, "owner")
		n.date = l.date(r, "journal", row, "date")
		l.t.notes = append(l.t.notes, n)
		return nil
	})
	if err != nil {
		return err
	}
	return l.query("annotation", []string{"fid", "position", "annotation", "owner", "date", "status"}, func(r *sqlitedb.Row, row int64) error {
		n := noteRow{table: "annotation", row: row, active: l.active(r, "annotation")}
		if !n.active {
			return nil
		}
		var ok bool
		if n.fid, ok = r.Int("fid"); !ok {
			l.warn(WarnDangling, "annotation", row, "fid is not a number: the annotation is left out")
			l.rep.Dangling["annotation"]++
			return nil
		}
		n.pos, n.hasPos = r.Int("position")
		n.text = l.text(r, "annotation", row, "annotation")
		n.user = l.text(r, "annotation", row, "owner")
		n.date = l.date(r, "annotation", row, "date")
		l.t.notes = append(l.t.notes, n)
		return nil
	})
}

func (l *loader) loadImages() error {
	if err := l.query("image", []string{"status"}, func(r *sqlitedb.Row, _ int64) error {
		if l.active(r, "image") {
			l.t.images++
		}
		return nil
	}); err != nil {
		return err
	}
	return l.query("imageCoding", []string{"status"}, func(r *sqlitedb.Row, _ int64) error {
		if l.active(r, "imageCoding") {
			l.t.imageCoding++
		}
		return nil
	})
}

package qualcoder

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
)

// read is the state of one ReadFile.
type read struct {
	r       *Reader
	db      *sqlitedb.DB
	file    string // the database, as given
	dir     string // the project folder
	maxRows int
	maxVal  int64
	textBud int64 // bytes of text still allowed
	// budgetErr is set when the texts read exceed Reader.MaxTextBytes.
	budgetErr error

	proj  *refi.Project
	files *memFS
	rep   *Report

	sources  map[int64]*source
	srcOrder []*source
	codes    map[int64]*refi.Code // code_name by cid
	cats     map[int64]*refi.Code // code_cat by catid
	codeName map[refi.GUID]string
	cases    map[int64]*refi.Case
	users    map[string]refi.GUID
	vars     map[string]*variable
}

func newRead(r *Reader, db *sqlitedb.DB, file, dir string) *read {
	rd := &read{r: r, db: db, file: file, dir: dir,
		maxRows: r.MaxRows, maxVal: r.MaxValueBytes, textBud: r.MaxTextBytes,
		proj: &refi.Project{}, files: newMemFS(), rep: &Report{File: file, Rows: map[string]int{}},
		sources: map[int64]*source{}, codes: map[int64]*refi.Code{}, cats: map[int64]*refi.Code{},
		codeName: map[refi.GUID]string{}, cases: map[int64]*refi.Case{}, users: map[string]refi.GUID{}, vars: map[string]*variable{}}
	if rd.maxRows <= 0 {
		rd.maxRows = DefaultMaxRows
	}
	if rd.maxVal <= 0 {
		rd.maxVal = DefaultMaxValueBytes
	}
	if rd.textBud <= 0 {
		rd.textBud = DefaultMaxTextBytes
	}
	rd.rep.maxWarn = r.MaxWarnings
	if rd.rep.maxWarn <= 0 {
		rd.rep.maxWarn = DefaultMaxWarnings
	}
	return rd
}

// run reads the tables in the order their references need.
func (rd *read) run() error {
	steps := []func() error{rd.project, rd.coders, rd.readSources, rd.categories, rd.codeNames,
		rd.textCodings, rd.imageCodings, rd.avCodings, rd.readCases, rd.caseLinks,
		rd.attributeTypes, rd.attributes, rd.journals, rd.annotations, rd.notCarried}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	rd.finish()
	return nil
}

// query runs q over table (if the database has it) with the reader's
// limits, and turns its errors into *Error.
func (rd *read) query(table string, cols []string, tail string, fn func(*sqlitedb.Row) error) error {
	if !rd.db.Has(table) {
		return nil
	}
	n := 0
	err := rd.db.Query(sqlitedb.Query{Table: table, Columns: cols, Tail: tail, MaxRows: rd.maxRows, MaxValueBytes: rd.maxVal},
		func(row *sqlitedb.Row) error {
			n++
			return fn(row)
		})
	rd.rep.Rows[table] = n
	if err == nil && rd.budgetErr != nil {
		return rd.budgetErr
	}
	var qe *sqlitedb.QueryError
	if errors.As(err, &qe) {
		cause := ErrCorrupt
		if errors.Is(qe.Err, sqlitedb.ErrLimit) {
			cause = ErrLimit
		}
		return &Error{File: rd.file, Table: qe.Table, Row: qe.Row, Err: fmt.Errorf("%w: %s", cause, cause2(qe.Err))}
	}
	return err
}

// warn adds a warning.
func (rd *read) warn(code WarningCode, table string, row int64, format string, args ...any) {
	rd.rep.warn(Warning{Code: code, File: rd.file, Table: table, Row: row, Message: fmt.Sprintf(format, args...)})
}

// text returns a text column, warning when it was too long to read.
func (rd *read) text(row *sqlitedb.Row, table string, id int64, col string) string {
	if row.Oversize(col) {
		rd.warn(WarnOversize, table, id, "%s of %d bytes is over the limit of %d and left out", col, row.Size(col), rd.maxVal)
		return ""
	}
	s, _ := row.Text(col)
	if len(s) > 0 && rd.budgetErr == nil {
		rd.budgetErr = rd.spend(table, id, len(s))
	}
	return s
}

// spend counts n bytes of text against the reader's budget.
func (rd *read) spend(table string, id int64, n int) error {
	rd.textBud -= int64(n)
	if rd.textBud < 0 {
		return &Error{File: rd.file, Table: table, Row: id, Err: fmt.Errorf("%w: the texts are larger than MaxTextBytes", ErrLimit)}
	}
	return nil
}

// dateForm is how QualCoder writes dates: "2024-09-29 08:58:44" (once in a
// while with "_" or "T" for the space).
var dateForm = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[ T_]\d{2}:\d{2}:\d{2}`)

// date parses a date column; an empty one is the zero time.
func (rd *read) date(row *sqlitedb.Row, table string, id int64, col string) time.Time {
	s, ok := row.Text(col)
	s = strings.TrimSpace(s)
	if !ok || s == "" {
		return time.Time{}
	}
	loc := rd.r.Location
	if loc == nil {
		loc = time.UTC
	}
	if dateForm.MatchString(s) {
		b := []byte(s[:19])
		b[10] = ' '
		if t, err := time.ParseInLocation("2006-01-02 15:04:05", string(b), loc); err == nil {
			return t.UTC()
		}
	} else if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t.UTC()
	}
	rd.warn(WarnBadValue, table, id, "%s %q is not a date; left out", col, short(s))
	return time.Time{}
}

// user returns the GUID of the coder named name, making the User at first
// use; "" for no name.
func (rd *read) user(name string) refi.GUID {
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	if g, ok := rd.users[name]; ok {
		return g
	}
	g := gidName("user", name)
	rd.users[name] = g
	rd.proj.Users = append(rd.proj.Users, &refi.User{GUID: g, Name: name})
	return g
}

// project reads the project table: version, dates, memo and producer.
func (rd *read) project() error {
	rd.proj.Name = projectName(rd.file, rd.dir)
	rows := 0
	return rd.query("project", []string{"databaseversion", "date", "memo", "about"}, "", func(row *sqlitedb.Row) error {
		rows++
		if rows > 1 {
			return nil // QualCoder keeps one row; later ones are ignored
		}
		v, _ := row.Text("databaseversion")
		rd.rep.Version = v
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(v), "v"))
		switch {
		case err != nil || n < 1:
			rd.warn(WarnVersion, "project", 0, "database version %q cannot be read; reading the tables as version %d", short(v), KnownVersion)
		case n > KnownVersion:
			rd.warn(WarnVersion, "project", 0, "database version %s is newer than v%d, the newest known: what is understood is read, newer columns and tables are not", v, KnownVersion)
		}
		rd.rep.VersionNumber = n
		about := strings.TrimSpace(rd.text(row, "project", 0, "about"))
		rd.proj.Origin = about
		if about == "" {
			rd.proj.Origin = "QualCoder"
		}
		rd.proj.Description = rd.text(row, "project", 0, "memo")
		rd.proj.Created = rd.date(row, "project", 0, "date")
		return nil
	})
}

// coders reads coder_names (v14 on): every coder, even one with no codings.
func (rd *read) coders() error {
	return rd.query("coder_names", []string{"rowid", "name"}, "ORDER BY rowid", func(row *sqlitedb.Row) error {
		n, _ := row.Text("name")
		rd.user(n)
		return nil
	})
}

// short shortens s for a message.
func short(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// cause2 returns the message of an error of internal/sqlitedb without the
// words of its sentinel errors, which the package's own repeat.
func cause2(err error) string {
	msg := err.Error()
	for _, e := range []error{sqlitedb.ErrCorrupt, sqlitedb.ErrLimit} {
		msg = strings.ReplaceAll(msg, e.Error()+": ", "")
	}
	return msg
}

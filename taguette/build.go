package taguette

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qdabridge/qdabridge/internal/memfs"
	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
)

// state is what a read builds, table by table.
type state struct {
	p        *refi.Project
	files    memfs.FS
	pid      int64 // the project read
	users    map[string]*refi.User
	docAdded map[int64]command    // who added a document, and when
	hlAdded  map[int64]command    // a highlight
	tagAdded map[[2]int64]command // a tag of a highlight: highlight, tag
	tags     map[int64]tagInfo
	byDoc    map[int64][]*highlight // the highlights of each document
}

type command struct {
	user string
	date time.Time
}

type tagInfo struct {
	path string
	code *refi.Code
}

type highlight struct {
	id, doc    int64
	start, end int64
	snippet    string
	snipOK     bool
	tags       []int64
}

func (rd *read) run() (*Result, error) {
	rd.state = state{p: &refi.Project{Origin: "Taguette"}, files: memfs.FS{}, users: map[string]*refi.User{},
		docAdded: map[int64]command{}, hlAdded: map[int64]command{}, tagAdded: map[[2]int64]command{},
		tags: map[int64]tagInfo{}}
	for _, step := range []func() error{rd.readProject, rd.readUsers, rd.readLog, rd.readTags, rd.readHighlights, rd.readDocuments} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	rd.rep.NotCarried = []string{
		"documents' HTML formatting (their plain text is carried)",
		"documents' file names and text direction",
		"the command log (beyond the authors and dates of documents, highlights and codings)",
		"users' e-mail addresses, languages and privileges",
	}
	return &Result{Project: rd.p, Files: rd.files, Report: rd.rep}, nil
}

// readProject reads the project chosen (Reader.ProjectID) or the only one.
func (rd *read) readProject() error {
	var projects []int64
	if err := rd.query("projects", "ORDER BY id", nil, func(v *sqlitedb.Row) error {
		row, _ := v.Int("id")
		if rd.r.ProjectID == 0 || row == rd.r.ProjectID {
			projects = append(projects, row)
			if len(projects) == 1 {
				rd.p.Name, _ = v.Text("name")
				rd.p.Description, _ = v.Text("description")
				if s, ok := v.Text("created"); ok {
					rd.p.Created = parseTime(s)
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	switch {
	case len(projects) == 0 && rd.r.ProjectID != 0:
		return rd.fail("projects", rd.r.ProjectID, fmt.Errorf("%w: no project with id %d", ErrProject, rd.r.ProjectID))
	case len(projects) == 0:
		return rd.fail("projects", 0, fmt.Errorf("%w: the table is empty", ErrProject))
	case len(projects) > 1:
		return rd.fail("projects", 0, fmt.Errorf("%w: %d projects (ids %v); choose one with Reader.ProjectID", ErrProject, len(projects), projects))
	}
	rd.pid = projects[0]
	rd.rep.Project = rd.pid
	if rd.p.Name == "" {
		rd.p.Name = "Taguette project"
	}

	return nil
}

// readUsers reads the users table's logins and the project's members.
func (rd *read) readUsers() error {
	if rd.db.Has("users") {
		if err := rd.query("users", "ORDER BY login", nil, func(v *sqlitedb.Row) error {
			rd.rep.Users++
			login, _ := v.Text("login")
			rd.addUser(login)
			return nil
		}); err != nil {
			return err
		}
	}
	if rd.db.Has("project_members") {
		if err := rd.query("project_members", "WHERE project_id = ?", []any{rd.pid}, func(v *sqlitedb.Row) error {
			login, _ := v.Text("user_login")
			rd.addUser(login)
			return nil
		}); err != nil {
			return err
		}
	}

	return nil
}

// addUser returns the user of login, added when new; nil for "".
func (rd *read) addUser(login string) *refi.User {
	if login == "" {
		return nil
	}
	if u := rd.users[login]; u != nil {
		return u
	}
	u := &refi.User{GUID: uuid5("user:" + login), Name: login, ID: login}
	rd.users[login] = u
	rd.p.Users = append(rd.p.Users, u)
	return u
}

// readLog reads the command log: who added each document, highlight and tag of a highlight, and when (the first such command).
func (rd *read) readLog() error {
	if rd.db.Has("commands") {
		if err := rd.query("commands", "WHERE project_id = ? ORDER BY id", []any{rd.pid}, func(v *sqlitedb.Row) error {
			row, _ := v.Int("id")
			rd.rep.Commands++
			payload, ok := v.Text("payload")
			if !ok {
				return nil
			}
			login, _ := v.Text("user_login")
			date, _ := v.Text("date")
			c := command{user: login, date: parseTime(date)}
			var pl struct {
				Type        string  `json:"type"`
				HighlightID int64   `json:"highlight_id"`
				Tags        []int64 `json:"tags"`
			}
			if json.Unmarshal([]byte(payload), &pl) != nil {
				rd.rep.warn(WarnRowSkipped, "commands", row, "payload is not JSON")
				return nil
			}
			switch pl.Type {
			case "document_add":
				if doc, ok := v.Int("document_id"); ok {
					if _, seen := rd.docAdded[doc]; !seen {
						rd.docAdded[doc] = c
					}
				}
			case "highlight_add":
				if _, seen := rd.hlAdded[pl.HighlightID]; !seen {
					rd.hlAdded[pl.HighlightID] = c
				}
				for _, t := range pl.Tags {
					k := [2]int64{pl.HighlightID, t}
					if _, seen := rd.tagAdded[k]; !seen {
						rd.tagAdded[k] = c
					}
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}

	return nil
}

// readTags reads the tags as a code tree.
func (rd *read) readTags() error {
	byPath := map[string]*refi.Code{}
	if err := rd.query("tags", "WHERE project_id = ? ORDER BY path, id", []any{rd.pid}, func(v *sqlitedb.Row) error {
		row, _ := v.Int("id")
		rd.rep.Tags++
		path, _ := v.Text("path")
		desc, _ := v.Text("description")
		parts := []string{path}
		if !rd.r.Flat {
			parts = strings.Split(path, rd.r.Separator)
			if slices.Contains(parts, "") && path != "" {
				rd.rep.warn(WarnTagPath, "tags", row, "tag path %q has an empty segment: kept as one code", path)
				parts = []string{path}
			}
		}
		var parent *refi.Code
		for i := range parts {
			prefix := strings.Join(parts[:i+1], rd.r.Separator)
			if len(parts) == 1 {
				prefix = path
			}
			c := byPath[prefix]
			if c == nil {
				c = &refi.Code{GUID: uuid5(prefix), Name: parts[i]}
				byPath[prefix] = c
				rd.rep.ParentCodes++
				if parent == nil {
					rd.p.Codes = append(rd.p.Codes, c)
				} else {
					parent.Children = append(parent.Children, c)
				}
			}
			parent = c
		}
		if !parent.IsCodable {
			rd.rep.ParentCodes--
		}
		parent.IsCodable = true
		parent.Description = desc
		rd.tags[row] = tagInfo{path: path, code: parent}
		return nil
	}); err != nil {
		return err
	}
	rd.rep.Codes = len(byPath)

	return nil
}

// readHighlights reads the highlights of the project and their tags.
func (rd *read) readHighlights() error {
	var hls []*highlight
	hlByID := map[int64]*highlight{}
	where := "WHERE document_id IN (SELECT id FROM documents WHERE project_id = ?) ORDER BY document_id, start_offset, id"
	if err := rd.query("highlights", where, []any{rd.pid}, func(v *sqlitedb.Row) error {
		row, _ := v.Int("id")
		rd.rep.Highlights++
		h := &highlight{id: row}
		var ok1, ok2, ok3 bool
		h.doc, ok1 = v.Int("document_id")
		h.start, ok2 = v.Int("start_offset")
		h.end, ok3 = v.Int("end_offset")
		h.snippet, h.snipOK = v.Text("snippet")
		if !ok1 || !ok2 || !ok3 {
			rd.rep.warn(WarnRowSkipped, "highlights", row, "document_id, start_offset or end_offset is not an integer")
			return nil
		}
		hls = append(hls, h)
		hlByID[row] = h
		return nil
	}); err != nil {
		return err
	}
	if err := rd.query("highlight_tags", "ORDER BY highlight_id, tag_id", nil, func(v *sqlitedb.Row) error {
		hid, _ := v.Int("highlight_id")
		tid, _ := v.Int("tag_id")
		h := hlByID[hid]
		if h == nil {
			return nil // another project's, or a highlight skipped
		}
		rd.rep.HighlightTags++
		if _, ok := rd.tags[tid]; !ok {
			rd.rep.warn(WarnRowSkipped, "highlight_tags", hid, "highlight %d names tag %d, which the project does not have", hid, tid)
			return nil
		}
		h.tags = append(h.tags, tid)
		return nil
	}); err != nil {
		return err
	}
	rd.byDoc = map[int64][]*highlight{}
	for _, h := range hls {
		rd.byDoc[h.doc] = append(rd.byDoc[h.doc], h)
	}

	return nil
}

// readDocuments reads the documents, one at a time (contents can be large), as sources, and places their highlights.
func (rd *read) readDocuments() error {
	var total int64
	seenDocs := map[int64]bool{}
	tagNames := func(h *highlight) []string {
		var s []string
		for _, t := range h.tags {
			s = append(s, rd.tags[t].path)
		}
		return s
	}
	if err := rd.query("documents", "WHERE project_id = ? ORDER BY id", []any{rd.pid}, func(v *sqlitedb.Row) error {
		row, _ := v.Int("id")
		rd.rep.Documents++
		seenDocs[row] = true
		name, _ := v.Text("name")
		notPlaced := func(reason string) {
			for _, h := range rd.byDoc[row] {
				rd.rep.NotPlaced = append(rd.rep.NotPlaced, Placement{Highlight: h.id, DocumentID: row, Document: name, Tags: tagNames(h), Reason: reason})
				rd.rep.warn(WarnNotPlaced, "highlights", h.id, "highlight of document %d (%q) not placed: %s", row, name, reason)
			}
		}
		contents, ok := v.Text("contents")
		size := v.Size("contents")
		total += size
		switch {
		case total > rd.r.MaxTotalSize:
			return rd.fail("documents", row, fmt.Errorf("%w: documents larger than %d bytes in all", ErrLimit, rd.r.MaxTotalSize))
		case !ok && size > int64(rd.r.MaxTextSize):
			rd.rep.warn(WarnRowSkipped, "documents", row, "document %q is %d bytes, more than the limit of %d: skipped", name, size, rd.r.MaxTextSize)
			notPlaced("its document was skipped")
			return nil
		case !ok:
			contents = ""
		case !utf8.ValidString(contents):
			rd.rep.warn(WarnRowSkipped, "documents", row, "document %q is not valid UTF-8: skipped", name)
			notPlaced("its document was skipped")
			return nil
		}
		dt, err := parseDocument(contents)
		if err != nil {
			rd.rep.warn(WarnRowSkipped, "documents", row, "document %q: %v", name, err)
			notPlaced("its document was skipped")
			return nil
		}
		src := &refi.TextSource{}
		src.GUID = uuid5(fmt.Sprintf("document:%d:%d", rd.pid, row))
		src.Name = name
		src.Description, _ = v.Text("description")
		if s, ok := v.Text("created"); ok {
			src.Created = parseTime(s)
		}
		if c, ok := rd.docAdded[row]; ok {
			src.CreatingUser = rd.addUser(c.user).GUID
			if src.Created.IsZero() {
				src.Created = c.date
			}
		}
		file := string(src.GUID) + ".txt"
		src.PlainTextPath = "internal://" + file
		rd.files["sources/"+file] = []byte(dt.plain)
		rd.rep.Sources++
		var runes *runeIndex
		for _, h := range rd.byDoc[row] {
			s, e, reason := rd.place(dt, h.start, h.end, h.snippet, h.snipOK)
			if reason != "" {
				rd.rep.NotPlaced = append(rd.rep.NotPlaced, Placement{Highlight: h.id, DocumentID: row, Document: name, Tags: tagNames(h), Reason: reason})
				rd.rep.warn(WarnNotPlaced, "highlights", h.id, "highlight of document %d (%q) not placed: %s", row, name, reason)
				continue
			}
			if runes == nil {
				runes = newRuneIndex(dt.plain)
			}
			sel := refi.TextSelection{Start: int64(runes.at(s)), End: int64(runes.at(e))}
			sel.GUID = uuid5(fmt.Sprintf("highlight:%d:%d", rd.pid, h.id))
			sel.Name = fmt.Sprintf("highlight %d", h.id)
			if c, ok := rd.hlAdded[h.id]; ok {
				sel.CreatingUser = rd.addUser(c.user).GUID
				sel.Created = c.date
				rd.rep.Dated++
			}
			for _, t := range h.tags {
				cd := refi.Coding{GUID: uuid5(fmt.Sprintf("highlight-tag:%d:%d:%d", rd.pid, h.id, t)), Code: rd.tags[t].code.GUID}
				if c, ok := rd.tagAdded[[2]int64{h.id, t}]; ok {
					cd.CreatingUser = rd.addUser(c.user).GUID
					cd.Created = c.date
				} else {
					cd.CreatingUser, cd.Created = sel.CreatingUser, sel.Created
				}
				sel.Codings = append(sel.Codings, cd)
				rd.rep.Codings++
			}
			src.Selections = append(src.Selections, sel)
			rd.rep.Selections++
		}
		rd.p.Sources = append(rd.p.Sources, src)
		return nil
	}); err != nil {
		return err
	}
	return nil
}

// place finds a highlight in its document and checks it against its
// snippet; it returns the plain-text byte range, or why not.
func (rd *read) place(dt *docText, start, end int64, snippet string, snipOK bool) (s, e int, reason string) {
	if start < 0 || end <= start || end > int64(len(dt.raw)) {
		return 0, 0, fmt.Sprintf("offsets [%d, %d) outside the document's %d bytes of text", start, end, len(dt.raw))
	}
	ts, te := roundUp(dt.raw, int(start)), roundUp(dt.raw, int(end))
	if !snipOK {
		return 0, 0, "its snippet is larger than the size limit or missing"
	}
	want, err := snippetText(snippet)
	if err != nil {
		return 0, 0, "its snippet cannot be parsed: " + err.Error()
	}
	if got := dt.raw[ts:te]; got != want {
		return 0, 0, fmt.Sprintf("the text at bytes [%d, %d) is %q, its snippet %q", start, end, clip(got), clip(want))
	}
	s, e = dt.plainOffset(ts, false), dt.plainOffset(te, true)
	if e <= s {
		return 0, 0, "empty"
	}
	return s, e, ""
}

func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	i := 60
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

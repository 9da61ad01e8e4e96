package rqda

import "time"

// The rows of RQDA's tables this package reads, as stored (active and
// deleted alike; status says which).

type sourceRow struct {
	row, id                 int64
	name, text, memo, owner string
	date                    time.Time
	active                  bool
}

type codeRow struct {
	row, id                  int64
	name, memo, owner, color string
	date                     time.Time
	active                   bool
}

type categoryRow struct { // codecat and filecat
	row, catid        int64
	name, memo, owner string
	date              time.Time
	active            bool
}

type memberRow struct { // treecode (cid, catid) and treefile (fid, catid)
	row, item, catid int64
	active           bool
}

type codingRow struct { // coding and coding2
	table         string
	row, cid, fid int64
	seltext       string
	first, end    int64
	hasFirst      bool
	owner, memo   string
	date          time.Time
	status        int64
}

type caseRow struct {
	row, id           int64
	name, memo, owner string
	date              time.Time
	active            bool
}

type linkRow struct { // caselinkage
	row, caseid, fid int64
	first, end       int64
	ok               bool // both positions are numbers
	owner, memo      string
	date             time.Time
	active           bool
}

type attributeRow struct {
	row                      int64
	name, class, memo, owner string
	date                     time.Time
	active                   bool
}

type valueRow struct { // caseAttr and fileAttr
	table           string
	row, owner      int64 // owner: the case's or file's id
	variable, value string
	hasValue        bool
	active          bool
}

type noteRow struct { // journal and annotation
	table            string
	row, fid, pos    int64
	hasPos           bool
	name, text, user string
	date             time.Time
	active           bool
}

// tables are the rows of one database.
type tables struct {
	version, memo string
	created       time.Time

	sources     []sourceRow
	codes       []codeRow
	codecats    []categoryRow
	treecodes   []memberRow
	filecats    []categoryRow
	treefiles   []memberRow
	codings     []codingRow
	cases       []caseRow
	links       []linkRow
	attributes  []attributeRow
	values      []valueRow
	notes       []noteRow
	images      int
	imageCoding int
}

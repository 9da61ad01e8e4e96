package qualcoder

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qdabridge/qdabridge/internal/sqlitedb"
	"github.com/qdabridge/qdabridge/refi"
)

// variable is an attribute_type and the Variable it became.
type variable struct {
	v       *refi.Variable
	forCase bool
}

// readCases reads the cases table.
func (rd *read) readCases() error {
	return rd.query("cases", []string{"caseid", "name", "memo", "owner", "date"}, "ORDER BY caseid", func(row *sqlitedb.Row) error {
		id, ok := row.Int("caseid")
		if !ok || rd.cases[id] != nil {
			rd.warn(WarnBadValue, "cases", id, "a case without an id of its own is left out")
			return nil
		}
		c := &refi.Case{GUID: gid("case", id), Name: rd.text(row, "cases", id, "name"), Description: rd.text(row, "cases", id, "memo")}
		rd.user(rd.text(row, "cases", id, "owner"))
		rd.cases[id] = c
		rd.proj.Cases = append(rd.proj.Cases, c)
		rd.rep.Cases++
		return nil
	})
}

// caseLinks reads case_text: a whole source in a case (pos0 = 0 and pos1 0
// or the length of the text, as QualCoder writes it for a whole file), or a
// passage of a text, which becomes a selection without codings that the
// case refers to.
func (rd *read) caseLinks() error {
	cols := []string{"rowid", "caseid", "fid", "pos0", "pos1", "owner", "date", "memo"}
	return rd.query("case_text", cols, "ORDER BY rowid", func(row *sqlitedb.Row) error {
		id, _ := row.Int("rowid")
		cid, _ := row.Int("caseid")
		fid, _ := row.Int("fid")
		c, s := rd.cases[cid], rd.sources[fid]
		if c == nil || s == nil {
			what := fmt.Sprintf("case id %d", cid)
			if c != nil {
				what = fmt.Sprintf("source id %d", fid)
			}
			rd.rep.CaseLinksLost++
			rd.warn(WarnMissingRef, "case_text", id, "a link to %s, which does not exist, is left out", what)
			return nil
		}
		p0, _ := row.Int("pos0")
		p1, _ := row.Int("pos1")
		whole := p0 == 0 && (p1 == 0 || s.text == nil || p1 == int64(s.text.n))
		if whole {
			c.SourceRefs = append(c.SourceRefs, s.src.Base().GUID)
			rd.rep.CaseLinks++
			return nil
		}
		if s.txt == nil || s.text == nil {
			rd.rep.CaseLinksLost++
			rd.notPlaced("case_text", id, s, "", fmt.Sprintf("a passage %d-%d of a source without text, in case %q", p0, p1, c.Name), "")
			return nil
		}
		if _, ok := s.text.slice(p0, p1); !ok || p1 == p0 {
			rd.rep.CaseLinksLost++
			rd.notPlaced("case_text", id, s, "", fmt.Sprintf("the passage %d-%d of case %q is not a range of the text (%d characters)", p0, p1, c.Name, s.text.n), "")
			return nil
		}
		sel := refi.TextSelection{SelectionBase: refi.SelectionBase{GUID: gid("case_text", id), Description: rd.text(row, "case_text", id, "memo")}, Start: p0, End: p1}
		sel.CreatingUser = rd.user(rd.text(row, "case_text", id, "owner"))
		sel.Created = rd.date(row, "case_text", id, "date")
		s.txt.Selections = append(s.txt.Selections, sel)
		c.SelectionRefs = append(c.SelectionRefs, sel.GUID)
		rd.rep.CaseLinks++
		return nil
	})
}

// attributeTypes reads attribute_type: variables of cases or of files,
// numeric (Float) or character (Text).
func (rd *read) attributeTypes() error {
	return rd.query("attribute_type", []string{"rowid", "name", "memo", "caseOrFile", "valuetype"}, "ORDER BY rowid", func(row *sqlitedb.Row) error {
		id, _ := row.Int("rowid")
		name := rd.text(row, "attribute_type", id, "name")
		if name == "" || rd.vars[name] != nil {
			rd.warn(WarnBadValue, "attribute_type", id, "an attribute without a name of its own is left out")
			return nil
		}
		typ := refi.VarText
		if vt, _ := row.Text("valuetype"); strings.EqualFold(strings.TrimSpace(vt), "numeric") {
			typ = refi.VarFloat
		}
		cf, _ := row.Text("caseOrFile")
		v := &variable{v: &refi.Variable{GUID: gidName("attribute", name), Name: name, Type: typ, Description: rd.text(row, "attribute_type", id, "memo")},
			forCase: strings.EqualFold(strings.TrimSpace(cf), "case")}
		rd.vars[name] = v
		rd.proj.Variables = append(rd.proj.Variables, v.v)
		rd.rep.Variables++
		return nil
	})
}

// attributes reads attribute: the values, on a case (attr_type "case")
// or a source (attr_type "file"). An empty numeric value is no value.
func (rd *read) attributes() error {
	cols := []string{"rowid", "name", "attr_type", "value", "id"}
	return rd.query("attribute", cols, "ORDER BY rowid", func(row *sqlitedb.Row) error {
		id, _ := row.Int("rowid")
		name := rd.text(row, "attribute", id, "name")
		v := rd.vars[name]
		if v == nil {
			rd.rep.ValuesLost++
			rd.warn(WarnMissingRef, "attribute", id, "a value of attribute %q, which is not defined, is left out", short(name))
			return nil
		}
		value := strings.TrimSpace(rd.text(row, "attribute", id, "value"))
		if v.v.Type == refi.VarFloat {
			if value == "" {
				return nil
			}
			if f, err := strconv.ParseFloat(value, 64); err != nil || f != f {
				rd.rep.ValuesLost++
				rd.warn(WarnBadValue, "attribute", id, "value %q of numeric attribute %q is not a number; left out", short(value), short(name))
				return nil
			}
		}
		target, _ := row.Int("id")
		at, _ := row.Text("attr_type")
		val := refi.VariableValue{Variable: v.v.GUID, Type: v.v.Type, Value: value}
		switch strings.ToLower(strings.TrimSpace(at)) {
		case "case":
			if c := rd.cases[target]; c != nil {
				c.Values = append(c.Values, val)
				rd.rep.Values++
				return nil
			}
		case "file":
			if s := rd.sources[target]; s != nil {
				b := s.src.Base()
				b.Values = append(b.Values, val)
				rd.rep.Values++
				return nil
			}
		}
		rd.rep.ValuesLost++
		rd.warn(WarnMissingRef, "attribute", id, "a value of %q for %s %d, which does not exist, is left out", short(name), short(at), target)
		return nil
	})
}

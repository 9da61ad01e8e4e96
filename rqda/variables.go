package rqda

import (
	"math"
	"strconv"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
)

// buildVariables makes a Variable of every active attribute and gives the
// cases and sources their values. A numeric attribute is Integer when all
// its values are integers, Float when all are numbers, else Text (with a
// warning); a character one is Text.
func (b *builder) buildVariables() {
	type variable struct {
		v    *refi.Variable
		row  attributeRow
		vals []valueRow
	}
	byName := map[string]*variable{}
	gone := map[string]bool{}
	var order []*variable
	for _, a := range b.t.attributes {
		if !a.active {
			gone[a.name] = true
			continue
		}
		if byName[a.name] != nil {
			b.warn(WarnValue, "attributes", a.row, "a second active attribute called %q: left out", a.name)
			b.drop(refi.ItemVariables, "", "attributes", a.row, a.name, "a second attribute with the same name")
			continue
		}
		v := &variable{v: &refi.Variable{GUID: b.guid("attributes/", a.name), Name: a.name, Type: refi.VarText, Description: a.memo}, row: a}
		byName[a.name] = v
		order = append(order, v)
	}
	for _, val := range b.t.values {
		v := byName[val.variable]
		ownerGone, ownerOK := false, false
		if val.table == "caseAttr" {
			ownerOK, ownerGone = b.cases[val.owner] != nil, b.goneK[val.owner]
		} else {
			ownerOK, ownerGone = b.sources[val.owner] != nil, b.gone[val.owner]
		}
		if v == nil || !ownerOK {
			if (v != nil || gone[val.variable]) && (ownerOK || ownerGone) {
				b.rep.Cascaded[val.table]++
				continue
			}
			b.rep.Dangling[val.table]++
			b.warn(WarnDangling, val.table, val.row, "attribute %q or its %s %d is not in the database: the value is left out", clip(val.variable, 40), ownerKind(val.table), val.owner)
			b.drop(refi.ItemVariableValues, "", val.table, val.row, val.variable, "a value of a missing attribute, case or file")
			continue
		}
		if !val.hasValue || strings.TrimSpace(val.value) == "" {
			b.rep.EmptyValues++
			continue
		}
		v.vals = append(v.vals, val)
	}
	for _, v := range order {
		if v.row.class == "numeric" {
			v.v.Type = numericType(v.vals)
			if v.v.Type == refi.VarText {
				b.warn(WarnValue, "attributes", v.row.row, "numeric attribute %q has values that are not numbers: it is carried as Text", v.v.Name)
			}
		}
		b.p.Variables = append(b.p.Variables, v.v)
		b.rep.Variables++
		seen := map[int64]bool{}
		for _, val := range v.vals {
			key := val.owner
			if val.table == "fileAttr" {
				key = -key - 1 // keep case and file ids apart
			}
			if seen[key] {
				b.warn(WarnValue, val.table, val.row, "a second value of %q for %s %d: left out", v.v.Name, ownerKind(val.table), val.owner)
				b.drop(refi.ItemVariableValues, "", val.table, val.row, v.v.Name, "a second value of the attribute for the same case or file")
				continue
			}
			seen[key] = true
			vv := value(v.v, val.value)
			if val.table == "caseAttr" {
				k := b.cases[val.owner]
				k.Values = append(k.Values, vv)
			} else {
				s := b.sources[val.owner].ts
				s.Values = append(s.Values, vv)
			}
			b.rep.Values++
		}
	}
}

func ownerKind(table string) string {
	if table == "caseAttr" {
		return "case"
	}
	return "file"
}

// numericType is the type of a numeric attribute's values.
func numericType(vals []valueRow) refi.VariableType {
	t := refi.VarInteger
	for _, v := range vals {
		s := strings.TrimSpace(v.value)
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			continue
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return refi.VarText
		}
		t = refi.VarFloat
	}
	return t
}

// value is s as a value of v's type.
func value(v *refi.Variable, s string) refi.VariableValue {
	switch v.Type {
	case refi.VarInteger:
		n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		return refi.IntValue(v.GUID, n)
	case refi.VarFloat:
		f, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return refi.FloatValue(v.GUID, f)
	}
	return refi.TextValue(v.GUID, s)
}

package nvivo

import (
	"fmt"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/refi"
)

func (st *build) addCodingSummary(e *Export) {
	cs := e.CodingSummary
	dups := 0
	for i := range cs.References {
		r := &cs.References[i]
		src := st.sourceNamed(r.File, r.FileFolder, true)
		if r.Repeat {
			st.rep.AggregateRepeats++
			continue
		}
		// the same reference in another export (the .xlsx and the .txt of
		// one extract, or By Code and By File)
		k := fmt.Sprintf("%s\x00%v\x00%s\x00%s\x00%d\x00%s", pathKey(append(append([]string(nil), r.CodeFolder[min(1, len(r.CodeFolder)):]...), r.CodePath...)),
			r.IsCase(), sourceKey(r.File), r.Coder, r.Number, normText(r.Text))
		if prev, ok := st.seenRefs[k]; ok && prev != e {
			dups++
			continue
		}
		st.seenRefs[k] = e
		st.user(r.Coder)
		item := refItem{input: e.Name, ref: r}
		if r.IsCase() {
			item.cas = st.caseNamed(r.CodePath[len(r.CodePath)-1], true)
		} else {
			var folders []string
			if len(r.CodeFolder) > 1 {
				folders = r.CodeFolder[1:]
			}
			item.code = st.codeAt(folders, r.CodePath)
			if item.code.code.Description == "" {
				item.code.code.Description = r.CodeDescription
			}
		}
		src.refs = append(src.refs, item)
	}
	if dups > 0 {
		st.ws.add(Warning{Code: WarnDuplicate, File: e.Name, Count: dups,
			Message: fmt.Sprintf("%d references are also in an export read before; they are used once", dups)})
	}
}

func (st *build) addTable(e *Export) {
	t := e.Table
	warnNames := func(msg string) {
		st.ws.add(Warning{Code: WarnNames, File: e.Name, Message: msg})
	}
	switch e.Kind {
	case KindList, KindSummaryView:
		items := t.Items()
		switch t.ListOf {
		case "files":
			for _, it := range items {
				var folder []string
				if it.InFolder != "" {
					folder, _ = splitFolder(it.InFolder)
				}
				s := st.sourceNamed(it.Name, folder, true)
				if !it.Created.IsZero() && s.src.Created.IsZero() {
					s.src.Created = st.wall(it.Created)
					if u := st.user(it.CreatedBy); u != nil {
						s.src.CreatingUser = u.GUID
					}
				}
				if !it.Modified.IsZero() && s.src.Modified.IsZero() {
					s.src.Modified = st.wall(it.Modified)
					if u := st.user(it.ModifiedBy); u != nil {
						s.src.ModifyingUser = u.GUID
					}
				}
			}
		case "codes":
			added := 0
			for _, it := range items {
				if len(st.codesNamed(it.Name)) == 0 {
					st.codeAt(nil, []string{it.Name})
					added++
				}
			}
			if added > 0 {
				warnNames(fmt.Sprintf("%d codes of the list view added at the top of the code tree: a list shows no hierarchy", added))
			}
		case "cases":
			for _, it := range items {
				st.caseNamed(it.Name, true)
			}
		default:
			warnNames(fmt.Sprintf("%s: not used (it does not say what it lists)", e.Kind))
		}
	case KindFramework:
		for _, r := range t.Rows {
			st.caseNamed(r.Label.Name, true)
		}
		st.codesFromLabels(e, t.Columns, "columns")
	case KindCrosstab:
		rows := make([]Label, len(t.Rows))
		for i, r := range t.Rows {
			rows[i] = r.Label
		}
		st.codesFromLabels(e, rows, "rows")
	case KindMatrix:
		warnNames(fmt.Sprintf("matrix of %d rows × %d columns: its labels may be codes, cases or files, so none is added (the counts are in the export's Table)", len(t.Rows), len(t.Columns)))
	}
}

// codesFromLabels adds the labels that are not yet the name of a code as
// top-level codes; labels with the same name stay apart.
func (st *build) codesFromLabels(e *Export, labels []Label, axis string) {
	added := 0
	for _, l := range labels {
		if l.Name == "" || isTotal(l.Name) {
			continue
		}
		if len(st.codesNamed(l.Name)) > 0 && l.Key == l.Name {
			continue
		}
		n := st.codeAt(nil, []string{l.Key})
		n.code.Name = l.Name
		added++
	}
	if added > 0 {
		st.ws.add(Warning{Code: WarnNames, File: e.Name, Count: added,
			Message: fmt.Sprintf("%d codes named by the %s of the %s added at the top of the code tree: it shows only leaf names", added, axis, e.Kind)})
	}
}

// wall gives a time read from an export (a wall-clock time, in UTC) the
// zone of Builder.Location, or none.
func (st *build) wall(t time.Time) time.Time {
	loc := st.b.Location
	switch loc {
	case nil:
		st.zoneless++
		loc = refi.NoTimeZone()
	case time.UTC:
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

func (st *build) addClassification(e *Export) {
	cl := e.Classification
	kind := cl.Kind
	if kind == CaseClassification && len(cl.Rows) > 0 && len(st.srcOrder) > 0 {
		files, cases := 0, 0
		for _, r := range cl.Rows {
			if st.sourceNamed(r.Name, nil, false) != nil {
				files++
			}
			if st.caseNamed(r.Name, false) != nil {
				cases++
			}
		}
		if files == len(cl.Rows) && cases == 0 {
			kind = FileClassification
			st.ws.add(Warning{Code: WarnNames, File: e.Name,
				Message: fmt.Sprintf("classification \"%s\" read as a file classification: every one of its %d names is a file of the other exports", cl.Name, files)})
		}
	}
	keys := make([]string, len(cl.Attributes))
	for j, a := range cl.Attributes {
		name := a.Name
		if !st.b.PlainVariableNames && cl.Name != "" {
			name = cl.Name + ":" + a.Name
		}
		k := strings.ToLower(name)
		keys[j] = k
		v, ok := st.vars[k]
		if !ok {
			v = &varEntry{v: &refi.Variable{GUID: guidFor("nvivo:variable:" + k), Name: name}, typ: a.Type,
				from: fmt.Sprintf("%s column %s", e.Name, colName(a.Col))}
			st.vars[k] = v
			st.varOrder = append(st.varOrder, v)
		} else if v.typ != a.Type {
			v.text = true
			st.ws.add(Warning{Code: WarnType, File: e.Name, Col: a.Col, Header: a.Header,
				Message: fmt.Sprintf("variable \"%s\" is %s in %s and %s in %s column %s: its values are kept as text",
					name, v.typ, v.from, a.Type, e.Name, colName(a.Col))})
		}
		if st.b.KeepNotApplicable && a.Evidence.NotApplicable > 0 && a.Type != AttrText {
			v.text = true
		}
		st.rep.Attributes = append(st.rep.Attributes, AttributeReport{Classification: cl.Name, Attribute: a.Name, Variable: name,
			Type: a.Type, Evidence: a.Evidence.String()})
	}
	na := 0
	for _, r := range cl.Rows {
		var values map[string]AttributeValue
		if kind == FileClassification {
			values = st.sourceNamed(r.Name, r.Folders, true).values
		} else {
			values = st.caseNamed(r.Name, true).values
		}
		for j, v := range r.Values {
			switch v.State {
			case Assigned:
				values[keys[j]] = v
			case NotApplicable:
				if st.b.KeepNotApplicable {
					values[keys[j]] = v
				} else {
					na++
				}
			}
		}
	}
	if na > 0 {
		st.rep.NotApplicable += na
		st.ws.add(Warning{Code: WarnNotApplicable, File: e.Name, Count: na,
			Message: fmt.Sprintf("%d values labelled Not Applicable left out (set KeepNotApplicable to keep them as text)", na)})
	}
}

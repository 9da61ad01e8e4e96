package refi

import "strings"

// This file reads variables, cases and the typed variable values they and
// the sources carry.

func (d *decoder) decodeVariable(parent **Extensions) (*Variable, error) {
	v := &Variable{}
	hasGUID, hasName, hasType := false, false, false
	for a := range d.schemaAttrs(&v.Extensions) {
		switch string(a.local) {
		case "guid":
			d.ownGUID(a, &v.GUID, &hasGUID)
		case "name":
			v.Name = d.str(a.value)
			hasName = true
		case "typeOfVariable":
			hasType = true
			t := VariableType(trimSpaceBytes(a.value))
			if !t.Valid() {
				fixed := lenientVariableType(string(t))
				d.warn(WarnInvalidValue, "typeOfVariable", "typeOfVariable=%q is not a schema type; read as %s", clip(a.value), fixed)
				d.keepAttr(a, &v.Extensions)
				t = fixed
			}
			v.Type = t
		default:
			d.unknownAttr(a, &v.Extensions)
		}
	}
	if !hasGUID {
		return nil, d.noGUID("Variable", parent)
	}
	if !hasName {
		d.warn(WarnMissingAttr, "name", "<Variable> without the required name; read as empty")
	}
	if !hasType {
		d.warn(WarnMissingAttr, "typeOfVariable", "<Variable> without typeOfVariable; read as Text")
		v.Type = VarText
	}
	descSeen := false
	for {
		name, err := d.child(&v.Extensions)
		if err != nil {
			return nil, err
		}
		switch name {
		case "":
			return v, nil
		case "Description":
			err = d.description(&v.Description, &descSeen, &v.Extensions)
		default:
			err = d.misplaced(name, &v.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

// lenientVariableType maps misspelt variable types (QualCoder writes
// "Datetime") to the schema's; anything else becomes Text.
func lenientVariableType(s string) VariableType {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "boolean", "bool":
		return VarBoolean
	case "integer", "int":
		return VarInteger
	case "float", "decimal", "double", "number":
		return VarFloat
	case "date":
		return VarDate
	case "datetime", "date-time", "date_time":
		return VarDateTime
	}
	return VarText
}

func (d *decoder) decodeCase(parent **Extensions) (*Case, error) {
	c := &Case{}
	if !d.guidAndName(&c.GUID, &c.Name, &c.Extensions) {
		return nil, d.noGUID("Case", parent)
	}
	var o order
	descSeen := false
	for {
		name, err := d.child(&c.Extensions)
		if err != nil {
			return nil, err
		}
		var ok bool
		switch name {
		case "":
			return c, nil
		case "Description":
			o.at(d, 1, name)
			err = d.description(&c.Description, &descSeen, &c.Extensions)
		case "CodeRef":
			o.at(d, 2, name)
			err = d.refTo(name, &c.CodeRefs, &c.Extensions)
		case "VariableValue":
			o.at(d, 3, name)
			var vv VariableValue
			if vv, ok, err = d.decodeVariableValue(&c.Extensions); ok {
				c.Values = append(c.Values, vv)
			}
		case "SourceRef":
			o.at(d, 4, name)
			err = d.refTo(name, &c.SourceRefs, &c.Extensions)
		case "SelectionRef":
			o.at(d, 5, name)
			err = d.refTo(name, &c.SelectionRefs, &c.Extensions)
		default:
			err = d.misplaced(name, &c.Extensions)
		}
		if err != nil {
			return nil, err
		}
	}
}

func valueType(name string) VariableType {
	switch name {
	case "TextValue":
		return VarText
	case "BooleanValue":
		return VarBoolean
	case "IntegerValue":
		return VarInteger
	case "FloatValue":
		return VarFloat
	case "DateValue":
		return VarDate
	case "DateTimeValue":
		return VarDateTime
	}
	return ""
}

func (d *decoder) decodeVariableValue(parent **Extensions) (VariableValue, bool, error) {
	var vv VariableValue
	for i := range d.x.attrs {
		d.foreignOrUnknown(&d.x.attrs[i], &vv.Extensions)
	}
	hasRef := false
	for {
		name, err := d.child(&vv.Extensions)
		if err != nil {
			return vv, false, err
		}
		switch {
		case name == "":
			if !hasRef {
				d.warn(WarnMissingAttr, "", "<VariableValue> without a <VariableRef>; kept as an extension")
				e := extOf(parent)
				e.elems = append(e.elems, fragment("VariableValue", "", strings.Join(vv.Extensions.elements(), "")))
				return vv, false, nil
			}
			return vv, true, nil
		case name == "VariableRef":
			if hasRef {
				err = d.dup(name, &vv.Extensions)
				break
			}
			var ok bool
			vv.Variable, ok, err = d.refElement(name, "targetGUID", &vv.Extensions)
			hasRef = ok
		case valueType(name) != "":
			if !hasRef {
				d.warn(WarnOrder, "", "<%s> before <VariableRef>; written in schema order", name)
			}
			if vv.Type != "" {
				err = d.dup(name, &vv.Extensions)
				break
			}
			t := valueType(name)
			d.childAttrs(name, &vv.Extensions)
			var s string
			s, err = d.text(&vv.Extensions)
			if err != nil {
				break
			}
			val, ok := d.checkValue(t, s)
			if !ok {
				d.warn(WarnInvalidValue, "", "<%s>%s</%s> is not a valid %s; kept as an extension", name, clip([]byte(s)), name, t)
				e := extOf(&vv.Extensions)
				e.elems = append(e.elems, fragment(name, "", string(appendEscapedText(nil, s))))
				break
			}
			vv.Type, vv.Value = t, val
		default:
			err = d.misplaced(name, &vv.Extensions)
		}
		if err != nil {
			return vv, false, err
		}
	}
}

func (e *Extensions) elements() []string {
	if e == nil {
		return nil
	}
	return e.elems
}

// checkValue checks a typed value and returns it, lightly repaired where a
// producer's form is unambiguous (True for true).
func (d *decoder) checkValue(t VariableType, s string) (string, bool) {
	v := strings.TrimSpace(s)
	switch t {
	case VarText:
		return s, true
	case VarBoolean:
		if _, err := parseXSDBool(v); err == nil {
			return s, true
		}
		switch strings.ToLower(v) {
		case "true", "yes":
			d.warn(WarnInvalidValue, "", "boolean %q read as true", v)
			return "true", true
		case "false", "no":
			d.warn(WarnInvalidValue, "", "boolean %q read as false", v)
			return "false", true
		}
		return s, false
	case VarInteger:
		return s, validXSDInteger(v)
	case VarFloat:
		return s, validDecimal(v)
	case VarDate:
		_, err := parseXSDDate(v)
		return s, err == nil
	case VarDateTime:
		_, ok := parseDateTime([]byte(v), d.zones)
		return s, ok
	}
	return s, false
}

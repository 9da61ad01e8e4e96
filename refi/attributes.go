package refi

import (
	"sort"
	"strings"
)

// Attribute is one variable value of a participant or a source, typed.
type Attribute struct {
	// Name is the variable's name without the classification NVivo writes
	// before it ("Age group" for NVivo's "Cases:Age group").
	Name string `json:"name"`
	// Variable is the variable's name as the project has it.
	Variable string         `json:"variable"`
	Value    AttributeValue `json:"value"`
}

// Attribute returns the value of the participant's attribute called name
// (the variable's name with or without NVivo's classification), and
// whether it has one.
func (p *Participant) Attribute(name string) (AttributeValue, bool) {
	return findAttribute(p.Attributes, name)
}

// Attribute returns the value of the source's attribute called name (the
// variable's name with or without NVivo's classification), and whether it
// has one.
func (s *SourceInfo) Attribute(name string) (AttributeValue, bool) {
	return findAttribute(s.Attributes, name)
}

func findAttribute(as []Attribute, name string) (AttributeValue, bool) {
	for _, a := range as {
		if a.Variable == name {
			return a.Value, true
		}
	}
	for _, a := range as {
		if a.Name == name {
			return a.Value, true
		}
	}
	return AttributeValue{}, false
}

// attributeNamer turns variable values into attributes in the order of the
// project's variables.
type attributeNamer struct {
	x     *Index
	order map[string]int // variable name → place among the project's variables
	nvivo bool           // names carry NVivo's "<classification>:" prefix
}

func newAttributeNamer(p *Project, x *Index) *attributeNamer {
	n := &attributeNamer{x: x, order: map[string]int{}, nvivo: strings.Contains(strings.ToLower(p.Origin), "nvivo")}
	for i, v := range p.Variables {
		if _, ok := n.order[v.Name]; !ok {
			n.order[v.Name] = i
		}
	}
	return n
}

// attributes returns the attributes of the values vs (a later value of a
// variable replaces an earlier one), in the order of the project's
// variables, then by name.
func (n *attributeNamer) attributes(vs []VariableValue) []Attribute {
	out := make([]Attribute, 0, len(vs))
	at := map[string]int{}
	for _, vv := range vs {
		name := variableName(n.x, vv.Variable)
		a := Attribute{Name: name, Variable: name, Value: valueOf(vv)}
		if n.nvivo {
			if i := strings.IndexByte(name, ':'); i > 0 && i < len(name)-1 {
				a.Name = name[i+1:]
			}
		}
		if i, ok := at[name]; ok {
			out[i] = a
			continue
		}
		at[name] = len(out)
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool { return n.less(out[i].Variable, out[j].Variable) })
	return out
}

// less orders variable names as the project lists its variables, names it
// does not list last, by name.
func (n *attributeNamer) less(a, b string) bool {
	oa, aok := n.order[a]
	ob, bok := n.order[b]
	if aok != bok {
		return aok
	}
	if aok && oa != ob {
		return oa < ob
	}
	return a < b
}

// AttributeNames returns the names (as the project has them) of the
// variables the participants have values of, in the order of the
// project's variables: the columns of a table of participants.
func AttributeNames(p *Project, ps []Participant) []string {
	n := newAttributeNamer(p, nil)
	seen := map[string]bool{}
	var names []string
	for _, pt := range ps {
		for _, a := range pt.Attributes {
			if !seen[a.Variable] {
				seen[a.Variable] = true
				names = append(names, a.Variable)
			}
		}
	}
	sort.SliceStable(names, func(i, j int) bool { return n.less(names[i], names[j]) })
	return names
}

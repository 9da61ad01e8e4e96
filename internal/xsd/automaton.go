package xsd

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// maxNFAStates and maxDFAStates bound the automata built for one content
// model (occurrence bounds are unrolled, so nested bounds multiply).
const (
	maxNFAStates = 100000
	maxDFAStates = 10000
)

// dfaState is a state of a content model automaton. Children are matched by
// local name; their namespace is always the target namespace
// (elementFormDefault="qualified").
type dfaState struct {
	next  map[string]dfaEdge
	final bool   // the content may end here
	want  string // the allowed next children, for messages
}

type dfaEdge struct {
	to   int
	decl *elemDecl
}

// nfa is a Thompson automaton with epsilon moves, built from a particle
// tree with finite occurrence bounds unrolled into copies.
type nfa struct {
	eps    [][]int
	edges  [][]nfaEdge
	tooBig bool // more than maxNFAStates; building stops early
}

type nfaEdge struct {
	decl *elemDecl
	to   int
}

func (n *nfa) state() int {
	if len(n.eps) >= maxNFAStates {
		n.tooBig = true
	}
	n.eps = append(n.eps, nil)
	n.edges = append(n.edges, nil)
	return len(n.eps) - 1
}

func (n *nfa) epsilon(from, to int) { n.eps[from] = append(n.eps[from], to) }

// build adds p starting at state from and returns its end state.
func (n *nfa) build(p *particle, from int) int {
	cur := from
	for i := 0; i < p.min && !n.tooBig; i++ {
		cur = n.once(p, cur)
	}
	if p.max < 0 {
		loop := n.state()
		n.epsilon(cur, loop)
		n.epsilon(n.once(p, loop), loop)
		return loop
	}
	if p.max == p.min {
		return cur
	}
	end := n.state()
	for i := p.min; i < p.max && !n.tooBig; i++ {
		n.epsilon(cur, end)
		cur = n.once(p, cur)
	}
	n.epsilon(cur, end)
	return end
}

// once adds one occurrence of p.
func (n *nfa) once(p *particle, from int) int {
	switch p.kind {
	case pElement:
		to := n.state()
		n.edges[from] = append(n.edges[from], nfaEdge{decl: p.elem, to: to})
		return to
	case pSequence:
		cur := from
		for _, it := range p.items {
			if n.tooBig {
				break
			}
			cur = n.build(it, cur)
		}
		return cur
	default: // pChoice; with no branches the end is unreachable
		end := n.state()
		for _, it := range p.items {
			n.epsilon(n.build(it, from), end)
		}
		return end
	}
}

// closure returns the sorted epsilon closure of a set of states.
func (n *nfa) closure(set []int) []int {
	seen := map[int]bool{}
	stack := append([]int(nil), set...)
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[s] {
			continue
		}
		seen[s] = true
		stack = append(stack, n.eps[s]...)
	}
	out := make([]int, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Ints(out)
	return out
}

func setKey(set []int) string {
	var b strings.Builder
	for _, s := range set {
		b.WriteString(strconv.Itoa(s))
		b.WriteByte(',')
	}
	return b.String()
}

// buildDFA compiles the content model into a deterministic automaton by
// subset construction. A name that two different particles can match from
// one state violates Unique Particle Attribution and is an error, as in
// XSD (and libxml2).
func (ct *complexType) buildDFA() error {
	if ct.content == nil {
		ct.dfa = []dfaState{{final: true, want: "no child elements"}}
		return nil
	}
	n := &nfa{}
	start := n.state()
	accept := n.build(ct.content, start)
	if n.tooBig {
		return fmt.Errorf("content model is too complex (more than %d automaton states)", maxNFAStates)
	}

	first := n.closure([]int{start})
	index := map[string]int{setKey(first): 0}
	sets := [][]int{first}
	for i := 0; i < len(sets); i++ {
		st := dfaState{next: map[string]dfaEdge{}}
		targets := map[string][]int{}
		for _, s := range sets[i] {
			if s == accept {
				st.final = true
			}
			for _, e := range n.edges[s] {
				if prev, ok := st.next[e.decl.name]; ok && prev.decl != e.decl {
					return fmt.Errorf("content model is not deterministic: element %q can match two particles (Unique Particle Attribution)", e.decl.name)
				}
				st.next[e.decl.name] = dfaEdge{decl: e.decl}
				targets[e.decl.name] = append(targets[e.decl.name], e.to)
			}
		}
		for name, t := range targets {
			cl := n.closure(t)
			k := setKey(cl)
			j, ok := index[k]
			if !ok {
				if len(sets) >= maxDFAStates {
					return fmt.Errorf("content model is too complex (more than %d automaton states)", maxDFAStates)
				}
				j = len(sets)
				index[k] = j
				sets = append(sets, cl)
			}
			e := st.next[name]
			e.to = j
			st.next[name] = e
		}
		st.want = describeWant(st)
		ct.dfa = append(ct.dfa, st)
	}
	return nil
}

// describeWant lists the children allowed in a state, in model order.
func describeWant(st dfaState) string {
	decls := make([]*elemDecl, 0, len(st.next))
	for _, e := range st.next {
		decls = append(decls, e.decl)
	}
	sort.Slice(decls, func(i, j int) bool { return decls[i].order < decls[j].order })
	names := make([]string, len(decls))
	for i, d := range decls {
		names[i] = d.name
	}
	switch {
	case len(names) == 0 && st.final:
		return "no more child elements"
	case len(names) == 0:
		return "nothing (the content model cannot be satisfied)"
	case st.final:
		return orList(append(names, "the end of the element"))
	}
	return orList(names)
}

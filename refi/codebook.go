package refi

import "iter"

// The namespaces of the two schemas, which the writer always uses.
const (
	NamespaceProject  = "urn:QDA-XML:project:1.0"
	NamespaceCodebook = "urn:QDA-XML:codebook:1.0"

	schemaLocationProject  = NamespaceProject + " http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
	schemaLocationCodebook = NamespaceCodebook + " http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
)

// codebook is the content of a REFI-QDA codebook (a .qdc file, schema
// urn:QDA-XML:codebook:1.0): a code tree and sets of codes. Codes in a
// codebook carry no NoteRefs and its sets hold only codes.
type codebook struct {
	Origin     string
	Codes      []*Code
	Sets       []*Set // MemberSources and MemberNotes are not part of a codebook
	Extensions *Extensions
}

// codebookOfProject returns the project's code book as a codebook that can
// be written as a .qdc: the code tree and the project's sets that contain
// codes, each with only its codes. The codes are shared with p, not copied.
// Code notes (NoteRefs) are not part of the codebook schema; the writer
// leaves them out and says so.
func (p *Project) codebookOfProject() *codebook {
	cb := &codebook{Origin: p.Origin, Codes: p.Codes}
	for _, s := range p.Sets {
		if len(s.MemberCodes) == 0 {
			continue
		}
		cb.Sets = append(cb.Sets, &Set{GUID: s.GUID, Name: s.Name, Description: s.Description, MemberCodes: s.MemberCodes, Extensions: s.Extensions})
	}
	return cb
}

// asCodebook returns the codebook a project read from a .qdc holds: its
// codes, sets, origin and extensions, shared with p.
func (p *Project) asCodebook() *codebook {
	return &codebook{Origin: p.Origin, Codes: p.Codes, Sets: p.Sets, Extensions: p.Extensions}
}

// AllCodes yields every code of the tree codes (for example a project's
// Codes) in depth-first order, a parent before its children, with its
// ancestors from the top of the tree down to its parent (nil for a
// top-level code). The ancestors' slice is reused between steps: copy it to
// keep it.
func AllCodes(codes []*Code) iter.Seq2[*Code, []*Code] {
	return func(yield func(*Code, []*Code) bool) {
		walkCodes(codes, yield)
	}
}

// walkCodes calls fn for every code of the tree as AllCodes yields them,
// and stops early when fn returns false.
func walkCodes(codes []*Code, fn func(c *Code, parents []*Code) bool) {
	var stack []*Code
	var walk func([]*Code) bool
	walk = func(cs []*Code) bool {
		for _, c := range cs {
			if !fn(c, stack) {
				return false
			}
			stack = append(stack, c)
			ok := walk(c.Children)
			stack = stack[:len(stack)-1]
			if !ok {
				return false
			}
		}
		return true
	}
	walk(codes)
}

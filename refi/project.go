package refi

import "time"

// Project is the content of a REFI-QDA project (the Project element of a
// project.qde file, schema urn:QDA-XML:project:1.0). Every element and
// attribute of the schema has a field; what a producer wrote beyond the schema
// is kept in Extensions fields so that it survives a round trip.
//
// Slices keep document order. Empty slices are written as absent containers:
// the schema forbids an empty <Codes/>, <Sets/> and so on.
type Project struct {
	Name     string // required by the schema; may be empty
	Origin   string // producing software and version, e.g. "NVivo for Windows 12.6"
	BasePath string // base of relative:// source paths
	// Audit holds creatingUserGUID, creationDateTime, modifyingUserGUID and
	// modifiedDateTime of the Project element.
	Audit

	Users     []*User
	Codes     []*Code // the CodeBook: top-level codes, each with its children
	Variables []*Variable
	Cases     []*Case
	Sources   []Source // TextSource, PictureSource, PDFSource, AudioSource and VideoSource in document order
	Notes     []*TextSource
	Links     []*Link
	Sets      []*Set
	Graphs    []*Graph

	Description string
	NoteRefs    []GUID // notes on the project as a whole

	// Positions says how the startPosition and endPosition numbers of this
	// project's text selections (and SyncPoint positions) count characters.
	// The reader sets it from the producer and the text; the zero value is
	// the standard's convention (Unicode code points).
	Positions Positions

	Extensions *Extensions
}

// Audit holds the optional creation and modification attributes that most
// elements carry. A zero GUID or time means the attribute is absent.
type Audit struct {
	CreatingUser  GUID
	Created       time.Time
	ModifyingUser GUID
	Modified      time.Time
}

// User is a person (or, for ATLAS.ti, the program itself) who created or
// changed something in the project.
type User struct {
	GUID       GUID
	Name       string
	ID         string // a short id such as initials
	Extensions *Extensions
}

// Code is a code (NVivo: node) of the code book. Codes nest: Children are the
// sub-codes. A code with IsCodable false is a folder or category that cannot
// be applied to data.
type Code struct {
	GUID        GUID
	Name        string
	IsCodable   bool
	Color       string // "#RRGGBB" or "#RGB" as written; see ParseColor
	Description string
	NoteRefs    []GUID // only in projects; a .qdc code has none
	Children    []*Code
	Extensions  *Extensions
}

// VariableType is the typeOfVariable of a Variable and the kind of value a
// VariableValue holds.
type VariableType string

// The variable types of the schema.
const (
	VarText     VariableType = "Text"
	VarBoolean  VariableType = "Boolean"
	VarInteger  VariableType = "Integer"
	VarFloat    VariableType = "Float"
	VarDate     VariableType = "Date"
	VarDateTime VariableType = "DateTime"
)

// Valid reports whether t is one of the six types the schema defines.
func (t VariableType) Valid() bool {
	switch t {
	case VarText, VarBoolean, VarInteger, VarFloat, VarDate, VarDateTime:
		return true
	}
	return false
}

// Variable is an attribute of cases or sources (NVivo: classification
// attribute; MAXQDA: document variable).
type Variable struct {
	GUID        GUID
	Name        string
	Type        VariableType
	Description string
	Extensions  *Extensions
}

// Case is a subject, object or topic by which sources and selections are
// grouped: for an interview study, usually one participant. Membership is
// given by SourceRefs (whole sources) and SelectionRefs (single selections).
type Case struct {
	GUID          GUID
	Name          string // optional; MAXQDA writes nameless cases for document variables
	Description   string
	CodeRefs      []GUID
	Values        []VariableValue
	SourceRefs    []GUID
	SelectionRefs []GUID
	Extensions    *Extensions
}

// Set groups codes, sources and notes (ATLAS.ti code and document groups,
// MAXQDA document sets). In a codebook (.qdc) a set holds only codes.
type Set struct {
	GUID          GUID
	Name          string
	Description   string
	MemberCodes   []GUID
	MemberSources []GUID
	MemberNotes   []GUID
	Extensions    *Extensions
}

// Direction is the direction of a Link or Edge.
type Direction string

// The directions of the schema.
const (
	Associative   Direction = "Associative"
	OneWay        Direction = "OneWay"
	Bidirectional Direction = "Bidirectional"
)

// Link relates two objects of the project (codes, selections, notes,
// sources...). NVivo uses links to attach annotations to selections.
type Link struct {
	GUID       GUID
	Name       string
	Direction  Direction
	Color      string
	Origin     GUID // originGUID
	Target     GUID // targetGUID
	NoteRefs   []GUID
	Extensions *Extensions
}

// Graph is a network view of objects, drawn as vertices and edges.
type Graph struct {
	GUID       GUID
	Name       string
	Vertices   []Vertex
	Edges      []Edge
	Extensions *Extensions
}

// Vertex is a node of a Graph, drawn as a shape between two corners.
type Vertex struct {
	GUID           GUID
	Represented    GUID // representedGUID: the object shown
	Name           string
	FirstX, FirstY int64
	SecondX        *int64 // optional
	SecondY        *int64 // optional
	Shape          string // Person, Oval, Rectangle, RoundedRectangle, Star, LeftTriangle, RightTriangle, UpTriangle, DownTriangle or Note
	Color          string
	Extensions     *Extensions
}

// Edge is a line between two vertices of a Graph.
type Edge struct {
	GUID         GUID
	Represented  GUID
	Name         string
	SourceVertex GUID
	TargetVertex GUID
	Color        string
	Direction    Direction
	LineStyle    string // dotted, dashed or solid
	Extensions   *Extensions
}

// Extensions holds what a producer wrote that the schema does not define,
// so that a round trip keeps it. The REFI-QDA schemas allow no extensions,
// so the writer does not put these back as XML elements and attributes
// (which would make the file invalid) unless asked to; by default it stores
// them in processing instructions that other tools ignore and this package
// reads back into the same Extensions (see [Writer.InlineExtensions]).
type Extensions struct {
	// attrs are attributes of the element itself that the schema does not
	// define, and known attributes whose value could not be read (kept as
	// written instead of being lost).
	attrs []xmlAttr
	// elems are child elements the schema does not define (or that could
	// not be read), each a self-contained XML fragment with the namespace
	// declarations it needs. Stray text in element-only content is kept here
	// as escaped character data.
	elems []string
	// childAttrs are unknown attributes found on child elements that the
	// model holds as plain values (NoteRef, CodeRef, Description, ...).
	childAttrs []childAttr
}

// xmlAttr is an XML attribute. Space is the namespace URI ("" for an
// unqualified attribute) and Prefix the prefix it was written with.
type xmlAttr struct {
	Space, Prefix, Name, Value string
}

// childAttr is an unknown attribute of the Index-th (from 1) child element
// named Child.
type childAttr struct {
	Child string
	Index int
	xmlAttr
}

func (e *Extensions) empty() bool {
	return e == nil || len(e.attrs) == 0 && len(e.elems) == 0 && len(e.childAttrs) == 0
}

// Package xsd validates XML documents against the REFI-QDA XML Schemas
// (internal/refischema/schema: Project.xsd and Codebook.xsd) in pure Go, so that
// tests and tools can prove that the files the project writes are valid
// without libxml2. It is not a general XML Schema processor: [Compile]
// accepts exactly the subset of XSD 1.0 that those two schemas use and
// rejects everything else with an error that names the unsupported construct.
//
// # Supported schema subset
//
//   - xsd:schema with a targetNamespace, elementFormDefault="qualified" and
//     attributeFormDefault="unqualified" (or absent);
//   - global xsd:element with name and type (the possible document roots);
//   - named xsd:complexType whose content is an xsd:sequence or xsd:choice
//     (nested to any depth, with minOccurs/maxOccurs on every particle,
//     including maxOccurs="unbounded"), followed by xsd:attribute
//     declarations with name, type and use; a complex type without a model
//     group has empty content;
//   - local xsd:element with name, type, minOccurs and maxOccurs;
//   - named xsd:simpleType with an xsd:restriction of a built-in type, with
//     xsd:pattern and xsd:enumeration facets (enumeration only on xsd:string
//     and xsd:token);
//   - the built-in types xsd:string, xsd:token, xsd:integer, xsd:decimal,
//     xsd:boolean, xsd:date and xsd:dateTime;
//   - xsd:annotation anywhere it is allowed; it is ignored.
//
// Content models must satisfy the XSD rules "Unique Particle Attribution"
// and "Element Declarations Consistent"; Compile checks both.
//
// # Validation
//
// [Schema.Validate] streams the instance with encoding/xml and never builds
// a tree: memory is bounded by the element depth (plus the largest single
// text or attribute token, which encoding/xml holds in memory, and the text
// of simple-typed elements whose type has to be checked; xsd:string
// content without facets is not buffered). It checks well-formedness
// (including what encoding/xml leaves out: matching end tags, namespace
// prefixes, duplicate attributes, a single root, nothing but comments and
// processing instructions after it), the root element, the namespace of every
// element, content models, character content, attributes and simple-type
// values. All problems are reported, not just the first.
//
// Simple values follow XSD 1.0 semantics: xsd:string preserves whitespace,
// every other type collapses it first; patterns are implicitly anchored;
// xsd:integer and xsd:decimal have arbitrary size and no exponent;
// xsd:boolean is true, false, 1 or 0; xsd:date and xsd:dateTime require
// four-digit (or longer, without leading zero) years other than 0000, check
// the day against the month (with leap years), allow 24:00:00 as the end of
// a day and an optional time zone Z or ±hh:mm up to ±14:00.
//
// Attributes in the XML Schema instance namespace are handled as XSD says:
// xsi:schemaLocation and xsi:noNamespaceSchemaLocation are allowed anywhere,
// xsi:type only when it names the declared type of the element, xsi:nil is
// an error (no element is nillable) and any other xsi attribute is an error.
// Namespace declarations (xmlns, xmlns:p) are not attributes. Every other
// namespaced attribute, including xml:lang and xml:space, is an error because
// the schemas declare no such attribute and have no xsd:anyAttribute
// (libxml2 agrees).
//
// # Known differences from libxml2 (xmllint)
//
// libxml2 2.9 deviates from XSD in a few corner cases, where this package
// follows the specification: its regular expression automaton for RGBType,
// #([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3}), also accepts eight digits (#RRGGBBAA),
// which Validate rejects; it rejects xsd:date and xsd:dateTime values with
// leading whitespace, or with trailing whitespace after a value without a
// time zone; it rejects xsd:integer and xsd:decimal values with more than
// about 24 digits; and it treats a CDATA section that holds only whitespace
// as text in element-only content. Documents must be UTF-8 (as REFI-QDA
// requires) or declare US-ASCII, ISO-8859-1 or windows-1252; other
// encodings, and entities declared in a DOCTYPE, are rejected, whereas
// libxml2 supports them.
//
// [XMLLint] runs xmllint, when it is installed, for a second opinion.
package xsd

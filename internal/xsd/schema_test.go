package xsd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// schemaDoc wraps schema components in an xsd:schema for namespace urn:t.
func schemaDoc(body string) string {
	return `<xsd:schema xmlns="urn:t" xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" elementFormDefault="qualified">` +
		`<xsd:element name="R" type="RT"/>` + body + `</xsd:schema>`
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name   string
		schema string
		err    string
	}{
		{name: "not XML", schema: `<xsd:schema`, err: "reading schema"},
		{name: "not a schema", schema: `<schema/>`, err: "want xsd:schema"},
		{name: "no target namespace", schema: `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified"/>`, err: "targetNamespace is required"},
		{name: "unqualified elements", schema: `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"/>`, err: `only elementFormDefault="qualified" is supported`},
		{name: "qualified attributes", schema: `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" elementFormDefault="qualified" attributeFormDefault="qualified"/>`, err: `only attributeFormDefault="unqualified"`},
		{name: "no global element", schema: `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" elementFormDefault="qualified"/>`, err: "declares no global element"},
		{name: "import", schema: schemaDoc(`<xsd:import namespace="urn:x"/>`), err: "xsd:import is not supported"},
		{name: "global attribute", schema: schemaDoc(`<xsd:attribute name="a" type="xsd:string"/>`), err: "xsd:attribute is not supported"},
		{name: "group", schema: schemaDoc(`<xsd:group name="g"/>`), err: "xsd:group is not supported"},
		{name: "undefined type", schema: schemaDoc(``), err: `type {urn:t}RT is not defined`},
		{name: "duplicate type", schema: schemaDoc(`<xsd:complexType name="RT"/><xsd:simpleType name="RT"><xsd:restriction base="xsd:string"/></xsd:simpleType>`), err: "type defined twice"},
		{name: "anonymous type", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence><xsd:element name="a"><xsd:complexType/></xsd:element></xsd:sequence></xsd:complexType>`), err: "xsd:complexType is not supported here"},
		{name: "identity constraint", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence><xsd:element name="a" type="xsd:string"><xsd:key name="k"/></xsd:element></xsd:sequence></xsd:complexType>`), err: "xsd:key is not supported here"},
		{name: "facet with children", schema: schemaDoc(`<xsd:complexType name="RT"/><xsd:simpleType name="A"><xsd:restriction base="xsd:string"><xsd:pattern value="a"><xsd:simpleType/></xsd:pattern></xsd:restriction></xsd:simpleType>`), err: "xsd:simpleType is not supported here"},
		{name: "invalid XSD escape", schema: schemaDoc(`<xsd:complexType name="RT"/><xsd:simpleType name="A"><xsd:restriction base="xsd:string"><xsd:pattern value="\$"/></xsd:restriction></xsd:simpleType>`), err: `unsupported escape \$`},
		{name: "element without type", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence><xsd:element name="a"/></xsd:sequence></xsd:complexType>`), err: "a type attribute is required"},
		{name: "element ref", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence><xsd:element ref="R"/></xsd:sequence></xsd:complexType>`), err: `attribute "ref" is not supported`},
		{name: "xsd:all", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:all/></xsd:complexType>`), err: "xsd:all is not supported"},
		{name: "xsd:any", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence><xsd:any/></xsd:sequence></xsd:complexType>`), err: "xsd:any is not supported"},
		{name: "anyAttribute", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:anyAttribute/></xsd:complexType>`), err: "xsd:anyAttribute is not supported"},
		{name: "simpleContent", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:simpleContent/></xsd:complexType>`), err: "xsd:simpleContent is not supported"},
		{name: "mixed", schema: schemaDoc(`<xsd:complexType name="RT" mixed="true"/>`), err: "mixed content is not supported"},
		{name: "abstract", schema: schemaDoc(`<xsd:complexType name="RT" abstract="true"/>`), err: `attribute "abstract" is not supported`},
		{name: "attribute before sequence", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:attribute name="a" type="xsd:string"/><xsd:sequence/></xsd:complexType>`), err: "must come before the attributes"},
		{name: "attribute default", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:attribute name="a" type="xsd:string" default="x"/></xsd:complexType>`), err: `attribute "default" is not supported`},
		{name: "attribute twice", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:attribute name="a" type="xsd:string"/><xsd:attribute name="a" type="xsd:token"/></xsd:complexType>`), err: "declared twice"},
		{name: "attribute of complex type", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:attribute name="a" type="RT"/></xsd:complexType>`), err: "is a complex type"},
		{name: "bad use", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:attribute name="a" type="xsd:string" use="always"/></xsd:complexType>`), err: `invalid use "always"`},
		{name: "unsupported built-in", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:attribute name="a" type="xsd:int"/></xsd:complexType>`), err: "built-in type xsd:int is not supported"},
		{name: "undeclared prefix", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:attribute name="a" type="x:int"/></xsd:complexType>`), err: `prefix "x" is not declared`},
		{name: "minOccurs above maxOccurs", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence><xsd:element name="a" type="xsd:string" minOccurs="2" maxOccurs="1"/></xsd:sequence></xsd:complexType>`), err: "minOccurs 2 is greater than maxOccurs 1"},
		{name: "bad maxOccurs", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence maxOccurs="many"/></xsd:complexType>`), err: `invalid maxOccurs "many"`},
		{name: "huge maxOccurs", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence><xsd:element name="a" type="xsd:string" maxOccurs="100000"/></xsd:sequence></xsd:complexType>`), err: "occurrence bounds above 1000"},
		{name: "unqualified local element", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence><xsd:element name="a" type="xsd:string" form="unqualified"/></xsd:sequence></xsd:complexType>`), err: `only form="qualified"`},
		{name: "non-deterministic", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence><xsd:element name="a" type="xsd:string" minOccurs="0"/><xsd:element name="a" type="xsd:string"/></xsd:sequence></xsd:complexType>`), err: "Unique Particle Attribution"},
		{name: "inconsistent declarations", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence><xsd:element name="a" type="xsd:string"/><xsd:element name="b" type="xsd:string"/><xsd:element name="a" type="xsd:token"/></xsd:sequence></xsd:complexType>`), err: "declared again with a different type"},
		{name: "nested bounds multiply", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence maxOccurs="1000"><xsd:sequence maxOccurs="1000"><xsd:element name="a" type="xsd:string" maxOccurs="1000"/></xsd:sequence></xsd:sequence></xsd:complexType>`), err: "content model is too complex"},
		{name: "simple type list", schema: schemaDoc(`<xsd:complexType name="RT"/><xsd:simpleType name="L"><xsd:list itemType="xsd:string"/></xsd:simpleType>`), err: "only a single xsd:restriction is supported"},
		{name: "restriction of a named type", schema: schemaDoc(`<xsd:complexType name="RT"/><xsd:simpleType name="A"><xsd:restriction base="xsd:string"/></xsd:simpleType><xsd:simpleType name="B"><xsd:restriction base="A"/></xsd:simpleType>`), err: `base "A" is not supported`},
		{name: "length facet", schema: schemaDoc(`<xsd:complexType name="RT"/><xsd:simpleType name="A"><xsd:restriction base="xsd:string"><xsd:maxLength value="3"/></xsd:restriction></xsd:simpleType>`), err: "facet xsd:maxLength is not supported"},
		{name: "enumeration on integer", schema: schemaDoc(`<xsd:complexType name="RT"/><xsd:simpleType name="A"><xsd:restriction base="xsd:integer"><xsd:enumeration value="1"/></xsd:restriction></xsd:simpleType>`), err: "enumeration is only supported on xsd:string and xsd:token"},
		{name: "bad pattern", schema: schemaDoc(`<xsd:complexType name="RT"/><xsd:simpleType name="A"><xsd:restriction base="xsd:string"><xsd:pattern value="(a"/></xsd:restriction></xsd:simpleType>`), err: "unbalanced '('"},
		{name: "enumeration outside the pattern", schema: schemaDoc(`<xsd:complexType name="RT"/><xsd:simpleType name="A"><xsd:restriction base="xsd:token"><xsd:pattern value="[a-z]+"/><xsd:enumeration value="A1"/></xsd:restriction></xsd:simpleType>`), err: "does not match pattern"},
		{name: "late annotation", schema: schemaDoc(`<xsd:complexType name="RT"><xsd:sequence/><xsd:annotation/></xsd:complexType>`), err: "xsd:annotation must come first"},
		{name: "foreign element", schema: schemaDoc(`<xsd:complexType name="RT"><foo xmlns="urn:foo"/></xsd:complexType>`), err: "unexpected element {urn:foo}foo"},
		{name: "text in a component", schema: schemaDoc(`<xsd:complexType name="RT">oops</xsd:complexType>`), err: `unexpected text "oops"`},
		{name: "global element with minOccurs", schema: `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" elementFormDefault="qualified"><xsd:element name="R" type="xsd:string" minOccurs="0"/></xsd:schema>`, err: `attribute "minOccurs" is not supported`},
		{name: "global element twice", schema: `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" elementFormDefault="qualified"><xsd:element name="R" type="xsd:string"/><xsd:element name="R" type="xsd:token"/></xsd:schema>`, err: "declared twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile([]byte(tc.schema))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
			assert.True(t, strings.HasPrefix(err.Error(), "xsd: compile: "), err.Error())
		})
	}
}

// modelSchema exercises content-model features beyond those of the REFI-QDA
// schemas: bounded repetition, nested groups, repeated groups, a simple-typed
// root and foreign attributes on components.
const modelSchema = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" xmlns:doc="urn:doc"
    targetNamespace="urn:t" elementFormDefault="qualified" doc:note="foreign attributes are allowed">
  <xs:annotation><xs:documentation>test <b>schema</b></xs:documentation></xs:annotation>
  <xs:element name="R" type="t:RT"/>
  <xs:element name="S" type="xs:integer"/>
  <xs:complexType name="RT">
    <xs:annotation><xs:appinfo>ignored</xs:appinfo></xs:annotation>
    <xs:sequence>
      <xs:element name="a" type="xs:string" minOccurs="2" maxOccurs="3"/>
      <xs:choice minOccurs="0" maxOccurs="2">
        <xs:element name="b" type="t:Empty"/>
        <xs:sequence>
          <xs:element name="c" type="t:Empty"/>
          <xs:element name="d" type="t:Empty" minOccurs="0"/>
        </xs:sequence>
      </xs:choice>
      <xs:sequence maxOccurs="unbounded" minOccurs="0">
        <xs:element name="e" type="t:Empty"/>
        <xs:element name="f" type="t:Empty"/>
      </xs:sequence>
    </xs:sequence>
    <xs:attribute name="req" type="xs:boolean" use="required"/>
    <xs:attribute name="gone" type="xs:string" use="prohibited"/>
  </xs:complexType>
  <xs:complexType name="Empty"/>
</xs:schema>`

func TestContentModels(t *testing.T) {
	s, err := Compile([]byte(modelSchema))
	require.NoError(t, err)
	schemaPath := filepath.Join(t.TempDir(), "model.xsd")
	require.NoError(t, os.WriteFile(schemaPath, []byte(modelSchema), 0o600))

	r := func(inner string) string { return `<R xmlns="urn:t" req="true">` + inner + `</R>` }
	tests := []struct {
		name  string
		doc   string
		valid bool
		msg   string
	}{
		{name: "two a", doc: r(`<a/><a/>`), valid: true},
		{name: "three a", doc: r(`<a/><a/><a/>`), valid: true},
		{name: "one a", doc: r(`<a/>`), msg: "incomplete content: expected a"},
		{name: "four a", doc: r(`<a/><a/><a/><a/>`), msg: "unexpected element a; expected b, c, e or the end of the element"},
		{name: "choice twice", doc: r(`<a/><a/><b/><c/><d/>`), valid: true},
		{name: "choice three times", doc: r(`<a/><a/><b/><b/><b/>`), msg: "unexpected element b; expected e or the end"},
		{name: "nested sequence in choice", doc: r(`<a/><a/><c/><c/>`), valid: true},
		{name: "d without c", doc: r(`<a/><a/><d/>`), msg: "unexpected element d"},
		{name: "repeated sequence", doc: r(`<a/><a/><e/><f/><e/><f/>`), valid: true},
		{name: "incomplete repeated sequence", doc: r(`<a/><a/><e/><f/><e/>`), msg: "incomplete content: expected f"},
		{name: "prohibited attribute", doc: `<R xmlns="urn:t" req="0" gone="x"><a/><a/></R>`, msg: "attribute not allowed on R"},
		{name: "simple-typed root", doc: `<S xmlns="urn:t"> 12 </S>`, valid: true},
		{name: "simple-typed root with bad value", doc: `<S xmlns="urn:t">x</S>`, msg: `invalid xsd:integer value "x"`},
		{name: "simple-typed root with an attribute", doc: `<S xmlns="urn:t" a="1">1</S>`, msg: "attribute not allowed: S has a simple type"},
	}
	lint, _ := XMLLint(schemaPath, []byte(`<S xmlns="urn:t">1</S>`))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Validate(strings.NewReader(tc.doc))
			if tc.valid {
				assert.NoError(t, err)
			} else if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tc.msg)
			}
			if lint {
				_, lintErr := XMLLint(schemaPath, []byte(tc.doc))
				assert.Equal(t, tc.valid, lintErr == nil, "xmllint: %v", lintErr)
			}
		})
	}
}

func TestXMLLintMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	ok, err := XMLLint(projectXSD, []byte(`<Project/>`))
	assert.False(t, ok)
	assert.NoError(t, err)
}

func TestXMLLintReportsOutput(t *testing.T) {
	ok, err := XMLLint(projectXSD, []byte(`<Project xmlns="urn:QDA-XML:project:1.0"/>`))
	if !ok {
		t.Skip("xmllint not installed")
	}
	require.Error(t, err)
	assert.Contains(t, err.Error(), "The attribute 'name' is required but missing")
}

// FuzzCompile checks that Compile never panics on odd schemas.
func FuzzCompile(f *testing.F) {
	for _, name := range []string{projectXSD, codebookXSD} {
		b, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(string(b))
	}
	f.Add(builtinSchema)
	f.Add(modelSchema)
	f.Fuzz(func(t *testing.T, schema string) {
		s, err := Compile([]byte(schema))
		if err == nil {
			_ = s.Validate(strings.NewReader(`<R xmlns="urn:t" req="1"><a/><a/></R>`))
		}
	})
}

package xsd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// builtinSchema has one element per supported built-in type, plus the two
// pattern types of the REFI-QDA schemas and an enumeration.
const builtinSchema = `<xsd:schema xmlns="urn:t" xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" elementFormDefault="qualified" attributeFormDefault="unqualified">
  <xsd:element name="R" type="RT"/>
  <xsd:complexType name="RT">
    <xsd:choice>
      <xsd:element name="string" type="xsd:string"/>
      <xsd:element name="token" type="xsd:token"/>
      <xsd:element name="integer" type="xsd:integer"/>
      <xsd:element name="decimal" type="xsd:decimal"/>
      <xsd:element name="boolean" type="xsd:boolean"/>
      <xsd:element name="date" type="xsd:date"/>
      <xsd:element name="dateTime" type="xsd:dateTime"/>
      <xsd:element name="guid" type="GUIDType"/>
      <xsd:element name="rgb" type="RGBType"/>
      <xsd:element name="enum" type="EnumType"/>
      <xsd:element name="chars" type="CharsType"/>
    </xsd:choice>
  </xsd:complexType>
  <xsd:simpleType name="GUIDType">
    <xsd:restriction base="xsd:token">
      <xsd:pattern value="([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})|(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})"/>
    </xsd:restriction>
  </xsd:simpleType>
  <xsd:simpleType name="RGBType">
    <xsd:restriction base="xsd:token">
      <xsd:pattern value="#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})"/>
    </xsd:restriction>
  </xsd:simpleType>
  <xsd:simpleType name="EnumType">
    <xsd:restriction base="xsd:token">
      <xsd:enumeration value="One Two"/>
      <xsd:enumeration value="  Three  "/>
    </xsd:restriction>
  </xsd:simpleType>
  <xsd:simpleType name="CharsType">
    <xsd:restriction base="xsd:string">
      <xsd:pattern value="a.c"/>
      <xsd:pattern value="\d+\.\d{2}"/>
      <xsd:pattern value="[^\s]x[\-a-c]y[\p{Lu}]z$\^"/>
    </xsd:restriction>
  </xsd:simpleType>
</xsd:schema>`

// TestBuiltinTypes checks values of every supported simple type and, when
// xmllint is installed, that libxml2 agrees (except where it is known to
// deviate from XSD, see the package documentation).
func TestBuiltinTypes(t *testing.T) {
	s, err := Compile([]byte(builtinSchema))
	require.NoError(t, err)
	schemaPath := filepath.Join(t.TempDir(), "builtin.xsd")
	require.NoError(t, os.WriteFile(schemaPath, []byte(builtinSchema), 0o600))

	tests := []struct {
		name     string
		elem     string
		value    string
		valid    bool
		libxml2d bool // libxml2 2.9 disagrees with XSD here
	}{
		{name: "string with spaces", elem: "string", value: "  a  b  ", valid: true},
		{name: "empty string", elem: "string", value: "", valid: true},
		{name: "token with spaces", elem: "token", value: " a \n b ", valid: true},

		{name: "integer", elem: "integer", value: "42", valid: true},
		{name: "integer with plus", elem: "integer", value: "+42", valid: true},
		{name: "negative zero", elem: "integer", value: "-0", valid: true},
		{name: "integer padded", elem: "integer", value: " \n 12 \t", valid: true},
		{name: "integer with inner space", elem: "integer", value: "1 2"},
		{name: "integer with decimal point", elem: "integer", value: "1.0"},
		{name: "empty integer", elem: "integer", value: ""},
		{name: "sign only", elem: "integer", value: "-"},
		{name: "Arabic-Indic digits", elem: "integer", value: "\u0661\u0662"},
		{name: "huge integer", elem: "integer", value: "123456789012345678901234567890", valid: true, libxml2d: true},

		{name: "decimal", elem: "decimal", value: "-1.50", valid: true},
		{name: "decimal without fraction digits", elem: "decimal", value: "1.", valid: true},
		{name: "decimal without integer digits", elem: "decimal", value: "+.5", valid: true},
		{name: "decimal integer", elem: "decimal", value: "7", valid: true},
		{name: "decimal point only", elem: "decimal", value: "."},
		{name: "decimal exponent", elem: "decimal", value: "1e3"},
		{name: "decimal upper exponent", elem: "decimal", value: "1.5E-2"},
		{name: "decimal NaN", elem: "decimal", value: "NaN"},
		{name: "decimal comma", elem: "decimal", value: "1,5"},
		{name: "decimal two points", elem: "decimal", value: "1.2.3"},

		{name: "true", elem: "boolean", value: "true", valid: true},
		{name: "false", elem: "boolean", value: "false", valid: true},
		{name: "one", elem: "boolean", value: "1", valid: true},
		{name: "zero", elem: "boolean", value: "0", valid: true},
		{name: "padded true", elem: "boolean", value: " true\n", valid: true},
		{name: "TRUE", elem: "boolean", value: "TRUE"},
		{name: "yes", elem: "boolean", value: "yes"},
		{name: "empty boolean", elem: "boolean", value: ""},

		{name: "date", elem: "date", value: "2019-03-18", valid: true},
		{name: "date Z", elem: "date", value: "2019-03-18Z", valid: true},
		{name: "date offset", elem: "date", value: "2019-03-18-05:00", valid: true},
		{name: "date leap day", elem: "date", value: "2000-02-29", valid: true},
		{name: "date 1900-02-29", elem: "date", value: "1900-02-29"},
		{name: "date 2019-02-29", elem: "date", value: "2019-02-29"},
		{name: "date April 31", elem: "date", value: "2019-04-31"},
		{name: "date year 0000", elem: "date", value: "0000-01-01"},
		{name: "date negative year", elem: "date", value: "-0044-03-15", valid: true},
		{name: "date five-digit year", elem: "date", value: "12019-01-01", valid: true},
		{name: "date five-digit year with leading zero", elem: "date", value: "02019-01-01"},
		{name: "date two-digit year", elem: "date", value: "19-01-01"},
		{name: "date one-digit month", elem: "date", value: "2019-1-01"},
		{name: "date with time", elem: "date", value: "2019-01-01T00:00:00"},
		{name: "date time zone +14:01", elem: "date", value: "2019-01-01+14:01"},
		{name: "date padded", elem: "date", value: " 2019-01-01 ", valid: true, libxml2d: true},

		{name: "dateTime", elem: "dateTime", value: "2019-03-18T10:20:30", valid: true},
		{name: "dateTime Z", elem: "dateTime", value: "2018-03-27T17:46:39Z", valid: true},
		{name: "dateTime offset", elem: "dateTime", value: "2025-08-18T12:51:55+02:00", valid: true},
		{name: "dateTime fraction", elem: "dateTime", value: "2025-08-18T12:51:55.1234567Z", valid: true},
		{name: "dateTime -00:00", elem: "dateTime", value: "2025-08-18T12:51:55-00:00", valid: true},
		{name: "dateTime +14:00", elem: "dateTime", value: "2025-08-18T12:51:55+14:00", valid: true},
		{name: "dateTime end of day", elem: "dateTime", value: "2019-01-01T24:00:00", valid: true},
		{name: "dateTime end of day with zero fraction", elem: "dateTime", value: "2019-01-01T24:00:00.000", valid: true},
		{name: "dateTime 24:00:01", elem: "dateTime", value: "2019-01-01T24:00:01"},
		{name: "dateTime 24:00:00.5", elem: "dateTime", value: "2019-01-01T24:00:00.5"},
		{name: "dateTime month 13", elem: "dateTime", value: "2019-13-01T00:00:00Z"},
		{name: "dateTime month 00", elem: "dateTime", value: "2019-00-01T00:00:00Z"},
		{name: "dateTime day 00", elem: "dateTime", value: "2019-01-00T00:00:00Z"},
		{name: "dateTime day 32", elem: "dateTime", value: "2019-01-32T00:00:00Z"},
		{name: "dateTime hour 25", elem: "dateTime", value: "2019-01-01T25:00:00"},
		{name: "dateTime minute 60", elem: "dateTime", value: "2019-01-01T12:60:00"},
		{name: "dateTime leap second", elem: "dateTime", value: "2019-12-31T23:59:60Z"},
		{name: "dateTime empty fraction", elem: "dateTime", value: "2019-01-01T00:00:00."},
		{name: "dateTime lower-case z", elem: "dateTime", value: "2019-01-01T00:00:00z"},
		{name: "dateTime space before zone", elem: "dateTime", value: "2019-01-01T00:00:00 Z"},
		{name: "dateTime without seconds", elem: "dateTime", value: "2019-01-01T00:00"},
		{name: "dateTime space instead of T", elem: "dateTime", value: "2019-01-01 00:00:00"},
		{name: "dateTime zone without colon", elem: "dateTime", value: "2019-01-01T00:00:00+0100"},
		{name: "dateTime zone +15:00", elem: "dateTime", value: "2019-01-01T00:00:00+15:00"},
		{name: "dateTime padded after Z", elem: "dateTime", value: "2019-01-01T00:00:00Z ", valid: true},
		{name: "dateTime padded without zone", elem: "dateTime", value: "2019-01-01T00:00:00 ", valid: true, libxml2d: true},

		{name: "GUID", elem: "guid", value: "0616fddd-8dd6-42a0-b5b0-ab7c89729219", valid: true},
		{name: "GUID upper-case braced", elem: "guid", value: "{0616FDDD-8DD6-42A0-B5B0-AB7C89729219}", valid: true},
		{name: "GUID padded", elem: "guid", value: "\n 0616fddd-8dd6-42a0-b5b0-ab7c89729219 \n", valid: true},
		{name: "GUID half braced", elem: "guid", value: "{0616fddd-8dd6-42a0-b5b0-ab7c89729219"},
		{name: "GUID without dashes", elem: "guid", value: "0616fddd8dd642a0b5b0ab7c89729219"},
		{name: "GUID non-hex", elem: "guid", value: "0616fddd-8dd6-42a0-b5b0-ab7c8972921g"},
		{name: "GUID c001", elem: "guid", value: "c001"},
		{name: "RGB", elem: "rgb", value: "#A0b0C0", valid: true},
		{name: "RGB short", elem: "rgb", value: "#fff", valid: true},
		{name: "RGB without hash", elem: "rgb", value: "A0B0C0"},
		{name: "RGB four digits", elem: "rgb", value: "#ffff"},
		{name: "RGB eight digits", elem: "rgb", value: "#ffffffff", libxml2d: true},
		{name: "enum", elem: "enum", value: "One Two", valid: true},
		{name: "enum collapsed", elem: "enum", value: " One \n Two ", valid: true},
		{name: "enum collapsed in the schema", elem: "enum", value: "Three", valid: true},
		{name: "enum case", elem: "enum", value: "one two"},
		{name: "pattern dot", elem: "chars", value: "abc", valid: true},
		{name: "pattern dot excludes newline", elem: "chars", value: "a\nc"},
		{name: "pattern not anchored at start", elem: "chars", value: "xabc"},
		{name: "pattern digits", elem: "chars", value: "12.34", valid: true},
		{name: "pattern digits too many decimals", elem: "chars", value: "12.345"},
		{name: "pattern class escapes and literal anchors", elem: "chars", value: "qx-yQz$^", valid: true},
		{name: "pattern negated space class", elem: "chars", value: " x-yQz$^"},
		{name: "pattern string keeps spaces", elem: "chars", value: " abc"},
	}
	lint, _ := XMLLint(schemaPath, []byte(`<R xmlns="urn:t"><string/></R>`))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := `<R xmlns="urn:t"><` + tc.elem + `>` + xmlEscape(tc.value) + `</` + tc.elem + `></R>`
			err := s.Validate(strings.NewReader(doc))
			if tc.valid {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
			if !lint {
				return
			}
			_, lintErr := XMLLint(schemaPath, []byte(doc))
			if tc.libxml2d {
				t.Logf("libxml2 differs from XSD here; xmllint: %v", lintErr)
				return
			}
			assert.Equal(t, tc.valid, lintErr == nil, "xmllint: %v", lintErr)
		})
	}
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", "\n", "&#10;", "\t", "&#9;").Replace(s)
}

func TestCollapseWS(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{name: "clean", in: "a b", want: "a b"},
		{name: "empty", in: "", want: ""},
		{name: "only spaces", in: " \t\r\n ", want: ""},
		{name: "leading and trailing", in: "  a  ", want: "a"},
		{name: "inner runs", in: "a \t\n b", want: "a b"},
		{name: "non-XML space kept", in: "\u00a0a\u00a0", want: "\u00a0a\u00a0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, collapseWS(tc.in))
		})
	}
}

func TestCompilePattern(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		match   []string
		noMatch []string
		err     string
	}{
		{name: "GUID", pattern: `([0-9a-fA-F]{8}-[0-9a-fA-F]{4})|(\{[0-9a-fA-F]{8}\})`,
			match: []string{"0123abcd-ABCD", "{0123abcd}"}, noMatch: []string{"{0123abcd-ABCD}", "0123abcd-ABCD "}},
		{name: "alternation is anchored as a whole", pattern: `a|bc`, match: []string{"a", "bc"}, noMatch: []string{"ac", "abc"}},
		{name: "caret and dollar are literal", pattern: `^a$`, match: []string{"^a$"}, noMatch: []string{"a"}},
		{name: "dot", pattern: `a.c`, match: []string{"abc", "a\u00e9c"}, noMatch: []string{"a\rc", "a\nc", "ac"}},
		{name: "quantifiers", pattern: `a?b*c+d{2}e{1,}f{0,1}`, match: []string{"cdde", "abbccddeeef"}, noMatch: []string{"dde", "cddeff"}},
		{name: "multi-character escapes", pattern: `\d\s\w\W`, match: []string{"1 a!"}, noMatch: []string{"a a!", "1\u00a0a!"}},
		{name: "unicode digit", pattern: `\d`, match: []string{"\u0663"}},
		{name: "category", pattern: `\p{Lu}\P{Lu}`, match: []string{"Ab"}, noMatch: []string{"AB"}},
		{name: "class with escapes and ranges", pattern: `[\-a-c\]\\x\n]+`, match: []string{"-abc]\\x\n"}, noMatch: []string{"d"}},
		{name: "negated class", pattern: `[^a-c]`, match: []string{"d"}, noMatch: []string{"b"}},
		{name: "class with final hyphen", pattern: `[ab-]`, match: []string{"-"}},
		{name: "class with leading hyphen", pattern: `[-ab]`, match: []string{"-"}},
		{name: "class with \\s and \\d", pattern: `[\s\d]+`, match: []string{" 1\t2"}, noMatch: []string{"a"}},
		{name: "class with \\W", pattern: `[\W]`, match: []string{"!"}, noMatch: []string{"a"}},
		{name: "POSIX syntax is literal", pattern: `[[:alpha:]]`, err: "unescaped '['"},
		{name: "class subtraction", pattern: `[a-z-[aeiou]]`, err: "subtraction is not supported"},
		{name: "Perl group syntax", pattern: `(?:a)`, err: "'(?' is not XSD regex syntax"},
		{name: "lazy quantifier", pattern: `a*?`, err: "quantifier '?' without an atom"},
		{name: "leading quantifier", pattern: `*a`, err: "without an atom"},
		{name: "unbalanced group", pattern: `(a`, err: "unbalanced '('"},
		{name: "unbalanced close", pattern: `a)`, err: "unbalanced ')'"},
		{name: "bad quantity", pattern: `a{2,1}`, err: "invalid quantifier"},
		{name: "bad escape", pattern: `\b`, err: `unsupported escape \b`},
		{name: "block escape", pattern: `\p{IsBasicLatin}`, err: "unsupported character property"},
		{name: "name escape", pattern: `\i\c*`, err: `unsupported escape \i`},
		{name: "empty class", pattern: `[]`, err: "unescaped ']'"},
		{name: "reversed range", pattern: `[z-a]`, err: "invalid character range"},
		{name: "stray brace", pattern: `a}`, err: "unescaped '}'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			re, err := compilePattern(tc.pattern)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			for _, m := range tc.match {
				assert.True(t, re.MatchString(m), "%q should match %q", tc.pattern, m)
			}
			for _, m := range tc.noMatch {
				assert.False(t, re.MatchString(m), "%q should not match %q", tc.pattern, m)
			}
		})
	}
}

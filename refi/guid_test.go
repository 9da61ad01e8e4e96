package refi

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGUID(t *testing.T) {
	tests := []struct {
		in        GUID
		valid     bool
		canonical GUID
	}{
		{"a182cd3a-d83c-4d8c-bc80-26d9103ec6d6", true, "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"},
		{"A182CD3A-D83C-4D8C-BC80-26D9103EC6D6", true, "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"},
		{"{A182CD3A-D83C-4D8C-BC80-26D9103EC6D6}", true, "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"},
		{"  {a182cd3a-d83c-4d8c-bc80-26d9103ec6d6} ", true, "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"},
		{"c001", false, "c001"},
		{" c001 ", false, "c001"},
		{"", false, ""},
		{"{a182cd3a-d83c-4d8c-bc80-26d9103ec6d6", false, "{a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"},
		{"a182cd3a-d83c-4d8c-bc80-26d9103ec6dg", false, "a182cd3a-d83c-4d8c-bc80-26d9103ec6dg"},
		{"a182cd3ad83c4d8cbc8026d9103ec6d6", false, "a182cd3ad83c4d8cbc8026d9103ec6d6"},
	}
	for _, tt := range tests {
		t.Run(string(tt.in), func(t *testing.T) {
			assert.Equal(t, tt.valid, tt.in.Valid())
			assert.Equal(t, tt.canonical, tt.in.Canonical())
			assert.True(t, tt.in.Same(tt.canonical))
		})
	}
	assert.False(t, GUID("c001").Same("C001"), "ids that are not GUIDs keep their case")
}

func TestNewGUIDAndGUIDFor(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	v5 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, b := NewGUID(), NewGUID()
	assert.Regexp(t, v4, string(a))
	assert.NotEqual(t, a, b)
	assert.Regexp(t, v5, string(guidFor("c001")))
	assert.Equal(t, guidFor("c001"), guidFor("c001"), "repeatable")
	assert.NotEqual(t, guidFor("c001"), guidFor("c002"))
	assert.Equal(t, GUID("58a768b0-12dc-5a3e-85d3-50a1834298a3"), guidFor("c001"), "stable across versions: files depend on it")
}

// TestGUIDShapeAgreesWithPattern compares the table-driven GUID checks with
// the schema's pattern on every one-byte change of a GUID.
func TestGUIDShapeAgreesWithPattern(t *testing.T) {
	shape := regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	lower := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	for _, base := range []string{"a182cd3a-d83c-4d8c-bc80-26d9103ec6d6", "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"} {
		for i := 0; i < len(base); i++ {
			for c := 0; c < 256; c++ {
				b := []byte(base)
				b[i] = byte(c)
				s := string(b)
				if isGUIDShape(s) != shape.MatchString(s) || isLowerGUID(s) != lower.MatchString(s) || isLowerGUIDBytes(b) != lower.MatchString(s) {
					t.Fatalf("%q: shape %v, lower %v, lower bytes %v", s, isGUIDShape(s), isLowerGUID(s), isLowerGUIDBytes(b))
				}
			}
		}
	}
	for _, s := range []string{"", "a182cd3a-d83c-4d8c-bc80-26d9103ec6d", "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6a", "a182cd3ad83c-4d8c-bc80-26d9103ec6d6-"} {
		assert.False(t, isGUIDShape(s), s)
	}
}

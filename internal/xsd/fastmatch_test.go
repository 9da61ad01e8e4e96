package xsd

import (
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFastMatcher checks that the byte-by-byte matcher agrees with the
// regexp engine on the patterns it takes, and that it leaves the others to
// the engine.
func TestFastMatcher(t *testing.T) {
	guid := `([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})|(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})`
	tests := []struct {
		pattern string
		fast    bool
		values  []string
	}{
		{guid, true, []string{"a0b1c2d3-0000-4000-8000-000000000001", "{A0B1C2D3-0000-4000-8000-000000000001}",
			"a0b1c2d3-0000-4000-8000-00000000000", "a0b1c2d3-0000-4000-8000-0000000000011", "g0b1c2d3-0000-4000-8000-000000000001",
			"{a0b1c2d3-0000-4000-8000-000000000001", "a0b1c2d3_0000-4000-8000-000000000001", "", "é0b1c2d3-0000-4000-8000-00000000001"}},
		{`#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})`, true, []string{"#fff", "#FFFFFF", "#ffff", "fff", "#ggg", "#12345", "#1234567"}},
		{`[a-z]+`, false, []string{"abc", ""}},
		{`.{3}`, false, []string{"abc", "ab\n"}},
		{`é{2}`, false, []string{"éé", "ee"}},
	}
	for _, tt := range tests {
		re, err := compilePattern(tt.pattern)
		require.NoError(t, err)
		m := fastMatcher(re)
		_, isFast := m.(*fixedMatcher)
		assert.Equal(t, tt.fast, isFast, tt.pattern)
		for _, v := range tt.values {
			assert.Equal(t, re.MatchString(v), m.MatchString(v), "%s on %q", tt.pattern, v)
		}
		// random values of the right lengths from the right alphabet
		r := rand.New(rand.NewPCG(1, 2))
		const alphabet = "0123456789abcdefABCDEFgG-{}#é_"
		for i := 0; i < 20000; i++ {
			b := []byte{}
			n := []int{3, 4, 7, 36, 38}[r.IntN(5)]
			for len(b) < n {
				b = append(b, alphabet[r.IntN(len(alphabet))])
			}
			if r.IntN(2) == 0 && n == 36 {
				for _, j := range []int{8, 13, 18, 23} {
					b[j] = '-'
				}
			}
			v := string(b)
			assert.Equal(t, re.MatchString(v), m.MatchString(v), "%s on %q", tt.pattern, v)
		}
	}
	var _ matcher = regexp.MustCompile("x")
}

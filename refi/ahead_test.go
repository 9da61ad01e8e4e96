package refi

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAhead: results come in order; keys asked for skip those never asked
// for; a key asked out of order, or after the end, is not found (the
// caller computes it); closing early leaves no goroutine.
func TestAhead(t *testing.T) {
	upper := func(k string) string { return strings.ToUpper(k) }
	tests := []struct {
		name  string
		keys  []string
		asked []string
		found []bool
	}{
		{"in order", []string{"a", "b", "c"}, []string{"a", "b", "c"}, []bool{true, true, true}},
		{"some never asked", []string{"a", "b", "c", "d"}, []string{"a", "c", "d"}, []bool{true, true, true}},
		{"one not guessed", []string{"a", "b", "c"}, []string{"a", "x", "b", "c"}, []bool{true, false, true, true}},
		{"asked again", []string{"a", "b"}, []string{"a", "a", "b"}, []bool{true, false, true}},
		{"a key twice", []string{"a", "a", "b"}, []string{"a", "a", "b"}, []bool{true, true, true}},
		{"after the end", []string{"a"}, []string{"a", "b"}, []bool{true, false}},
		{"too far ahead", []string{"a", "1", "2", "3", "4", "5", "6", "7", "8", "9", "b"}, []string{"a", "b", "1"}, []bool{true, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			noLeak(t, func() {
				a := startAhead(tt.keys, 2, upper)
				defer a.close()
				for i, k := range tt.asked {
					v, ok := a.take(k)
					assert.Equal(t, tt.found[i], ok, "%s", k)
					if ok {
						assert.Equal(t, upper(k), v)
					}
				}
			})
		})
	}
	t.Run("closed early", func(t *testing.T) {
		var computed atomic.Int32
		noLeak(t, func() {
			keys := make([]string, 100)
			for i := range keys {
				keys[i] = strings.Repeat("k", i+1)
			}
			a := startAhead(keys, 2, func(k string) int { computed.Add(1); return len(k) })
			v, ok := a.take("k")
			assert.True(t, ok)
			assert.Equal(t, 1, v)
			a.close()
			_, ok = a.take("kk")
			assert.False(t, ok, "nothing after close")
		})
		assert.Less(t, int(computed.Load()), 10, "at most a few computed ahead")
	})
	var none *ahead[int]
	_, ok := none.take("a")
	assert.False(t, ok, "a nil ahead finds nothing")
	none.close()
}

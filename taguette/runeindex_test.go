package taguette

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// TestRuneIndex compares the index with counting from the start at every
// character boundary of a text of one-, two-, three- and four-byte
// characters several checkpoints long.
func TestRuneIndex(t *testing.T) {
	for _, s := range []string{"", "a", strings.Repeat("aé€😀 ", 700), strings.Repeat("😀", 600)} {
		x := newRuneIndex(s)
		for b := range s {
			assert.Equal(t, utf8.RuneCountInString(s[:b]), x.at(b))
		}
		assert.Equal(t, utf8.RuneCountInString(s), x.at(len(s)))
	}
}

package nvivo

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStripLabel(t *testing.T) {
	for _, tt := range []struct{ in, index, name string }{
		{"AB : Easy to use", "AB", "Easy to use"},
		{"12 : 100", "12", "100"},
		{"TOTALS", "", "TOTALS"},
	} {
		index, name := stripLabel(tt.in)
		assert.Equal(t, tt.index, index, tt.in)
		assert.Equal(t, tt.name, name, tt.in)
	}
}

package memtest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var sink []byte

func TestPeak(t *testing.T) {
	tests := []struct {
		name     string
		alloc    int
		min, max uint64
	}{
		{name: "nothing", alloc: 0, min: 0, max: 1 << 20},
		{name: "64 MiB", alloc: 64 << 20, min: 64 << 20, max: 80 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, peak := Peak(func() {
				if tt.alloc > 0 {
					sink = make([]byte, tt.alloc)
					for i := 0; i < len(sink); i += 4096 {
						sink[i] = 1
					}
				}
			})
			sink = nil
			assert.GreaterOrEqual(t, peak-before, tt.min)
			assert.LessOrEqual(t, peak-before, tt.max)
		})
	}
}

package cmdutil

import (
	"testing"
	"time"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/stretchr/testify/assert"
)

// TestToLineCreated: an excerpt's time is written as the project holds it:
// with its zone, or without one when it has none.
func TestToLineCreated(t *testing.T) {
	tests := []struct {
		name    string
		created time.Time
		want    string
	}{
		{"none", time.Time{}, ""},
		{"UTC", time.Date(2024, 7, 1, 10, 30, 0, 0, time.UTC), "2024-07-01T10:30:00Z"},
		{"offset", time.Date(2024, 7, 1, 10, 30, 0, 0, time.FixedZone("", 3600)), "2024-07-01T10:30:00+01:00"},
		{"fraction", time.Date(2024, 7, 1, 10, 30, 0, 250_000_000, time.UTC), "2024-07-01T10:30:00.25Z"},
		{"no zone", time.Date(2024, 7, 1, 10, 30, 0, 0, refi.NoTimeZone()), "2024-07-01T10:30:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := ToLine(&refi.Excerpt{Kind: refi.ExcerptText, Created: tt.created}, nil)
			assert.Equal(t, tt.want, l.Created)
		})
	}
}

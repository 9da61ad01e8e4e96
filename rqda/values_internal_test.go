package rqda

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRColor(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"aquamarine4", "#458B74", true}, // real prevos-stakeholders-2013.rqda
		{"red", "#FF0000", true},
		{"grey50", "#7F7F7F", true},
		{"gray50", "#7F7F7F", true},
		{"#a1b2c3", "#A1B2C3", true},
		{"#A1B2C3FF", "#A1B2C3", true}, // rgb(..., alpha=)
		{" red ", "#FF0000", true},
		{"", "", false},
		{"notacolor", "", false},
		{"#12345", "", false},
		{"#GGGGGG", "", false},
		{"re", "", false}, // a prefix of a name is not a name
	}
	for _, tt := range tests {
		got, ok := rColor(tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		assert.Equal(t, tt.ok, ok, tt.in)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"Mon May 13 15:16:03 2019", time.Date(2019, 5, 13, 15, 16, 3, 0, time.UTC), true},
		{"Sat Feb  2 15:30:54 2013", time.Date(2013, 2, 2, 15, 30, 54, 0, time.UTC), true}, // R pads the day with a space
		{"Fri Aug  5 12:57:10 2016", time.Date(2016, 8, 5, 12, 57, 10, 0, time.UTC), true},
		{"2020-11-23 18:07:08", time.Date(2020, 11, 23, 18, 7, 8, 0, time.UTC), true}, // journal names
		{"yesterday", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.True(t, tt.want.Equal(got), "%s: %v", tt.in, got)
	}
}

func TestTextOffsets(t *testing.T) {
	s := "a😀é" + "b"
	for i := 0; i < 1200; i++ {
		s += "ü"
	}
	tx := newText(s)
	assert.Equal(t, int64(4+1200), tx.runes)
	assert.Equal(t, int64(1), tx.chars(1))
	assert.Equal(t, int64(2), tx.chars(5))
	assert.Equal(t, int64(4+1000), tx.chars(len("a😀éb")+2*1000))
	assert.Equal(t, "😀é", tx.slice(1, 3))
	assert.Equal(t, "üü", tx.slice(4+600, 4+602))
	assert.Equal(t, len(s), tx.byteAt(tx.runes))
}

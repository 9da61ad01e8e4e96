package nvivo_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qdabridge/qdabridge/nvivo"
)

func TestFindPassage(t *testing.T) {
	doc := "Interviewer: And did you?\r\n\r\nP01: Not the first week. Not cured, different.\r\nMore text. Not cured, different. Ünïcode 👍🏽 end."
	tests := []struct {
		name     string
		passage  string
		want     []nvivo.Span
		tolerant bool
	}{
		{"exact", "Not the first week.", []nvivo.Span{{34, 53}}, false},
		{"twice", "Not cured, different.", []nvivo.Span{{54, 75}, {88, 109}}, false},
		{"LF for CR LF", "And did you?\n\nP01: Not", []nvivo.Span{{13, 37}}, true},
		{"line break for a space", "Not the first\nweek.", []nvivo.Span{{34, 53}}, true},
		{"surrounding white space", "  \nNot the first week.\t", []nvivo.Span{{34, 53}}, true},
		{"multi-byte", "Ünïcode 👍🏽", []nvivo.Span{{110, 128}}, false},
		{"missing", "Not in the text", nil, false},
		{"empty", " \n ", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, tolerant := nvivo.FindPassage(doc, tt.passage)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.tolerant, tolerant)
			for _, s := range got {
				if !tolerant {
					assert.Equal(t, tt.passage, doc[s.Start:s.End])
				}
			}
		})
	}
}

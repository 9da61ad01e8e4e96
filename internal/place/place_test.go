package place_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qdabridge/qdabridge/internal/place"
)

// TestOrder: the occurrences consistent with the order of the references.
func TestOrder(t *testing.T) {
	a, b, c := place.Span{0, 10}, place.Span{20, 30}, place.Span{40, 50}
	tests := []struct {
		name string
		refs []place.Ordered
		want [][]place.Span
	}{
		{"two references, two occurrences, one coder", []place.Ordered{{[]place.Span{a, b}, "X"}, {[]place.Span{a, b}, "X"}}, [][]place.Span{{a}, {b}}},
		{"two coders on one passage", []place.Ordered{{[]place.Span{a, b}, "X"}, {[]place.Span{a, b}, "Y"}}, [][]place.Span{{a, b}, {a, b}}},
		{"a placed reference before", []place.Ordered{{[]place.Span{b}, "X"}, {[]place.Span{a, c}, "X"}}, [][]place.Span{{b}, {c}}},
		{"a placed reference after", []place.Ordered{{[]place.Span{a, c}, "X"}, {[]place.Span{b}, "Y"}}, [][]place.Span{{a}, {b}}},
		{"one reference, two occurrences", []place.Ordered{{[]place.Span{a, b}, "X"}}, [][]place.Span{{a, b}}},
		{"a missing one in between", []place.Ordered{{[]place.Span{b}, "X"}, {nil, "X"}, {[]place.Span{a, c}, "X"}}, [][]place.Span{{b}, nil, {a, c}}},
		{"inconsistent order keeps all", []place.Ordered{{[]place.Span{c}, "X"}, {[]place.Span{a}, "X"}}, [][]place.Span{{c}, {a}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, place.Order(tt.refs))
		})
	}
}

// TestFindPassage: every exact occurrence; when there is none, every one
// with white space runs ignored (tolerant).
func TestFindPassage(t *testing.T) {
	doc := "Interviewer: And did you?\r\n\r\nP01: Not the first week. Not cured, different.\r\nMore text. Not cured, different. Ünïcode 👍🏽 end."
	tests := []struct {
		name     string
		passage  string
		want     []place.Span
		tolerant bool
	}{
		{"exact", "Not the first week.", []place.Span{{34, 53}}, false},
		{"twice", "Not cured, different.", []place.Span{{54, 75}, {88, 109}}, false},
		{"LF for CR LF", "And did you?\n\nP01: Not", []place.Span{{13, 37}}, true},
		{"line break for a space", "Not the first\nweek.", []place.Span{{34, 53}}, true},
		{"surrounding white space", "  \nNot the first week.\t", []place.Span{{34, 53}}, true},
		{"multi-byte", "Ünïcode 👍🏽", []place.Span{{110, 128}}, false},
		{"missing", "Not in the text", nil, false},
		{"empty", " \n ", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, tolerant := place.NewFinder(doc).Find(tt.passage)
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

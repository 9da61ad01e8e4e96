package nvivo

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestResolveOrder(t *testing.T) {
	a, b, c := span{0, 10}, span{20, 30}, span{40, 50}
	tests := []struct {
		name string
		refs []orderRef
		want [][]span
	}{
		{"two references, two occurrences, one coder", []orderRef{{[]span{a, b}, "X"}, {[]span{a, b}, "X"}}, [][]span{{a}, {b}}},
		{"two coders on one passage", []orderRef{{[]span{a, b}, "X"}, {[]span{a, b}, "Y"}}, [][]span{{a, b}, {a, b}}},
		{"a placed reference before", []orderRef{{[]span{b}, "X"}, {[]span{a, c}, "X"}}, [][]span{{b}, {c}}},
		{"a placed reference after", []orderRef{{[]span{a, c}, "X"}, {[]span{b}, "Y"}}, [][]span{{a}, {b}}},
		{"one reference, two occurrences", []orderRef{{[]span{a, b}, "X"}}, [][]span{{a, b}}},
		{"a missing one in between", []orderRef{{[]span{b}, "X"}, {nil, "X"}, {[]span{a, c}, "X"}}, [][]span{{b}, nil, {a, c}}},
		{"inconsistent order keeps all", []orderRef{{[]span{c}, "X"}, {[]span{a}, "X"}}, [][]span{{c}, {a}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, resolveOrder(tt.refs))
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
		want     []span
		tolerant bool
	}{
		{"exact", "Not the first week.", []span{{34, 53}}, false},
		{"twice", "Not cured, different.", []span{{54, 75}, {88, 109}}, false},
		{"LF for CR LF", "And did you?\n\nP01: Not", []span{{13, 37}}, true},
		{"line break for a space", "Not the first\nweek.", []span{{34, 53}}, true},
		{"surrounding white space", "  \nNot the first week.\t", []span{{34, 53}}, true},
		{"multi-byte", "Ünïcode 👍🏽", []span{{110, 128}}, false},
		{"missing", "Not in the text", nil, false},
		{"empty", " \n ", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, tolerant := newFinder(doc).find(tt.passage)
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

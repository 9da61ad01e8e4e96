package nvivo

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestResolveOrder(t *testing.T) {
	a, b, c := Span{0, 10}, Span{20, 30}, Span{40, 50}
	tests := []struct {
		name string
		refs []orderRef
		want [][]Span
	}{
		{"two references, two occurrences, one coder", []orderRef{{[]Span{a, b}, "X"}, {[]Span{a, b}, "X"}}, [][]Span{{a}, {b}}},
		{"two coders on one passage", []orderRef{{[]Span{a, b}, "X"}, {[]Span{a, b}, "Y"}}, [][]Span{{a, b}, {a, b}}},
		{"a placed reference before", []orderRef{{[]Span{b}, "X"}, {[]Span{a, c}, "X"}}, [][]Span{{b}, {c}}},
		{"a placed reference after", []orderRef{{[]Span{a, c}, "X"}, {[]Span{b}, "Y"}}, [][]Span{{a}, {b}}},
		{"one reference, two occurrences", []orderRef{{[]Span{a, b}, "X"}}, [][]Span{{a, b}}},
		{"a missing one in between", []orderRef{{[]Span{b}, "X"}, {nil, "X"}, {[]Span{a, c}, "X"}}, [][]Span{{b}, nil, {a, c}}},
		{"inconsistent order keeps all", []orderRef{{[]Span{c}, "X"}, {[]Span{a}, "X"}}, [][]Span{{c}, {a}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, resolveOrder(tt.refs))
		})
	}
}

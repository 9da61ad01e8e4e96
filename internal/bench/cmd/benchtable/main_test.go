package main

import (
	"io"
	"testing"

	"github.com/qdabridge/qdabridge/internal/bench"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		presets []string
		cases   int
		tools   int
		codings []int
		err     string
	}{
		{"defaults", nil, []string{"large"}, len(bench.Cases), 4, []int{20000, 200000}, ""},
		{"chosen", []string{"-preset", "medium, large", "-cases", "read,check", "-readers", "rqda", "-codings", "20000", "-procs", "1"},
			[]string{"medium", "large"}, 2, 1, []int{20000}, ""},
		{"no readers", []string{"-readers", "none"}, []string{"large"}, len(bench.Cases), 0, []int{20000, 200000}, ""},
		{"unknown case", []string{"-cases", "fly"}, nil, 0, 0, nil, `unknown case "fly"`},
		{"unknown reader", []string{"-readers", "atlas"}, nil, 0, 0, nil, `unknown reader "atlas"`},
		{"bad codings", []string{"-codings", "many"}, nil, 0, 0, nil, `"many" is not a number`},
		{"bad runs", []string{"-runs", "0"}, nil, 0, 0, nil, "at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parse(tt.args, io.Discard)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.presets, c.presets)
			assert.Len(t, c.cases, tt.cases)
			assert.Len(t, c.tools, tt.tools)
			assert.Equal(t, tt.codings, c.codings)
		})
	}
}

package cmdutil

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Zoë (patient) 😀", "Zoë (patient) 😀"},
		{"line\rover", `line\rover`},
		{"tab\there", `tab\there`},
		{"two\nlines", `two\nlines`},
		{"\x1b[31mred", `\x1b[31mred`},
		{"csi \u009b31m", `csi \u009b31m`},
		{"admin\u202etxt.exe", `admin\u202etxt.exe`},
		{"isolate \u2067x\u2069", `isolate \u2067x\u2069`},
		{"bad \xff utf8", `bad \xff utf8`},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, Printable(tt.in))
		})
	}
}

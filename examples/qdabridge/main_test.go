package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qdabridge/qdabridge/internal/cli"
)

func TestRoot(t *testing.T) {
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"version", []string{"version"}, 0, "qdabridge devel\n", ""},
		{"help", []string{"--help"}, 0, "Available Commands:", ""},
		{"help of a command", []string{"help", "inspect"}, 0, "qdabridge inspect interviews.qdpx --json", ""},
		{"unknown command", []string{"convertt"}, 2, "", `unknown command "convertt"`},
		{"inspect the sample", []string{"inspect"}, 0, "origin:     NVivo for Windows 12.6", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			assert.Equal(t, tt.code, cli.Execute(root(), tt.args, &out, &errOut), errOut.String())
			assert.Contains(t, out.String(), tt.stdout)
			assert.Contains(t, errOut.String(), tt.stderr)
		})
	}
}

package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/refi"
)

func TestExecute(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		args   []string
		code   int
		stderr string
	}{
		{"done", nil, []string{"in.qdpx"}, 0, ""},
		{"done, flag after the input", nil, []string{"in.qdpx", "--flag"}, 0, ""},
		{"failed", fmt.Errorf("refi: in.qdpx: %w", errors.New("xlsx: broken")), nil, 1, "cmd: in.qdpx: broken\n"},
		{"exit status", Exit(1), nil, 1, ""},
		{"usage", Usage("one file at a time"), nil, 2, "cmd: one file at a time\nRun 'cmd --help' for how to use it.\n"},
		{"unknown flag", nil, []string{"--nope"}, 2, "cmd: unknown flag: --nope\n"},
		{"control characters", errors.New("name \x1b[2J"), nil, 1, `cmd: name \x1b[2J` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var flag bool
			cmd := &cobra.Command{Use: "cmd", RunE: func(*cobra.Command, []string) error { return tt.err }}
			cmd.Flags().BoolVar(&flag, "flag", false, "")
			var out, errOut bytes.Buffer
			assert.Equal(t, tt.code, Execute(cmd, tt.args, &out, &errOut))
			assert.Contains(t, errOut.String(), tt.stderr)
			if tt.stderr == "" {
				assert.Empty(t, errOut.String())
			}
		})
	}
}

func TestOutput(t *testing.T) {
	var buf bytes.Buffer
	o := NewOutput(&buf)
	fmt.Fprint(o, "hello")
	require.NoError(t, o.Close())
	assert.Equal(t, "hello", buf.String())

	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here")
	}
	defer full.Close()
	o = NewOutput(full)
	fmt.Fprint(o, "hello")
	err = o.Close()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot write the output")
}

func TestPositionsInWords(t *testing.T) {
	tests := []struct {
		d    refi.Detection
		want string
	}{
		{refi.Detection{Positions: refi.Positions{Unit: refi.UTF16}, Basis: "producer+text"},
			"text positions counted as NVivo counts them (UTF-16 code units), from the producing software, confirmed by the texts"},
		{refi.Detection{Positions: refi.Positions{CRLFAsOne: true}, Basis: "text"},
			"text positions counted as ATLAS.ti and MAXQDA count them (characters, a line break as one), found from the texts"},
		{refi.Detection{Basis: "default"},
			"text positions counted as the REFI-QDA standard counts them (characters) (nothing said otherwise)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, PositionsInWords(tt.d))
	}
}

func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{512: "512 bytes", 12 << 10: "12.0 KiB", 3 << 19: "1.5 MiB", 3 << 29: "1.5 GiB"} {
		assert.Equal(t, want, ByteSize(n))
	}
}

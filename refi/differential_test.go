package refi_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qdabridge/qdabridge/internal/synth"
	"github.com/qdabridge/qdabridge/refi"
)

// TestReaderMatchesReferenceOnGenerated reads generated projects through
// the fast tokenizer and through encoding/xml, and requires the same model:
// the fast path must never change what is read (the corpus and fixtures
// are compared in TestTokenizersAgree).
func TestReaderMatchesReferenceOnGenerated(t *testing.T) {
	small := synth.Small()
	nvivo := synth.Small()
	nvivo.CRLF, nvivo.BOM = true, true
	nvivo.Positions = refi.Positions{Unit: refi.UTF16}
	cases := []struct {
		name string
		opt  synth.Options
	}{
		{"small", small},
		{"small-nvivo-conventions", nvivo},
		{"medium", synth.Medium()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "medium" && testing.Short() {
				t.Skip("medium preset skipped in -short mode")
			}
			p, _, err := synth.Project(c.opt)
			require.NoError(t, err)
			var qde bytes.Buffer
			_, err = (&refi.Writer{}).Write(&qde, refi.NewDocument(p, nil), refi.FormatQDE)
			require.NoError(t, err)
			fast, err := (&refi.Reader{}).ReadQDE(bytes.NewReader(qde.Bytes()))
			require.NoError(t, err)
			ref, err := refi.ReadQDEReference(bytes.NewReader(qde.Bytes()))
			require.NoError(t, err)
			require.NotEmpty(t, ref.Project.Sources)
			assert.Empty(t, refi.Diff(ref.Project, fast.Project))
			assert.Equal(t, ref.Warnings, fast.Warnings)
			assert.Equal(t, ref.Detection, fast.Detection)
			// read without its texts, a .qde's position unit is a guess
			// from the producer; everything else must read back as made
			got := *fast.Project
			got.Positions = p.Positions
			assert.Empty(t, refi.Diff(p, &got), "the generated project reads back as generated")
		})
	}
}

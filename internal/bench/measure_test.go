package bench

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMeasure(t *testing.T) {
	f, err := NewFixture("small")
	require.NoError(t, err)
	defer f.Close()
	calls := 0
	count := Case{Name: "count", Prepare: whole(func(*Fixture) error { calls++; return nil })}
	rep, err := Measure(f, []Case{count}, 3)
	require.NoError(t, err)
	assert.Equal(t, 3, calls)
	require.Len(t, rep.Cases, 1)
	r := rep.Cases[0]
	assert.Equal(t, 3, r.Runs)
	assert.Equal(t, 3, rep.TokensRow.Runs)
	assert.Positive(t, r.Tokens)
	assert.InDelta(t, 1, rep.TokensRow.XTokens(), 1e-9)
	if f.XMLLint != "" {
		assert.Equal(t, 3, rep.LintRow.Runs)
		// A run of a few milliseconds may end before it is sampled (0,
		// not measured); a figure must be xmllint's, not this process's.
		assert.Less(t, rep.LintRow.MaxRSS, 50.0, "xmllint --stream on a small project, not the Go process's memory")
		assert.InDelta(t, rep.TokensRow.Seconds/rep.LintRow.Seconds, rep.TokensRow.XLint(), 1e-9)
		assert.InDelta(t, 1, rep.LintRow.XLint(), 1e-9)
	}
	assert.Equal(t, 200, rep.Codings)

	fail := Case{Name: "fail", Prepare: whole(func(*Fixture) error { return errors.New("no") })}
	_, err = Measure(f, []Case{fail}, 1)
	assert.ErrorContains(t, err, "bench: fail on small: no")
}

func TestCasesOnSmall(t *testing.T) {
	f, err := NewFixture("small")
	require.NoError(t, err)
	defer f.Close()
	rep, err := Measure(f, Cases, 1)
	require.NoError(t, err)
	assert.Len(t, rep.Cases, len(Cases))
}

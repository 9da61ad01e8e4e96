package cmdutil

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLocation(t *testing.T) {
	loc, err := Location("")
	require.NoError(t, err)
	assert.Nil(t, loc, "no flag: the library's default")

	loc, err = Location("Europe/London")
	require.NoError(t, err)
	summer := time.Date(2024, 7, 1, 10, 0, 0, 0, loc)
	assert.Equal(t, 9, summer.UTC().Hour(), "British Summer Time is UTC+1")

	loc, err = Location("UTC")
	require.NoError(t, err)
	assert.Equal(t, time.UTC, loc)

	_, err = Location("Europe/Atlantis")
	require.Error(t, err)
	assert.Equal(t, `--tz: unknown time zone "Europe/Atlantis" (an IANA name such as Europe/London, or UTC)`, err.Error())
}

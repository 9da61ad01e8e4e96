package refi

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rtDoc reads rtQDE with the text of its source.
func rtDoc(t *testing.T, qde, text string) *Document {
	in := zipEntries(t, []string{"project.qde", "sources/one.txt"},
		map[string][]byte{"project.qde": []byte(qde), "sources/one.txt": []byte(text)})
	return readQDPXBytes(t, in)
}

// TestRoundTripCompare: the project read back is compared field by field
// and file by file, and its passages are compared when either differs
// (without a profile, the same fields and bytes give the same passages).
func TestRoundTripCompare(t *testing.T) {
	a := rtDoc(t, rtQDE, "hello world")
	tests := []struct {
		name      string
		b         *Document
		normalise bool
		want      []string // each the start of a difference, in order
	}{
		{name: "same", b: rtDoc(t, rtQDE, "hello world")},
		{name: "same, normalised", b: rtDoc(t, rtQDE, "hello world"), normalise: true},
		{name: "text changed", b: rtDoc(t, rtQDE, "hello there"), want: []string{
			"file internal://one.txt: content differs",
			`selection 00000000-0000-4000-8000-000000000a01: passage "world" became "there"`,
		}},
		{name: "text changed, normalised: the file is the profile's", b: rtDoc(t, rtQDE, "hello there"), normalise: true, want: []string{
			`selection 00000000-0000-4000-8000-000000000a01: passage "world" became "there"`,
		}},
		{name: "position moved", b: rtDoc(t, strings.Replace(rtQDE, `startPosition="6"`, `startPosition="7"`, 1), "hello world"), want: []string{
			`Project.Sources[1](TextSource).Selections[2].Start: "6" ≠ "7"`,
			`selection 00000000-0000-4000-8000-000000000a01: passage "world" became "orld"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &RoundTrip{}
			r.Ledger = &Ledger{}
			r.compare(a, tt.b, tt.normalise, nil)
			require.Len(t, r.Differences, len(tt.want), "%q", r.Differences)
			for i, w := range tt.want {
				assert.True(t, strings.HasPrefix(r.Differences[i], w), "%q does not start with %q", r.Differences[i], w)
			}
		})
	}
}

// noLeak fails the test when goroutines started during fn are still
// running shortly after it returns.
func noLeak(t *testing.T, fn func()) {
	t.Helper()
	before := runtime.NumGoroutine()
	fn()
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, after, before, "goroutines left running")
}

// TestWrittenChecksCancel: cancelled (the read-back failed), the checks
// end, Validate's input ends with an error, and no goroutine is left.
func TestWrittenChecksCancel(t *testing.T) {
	var qde bytes.Buffer
	qde.WriteString(`<Project xmlns="urn:QDA-XML:project:1.0" name="p">`)
	for qde.Len() < 4<<20 {
		qde.WriteString("<!-- a comment to make the document long enough to be cut short -->\n")
	}
	qde.WriteString(`</Project>`)
	archive := zipEntries(t, []string{"project.qde"}, map[string][]byte{"project.qde": qde.Bytes()})
	noLeak(t, func() {
		started := make(chan struct{})
		var readErr error
		tap := newBatchTap()
		checks := startWrittenChecks(bytes.NewReader(archive), int64(len(archive)), tap, func(kind Format, r io.Reader) error {
			buf := make([]byte, 1)
			_, readErr = r.Read(buf)
			close(started)
			time.Sleep(50 * time.Millisecond) // the feed waits, its pieces queued
			_, err := io.Copy(io.Discard, r)
			readErr = err
			return errors.New("never seen")
		})
		<-started
		tap.end() // as after a read-back that failed
		checks.cancel()
		assert.ErrorIs(t, readErr, errCheckStopped)
	})
}

// TestRoundTripCheckValidateStream: Validate may stop reading early, or
// fail, without holding the check up or leaving goroutines; a panic in
// Validate reaches the caller of Check.
func TestRoundTripCheckValidateStream(t *testing.T) {
	doc := rtDoc(t, strings.Replace(rtQDE, `a01" startPosition="6"`, `a02" startPosition="6"`, 1), "hello world")
	tests := []struct {
		name     string
		validate func(Format, io.Reader) error
		want     []string
		panics   bool
	}{
		{name: "reads nothing", validate: func(Format, io.Reader) error { return nil }},
		{name: "reads a little, fails", validate: func(_ Format, r io.Reader) error {
			_, err := r.Read(make([]byte, 3))
			require.NoError(t, err)
			return errors.New("other: no")
		}, want: []string{"other: no"}},
		{name: "panics", validate: func(Format, io.Reader) error { panic("validator bug") }, panics: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			noLeak(t, func() {
				c := &RoundTripChecker{Validate: tt.validate}
				if tt.panics {
					assert.PanicsWithValue(t, "validator bug", func() { _, _ = c.Check(doc) })
					return
				}
				rt, err := c.Check(doc)
				require.NoError(t, err)
				assert.Equal(t, tt.want, rt.Differences)
			})
		})
	}
}

// TestWrittenChecksWithoutTokens: when the read-back scanned nothing to
// the end (its tap ended without the document's end), the written
// document is validated from the archive instead: valid stays valid, and
// a schema error is still found.
func TestWrittenChecksWithoutTokens(t *testing.T) {
	for _, tt := range []struct {
		name, qde string
		invalid   bool
	}{
		{"valid", rtQDE, false},
		{"invalid", strings.Replace(rtQDE, `isCodable="true"`, `isCodable="maybe"`, 1), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, rtQDE, `isCodable="true"`)
			archive := zipEntries(t, []string{"project.qde"}, map[string][]byte{"project.qde": []byte(tt.qde)})
			noLeak(t, func() {
				tap := newBatchTap()
				checks := startWrittenChecks(bytes.NewReader(archive), int64(len(archive)), tap, nil)
				tap.end() // no read was given the tap
				invalid, other := checks.wait()
				assert.NoError(t, other)
				if tt.invalid {
					require.Error(t, invalid)
					assert.Contains(t, invalid.Error(), "maybe")
					assert.NotErrorIs(t, invalid, errCheckStopped)
				} else {
					assert.NoError(t, invalid)
				}
			})
		})
	}
}

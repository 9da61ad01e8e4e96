package pseudonym

import (
	"bytes"
	"testing"

	"github.com/qdabridge/qdabridge/internal/fuzzstat"
)

// fuzzCount counts the inputs the fuzz targets run (see .ci/fuzz).
var fuzzCount fuzzstat.Counter

// FuzzReadKey reads arbitrary keys: ReadKey must not panic, and a key it
// accepts must leave no original in its own replacements.
func FuzzReadKey(f *testing.F) {
	for _, s := range []string{sampleKey, "Zoë;P1\n", "\uFEFFa,b,c,4\n", ",x\n", "A,B\na,C\n", "\"x\"\"y\",z\n"} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, b []byte, caseSensitive bool) {
		fuzzCount.Add()
		k, err := ReadKey(bytes.NewReader(b), "fuzz.csv", Options{CaseSensitive: caseSensitive})
		if err != nil {
			_ = err.Error()
			return
		}
		for _, e := range k.Entries {
			if e.Original == "" || e.Replacement == "" {
				t.Fatalf("line %d: empty field accepted", e.Line)
			}
			if got := k.replaceString(e.Original); got == e.Original {
				t.Fatalf("line %d: %q not replaced", e.Line, e.Original)
			}
		}
	})
}

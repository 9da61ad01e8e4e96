//go:build race

package nvivo_test

// raceEnabled is set when the tests run under the race detector, whose
// instrumentation makes heap figures meaningless.
const raceEnabled = true

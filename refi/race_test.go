//go:build race

package refi

// raceEnabled is set when the tests run under the race detector, whose
// instrumentation makes heap figures meaningless and large inputs slow.
const raceEnabled = true

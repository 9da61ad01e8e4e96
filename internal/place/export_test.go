package place

import "math"

// NewScanningFinder returns a Finder that never indexes its text: the
// baseline of the benchmarks.
func NewScanningFinder(text string) *Finder {
	f := NewFinder(text)
	f.exact.scans, f.tolerant.scans = math.MinInt, math.MinInt
	return f
}

package cli

import (
	"fmt"

	"github.com/qdabridge/qdabridge/refi"
)

// PositionsInWords says what a project's text positions count, and how
// that was found, as a researcher would put it: "text positions counted as
// NVivo counts them (UTF-16 code units), from the producing software,
// confirmed by the texts". The technical form is refi.Detection.String.
func PositionsInWords(d refi.Detection) string {
	var s string
	switch {
	case d.Positions.Unit == refi.UTF16 && !d.Positions.CRLFAsOne:
		s = "text positions counted as NVivo counts them (UTF-16 code units)"
	case d.Positions.Unit == refi.UTF16:
		s = "text positions counted in UTF-16 code units, a line break (CR LF) as one"
	case d.Positions.Unit == refi.Bytes:
		s = "text positions counted in bytes"
	case d.Positions.CRLFAsOne:
		s = "text positions counted as ATLAS.ti and MAXQDA count them (characters, a line break as one)"
	default:
		s = "text positions counted as the REFI-QDA standard counts them (characters)"
	}
	switch d.Basis {
	case "producer+text":
		return s + ", from the producing software, confirmed by the texts"
	case "producer":
		return s + ", from the producing software (the texts could not tell)"
	case "text":
		return s + ", found from the texts"
	case "forced", "given":
		return s + ", as given"
	}
	return s + " (nothing said otherwise)"
}

// ByteSize writes n bytes for a person: "1.5 GiB", "12.0 KiB", "512 bytes".
func ByteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

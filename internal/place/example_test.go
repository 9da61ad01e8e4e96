package place_test

import (
	"fmt"

	"github.com/qdabridge/qdabridge/internal/place"
)

// A passage stored with an offset that is somewhat off (as RQDA's can be),
// found twice in a text with other line ends than the export's.
func ExampleFinder_Place() {
	text := "Q: Did it help?\r\nA: Not really.\r\nQ: And later?\r\nA: Not really.\r\n"
	f := place.NewFinder(text)
	for _, h := range []place.Hint{{}, place.At(45)} {
		p := f.Place("A: Not\nreally.", h)
		fmt.Printf("%s: %d found, %d left, at %d-%d %q\n", p.Status, p.Candidates, p.Left, p.Span.Start, p.Span.End, text[p.Span.Start:p.Span.End])
	}
	// Output:
	// ambiguous: 2 found, 2 left, at 0-0 ""
	// tolerant: 2 found, 1 left, at 48-62 "A: Not really."
}

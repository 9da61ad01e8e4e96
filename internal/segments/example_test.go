package segments_test

import (
	"fmt"
	"log"

	"github.com/qdabridge/qdabridge/internal/segments"
)

func ExampleBuild() {
	in := &segments.Input{Tool: "example", File: "export.csv", Rows: []segments.Row{
		{Row: 2, Document: "Interview 1", Codes: [][]string{{"Motives", "Family"}}, Text: "because of my grandmother", CharStart: -1},
		{Row: 3, Document: "Interview 1", Codes: [][]string{{"Roots"}}, Text: "because of my grandmother", CharStart: -1},
	}}
	res, err := segments.Build(in, segments.Options{PassageSources: true})
	if err != nil {
		log.Fatal(err)
	}
	rep := res.Report
	fmt.Println(rep.Codes, "codes,", rep.Selections, "selection,", rep.Codings, "codings,", rep.Passages, "placed on its passage")
	// Output: 3 codes, 1 selection, 2 codings, 1 placed on its passage
}

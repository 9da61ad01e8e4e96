package agreement_test

import (
	"fmt"
	"strings"

	"github.com/qdabridge/qdabridge/agreement"
	"github.com/qdabridge/qdabridge/refi"
)

// Two coders code a text of 100 characters at one code: Ann [0,40) and Ben
// [20,60).
func ExampleCompare() {
	doc := refi.New("study")
	ann, ben := doc.Project.AddUser("Ann"), doc.Project.AddUser("Ben")
	trust := doc.Project.AddCode("Trust")
	src, _ := doc.AddText("interview", strings.Repeat("x", 100))
	sel, _ := doc.Select(src, 0, 40)
	sel.AddCoding(trust, ann)
	sel, _ = doc.Select(src, 20, 60)
	sel.AddCoding(trust, ben)

	rep, err := agreement.Compare(doc, agreement.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range rep.Comparisons {
		fmt.Printf("%s, %s: agreement %.0f%%, kappa %.4f\n", c.CodePath, c.Source.Name, c.Agreement, c.Kappa)
	}
	fmt.Printf("alpha %.4f\n", *rep.Codes[0].Alpha)
	// Output:
	// Trust, interview: agreement 60%, kappa 0.1667
	// alpha 0.1708
}

// NVivo's documented example: of 1000 characters, 50 coded by both users,
// 150 by one of them and 800 by neither.
func ExampleCounts() {
	c := agreement.Counts{Both: 50, OnlyA: 100, OnlyB: 50, Neither: 800}
	fmt.Printf("agreement %.0f%%, kappa %.4f\n", c.Agreement(), c.Kappa())
	fmt.Printf("neither coded: kappa %.0f\n", agreement.Counts{Neither: 1000}.Kappa())
	// Output:
	// agreement 85%, kappa 0.3182
	// neither coded: kappa 1
}

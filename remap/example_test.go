package remap_test

import (
	"fmt"

	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/remap"
)

func ExampleFromEdits() {
	old := "Anna met Ben in Leeds."
	m, err := remap.FromEdits(old, []remap.Edit{{Start: 0, End: 4, Text: "[P1]"}, {Start: 9, End: 12, Text: "[P2]"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := m.Range(5, 15) // "met Ben in"
	fmt.Println(m.New())
	fmt.Printf("%s %q\n", r.Status, m.New()[r.Start:r.End])
	// Output:
	// [P1] met [P2] in Leeds.
	// touched "met [P2] in"
}

func ExampleDiff() {
	m, err := remap.Diff("The bus comes twice a day.", "The 🚌 comes twice a day!")
	if err != nil {
		fmt.Println(err)
		return
	}
	// "twice a day" is characters 14 to 25 in code points
	r, _ := m.RangeIn(refi.Positions{}, 14, 25)
	fmt.Println(r.Status, r.Start, r.End)
	fmt.Printf("similarity %.2f\n", m.Similarity())
	// Output:
	// exact 12 23
	// similarity 0.88
}

func ExampleReviseSource() {
	doc := refi.New("study")
	code := doc.Project.AddCode("transport")
	src, _ := doc.AddText("interview", "R: The bus only comes twice a day, so I cycle.")
	sel, _ := doc.SelectText(src, "twice a day")
	sel.AddCoding(code, nil)

	rev, err := remap.ReviseSource(doc, src, "R: The bus only comes three times a day, so I cycle.", remap.ReviseOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range rev.Changes {
		fmt.Printf("%s: %q -> %q\n", c.Status, c.OldText, c.NewText)
	}
	// Output:
	// touched: "twice a day" -> "three times a day"
}

func ExampleMap_Cover() {
	old := "Anna said Ben was late."
	m, err := remap.FromEdits(old, []remap.Edit{{Start: 0, End: 4, Text: "[P1]"}, {Start: 10, End: 13, Text: "[P2]"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := m.Range(0, 9) // "Anna said"
	c, _ := m.Cover(0, 9)
	fmt.Printf("Range: %q, Cover: %q\n", m.New()[r.Start:r.End], m.New()[c.Start:c.End])
	// Output:
	// Range: " said", Cover: "[P1] said"
}

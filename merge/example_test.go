package merge_test

import (
	"fmt"
	"log"

	"github.com/qdabridge/qdabridge/merge"
	"github.com/qdabridge/qdabridge/refi"
)

// project builds a one-text project coded by coder.
func project(coder, code, passage string) *refi.Document {
	d := refi.New("Study")
	u := d.Project.AddUser(coder)
	c := d.Project.AddCode(code)
	src, err := d.AddText("Interview 1", "I felt alone until the walking group.")
	if err != nil {
		log.Fatal(err)
	}
	sel, err := d.SelectText(src, passage)
	if err != nil {
		log.Fatal(err)
	}
	sel.AddCoding(c, u)
	return d
}

// Two coders coded the same interview in copies of one project: the merge
// has one source and one code, and both coders' codings.
func ExampleProjects() {
	a := project("Ana", "Loneliness", "I felt alone")
	b := project("Ben", "Loneliness", "I felt alone")
	res, err := merge.Projects([]*refi.Document{a, b}, merge.Options{})
	if err != nil {
		log.Fatal(err)
	}
	p := res.Document.Project
	src := p.Sources[0].(*refi.TextSource)
	fmt.Println(len(p.Sources), "source,", len(p.Codes), "code,", len(p.Users), "users")
	for _, sel := range src.Selections {
		txt, _ := res.Document.SelectionText(src, &sel)
		fmt.Printf("%q: %d codings\n", txt, len(sel.Codings))
	}
	fmt.Println("second input matched:", res.Inputs[1].Matched.Sources, "source,", res.Inputs[1].Matched.Codes, "code")
	// Output:
	// 1 source, 1 code, 2 users
	// "I felt alone": 2 codings
	// second input matched: 1 source, 1 code
}

package refi_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
)

// Read a project and list its codes with the passages coded at them.
func Example() {
	doc, err := refi.Open("testdata/qde/full.qde")
	if err != nil {
		log.Fatal(err)
	}
	defer doc.Close()
	p := doc.Project
	fmt.Println(p.Name, "from", p.Origin)
	for c, parents := range refi.AllCodes(p.Codes) {
		fmt.Printf("%s%s\n", strings.Repeat("  ", len(parents)), c.Name)
	}
	for _, s := range p.Sources {
		if ts, ok := s.(*refi.TextSource); ok && ts.PlainTextContent != "" {
			fmt.Println(ts.Name, len(ts.Selections), "selections")
		}
	}
	// Output:
	// Every element from qdabridge test fixture
	// Perceived value
	//   Wellbeing outcomes
	//   Reduced GP workload
	// Emergent themes
	//   Loneliness & isolation
}

func ExampleOpen() {
	doc, err := refi.Open("testdata/qde/guid-forms.qde")
	if err != nil {
		log.Fatal(err)
	}
	defer doc.Close()
	fmt.Println(doc.Format, doc.Project.Origin)
	fmt.Println("positions:", doc.Project.Positions)
	for _, w := range doc.Warnings {
		fmt.Println(w.Code.Level(), w.Code)
	}
	ts := doc.Project.Sources[0].(*refi.TextSource)
	text, err := doc.SelectionText(ts, &ts.Selections[0])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q coded %d times\n", text, len(ts.Selections[0].Codings))
	// Output:
	// qde ATLAS.ti for Windows 23.2.3.27778
	// positions: codepoint/crlf1
	// notice guid-form
	// "Some" coded 2 times
}

// Positions differ between tools: NVivo counts UTF-16 code units, the
// standard counts code points. Text converts without touching the text.
func ExampleText() {
	txt := refi.NewText([]byte("\uFEFFThanks 😊\r\nJosé rang."))
	nvivo := refi.Positions{Unit: refi.UTF16}
	spec := refi.Positions{Unit: refi.CodePoints}
	atlas := refi.Positions{Unit: refi.CodePoints, CRLFAsOne: true}

	passage, _ := txt.Slice(11, 15, nvivo) // NVivo's numbers for "José"
	fmt.Println(passage)
	start, _ := txt.Convert(11, nvivo, spec)
	fmt.Println("standard:", start)
	start, _ = txt.Convert(11, nvivo, atlas)
	fmt.Println("ATLAS.ti:", start)
	fmt.Println("BOM:", txt.BOM)
	// Output:
	// José
	// standard: 10
	// ATLAS.ti: 9
	// BOM: true
}

// Build a project in Go and write it as a project document.
func ExampleWriter_Write() {
	p := &refi.Project{
		Name:   "Pilot",
		Origin: "my analysis script",
		Codes: []*refi.Code{{
			GUID: "2a2a2a2a-0000-4000-8000-000000000001", Name: "Perceived value", IsCodable: true, Color: "rgb(31, 119, 180)",
		}},
	}
	var w refi.Writer
	rep, err := w.Write(os.Stdout, refi.NewDocument(p, nil), refi.FormatQDE)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range rep.Changes {
		fmt.Println(c.Code)
	}
	// Output:
	// <?xml version="1.0" encoding="utf-8"?>
	// <Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd" name="Pilot" origin="my analysis script">
	//   <CodeBook>
	//     <Codes>
	//       <Code guid="2a2a2a2a-0000-4000-8000-000000000001" name="Perceived value" isCodable="true" color="#1F77B4"><?qdabridge-ext <ext><a n="color" v="rgb(31, 119, 180)"/></ext>?></Code>
	//     </Codes>
	//   </CodeBook>
	// </Project>
	// color-converted
}

// Diff says exactly what differs between two projects.
func ExampleDiff() {
	a, _ := refi.ReadQDE(strings.NewReader(`<Project xmlns="urn:QDA-XML:project:1.0" name="v1"><CodeBook><Codes>
		<Code guid="2a2a2a2a-0000-4000-8000-000000000001" name="Loneliness" isCodable="true" color="#F00"/></Codes></CodeBook></Project>`))
	b, _ := refi.ReadQDE(strings.NewReader(`<Project xmlns="urn:QDA-XML:project:1.0" name="v1"><CodeBook><Codes>
		<Code guid="2a2a2a2a-0000-4000-8000-000000000001" name="Loneliness and isolation" isCodable="true" color="#FF0000"/></Codes></CodeBook></Project>`))
	for _, d := range refi.Diff(a.Project, b.Project) {
		fmt.Println(d)
	}
	// Output:
	// Project.Codes[1].Name: "Loneliness" ≠ "Loneliness and isolation"
}

// Copy a project to a .qdpx archive: the format is the file's extension,
// and the sources are copied from the input byte for byte.
func ExampleWriter_WriteFile() {
	doc, err := refi.Open("testdata/qde/full.qde")
	if err != nil {
		log.Fatal(err)
	}
	defer doc.Close()
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	var w refi.Writer
	if _, err := w.WriteFile(filepath.Join(dir, "copy.qdpx"), doc); err != nil {
		log.Fatal(err)
	}
	again, err := refi.Open(filepath.Join(dir, "copy.qdpx"))
	if err != nil {
		log.Fatal(err)
	}
	defer again.Close()
	fmt.Println(again.Format, refi.Equal(doc.Project, again.Project))
	// Output:
	// qdpx true
}

// Check that a project survives being written and read back: every field,
// source file and passage compared, and the written file validated.
func ExampleRoundTripChecker() {
	doc, err := refi.Open("testdata/qde/full.qde")
	if err != nil {
		log.Fatal(err)
	}
	defer doc.Close()
	rt, err := (&refi.RoundTripChecker{}).Check(doc)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("ok:", rt.OK(), "differences:", len(rt.Differences), "lost:", rt.Ledger.LossSummary())
	// Output:
	// ok: true differences: 0 lost: nothing
}

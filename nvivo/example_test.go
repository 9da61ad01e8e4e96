package nvivo_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing/fstest"

	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/refi"
)

func ExampleReader_Read() {
	csv := "Folder,Name,Description\n" +
		"Codes,Issues,Problems reviewers mention\n" +
		`Codes,Issues\Heavy,` + "\n" +
		`Codes\\Reviews,Positive Views,` + "\n"
	ex, err := (&nvivo.Reader{Name: "codebook.csv"}).Read(strings.NewReader(csv))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ex.Kind, ex.Format)
	for _, c := range ex.Codebook.Codes {
		fmt.Printf("%v %v %q\n", c.Folder, c.Path, c.Description)
	}
	// Output:
	// codebook csv
	// [Codes] [Issues] "Problems reviewers mention"
	// [Codes] [Issues Heavy] ""
	// [Codes Reviews] [Positive Views] ""
}

func ExampleSplitName() {
	folders, path := nvivo.SplitName(`Nodes\\Errors\False Hit`)
	fmt.Println(folders, path)
	fmt.Println(nvivo.JoinName([]string{"Files", "BWOH"}, []string{"BWOH_Craft"}))
	// Output:
	// [Nodes] [Errors False Hit]
	// Files\\BWOH\\BWOH_Craft
}

func ExampleBuilder() {
	summary := "Hierarchical Name, Code Type, Aggregate, Hierarchical Name, File Type, Reference Number, Coded By Initials, Modified On, Coded Text\r\n" +
		"Nodes\\\\Wellbeing, Node, False, Files\\\\P03, Document, 1, PN, 1/24/2024 9:34:34 AM, Not cured, different.\r\n" +
		"Nodes\\\\Wellbeing, Node, False, Files\\\\P03, Document, 2, PN, 1/24/2024 9:34:34 AM, Not cured, different.\r\n" +
		"Nodes\\\\Time, Node, False, Files\\\\P03, Document, 1, TF, 2/14/2024 10:00:00 AM, They have time\nwhich I don't.\r\n"
	ex, err := (&nvivo.Reader{Name: "summary.txt"}).Read(strings.NewReader(summary))
	if err != nil {
		fmt.Println(err)
		return
	}
	b := &nvivo.Builder{Documents: fstest.MapFS{
		"P03.txt": {Data: []byte("Not cured, different. They have time\r\nwhich I don't. Not cured, different.")},
	}}
	b.Add(ex)
	res, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res.Report
	fmt.Printf("exact %d, tolerant %d, ambiguous %d, missing %d\n", r.Exact, r.Tolerant, r.Ambiguous, r.Missing)
	doc := refi.NewDocument(res.Project, res.Files)
	for e := range doc.Excerpts(refi.ExcerptOptions{}) {
		fmt.Printf("%d-%d %q %v %s\n", e.Start, e.End, e.Text, e.CodePaths(), e.Codes[0].Coder.Name)
	}
	// Output:
	// exact 2, tolerant 1, ambiguous 0, missing 0
	// 0-21 "Not cured, different." [Wellbeing] PN
	// 22-52 "They have time\r\nwhich I don't." [Time] TF
	// 53-74 "Not cured, different." [Wellbeing] PN
}

func ExampleWriter_WriteClassification() {
	cl := &nvivo.Classification{
		Name:       "Interviewees",
		Attributes: []nvivo.Attribute{{Name: "Age", Type: nvivo.AttrInteger}, {Name: "Role", Type: nvivo.AttrText}},
		Rows: []nvivo.ClassificationRow{
			{Name: "P01", Values: []nvivo.AttributeValue{{State: nvivo.Assigned, Lexical: "34"}, {State: nvivo.NotApplicable}}},
			{Name: "P02", Values: []nvivo.AttributeValue{{}, {State: nvivo.Assigned, Lexical: "GP"}}},
		},
	}
	var buf bytes.Buffer
	if _, err := (&nvivo.Writer{}).WriteClassification(&buf, cl); err != nil {
		fmt.Println(err)
		return
	}
	ex, err := (&nvivo.Reader{}).Read(&buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	back := ex.Classification
	fmt.Println(ex.Kind, back.Name, back.Attributes[0].Name, back.Attributes[0].Type)
	for _, r := range back.Rows {
		fmt.Printf("%s %s %q %s %q\n", r.Name, r.Values[0].State, r.Values[0].Lexical, r.Values[1].State, r.Values[1].Lexical)
	}
	// Output:
	// classification Interviewees Age integer
	// P01 assigned "34" not-applicable ""
	// P02 empty "" assigned "GP"
}

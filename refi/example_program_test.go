package refi_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
)

// The participants of a project with their attributes, in the order of
// the project's variables (NVivo's "Cases:" prefix left out of the names).
func ExampleProject_Participants() {
	doc, err := refi.Open("../internal/sample/social-prescribing.qdpx")
	if err != nil {
		log.Fatal(err)
	}
	defer doc.Close()
	for _, p := range doc.Project.Participants()[:3] {
		fmt.Print(p.Name)
		for _, a := range p.Attributes {
			fmt.Printf("; %s: %s", a.Name, a.Value)
		}
		fmt.Println()
	}
	// Output:
	// P01 Zoë (patient); Role: Patient; Practice: Riverside Surgery; Age band: 65-74; Consented to follow-up: true
	// P02 Łukasz (patient); Role: Patient; Practice: Hollins Lane Medical Centre; Age band: 35-44; Consented to follow-up: true
	// P03 Siobhán (GP); Role: GP; Practice: Riverside Surgery; Age band: 45-54; Years in role: 14; Consented to follow-up: true
}

// The passages coded at one code, as CSV: source, participants, codes and
// the exact text of each.
func ExampleDocument_Excerpts() {
	doc, err := refi.Open("../internal/sample/social-prescribing.qdpx")
	if err != nil {
		log.Fatal(err)
	}
	defer doc.Close()
	out := csv.NewWriter(os.Stdout)
	out.Write([]string{"source", "participants", "codes", "text"})
	for e, err := range doc.Excerpts(refi.ExcerptOptions{}) {
		if err != nil {
			log.Fatal(err)
		}
		if !slices.Contains(e.CodePaths(), "Loneliness and isolation") {
			continue
		}
		var who []string
		for _, p := range e.Participants {
			who = append(who, p.Name)
		}
		out.Write([]string{e.Source.Name, strings.Join(who, "; "), strings.Join(e.CodePaths(), "; "), e.Text})
	}
	out.Flush()
	// Output:
	// source,participants,codes,text
	// Interview P01 - patient,P01 Zoë (patient),Role and remit of the link worker > Time with patients; Loneliness and isolation,He stayed nearly an hour. Nobody had sat in my kitchen for an hour since the funeral.
	// Interview P01 - patient,P01 Zoë (patient),Perceived value > Wellbeing outcomes > Social connection; Loneliness and isolation,"It gets me out of the house, that's the main thing. Some days it's the only conversation I have. I'm not lonely on a Tuesday, put it that way."
	// Interview P01 - patient,P01 Zoë (patient),Perceived value > Reduced GP workload; Loneliness and isolation,"I go less, I'll admit that. I used to ring most weeks just to hear a voice, if I'm honest, even if it was only the receptionist."
	// Interview P02 - patient,P02 Łukasz (patient),Emergent themes > Digital contact; Loneliness and isolation,But it's good to know somebody is checking. For a man alone it's important.
	// Interview P04 - practice nurse,P04 Bronwen (practice nurse),"Loneliness and isolation; Money, housing & benefits","People are eating badly because they're depressed, or because they can't afford anything else, or because they're on their own and what's the point of cooking for one."
	// Interview P06 - link worker,P06 Chidi (link worker),Loneliness and isolation,"Someone at risk of eviction comes first, but then the lonely widower waits another fortnight, and loneliness doesn't keep for a fortnight, it gets worse."
	// Interview P07 - voluntary sector,P07 Renée (voluntary sector),Emergent themes > Digital contact; Loneliness and isolation,It sounds silly but for someone who lives alone that phone going off matters.
}

// Build a project with one interview, two codes and one participant, and
// write it as a .qdpx any tool can open.
func ExampleNew() {
	doc := refi.New("Social prescribing")
	p := doc.Project
	alice := p.AddUser("Alice")
	transport := p.AddCode("Barriers").AddCode("Transport")
	isolation := p.AddCode("Loneliness and isolation")
	src, err := doc.AddText("Interview P01", "I: How do you get to the group?\nP01: The bus only comes twice a day, so I stay in.")
	if err != nil {
		log.Fatal(err)
	}
	sel, err := doc.SelectText(src, "The bus only comes twice a day, so I stay in.")
	if err != nil {
		log.Fatal(err)
	}
	sel.AddCoding(transport, alice)
	sel.AddCoding(isolation, alice)
	p01 := p.AddCase("P01")
	p01.AddSource(src)
	p01.SetValue(refi.TextValue(p.AddVariable("Role", refi.VarText).GUID, "Patient"))

	var out bytes.Buffer // or (&refi.Writer{}).WriteFile("interviews.qdpx", doc)
	rep, err := (&refi.Writer{}).Write(&out, doc, refi.FormatQDPX)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("lost:", rep.Ledger.LossSummary())
	// Output:
	// lost: nothing
}

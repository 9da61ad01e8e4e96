package pseudonym_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/qdabridge/qdabridge/pseudonym"
	"github.com/qdabridge/qdabridge/refi"
)

func ExampleKey_Apply() {
	doc := refi.New("Interviews")
	src, err := doc.AddText("Interview with Anna", "Anna Smith moved to Leeds. anna liked it.")
	if err != nil {
		log.Fatal(err)
	}
	sel, err := doc.SelectText(src, "moved to Leeds")
	if err != nil {
		log.Fatal(err)
	}
	sel.AddCoding(doc.Project.AddCode("Moving"), nil)

	key, err := pseudonym.ReadKey(strings.NewReader("original,replacement,category\nAnna,P1,person\nAnna Smith,P1,person\nLeeds,a city,place\n"), "key.csv", pseudonym.Options{})
	if err != nil {
		log.Fatal(err)
	}
	res, err := key.Apply(doc)
	if err != nil {
		log.Fatal(err)
	}
	text, _ := doc.Text(src)
	passage, _ := doc.SelectionText(src, &src.Selections[0])
	fmt.Println(src.Name)
	fmt.Println(text)
	fmt.Println(passage)
	for _, r := range res.Log {
		fmt.Println(r.Place, r.Position, r.Category, r.Original, "→", r.Replacement)
	}
	// Output:
	// Interview with [P1]
	// [P1] moved to [a city]. [P1] liked it.
	// moved to [a city]
	// text 0 person Anna Smith → [P1]
	// text 14 place Leeds → [a city]
	// text 24 person anna → [P1]
	// name -1 person Anna → [P1]
}

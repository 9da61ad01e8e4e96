package docx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"log"

	"github.com/qdabridge/qdabridge/internal/docx"
)

func ExampleText() {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		log.Fatal(err)
	}
	_, _ = w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		`<w:p><w:r><w:t>First</w:t><w:tab/><w:t>paragraph</w:t></w:r></w:p><w:p><w:r><w:t>Second</w:t></w:r></w:p></w:body></w:document>`))
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	text, err := docx.Text(buf.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", text)
	_, err = docx.Text([]byte("not a zip"))
	fmt.Println(err)
	// Output:
	// "First\tparagraph\nSecond"
	// not a .docx (zip) file: zip: not a valid zip file
}

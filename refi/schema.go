package refi

import (
	"fmt"
	"io"
	"sync"

	"github.com/qdabridge/qdabridge/internal/refischema"
	"github.com/qdabridge/qdabridge/internal/xsd"
)

var (
	schemaOnce      sync.Once
	projectSchema   *xsd.Schema
	codebookSchema  *xsd.Schema
	schemaCompileEr error
)

func schemas() (*xsd.Schema, *xsd.Schema, error) {
	schemaOnce.Do(func() {
		projectSchema, schemaCompileEr = xsd.Compile(refischema.Project)
		if schemaCompileEr == nil {
			codebookSchema, schemaCompileEr = xsd.Compile(refischema.Codebook)
		}
	})
	return projectSchema, codebookSchema, schemaCompileEr
}

// ValidateProjectXML checks a project document (project.qde) against the
// official project schema, in Go, streaming (memory does not grow with the
// document). It returns nil when the document is valid, and otherwise an
// error joining every problem found (at most 100), each with its line,
// element path and attribute. Unlike the reader, it accepts no quirk: it
// says whether other tools that validate will accept the file.
func ValidateProjectXML(r io.Reader) error {
	p, _, err := schemas()
	if err != nil {
		return fmt.Errorf("refi: %w", err)
	}
	return p.Validate(r)
}

// ValidateCodebookXML checks a codebook (.qdc) against the official
// codebook schema, as ValidateProjectXML does for projects.
func ValidateCodebookXML(r io.Reader) error {
	_, c, err := schemas()
	if err != nil {
		return fmt.Errorf("refi: %w", err)
	}
	return c.Validate(r)
}

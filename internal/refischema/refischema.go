// Package refischema holds the official REFI-QDA schemas (MIT licence, REFI
// www.qdasoftware.org), embedded, for the validators of this module and for
// handing to an external validator such as xmllint.
package refischema

import _ "embed"

var (
	// Project is Project.xsd, the schema of project documents
	// (urn:QDA-XML:project:1.0).
	//go:embed schema/Project.xsd
	Project []byte
	// Codebook is Codebook.xsd, the schema of codebooks
	// (urn:QDA-XML:codebook:1.0).
	//go:embed schema/Codebook.xsd
	Codebook []byte
)

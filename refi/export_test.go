package refi

import "io"

// ReadQDEReference reads a project.qde as ReadQDE does but through
// encoding/xml's tokenizer, the slower reference path, for differential
// tests in package refi_test.
func ReadQDEReference(r io.Reader) (*Document, error) {
	return (&Reader{useStd: true}).ReadQDE(r)
}

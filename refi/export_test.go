package refi

import "io"

// ReadQDEReference reads a project.qde as ReadQDE does but through
// encoding/xml's tokenizer, the slower reference path, for differential
// tests in package refi_test.
func ReadQDEReference(r io.Reader) (*Document, error) {
	return (&Reader{useStd: true}).ReadQDE(r)
}

// WriteSerial writes doc as w.Write does, but compresses every archive
// entry, and reads the texts a profile converts, on the calling goroutine:
// the reference the parallel write must match byte for byte.
func WriteSerial(w *Writer, out io.Writer, doc *Document, f Format) (*Report, error) {
	c := &writeCall{Writer: w, serial: true}
	err := c.write(out, doc, f)
	return &Report{Changes: c.changes, Ledger: c.ledger}, err
}

// DeflateChunk is the size of the pieces archive entries are compressed in.
const DeflateChunk = deflateChunk

// RaceEnabled is set when the tests run under the race detector.
const RaceEnabled = raceEnabled

// WriteKeeping writes doc as w.Write does (serial as WriteSerial), with a
// profile's conversion keeping at most keep bytes of packed texts.
func WriteKeeping(w *Writer, out io.Writer, doc *Document, keep int, serial bool) error {
	c := &writeCall{Writer: w, serial: serial, keepMax: keep}
	return c.write(out, doc, FormatQDPX)
}

package bench

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/qdabridge/qdabridge/internal/xmllint"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/xlsx/workbook"
)

// Case is one benchmark on a fixture. Prepare does, outside the timings,
// what the case needs before it (reading the model for the cases that
// work on one) and returns the operation to time and a function that
// releases what Prepare holds.
type Case struct {
	Name    string
	What    string // one line, for the table's notes
	Prepare func(f *Fixture) (op func() error, done func(), err error)
}

// Cases are the benchmarks, in the order of the tables.
var Cases = []Case{
	{"read", "refi.Open + Counts", whole(opened(read))},
	{"convert", "refi.Open + Writer.WriteFile .qdpx (the whole convert --to keep)", whole(opened(write))},
	{"convert-spec", "refi.Open + Writer.WriteFile .qdpx with the spec profile (the whole convert, whose default is --to spec: positions converted, every text rewritten)", whole(opened(writeSpec))},
	{"check", "refi.Open + RoundTripChecker.Check, xmllint --sax --schema on the written project.qde", whole(opened(check))},
	{"check-go", "refi.Open + RoundTripChecker.Check, validated by qdabridge alone (check --no-xmllint)", whole(opened(roundTrip))},
	{"write", "Writer.WriteFile .qdpx of a model read before", onModel(write)},
	{"roundtrip", "RoundTripChecker.Check (no xmllint) of a model read before", onModel(roundTrip)},
	{"excerpts", "every excerpt with its text, of a model read before", onModel(excerpts)},
	{"workbook", "the project workbook, of a model read before", onModel(writeWorkbook)},
}

// CaseNamed returns the case of that name.
func CaseNamed(name string) (Case, error) {
	for _, c := range Cases {
		if c.Name == name {
			return c, nil
		}
	}
	return Case{}, fmt.Errorf("bench: unknown case %q", name)
}

// whole is a case that starts from the file.
func whole(op func(f *Fixture) error) func(f *Fixture) (func() error, func(), error) {
	return func(f *Fixture) (func() error, func(), error) {
		return func() error { return op(f) }, func() {}, nil
	}
}

// onModel is a case on the model read from the fixture beforehand.
func onModel(op func(f *Fixture, doc *refi.Document) error) func(f *Fixture) (func() error, func(), error) {
	return func(f *Fixture) (func() error, func(), error) {
		doc, err := refi.Open(f.Path)
		if err != nil {
			return nil, nil, err
		}
		return func() error { return op(f, doc) }, func() { doc.Close() }, nil
	}
}

// read is the model read, with everything inspect reports (warnings,
// checks and the position convention found from the texts), and its codings
// counted.
func read(f *Fixture, doc *refi.Document) error {
	if n := doc.Project.Counts().Codings; n != f.Codings {
		return fmt.Errorf("bench: read %d codings, want %d", n, f.Codings)
	}
	return nil
}

// opened is op on the model it reads from the fixture first: with whole,
// a case that starts from the file, as the commands do.
func opened(op func(f *Fixture, doc *refi.Document) error) func(f *Fixture) error {
	return func(f *Fixture) error {
		doc, err := refi.Open(f.Path)
		if err != nil {
			return err
		}
		defer doc.Close()
		return op(f, doc)
	}
}

// check checks the model for round-trip loss (write, read back, compare,
// validate), with xmllint's opinion when it is installed.
func check(f *Fixture, doc *refi.Document) error {
	c := &refi.RoundTripChecker{TempDir: f.dir}
	if f.XMLLint != "" {
		c.Validate = (&xmllint.Validator{Path: f.XMLLint, Schema: f.Schema}).Validate
	}
	return roundTripOK(c, doc)
}

func roundTripOK(c *refi.RoundTripChecker, doc *refi.Document) error {
	rt, err := c.Check(doc)
	if err != nil {
		return err
	}
	if !rt.OK() {
		return fmt.Errorf("bench: round trip changed the project: %v", rt.Differences[:min(3, len(rt.Differences))])
	}
	return nil
}

// write writes the model as a .qdpx to a file, copying the sources from
// the input archive as a stream.
func write(f *Fixture, doc *refi.Document) error {
	_, err := (&refi.Writer{}).WriteFile(filepath.Join(f.dir, "written.qdpx"), doc)
	return err
}

// writeSpec writes the model as a .qdpx for the standard, convert's
// default target.
func writeSpec(f *Fixture, doc *refi.Document) error {
	prof, err := refi.LookupProfile("spec")
	if err != nil {
		return err
	}
	_, err = (&refi.Writer{Profile: prof}).WriteFile(filepath.Join(f.dir, "written-spec.qdpx"), doc)
	return err
}

// roundTrip checks the model for round-trip loss (write, read back,
// compare, validate), without xmllint.
func roundTrip(f *Fixture, doc *refi.Document) error {
	return roundTripOK(&refi.RoundTripChecker{TempDir: f.dir}, doc)
}

// excerpts computes every excerpt with its text.
func excerpts(_ *Fixture, doc *refi.Document) error {
	n := 0
	for _, err := range doc.Excerpts(refi.ExcerptOptions{}) {
		if err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return errors.New("bench: no excerpts")
	}
	return nil
}

// writeWorkbook writes the project workbook.
func writeWorkbook(_ *Fixture, doc *refi.Document) error {
	_, err := workbook.Write(io.Discard, doc)
	return err
}

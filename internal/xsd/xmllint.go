package xsd

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// maxLintOutput bounds the xmllint output kept in an error.
const maxLintOutput = 64 << 10

// XMLLint validates doc against the schema file at schemaPath with libxml2's
// xmllint, as a second opinion on [Schema.Validate]. It runs
//
//	xmllint --noout --nonet --schema schemaPath -
//
// with doc on standard input. It returns (false, nil) when xmllint is not
// on PATH, (true, nil) when xmllint reports that the document validates,
// and (true, err) otherwise, where err holds xmllint's output (shortened
// when very long).
func XMLLint(schemaPath string, doc []byte) (available bool, err error) {
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		return false, nil
	}
	cmd := exec.Command(bin, "--noout", "--nonet", "--schema", schemaPath, "-")
	cmd.Stdin = bytes.NewReader(doc)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	runErr := cmd.Run()
	text := strings.TrimSpace(out.String())
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return true, fmt.Errorf("xsd: running xmllint: %w", runErr)
	}
	if runErr == nil && strings.HasSuffix(text, "validates") {
		return true, nil
	}
	if len(text) > maxLintOutput {
		text = text[:maxLintOutput] + "\n... (output truncated)"
	}
	if runErr != nil {
		return true, fmt.Errorf("xsd: xmllint: %w:\n%s", runErr, text)
	}
	return true, fmt.Errorf("xsd: xmllint:\n%s", text)
}

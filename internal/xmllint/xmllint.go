// Package xmllint runs libxml2's xmllint as a second opinion on the
// REFI-QDA documents a check writes: it validates them against the
// official schemas as they stream, in a few megabytes whatever their size.
package xmllint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/procmem"
	"github.com/qdabridge/qdabridge/internal/refischema"
	"github.com/qdabridge/qdabridge/refi"
)

// xmllintOutput is how much of what xmllint prints is kept: the first
// messages, enough to say what is wrong, however many it finds.
const xmllintOutput = 64 << 10

// Validator validates written documents with the xmllint at Path.
type Validator struct {
	Path   string // of xmllint
	Schema string // of the project schema, with Codebook.xsd beside it (WriteSchemas)
}

// WriteSchemas writes the project and codebook schemas into dir, as
// Project.xsd and Codebook.xsd, and returns the path of the first.
func WriteSchemas(dir string) (string, error) {
	project := filepath.Join(dir, "Project.xsd")
	if err := os.WriteFile(project, refischema.Project, 0o644); err != nil {
		return "", err
	}
	return project, os.WriteFile(filepath.Join(dir, "Codebook.xsd"), refischema.Codebook, 0o644)
}

// Validate validates a written document (a project document or a codebook,
// as kind says) against the schema of its kind, streaming: the document
// goes to xmllint's standard input as it is read from written, and
// xmllint validates it as it parses it, so that neither side holds the
// whole document. It validates the parser's events (--sax with --noout:
// libxml2's xmlSchemaValidateStream), which finds what --stream finds, in
// about two thirds of its time. The error gives xmllint's messages, with
// "written" for the document's name; an xmllint that cannot be run is an
// error too. It fits [refi.RoundTripChecker].Validate.
func (v *Validator) Validate(kind refi.Format, written io.Reader) error {
	_, err := v.run(kind, written, false)
	return err
}

// ValidateMeasured is Validate, and also returns the peak resident memory
// of xmllint, in bytes, sampled while it runs (0 where the system does not
// tell).
func (v *Validator) ValidateMeasured(kind refi.Format, written io.Reader) (maxRSS int64, err error) {
	return v.run(kind, written, true)
}

func (v *Validator) run(kind refi.Format, written io.Reader, measure bool) (maxRSS int64, err error) {
	schema := v.Schema
	if kind == refi.FormatQDC {
		schema = filepath.Join(filepath.Dir(v.Schema), "Codebook.xsd")
	}
	cmd := exec.Command(v.Path, "--sax", "--noout", "--nonet", "--schema", schema, "-")
	cmd.Stdin = written
	out := &headBuffer{max: xmllintOutput}
	cmd.Stdout, cmd.Stderr = out, out
	if err = cmd.Start(); err == nil {
		if measure {
			stop := make(chan struct{})
			rss := procmem.Watch(cmd.Process.Pid, filepath.Base(v.Path), 5*time.Millisecond, stop)
			err = cmd.Wait()
			close(stop)
			maxRSS = <-rss
		} else {
			err = cmd.Wait()
		}
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return maxRSS, nil
	case errors.As(err, &exit) && out.Len() > 0:
		return maxRSS, fmt.Errorf("xmllint: %s", failed(out.String(), "written"))
	default:
		return maxRSS, fmt.Errorf("xmllint: %w", err)
	}
}

// failed gives the messages of an xmllint that failed, with name for its
// standard input, less what contradicts or adds nothing to the failure:
// libxml2's "Unimplemented block" notes and the "validates" that
// --stream prints when the document ends before its root element does
// (then "failed to parse" follows). What libxml2 says when the events
// end in a parse error (an "internal error") is said as parsing failing.
func failed(out, name string) string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		switch {
		case strings.HasPrefix(l, "Unimplemented block at ") || l == "- validates":
			continue
		case l == "- validation generated an internal error":
			l = "- : failed to parse (not well-formed, or cut short)"
		}
		lines = append(lines, l)
	}
	return stdinNamed(strings.Join(lines, "\n"), name)
}

// stdinNamed gives xmllint's messages on its standard input ("-:3: ...",
// "- fails to validate") with name for "-".
func stdinNamed(msg, name string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "-:"):
			lines[i] = name + l[1:]
		case strings.HasPrefix(l, "- "):
			lines[i] = name + l[1:]
		}
	}
	return strings.Join(lines, "\n")
}

// A headBuffer keeps the first max bytes written to it and counts the
// rest as written.
type headBuffer struct {
	bytes.Buffer
	max int
}

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := h.max - h.Len(); room > 0 {
		h.Buffer.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

package check

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/procmem"
	"github.com/qdabridge/qdabridge/refi"
)

// xmllintOutput is how much of what xmllint prints is kept: the first
// messages, enough to say what is wrong, however many it finds.
const xmllintOutput = 64 << 10

// xmllint validates a written document (a project document or a codebook,
// as kind says) with xmllint against the schema of its kind, streaming: the
// document goes to xmllint's standard input as it is read from written,
// and xmllint validates it as it parses it, so that neither side holds the
// whole document. It validates the parser's events (--sax with --noout:
// libxml2's xmlSchemaValidateStream), which finds what --stream finds, in
// about two thirds of its time. The error gives xmllint's messages, with
// "written" for the document's name; an xmllint that cannot be run is an
// error too. With opt.measure, it also returns the peak resident memory
// of xmllint, in bytes, sampled while it runs (0 where the system does not
// tell).
func xmllint(kind refi.Format, written io.Reader, opt options) (maxRSS int64, err error) {
	schema := opt.schema
	if kind == refi.FormatQDC {
		schema = filepath.Join(filepath.Dir(opt.schema), "Codebook.xsd")
	}
	cmd := exec.Command(opt.xmllint, "--sax", "--noout", "--nonet", "--schema", schema, "-")
	cmd.Stdin = written
	out := &headBuffer{max: xmllintOutput}
	cmd.Stdout, cmd.Stderr = out, out
	if err = cmd.Start(); err == nil {
		if opt.measure {
			stop := make(chan struct{})
			rss := procmem.Watch(cmd.Process.Pid, filepath.Base(opt.xmllint), 5*time.Millisecond, stop)
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

package bench

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/qdabridge/qdabridge/internal/procmem"
)

// TokenPass inflates project.qde from the archive at path and passes it
// through encoding/xml's tokenizer, building nothing: the floor of any Go
// reader of the archive. It fails on an archive without project.qde or
// XML that does not tokenize.
func TokenPass(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer zr.Close()
	rc, err := zr.Open("project.qde")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("bench: token pass: %w", err)
		}
	}
}

// Lint is one run of xmllint.
type Lint struct {
	Time   time.Duration
	MaxRSS int64 // bytes, of the xmllint process
}

// XMLLintStream runs xmllint --stream --noout on the file qde and returns
// how long it took and its peak resident memory. It fails when xmllint
// fails (its messages in the error).
//
// The peak is xmllint's VmHWM, read from /proc while it runs (see
// procmem), or 0 where it cannot be read: the rusage of the ended child
// would be the Go process's own peak.
func XMLLintStream(xmllint, qde string) (Lint, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(xmllint, "--stream", "--noout", "--nonet", qde)
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Lint{}, fmt.Errorf("bench: xmllint: %w", err)
	}
	stop := make(chan struct{})
	hwm := procmem.Watch(cmd.Process.Pid, filepath.Base(xmllint), 2*time.Millisecond, stop)
	err := cmd.Wait()
	l := Lint{Time: time.Since(start)}
	close(stop)
	l.MaxRSS = <-hwm
	if err != nil {
		return l, fmt.Errorf("bench: xmllint: %v: %s", err, firstLine(stderr.String()))
	}
	return l, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

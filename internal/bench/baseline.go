package bench

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
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
// The peak is xmllint's VmHWM, read from /proc while it runs: the Maxrss
// of its rusage is no use, since Go starts it with vfork (CLONE_VM), and
// Linux counts in it the high-water mark of the Go process's memory, left
// at the exec. Where /proc cannot be read, the rusage figure is taken.
func XMLLintStream(xmllint, qde string) (Lint, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(xmllint, "--stream", "--noout", "--nonet", qde)
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Lint{}, fmt.Errorf("bench: xmllint: %w", err)
	}
	stop := make(chan struct{})
	hwm := make(chan int64)
	go func() { hwm <- watchHWM(cmd.Process.Pid, filepath.Base(xmllint), stop) }()
	err := cmd.Wait()
	l := Lint{Time: time.Since(start)}
	close(stop)
	if l.MaxRSS = <-hwm; l.MaxRSS == 0 {
		l.MaxRSS = maxRSS(cmd)
	}
	if err != nil {
		return l, fmt.Errorf("bench: xmllint: %v: %s", err, firstLine(stderr.String()))
	}
	return l, nil
}

// watchHWM reads the VmHWM of process pid every 2 ms until stop is
// closed, once it runs the program name, and returns the highest in
// bytes; 0 when it could not be read.
func watchHWM(pid int, name string, stop <-chan struct{}) int64 {
	path := "/proc/" + strconv.Itoa(pid) + "/status"
	var high int64
	for {
		if b, err := os.ReadFile(path); err == nil {
			high = max(high, vmHWM(b, name))
		}
		select {
		case <-stop:
			return high
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// vmHWM is the VmHWM in bytes of a /proc/PID/status, 0 unless its Name
// is name (before the exec, the child is still the Go program).
func vmHWM(status []byte, name string) int64 {
	var n int64
	named := false
	for _, line := range strings.Split(string(status), "\n") {
		k, v, _ := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		switch k {
		case "Name":
			named = v == name || strings.HasPrefix(name, v) && len(v) == 15 // names are cut at 15 bytes
		case "VmHWM":
			kb, err := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
			if err == nil {
				n = kb * 1024
			}
		}
	}
	if !named {
		return 0
	}
	return n
}

// maxRSS is the finished command's peak resident memory in bytes (Linux
// reports kilobytes), 0 where the system does not say.
func maxRSS(cmd *exec.Cmd) int64 {
	if cmd.ProcessState == nil {
		return 0
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) * 1024
	}
	return 0
}

// validateStream validates the document read from r against schema with
// xmllint --sax (as the check command does), as a second opinion in the check case; the error
// names xmllint and gives its first message.
func validateStream(xmllint, schema string, r io.Reader) error {
	var stderr bytes.Buffer
	cmd := exec.Command(xmllint, "--sax", "--noout", "--nonet", "--schema", schema, "-")
	cmd.Stdin = r
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("xmllint: %s", firstLine(stderr.String()))
		}
		return fmt.Errorf("xmllint: %w", err)
	}
	return nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

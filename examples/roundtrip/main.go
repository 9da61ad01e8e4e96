// Command roundtrip checks archives of REFI-QDA files for round-trip loss:
// for every .qdpx, .qde and .qdc under the given paths it reads the file,
// writes it, reads the result back and compares.
//
//	go run ./examples/roundtrip [--json] [--jobs N] [--to PROFILE] [--no-xmllint] PATH...
//
// The checks: the project read back equals the one read (field by field,
// GUIDs as written, and every reference leading to the same object); no
// GUID is given to more than one object; every source file is
// byte-identical; every selection's text is unchanged; the written document
// is valid against the official schema (checked in Go, and with xmllint
// too when it is installed); and the write's ledger (see refi.Ledger) has
// nothing dropped or invisible. With --to PROFILE the project is converted
// to that tool's conventions and written as its importer reads it (spec,
// nvivo, atlasti, maxqda, qualcoder), and the passages are compared instead
// of the fields.
//
// It prints one line per file — "ok", "changed: …", "lost: …" (the
// ledger's losses) or "unreadable: …" — and a summary; with --json one
// JSON object per file (path, status, differences, lost, warnings, changes,
// ledger) and then a summary object. Files are
// checked in parallel (--jobs, default the number of CPUs); progress goes to
// standard error when it is a terminal. Exit status: 0 when every file is
// ok, 1 when any is not, 2 on a usage error.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/refischema"
	"github.com/qdabridge/qdabridge/refi"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// result is the outcome for one file.
type result struct {
	Path        string   `json:"path"`
	Status      string   `json:"status"` // ok, changed, unreadable
	Kind        string   `json:"kind,omitempty"`
	Differences []string `json:"differences"`
	Warnings    []string `json:"warnings"`
	Changes     []string `json:"changes,omitempty"`
	// Lost says what the ledger counts dropped or invisible, by kind.
	Lost    []string     `json:"lost,omitempty"`
	Ledger  *refi.Ledger `json:"ledger,omitempty"`
	Error   string       `json:"error,omitempty"`
	Seconds float64      `json:"seconds"`
}

type summary struct {
	Summary    bool    `json:"summary"`
	Files      int     `json:"files"`
	OK         int     `json:"ok"`
	Changed    int     `json:"changed"`
	Lost       int     `json:"lost"`
	Unreadable int     `json:"unreadable"`
	Seconds    float64 `json:"seconds"`
	Jobs       int     `json:"jobs"`
	XMLLint    bool    `json:"xmllint"`
}

type options struct {
	profile *refi.Profile
	xmllint string // path of xmllint, or ""
	schema  string // a copy of the project schema for xmllint
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("roundtrip", flag.ContinueOnError)
	fl.SetOutput(stderr)
	asJSON := fl.Bool("json", false, "print one JSON object per file, then a summary")
	jobs := fl.Int("jobs", runtime.NumCPU(), "files checked at once")
	to := fl.String("to", "", "convert to a profile: "+strings.Join(refi.ProfileNames(), ", "))
	noLint := fl.Bool("no-xmllint", false, "do not run xmllint even when it is installed")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: roundtrip [--json] [--jobs N] [--to PROFILE] PATH...\n\nRead, write and read back every .qdpx, .qde and .qdc under PATH, and say what changed.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() == 0 {
		fmt.Fprintln(stderr, "roundtrip: no path given")
		fl.Usage()
		return 2
	}
	if *jobs < 1 {
		fmt.Fprintln(stderr, "roundtrip: --jobs must be at least 1")
		return 2
	}
	var opt options
	if *to != "" {
		p, err := refi.LookupProfile(*to)
		if err != nil {
			fmt.Fprintf(stderr, "roundtrip: %v\n", err)
			return 2
		}
		opt.profile = p
	}
	if !*noLint {
		if path, err := exec.LookPath("xmllint"); err == nil {
			dir, err := os.MkdirTemp("", "roundtrip-xsd-")
			if err == nil {
				defer os.RemoveAll(dir)
				schema := filepath.Join(dir, "Project.xsd")
				if os.WriteFile(schema, refischema.Project, 0o644) == nil &&
					os.WriteFile(filepath.Join(dir, "Codebook.xsd"), refischema.Codebook, 0o644) == nil {
					opt.xmllint, opt.schema = path, schema
				}
			}
		}
	}
	files, err := collect(fl.Args())
	if err != nil {
		fmt.Fprintf(stderr, "roundtrip: %v\n", err)
		return 2
	}
	start := time.Now()
	// results is shared by the workers and the printer: mu guards it
	results := make([]*result, len(files))
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int)
	progress := newProgress(stderr, len(files))
	for w := 0; w < *jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := check(files[i], opt)
				mu.Lock()
				results[i] = r
				mu.Unlock()
				progress.done()
			}
		}()
	}
	// print in input order as results come in
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	printed := 0
	flush := func() {
		mu.Lock()
		defer mu.Unlock()
		for printed < len(results) && results[printed] != nil {
			r := results[printed]
			if *asJSON {
				enc.Encode(r)
			} else {
				printLine(stdout, r)
			}
			printed++
		}
	}
	go func() {
		for i := range files {
			next <- i
		}
		close(next)
	}()
	ticker := time.NewTicker(200 * time.Millisecond)
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
loop:
	for {
		select {
		case <-ticker.C:
			flush()
		case <-done:
			break loop
		}
	}
	ticker.Stop()
	flush()
	progress.finish()

	sum := summary{Summary: true, Files: len(files), Seconds: time.Since(start).Seconds(), Jobs: *jobs, XMLLint: opt.xmllint != ""}
	for _, r := range results {
		switch r.Status {
		case "ok":
			sum.OK++
		case "changed":
			sum.Changed++
		case "lost":
			sum.Lost++
		default:
			sum.Unreadable++
		}
	}
	if *asJSON {
		enc.Encode(sum)
	} else {
		lint := "checked in Go and with xmllint"
		if opt.xmllint == "" {
			lint = "checked in Go (xmllint not used)"
		}
		fmt.Fprintf(stdout, "%d files: %d ok, %d changed, %d lost, %d unreadable (%.1fs, %d jobs; schema %s)\n",
			sum.Files, sum.OK, sum.Changed, sum.Lost, sum.Unreadable, sum.Seconds, sum.Jobs, lint)
	}
	if sum.OK != sum.Files {
		return 1
	}
	return 0
}

// collect walks the paths for REFI-QDA files, in a stable order.
func collect(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".qdpx", ".qde", ".qdc":
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

func check(path string, opt options) (res *result) {
	start := time.Now()
	res = &result{Path: path, Differences: []string{}, Warnings: []string{}}
	defer func() {
		if p := recover(); p != nil {
			res.Status, res.Error = "unreadable", fmt.Sprintf("internal error: %v", p)
		}
		res.Seconds = time.Since(start).Seconds()
	}()
	doc, err := refi.Open(path)
	if err != nil {
		res.Status, res.Error = "unreadable", err.Error()
		return res
	}
	defer doc.Close()
	res.Kind = string(doc.Format)
	for _, w := range doc.Warnings {
		res.Warnings = append(res.Warnings, w.String())
	}
	checker := &refi.RoundTripChecker{Writer: &refi.Writer{Profile: opt.profile}}
	if opt.xmllint != "" {
		checker.Validate = func(kind refi.Format, written io.Reader) error { return xmllint(kind, written, opt) }
	}
	rt, err := checker.Check(doc)
	if err != nil {
		res.Status, res.Error = "unreadable", err.Error()
		return res
	}
	res.Differences = append(res.Differences, rt.Differences...)
	for _, u := range rt.Unreadable {
		res.Warnings = append(res.Warnings, "not compared, unreadable in the input: "+u)
	}
	for _, c := range rt.Changes {
		res.Changes = append(res.Changes, c.String())
	}
	res.Ledger = rt.Ledger
	res.Lost = losses(rt.Ledger)
	res.Status = "ok"
	switch {
	case len(res.Differences) > 0:
		res.Status = "changed"
	case len(res.Lost) > 0:
		res.Status = "lost"
	}
	return res
}

// losses says, one line per kind and reason, what a ledger counts dropped
// or invisible.
func losses(l *refi.Ledger) []string {
	if !l.Lost() {
		return nil
	}
	var out []string
	for _, r := range l.Rows {
		type group struct {
			col refi.Column
			why string
			n   int
		}
		var groups []*group
		by := map[string]*group{}
		for _, it := range r.Items {
			if it.Column != refi.Dropped && it.Column != refi.Invisible {
				continue
			}
			k := it.Column.String() + "\x00" + it.Why
			if by[k] == nil {
				by[k] = &group{col: it.Column, why: it.Why}
				groups = append(groups, by[k])
			}
			by[k].n++
		}
		for _, g := range groups {
			out = append(out, fmt.Sprintf("%d %s %s: %s", g.n, r.Kind, g.col, g.why))
		}
		if r.Unlisted > 0 {
			out = append(out, fmt.Sprintf("%d %s more not listed", r.Unlisted, r.Kind))
		}
	}
	return out
}

// xmllint validates a written document (a project document or a codebook,
// as kind says) with xmllint, through a temporary file; the error gives
// xmllint's messages.
func xmllint(kind refi.Format, written io.Reader, opt options) error {
	f, err := os.CreateTemp("", "roundtrip-*.xml")
	if err != nil {
		return fmt.Errorf("xmllint: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = io.Copy(f, written)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("xmllint: %w", err)
	}
	schema := opt.schema
	if kind == refi.FormatQDC {
		schema = filepath.Join(filepath.Dir(opt.schema), "Codebook.xsd")
	}
	out, err := exec.Command(opt.xmllint, "--noout", "--nonet", "--schema", schema, f.Name()).CombinedOutput()
	if err != nil {
		return fmt.Errorf("xmllint: %s", strings.TrimSpace(strings.ReplaceAll(string(out), f.Name(), "written")))
	}
	return nil
}

// printLine prints one file's result on one line. Paths and messages may
// hold what a hostile file put there: they are printed through
// cmdutil.Printable, so that they cannot act on the terminal or break the
// one-line-per-file form.
func printLine(w io.Writer, r *result) {
	p := cmdutil.Printable
	switch r.Status {
	case "ok":
		fmt.Fprintf(w, "ok          %s\n", p(r.Path))
	case "changed", "lost":
		lines := r.Differences
		if r.Status == "lost" {
			lines = r.Lost
		}
		more := ""
		if len(lines) > 1 {
			more = fmt.Sprintf(" (and %d more)", len(lines)-1)
		}
		fmt.Fprintf(w, "%-11s %s: %s%s\n", r.Status+":", p(r.Path), p(lines[0]), more)
	default:
		fmt.Fprintf(w, "unreadable: %s: %s\n", p(r.Path), p(r.Error))
	}
}

// progress shows a counter on a terminal.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	total int
	n     int
	on    bool
	last  time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, on: cmdutil.IsTerminal(w)}
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if p.on && (time.Since(p.last) > 100*time.Millisecond || p.n == p.total) {
		fmt.Fprintf(p.w, "\r%d/%d files checked", p.n, p.total)
		p.last = time.Now()
	}
}

func (p *progress) finish() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

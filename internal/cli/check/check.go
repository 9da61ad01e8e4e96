// Package check is the check subcommand of qdabridge: it checks files and
// folders of REFI-QDA files for round-trip loss, reading each file,
// writing it, reading the result back and comparing.
package check

import (
	"encoding/json"
	"errors"
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

	"github.com/spf13/cobra"

	"github.com/qdabridge/qdabridge/internal/cli"
	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/internal/xmllint"
	"github.com/qdabridge/qdabridge/refi"
)

// result is the outcome for one file.
type result struct {
	Path        string   `json:"path"`
	Status      string   `json:"status"` // ok, changed, lost, unreadable
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

// flags are the command's flags.
type flags struct {
	asJSON bool
	jobs   int
	to     string
	noLint bool
}

// options are what checking a file needs, made from the flags.
type options struct {
	profile *refi.Profile
	tempDir string             // of the run, removed however it ends
	lint    *xmllint.Validator // nil without xmllint
}

// Command returns the check subcommand.
func Command() *cobra.Command {
	var f flags
	cmd := &cobra.Command{
		Use:   "check PATH... [--json] [--jobs N] [--to TOOL] [--no-xmllint]",
		Short: "Check that projects come back unchanged when written and read again",
		Long: `Check files and folders of .qdpx, .qde and .qdc for round-trip loss: each
file is read, written, read back and compared. A folder is searched, with
its subfolders, for .qdpx, .qde and .qdc files; a file named directly is
checked whatever its name.

The checks: the project read back equals the one read (field by field,
identifiers as written, every reference leading to the same object); no
identifier is given to two objects; every source file is byte for byte the
same; every selection's passage is unchanged; the written file is valid
against the REFI-QDA schema (checked by qdabridge, and with xmllint too
when it is installed, unless --no-xmllint); and nothing was dropped or made
invisible in the writing. With --to TOOL the project is written as that
tool's importer reads it (spec, nvivo, atlasti, maxqda, qualcoder), as
convert does, and the passages are compared instead of the fields.

It prints one line per file: "ok", "changed:" with the first difference,
"lost:" with the first thing lost, or "unreadable:" with why (a file that
cannot be read, such as a named pipe or a device, is reported and the
others are still checked); then a summary. With --json it prints one JSON
object per file (path, status, differences, lost, warnings, changes,
ledger, error) and then a summary object. Files are checked in parallel
(--jobs, by default as many as there are CPUs) and printed in order;
progress goes to standard error when it is a terminal.

Exit status: 0 when every file is ok, 1 when any is not, when no .qdpx,
.qde or .qdc file was found, or when the output could not be written, 2 on
a usage error.`,
		Example: `  qdabridge check interviews.qdpx
  qdabridge check projects/ --to qualcoder
  qdabridge check projects/ --json --jobs 4 > check.jsonl`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cli.Usage("no file or folder given")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(cmd, args, f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.asJSON, "json", false, "print one JSON object per file, then a summary")
	fl.IntVar(&f.jobs, "jobs", runtime.NumCPU(), "check `N` files at once")
	fl.StringVar(&f.to, "to", "", "write for `TOOL`: "+strings.Join(refi.ProfileNames(), ", "))
	fl.BoolVar(&f.noLint, "no-xmllint", false, "do not run xmllint even when it is installed")
	return cmd
}

func run(cmd *cobra.Command, args []string, f flags) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if f.jobs < 1 {
		return cli.Usage("--jobs must be at least 1")
	}
	var opt options
	if f.to != "" {
		p, err := refi.LookupProfile(f.to)
		if err != nil {
			return cli.Usage("%s", cli.Message(err))
		}
		opt.profile = p
	}
	inputs := collect(args)
	if len(inputs) == 0 {
		return fmt.Errorf("no .qdpx, .qde or .qdc file found in %s", strings.Join(args, " or "))
	}
	// an interrupted run (Ctrl-C, kill) leaves no temporary file
	cl, err := cmdutil.StartCleanup(cmd.CommandPath(), stderr)
	if err != nil {
		return err
	}
	defer cl.Close()
	opt.tempDir = cl.TempDir()
	if !f.noLint {
		if path, err := exec.LookPath("xmllint"); err == nil {
			if dir, err := os.MkdirTemp(opt.tempDir, "xsd-"); err == nil {
				if schema, err := xmllint.WriteSchemas(dir); err == nil {
					opt.lint = &xmllint.Validator{Path: path, Schema: schema}
				}
			}
		}
	}
	start := time.Now()
	// results is shared by the workers and the printer: mu guards it, and
	// printed and outErr, which only the printer uses.
	results := make([]*result, len(inputs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int)
	stop := make(chan struct{})         // closed when standard output fails
	progress := cli.NewProgress(stderr) // done/total and time left, on a terminal
	progress.Step("checking")
	progress.Count(0, len(inputs))
	checked := 0
	for w := 0; w < f.jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := check(inputs[i], opt)
				mu.Lock()
				results[i] = r
				checked++
				progress.Count(checked, len(inputs))
				mu.Unlock()
			}
		}()
	}
	// print in input order as results come in, each batch through an
	// Output that is closed at once, so that lines appear as files are
	// checked and the first failed write stops the run
	printed := 0
	var outErr error
	flush := func() {
		mu.Lock()
		defer mu.Unlock()
		if outErr != nil {
			return
		}
		out := cli.NewOutput(stdout)
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		for printed < len(results) && results[printed] != nil {
			r := results[printed]
			if f.asJSON {
				enc.Encode(r)
			} else {
				printLine(out, r)
			}
			printed++
		}
		if err := out.Close(); err != nil {
			outErr = err
			close(stop)
		}
	}
	go func() {
		defer close(next)
		for i := range inputs {
			select {
			case next <- i:
			case <-stop:
				return
			}
		}
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
	progress.Stop()
	if outErr != nil {
		return outErr
	}

	sum := summary{Summary: true, Files: len(inputs), Seconds: time.Since(start).Seconds(), Jobs: f.jobs, XMLLint: opt.lint != nil}
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
	out := cli.NewOutput(stdout)
	if f.asJSON {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.Encode(sum)
	} else {
		lint := "checked by qdabridge and with xmllint"
		if opt.lint == nil {
			lint = "checked by qdabridge (xmllint not used)"
		}
		fmt.Fprintf(out, "%d files: %d ok, %d changed, %d lost, %d unreadable (%.1fs, %d jobs; schema %s)\n",
			sum.Files, sum.OK, sum.Changed, sum.Lost, sum.Unreadable, sum.Seconds, sum.Jobs, lint)
	}
	if err := out.Close(); err != nil {
		return err
	}
	if sum.OK != sum.Files {
		return cli.Exit(cli.ExitFailed)
	}
	return nil
}

// An input is a file to check, or a path that could not be looked at.
type input struct {
	path string
	err  error
}

// collect walks the paths for REFI-QDA files, in a stable order: a path
// that is not a folder is checked whatever its name, a folder is searched
// for .qdpx, .qde and .qdc files. A path or folder that cannot be looked
// at is an input with its error, reported like a file that cannot be
// read, so that it does not stop the others.
func collect(paths []string) []input {
	var inputs []input
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			inputs = append(inputs, input{p, err})
			continue
		}
		if !st.IsDir() {
			inputs = append(inputs, input{path: p})
			continue
		}
		// the function never fails the walk: an error is an input
		_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				inputs = append(inputs, input{path, err})
				return nil
			}
			if d.IsDir() {
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".qdpx", ".qde", ".qdc":
				inputs = append(inputs, input{path: path})
			}
			return nil
		})
	}
	return inputs
}

// pathMessage is err in the user's terms, without the operation and path
// the standard library puts before it ("open x: ", "lstat x: ").
func pathMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return cli.Message(err)
}

// check checks one input. A named pipe, a device or anything else that is
// not a regular file is unreadable, found so before it is opened (opening
// a named pipe waits until something writes to it).
func check(in input, opt options) (res *result) {
	start := time.Now()
	path := in.path
	res = &result{Path: path, Differences: []string{}, Warnings: []string{}}
	defer func() {
		if p := recover(); p != nil {
			res.Status, res.Error = "unreadable", fmt.Sprintf("internal error: %v", p)
		}
		res.Seconds = time.Since(start).Seconds()
	}()
	err := in.err
	if err == nil {
		err = cli.NotRegular(path)
	}
	if err != nil {
		res.Status, res.Error = "unreadable", pathMessage(err)
		return res
	}
	doc, err := refi.Open(path)
	if err != nil {
		res.Status, res.Error = "unreadable", cli.Message(err)
		return res
	}
	defer doc.Close()
	res.Kind = string(doc.Format)
	for _, w := range doc.Warnings {
		res.Warnings = append(res.Warnings, w.String())
	}
	checker := &refi.RoundTripChecker{Writer: &refi.Writer{Profile: opt.profile}, TempDir: opt.tempDir}
	if opt.lint != nil {
		checker.Validate = opt.lint.Validate
	}
	rt, err := checker.Check(doc)
	if err != nil {
		res.Status, res.Error = "unreadable", cli.Message(err)
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

// Command synth writes synthetic REFI-QDA projects (.qdpx) for benchmarks
// and round-trip checks.
//
// Usage:
//
//	synth [-preset small|medium|large|huge] [-seed N] [-lf] [-stats] -o OUT.qdpx
//	synth [-preset ...] -n COUNT [-seed N] [-lf] [-stats] -o FOLDER
//
// With -n, COUNT projects with the seeds seed, seed+1, ... are written into
// FOLDER as project-0001.qdpx, project-0002.qdpx..., on every CPU. The
// presets have the shape of NVivo for Windows exports (UTF-16 positions,
// CR LF, byte-order mark); -lf writes the standard's convention instead
// (code points, LF, no byte-order mark). A summary goes to stderr; -stats
// adds the project counts and the peak memory.
//
// The exit status is 2 for a usage error and 1 when writing fails.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/qdabridge/qdabridge/internal/synth"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// errUsage marks errors in the command line.
var errUsage = errors.New("usage")

// config is the parsed command line.
type config struct {
	opt   synth.Options
	n     int
	out   string
	stats bool
}

func parse(args []string, stderr io.Writer) (config, error) {
	var c config
	fl := flag.NewFlagSet("synth", flag.ContinueOnError)
	fl.SetOutput(stderr)
	preset := fl.String("preset", "small", "size: small, medium, large or huge")
	seed := fl.Int64("seed", 1, "seed of the (first) project")
	lf := fl.Bool("lf", false, "standard convention: code points, LF line ends, no byte-order mark")
	fl.IntVar(&c.n, "n", 0, "write `COUNT` projects into the folder OUT")
	fl.StringVar(&c.out, "o", "", "output `file` (or folder with -n)")
	fl.BoolVar(&c.stats, "stats", false, "print the project counts and the peak memory")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: synth [-preset small|medium|large|huge] [-n COUNT] [-seed N] [-lf] [-stats] -o OUT")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, errUsage // the flag package has said why
	}
	if fl.NArg() > 0 {
		return c, fmt.Errorf("%w: unexpected argument %q", errUsage, fl.Arg(0))
	}
	if c.out == "" {
		return c, fmt.Errorf("%w: -o is required", errUsage)
	}
	if c.n < 0 {
		return c, fmt.Errorf("%w: -n must not be negative", errUsage)
	}
	opt, err := synth.Preset(*preset)
	if err != nil {
		return c, fmt.Errorf("%w: unknown preset %q (want small, medium, large or huge)", errUsage, *preset)
	}
	if *lf {
		opt = opt.Standard()
	}
	opt.Seed = *seed
	c.opt = opt
	return c, nil
}

func run(args []string, stderr io.Writer) int {
	c, err := parse(args, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		if msg, ok := strings.CutPrefix(err.Error(), "usage: "); ok {
			fmt.Fprintln(stderr, "synth:", msg)
		}
		return 2
	}
	start := time.Now()
	var paths []string
	if c.n == 0 {
		paths = []string{c.out}
		err = synth.WriteFile(c.out, c.opt)
	} else {
		paths, err = writeMany(c)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	elapsed := time.Since(start)
	var total int64
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			fmt.Fprintln(stderr, "synth:", err)
			return 1
		}
		total += st.Size()
	}
	fmt.Fprintf(stderr, "synth: %d file(s), %s, in %s\n", len(paths), size(total), elapsed.Round(time.Millisecond))
	if c.stats {
		o := c.opt
		fmt.Fprintf(stderr, "synth: each: %d transcripts of ~%d characters, %d codings, %d participants, %d codes (%s positions, origin %q)\n",
			o.Transcripts, o.TextLength, o.Codings, o.Participants, o.Codes, o.Positions, o.Origin)
		if hwm := peakRSS(); hwm != "" {
			fmt.Fprintf(stderr, "synth: peak RSS %s\n", hwm)
		}
	}
	return 0
}

// writeMany writes c.n projects into the folder c.out with a pool of one
// worker per CPU.
func writeMany(c config) ([]string, error) {
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	width := max(4, len(fmt.Sprint(c.n)))
	paths := make([]string, c.n)
	for i := range paths {
		paths[i] = filepath.Join(c.out, fmt.Sprintf("project-%0*d.qdpx", width, i+1))
	}
	jobs := make(chan int)
	errs := make([]error, c.n)
	var wg sync.WaitGroup
	for range min(runtime.NumCPU(), c.n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				opt := c.opt
				opt.Seed = c.opt.Seed + int64(i)
				errs[i] = synth.WriteFile(paths[i], opt)
			}
		}()
	}
	for i := range c.n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return paths, errors.Join(errs...)
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// peakRSS returns the process's peak resident set size (VmHWM) as
// /proc/self/status gives it, or "" where that is not available.
func peakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

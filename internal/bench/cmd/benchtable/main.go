// Command benchtable runs the benchmarks of internal/bench in one run and
// prints Markdown tables: per preset, each case's time, throughput, peak
// memory and ratios to the encoding/xml token pass and to xmllint --stream
// (measured between the case's runs), with the performance targets; with two
// presets or more, how time and memory grew (scaling); then the readers
// of the other tools on generated inputs, against the REFI read of a
// project of the same size.
//
//	go run ./internal/bench/cmd/benchtable [-preset medium,large,huge] [-cases read,convert,check]
//	    [-readers rqda,qualcoder,taguette,nvivo|none] [-codings 20000,200000] [-runs 3] [-procs 2]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/qdabridge/qdabridge/internal/bench"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

// config is what the flags ask for.
type config struct {
	presets []string
	cases   []bench.Case
	tools   []bench.Tool
	codings []int
	runs    int
	procs   int
}

func parse(args []string, stderr io.Writer) (*config, error) {
	fl := flag.NewFlagSet("benchtable", flag.ContinueOnError)
	fl.SetOutput(stderr)
	presets := fl.String("preset", "large", "synthetic projects, comma-separated: small, medium, large, huge, excerpts200k")
	cases := fl.String("cases", "", "cases, comma-separated (default all: "+caseNames()+")")
	readers := fl.String("readers", "", "tool readers, comma-separated (default all: rqda, qualcoder, taguette, nvivo), or none")
	codings := fl.String("codings", "20000,200000", "sizes of the tool readers' inputs, in codings, comma-separated")
	runs := fl.Int("runs", 3, "runs of each case (and of each baseline before it)")
	procs := fl.Int("procs", 2, "GOMAXPROCS")
	if err := fl.Parse(args); err != nil {
		return nil, err
	}
	if fl.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fl.Args(), " "))
	}
	if *runs < 1 || *procs < 1 {
		return nil, errors.New("-runs and -procs must be at least 1")
	}
	c := &config{presets: split(*presets), runs: *runs, procs: *procs}
	if *cases == "" {
		c.cases = bench.Cases
	}
	for _, n := range split(*cases) {
		x, err := bench.CaseNamed(n)
		if err != nil {
			return nil, err
		}
		c.cases = append(c.cases, x)
	}
	switch *readers {
	case "":
		c.tools = bench.Tools
	case "none":
	default:
		for _, n := range split(*readers) {
			t, err := bench.ToolNamed(n)
			if err != nil {
				return nil, err
			}
			c.tools = append(c.tools, t)
		}
	}
	for _, s := range split(*codings) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-codings: %q is not a number of codings", s)
		}
		c.codings = append(c.codings, n)
	}
	return c, nil
}

func caseNames() string {
	var names []string
	for _, c := range bench.Cases {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func run(args []string, stdout, stderr io.Writer) error {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	runtime.GOMAXPROCS(c.procs)
	// the fixtures the tool readers compare with are kept for them
	keep := map[string]bool{}
	if len(c.tools) > 0 {
		for _, n := range c.codings {
			keep[bench.RefPreset(n)] = true
		}
	}
	kept := map[string]*bench.Fixture{}
	defer func() {
		for _, f := range kept {
			f.Close()
		}
	}()
	var reps []*bench.Report
	for i, p := range c.presets {
		fmt.Fprintf(stderr, "benchtable: generating %s\n", p)
		f, err := bench.NewFixture(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "benchtable: measuring %s\n", p)
		rep, err := bench.Measure(f, c.cases, c.runs)
		if keep[p] {
			kept[p] = f
		} else {
			f.Close()
		}
		if err != nil {
			return err
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		bench.Table(stdout, rep)
		reps = append(reps, rep)
	}
	if len(reps) > 1 {
		fmt.Fprintln(stdout)
		bench.Scaling(stdout, reps)
	}
	if len(c.tools) == 0 {
		return nil
	}
	var results []*bench.ToolResult
	for _, n := range c.codings {
		p := bench.RefPreset(n)
		ref := kept[p]
		if ref == nil {
			fmt.Fprintf(stderr, "benchtable: generating %s\n", p)
			if ref, err = bench.NewFixture(p); err != nil {
				return err
			}
			kept[p] = ref
		}
		for _, t := range c.tools {
			fmt.Fprintf(stderr, "benchtable: %s at %d codings\n", t.Name, n)
			tf, err := bench.NewToolFixture(t, n, ref)
			if err != nil {
				return err
			}
			r, err := bench.MeasureTool(tf, c.runs)
			tf.Close()
			if err != nil {
				return err
			}
			results = append(results, r)
		}
	}
	if len(reps) > 0 {
		fmt.Fprintln(stdout)
	}
	bench.ToolTable(stdout, results)
	return nil
}

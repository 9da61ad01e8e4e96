// Command benchtable runs the benchmarks of internal/bench on one or more
// presets, in one run, and prints a table per preset of times, throughput,
// peak heap and ratios to the baseline (an encoding/xml token pass over the
// same project.qde); with two presets or more, it also prints how each
// case's time grew from one preset to the next.
//
//	go run ./internal/bench/cmd/benchtable [-preset large,huge] [-cases read,write]
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/qdabridge/qdabridge/internal/bench"
)

func main() {
	presets := flag.String("preset", "large", "synthetic projects, comma-separated: small, medium, large, huge")
	cases := flag.String("cases", "", "cases to run, comma-separated (default all; the baseline always runs)")
	flag.Parse()
	var names []string
	if *cases != "" {
		names = strings.Split(*cases, ",")
	}
	var prevF *bench.Fixture
	var prevR []bench.Result
	for i, p := range strings.Split(*presets, ",") {
		f, err := bench.NewFixture(strings.TrimSpace(p))
		if err != nil {
			fail(err)
		}
		rs, err := bench.Measure(f, names...)
		f.Close()
		if err != nil {
			fail(err)
		}
		if i > 0 {
			fmt.Println()
		}
		bench.Table(os.Stdout, f, rs)
		if prevF != nil {
			fmt.Println()
			bench.Scaling(os.Stdout, prevF, f, prevR, rs)
		}
		prevF, prevR = f, rs
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchtable:", err)
	os.Exit(1)
}

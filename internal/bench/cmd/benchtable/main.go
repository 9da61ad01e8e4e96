// Command benchtable runs the benchmarks of internal/bench on one preset
// and prints a table of times, throughput, peak heap and ratios to the
// baseline (an encoding/xml token pass over the same project.qde).
//
//	go run ./internal/bench/cmd/benchtable [-preset small|medium|large|huge]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/qdabridge/qdabridge/internal/bench"
)

func main() {
	preset := flag.String("preset", "large", "synthetic project: small, medium, large or huge")
	flag.Parse()
	f, err := bench.NewFixture(*preset)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	defer f.Close()
	if err := bench.Table(f, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

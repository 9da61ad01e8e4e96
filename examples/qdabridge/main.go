// Command qdabridge carries qualitative-research projects between the tools
// researchers use (NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette) without
// losing a coding.
//
//	qdabridge convert [INPUT...] -o OUT [--to TOOL]   convert a project, codebook, workbook or NVivo exports
//	qdabridge inspect [FILE]                          summarise a .qdpx, .qde or .qdc
//	qdabridge excerpts [FILE] [--format csv]          every coded passage, one per line
//	qdabridge check PATH...                           write, read back and compare (round trip)
//	qdabridge diff A B                                what differs between two projects
//	qdabridge serve                                   a local page in the web browser to convert without a terminal
//	qdabridge version                                 print the version
//
// Run "qdabridge help COMMAND" for the flags of each command. Flags may come
// before or after the inputs. Exit status: 0 done, 1 failed, 2 usage.
package main

import (
	"os"

	"github.com/qdabridge/qdabridge/internal/cli"
)

func main() {
	os.Exit(cli.Execute(root(), os.Args[1:], os.Stdout, os.Stderr))
}

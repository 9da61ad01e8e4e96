// Command gen regenerates the embedded sample project
// (internal/sample/social-prescribing.qdpx) and its expected-excerpts table
// from the files in internal/sample/content.
//
// Run it from the module root:
//
//	go run ./internal/sample/gen
//
// or with go generate in internal/sample. With -check it writes nothing and
// exits with status 1 if the committed files are out of date.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/qdabridge/qdabridge/internal/sample"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	dir := flag.String("dir", "", "the internal/sample directory (default: found from the working directory)")
	check := flag.Bool("check", false, "only check that the generated files are up to date")
	flag.Parse()
	if err := run(*dir, *check); err != nil {
		log.Fatal(err)
	}
}

func run(dir string, check bool) error {
	if dir == "" {
		var err error
		if dir, err = findDir(); err != nil {
			return err
		}
	}
	qdpx, tsv, err := sample.Generate(os.DirFS(filepath.Join(dir, "content")))
	if err != nil {
		return err
	}
	outputs := []struct {
		name string
		data []byte
	}{
		{sample.FileName, qdpx},
		{sample.ExcerptsFileName, tsv},
	}
	var stale []error
	for _, o := range outputs {
		path := filepath.Join(dir, o.name)
		if check {
			old, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(old, o.data) {
				stale = append(stale, fmt.Errorf("%s is out of date; run go run ./internal/sample/gen", path))
			}
			continue
		}
		if err := os.WriteFile(path, o.data, 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%d bytes)\n", path, len(o.data))
	}
	return errors.Join(stale...)
}

// findDir accepts being run from the module root or from internal/sample.
func findDir() (string, error) {
	for _, dir := range []string{filepath.Join("internal", "sample"), "."} {
		if _, err := os.Stat(filepath.Join(dir, "content", sample.SpecFile)); err == nil {
			return dir, nil
		}
	}
	return "", errors.New("cannot find content/" + sample.SpecFile + "; run from the module root or pass -dir")
}

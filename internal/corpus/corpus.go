// Package corpus locates the folder of real files written by other tools
// (NVivo, ATLAS.ti, Taguette, qc, OpenQDA...) that tests run over. The
// corpus is not part of the repository; the environment variable QDA_CORPUS
// names it. A relative QDA_CORPUS is taken from the module root, so tests in
// any package find it.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the folder sub of the corpus, or skips the test, saying why,
// when QDA_CORPUS is not set. It fails the test when QDA_CORPUS is set but
// the folder is missing: the run was meant to cover the corpus.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	root := os.Getenv("QDA_CORPUS")
	if root == "" {
		t.Skip("QDA_CORPUS not set: skipping the tests over real files from other tools (set it to the corpus folder, as .ci/run does)")
	}
	if !filepath.IsAbs(root) {
		if mod := moduleRoot(); mod != "" {
			root = filepath.Join(mod, root)
		}
	}
	dir := filepath.Join(root, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("QDA_CORPUS=%s: %v", os.Getenv("QDA_CORPUS"), err)
	}
	return dir
}

// moduleRoot returns the nearest folder above the working directory that
// holds a go.mod.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

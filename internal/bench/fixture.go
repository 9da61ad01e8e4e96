package bench

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/qdabridge/qdabridge/internal/synth"
	"github.com/qdabridge/qdabridge/internal/xmllint"
	"github.com/qdabridge/qdabridge/refi"
)

// Fixture is a generated project on disk, with its project.qde extracted.
type Fixture struct {
	Preset     string
	Path       string // the .qdpx
	QDE        string // project.qde extracted from it
	QDEsize    int64  // bytes of project.qde
	Codings    int
	Selections int // excerpts, one per selection
	// XMLLint is the path of xmllint, "" when it is not installed; Schema
	// is Project.xsd beside the fixture, for xmllint.
	XMLLint, Schema string
	dir             string
}

// preset returns synth's preset of that name, or excerpts200k: the large
// preset with twice the codings, about 200,000 coded passages.
func preset(name string) (synth.Options, error) {
	if name == "excerpts200k" {
		o := synth.Large()
		o.Codings = 400_000
		return o, nil
	}
	return synth.Preset(name)
}

// NewFixture generates the preset's project in a temporary folder (one of
// synth's presets, small, medium, large, huge, or excerpts200k) and
// extracts its project.qde there. It fails when the preset is unknown or
// the project cannot be written or read back.
func NewFixture(name string) (*Fixture, error) {
	opt, err := preset(name)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "qdabridge-bench-")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	f := &Fixture{Preset: name, Path: filepath.Join(dir, name+".qdpx"), QDE: filepath.Join(dir, "project.qde"),
		Codings: opt.Codings, dir: dir}
	if err := f.make(opt); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return f, nil
}

func (f *Fixture) make(opt synth.Options) error {
	if err := synth.WriteFile(f.Path, opt); err != nil {
		return err
	}
	doc, err := refi.Open(f.Path)
	if err != nil {
		return err
	}
	f.Selections = doc.Project.Counts().Selections
	doc.Close()
	if f.QDEsize, err = extract(f.Path, f.QDE); err != nil {
		return err
	}
	if path, err := exec.LookPath("xmllint"); err == nil {
		if f.Schema, err = xmllint.WriteSchemas(f.dir); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		f.XMLLint = path
	}
	return nil
}

// extract copies project.qde out of the archive to path and returns its
// size.
func extract(archive, path string) (int64, error) {
	zr, err := zip.OpenReader(archive)
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	defer zr.Close()
	rc, err := zr.Open("project.qde")
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	defer rc.Close()
	out, err := os.Create(path)
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	n, err := io.Copy(out, rc)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("bench: extracting project.qde: %w", err)
	}
	return n, nil
}

// Close removes the fixture's files.
func (f *Fixture) Close() error { return os.RemoveAll(f.dir) }

package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/qdabridge/qdabridge/internal/synth/toolgen"
	"github.com/qdabridge/qdabridge/nvivo"
	"github.com/qdabridge/qdabridge/qualcoder"
	"github.com/qdabridge/qdabridge/refi"
	"github.com/qdabridge/qdabridge/rqda"
	"github.com/qdabridge/qdabridge/taguette"
)

// Tool is the reader of another tool's project.
type Tool struct {
	Name string
	// Make generates the tool's input of shape s in the empty folder dir
	// and returns its path.
	Make func(dir string, s toolgen.Shape) (string, error)
	// Read reads the input as convert does, into a document to write.
	Read func(input string) (*refi.Document, error)
}

// Tools are the readers of the other tools' projects.
var Tools = []Tool{
	{"rqda", makeRQDA, readRQDA},
	{"qualcoder", makeQualCoder, readQualCoder},
	{"taguette", makeTaguette, readTaguette},
	{"nvivo", makeNVivo, readNVivo},
}

// ToolNamed returns the tool of that name.
func ToolNamed(name string) (Tool, error) {
	for _, t := range Tools {
		if t.Name == name {
			return t, nil
		}
	}
	return Tool{}, fmt.Errorf("bench: unknown reader %q", name)
}

func makeRQDA(dir string, s toolgen.Shape) (string, error) {
	p := filepath.Join(dir, "project.rqda")
	return p, toolgen.WriteRQDA(p, s)
}

func readRQDA(input string) (*refi.Document, error) {
	res, err := (&rqda.Reader{}).ReadFile(input)
	if err != nil {
		return nil, err
	}
	return res.Document(), nil
}

func makeQualCoder(dir string, s toolgen.Shape) (string, error) {
	p := filepath.Join(dir, "project.qda")
	return p, toolgen.WriteQualCoder(p, s)
}

func readQualCoder(input string) (*refi.Document, error) {
	res, err := (&qualcoder.Reader{}).ReadFile(input)
	if err != nil {
		return nil, err
	}
	return res.Document(), nil
}

func makeTaguette(dir string, s toolgen.Shape) (string, error) {
	p := filepath.Join(dir, "project.sqlite3")
	return p, toolgen.WriteTaguette(p, s)
}

func readTaguette(input string) (*refi.Document, error) {
	res, err := (&taguette.Reader{}).ReadFile(input)
	if err != nil {
		return nil, err
	}
	return res.Document(), nil
}

// The NVivo input is the folder of exports toolgen.WriteNVivo writes.
func makeNVivo(dir string, s toolgen.Shape) (string, error) {
	p := filepath.Join(dir, "nvivo")
	_, err := toolgen.WriteNVivo(p, s)
	return p, err
}

// readNVivo reads the exports and builds the project with the transcripts
// as documents, as convert does.
func readNVivo(input string) (*refi.Document, error) {
	ex := toolgen.NVivoFolder(input)
	b := &nvivo.Builder{Documents: os.DirFS(ex.Documents)}
	for _, p := range ex.Exports() {
		e, err := (&nvivo.Reader{}).ReadFile(p)
		if err != nil {
			return nil, err
		}
		b.Add(e)
	}
	res, err := b.Build()
	if err != nil {
		return nil, err
	}
	return refi.NewDocument(res.Project, res.Files), nil
}

// ToolFixture is a tool's generated input and the REFI project of the
// same size to compare its reading with.
type ToolFixture struct {
	Tool    Tool
	Codings int
	Input   string
	Size    int64    // bytes of the input (a folder's files summed)
	Ref     *Fixture // a REFI project of the same size: synth's medium or large preset
	dir     string
}

// RefPreset is the synth preset of the size toolgen.ForCodings(codings)
// has: medium for 20,000 codings, large for 200,000.
func RefPreset(codings int) string {
	if codings >= 200_000 {
		return "large"
	}
	return "medium"
}

// NewToolFixture generates t's input of the given number of codings
// (toolgen.ForCodings) in a temporary folder; ref is the REFI project of
// the same size (see RefPreset), which the fixture does not close.
func NewToolFixture(t Tool, codings int, ref *Fixture) (*ToolFixture, error) {
	dir, err := os.MkdirTemp("", "qdabridge-bench-"+t.Name+"-")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	in, err := t.Make(dir, toolgen.ForCodings(codings))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	tf := &ToolFixture{Tool: t, Codings: codings, Input: in, Ref: ref, dir: dir}
	tf.Size, err = size(in)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return tf, nil
}

// Close removes the generated input.
func (tf *ToolFixture) Close() error { return os.RemoveAll(tf.dir) }

func size(path string) (int64, error) {
	var n int64
	err := filepath.Walk(path, func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	return n, nil
}

// ReadWrite reads the tool's input and writes it as a .qdpx, as convert
// does, and returns how many codings came through (NVivo's exports carry
// no positions: a passage whose text is found at two places may not be
// placed). It fails when none came through.
func (tf *ToolFixture) ReadWrite() (int, error) {
	doc, err := tf.Tool.Read(tf.Input)
	if err != nil {
		return 0, err
	}
	defer doc.Close()
	n := doc.Project.Counts().Codings
	if n == 0 {
		return 0, fmt.Errorf("bench: %s: no codings read of %d", tf.Tool.Name, tf.Codings)
	}
	_, err = (&refi.Writer{}).WriteFile(filepath.Join(tf.dir, "converted.qdpx"), doc)
	return n, err
}

// ToolResult is a tool's reader measured on its input, with the REFI read
// of the same-size project and the token pass over that project measured
// between its runs.
type ToolResult struct {
	Tool     string
	Codings  int
	Placed   int     // codings that came through
	Input    float64 // MB
	Runs     int
	Seconds  float64 // read + write, per run
	PeakHeap float64 // MB
	REFIRead float64 // seconds per run of refi.Open + Counts of the same-size project
	Tokens   float64 // seconds per run of the token pass over that project
}

// XREFI is the reader's time over the REFI read's.
func (r ToolResult) XREFI() float64 { return ratio(r.Seconds, r.REFIRead) }

// XTokens is the reader's time over the token pass's.
func (r ToolResult) XTokens() float64 { return ratio(r.Seconds, r.Tokens) }

// MeasureTool runs the reader runs times on tf, each run after a token
// pass over and a REFI read of the same-size project.
func MeasureTool(tf *ToolFixture, runs int) (*ToolResult, error) {
	runs = max(runs, 1)
	res := &ToolResult{Tool: tf.Tool.Name, Codings: tf.Codings, Input: mb(uint64(tf.Size)), Runs: runs}
	if err := TokenPass(tf.Ref.Path); err != nil { // warm the file cache
		return nil, err
	}
	for i := 0; i < runs; i++ {
		tok, err := timed(func() error { return TokenPass(tf.Ref.Path) })
		if err != nil {
			return nil, err
		}
		rd, err := timed(func() error { return opened(read)(tf.Ref) })
		if err != nil {
			return nil, err
		}
		s, err := timed(func() (err error) { res.Placed, err = tf.ReadWrite(); return err })
		if err != nil {
			return nil, err
		}
		res.Tokens += tok.d.Seconds()
		res.REFIRead += rd.d.Seconds()
		res.Seconds += s.d.Seconds()
		res.PeakHeap = max(res.PeakHeap, mb(s.heap))
	}
	res.Tokens /= float64(runs)
	res.REFIRead /= float64(runs)
	res.Seconds /= float64(runs)
	runtime.GC()
	return res, nil
}

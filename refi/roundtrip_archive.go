package refi

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"sync/atomic"
)

// checkArchive checks a project written as a .qdpx. What can run at once
// does, each part in its goroutine: the written project document is
// validated (in Go from the tokens the read-back scans, and with Validate
// from a decompression of its own) while the archive is read back and
// then while the projects and the source files are compared, both at
// once. What is kept meanwhile: the written archive (in memory up to
// roundTripMemory, compressed), the project read back, and, when passages
// are compared, one hash per passage.
//
// The passages are compared when a profile converts the project (then the
// input's are hashed while it is written) or when the fields or the files
// differ. When neither differs, every passage is the same, as each is
// given by the same fields (the positions convention included) from the
// same bytes, read with the same limits: that comparison is then skipped.
func (c *RoundTripChecker) checkArchive(w *Writer, doc *Document, res *RoundTrip) (*RoundTrip, error) {
	normalise := w.Profile != nil
	var hashing group
	var stopHashing atomic.Bool
	var want map[passageKey]passage
	if normalise {
		hashing.Go(func() { want = hashPassages(doc, normalise, &stopHashing) })
	}
	fail := func(err error) (*RoundTrip, error) {
		stopHashing.Store(true)
		hashing.Wait()
		return nil, err
	}

	// write the archive to memory, or to a temporary file when large
	var mem bytes.Buffer
	var tmp *os.File
	var out io.Writer = &mem
	if sz := doc.size(); sz > roundTripMemory/4 {
		f, err := os.CreateTemp(c.TempDir, "qdabridge-roundtrip-*.qdpx")
		if err != nil {
			return fail(fmt.Errorf("refi: %w", err))
		}
		tmp = f
		defer func() { // after the goroutines reading it have ended
			tmp.Close()
			os.Remove(tmp.Name())
		}()
		out = bufio.NewWriterSize(f, 1<<20)
	} else {
		mem.Grow(int(sz + sz/8 + 64<<10)) // about the input's size: no copies growing
	}
	rep, err := w.Write(out, doc, FormatQDPX)
	if err != nil {
		return fail(err)
	}
	res.Report = *rep
	var written io.ReaderAt = bytes.NewReader(mem.Bytes())
	res.Written = int64(mem.Len())
	if tmp != nil {
		if err := out.(*bufio.Writer).Flush(); err != nil {
			return fail(fmt.Errorf("refi: %w", err))
		}
		st, err := tmp.Stat()
		if err != nil {
			return fail(fmt.Errorf("refi: %w", err))
		}
		written, res.Written = tmp, st.Size()
	}

	// read back while the written document is validated: in Go from the
	// tokens the read-back scans
	tap := newBatchTap()
	rd := &Reader{Name: "written", pipe: 1, tap: tap}
	checks := startWrittenChecks(written, res.Written, tap, c.Validate)
	back, err := rd.ReadQDPX(written, res.Written)
	tap.end() // the read has stopped scanning
	if err != nil {
		checks.cancel()
		return fail(fmt.Errorf("refi: reading the written project back: %w", err))
	}
	// compare while the validation ends
	hashing.Wait()
	found := &RoundTrip{Report: res.Report}
	found.compare(doc, back, normalise, want)
	invalid, other := checks.wait()
	res.Invalid = invalid
	if invalid == nil {
		res.validate(other)
	}
	res.schema()
	res.Differences = append(res.Differences, found.Differences...)
	res.Unreadable = found.Unreadable
	for _, wn := range back.Warnings {
		if wn.Code == WarnDuplicateGUID {
			res.Differences = append(res.Differences, "written project: "+wn.String())
		}
	}
	return res, nil
}

// compare compares the project read back, b, with the one written, a:
// the fields (unless normalise: a profile converted them), the files and,
// when they may differ, the passages, with want the hashes of a's when
// already made. What it finds is added to the result in a fixed order:
// fields, files, passages.
func (r *RoundTrip) compare(a, b *Document, normalise bool, want map[passageKey]passage) {
	var diffs []string
	files := &RoundTrip{Report: r.Report}
	var comparing group
	if !normalise {
		comparing.Go(func() {
			for _, d := range Diff(a.Project, b.Project) {
				diffs = append(diffs, d.String())
			}
		})
	}
	comparing.Go(func() {
		var rewritten map[string]bool
		if normalise { // the profile rewrites the texts
			rewritten = map[string]bool{}
			for _, pth := range a.Project.PlainTextPaths() {
				rewritten[pth] = true
			}
		}
		files.sameFiles(a, b, rewritten)
	})
	comparing.Wait()
	passages := &RoundTrip{Report: r.Report}
	same := !normalise && len(diffs) == 0 && len(files.Differences) == 0 && len(files.Unreadable) == 0 &&
		a.limits() == b.limits()
	if !same {
		if want == nil {
			want = hashPassages(a, normalise, new(atomic.Bool))
		}
		passages.samePassages(want, a, b, normalise)
	}
	r.Differences = append(r.Differences, diffs...)
	r.Differences = append(r.Differences, files.Differences...)
	r.Unreadable = append(r.Unreadable, files.Unreadable...)
	r.Differences = append(r.Differences, passages.Differences...)
}

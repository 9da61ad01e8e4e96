package pseudonym

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/qdabridge/qdabridge/refi"
)

// ErrLeft is wrapped by the error of [Result.Write] when an original still
// occurs in the output.
var ErrLeft = errors.New("pseudonym: an original is still in the output")

// maxEntry is the largest archive entry Result.Write checks, in bytes.
const maxEntry = 256 << 20

// Write writes doc, pseudonymised by [Key.Apply] with the result r, to out
// in format f with w (a nil w is a zero [refi.Writer]), as w.Write does,
// but checked: a .qdpx archive leaves out the rich-text files of the
// changed texts (refi keeps the archive files a project no longer names,
// and these hold the old texts), and every entry of the output is read
// again and searched for the originals. It fails when w does, or with an
// error wrapping [ErrLeft], naming the entry, when an original still
// occurs (a file in the archive that no source names, say): then nothing
// is written to out. Files inside files (a .docx in the archive) are not
// looked into.
func (r *Result) Write(out io.Writer, w *refi.Writer, doc *refi.Document, f refi.Format) (*refi.Report, error) {
	if w == nil {
		w = &refi.Writer{}
	}
	var buf bytes.Buffer
	rep, err := w.Write(&buf, doc, f)
	if err != nil {
		return rep, fmt.Errorf("pseudonym: %w", err)
	}
	b := buf.Bytes()
	if f == refi.FormatQDPX {
		if b, err = r.filter(b); err != nil {
			return rep, err
		}
	} else if err := r.check("project.qde", b); err != nil {
		return rep, err
	}
	if _, err := out.Write(b); err != nil {
		return rep, fmt.Errorf("pseudonym: %w", err)
	}
	return rep, nil
}

// dropped returns the archive names (lower case, without "sources/") of
// the rich-text files the changed texts no longer name.
func (r *Result) dropped() map[string]bool {
	out := map[string]bool{}
	for _, rev := range r.Revisions {
		if name, ok := strings.CutPrefix(rev.RichText, "internal://"); ok {
			out[strings.ToLower(path.Clean(name))] = true
		}
	}
	return out
}

// filter copies the archive b without the dropped files, checking every
// entry it keeps.
func (r *Result) filter(b []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("pseudonym: reading the output again: %w", err)
	}
	drop := r.dropped()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		rest, _ := strings.CutPrefix(strings.ToLower(e.Name), "sources/")
		if drop[rest] {
			continue
		}
		rc, err := e.Open()
		if err != nil {
			return nil, fmt.Errorf("pseudonym: reading the output again: %s: %w", e.Name, err)
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxEntry))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("pseudonym: reading the output again: %s: %w", e.Name, err)
		}
		if err := r.check(e.Name, data); err != nil {
			return nil, err
		}
		if err := zw.Copy(e); err != nil {
			return nil, fmt.Errorf("pseudonym: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("pseudonym: %w", err)
	}
	return out.Bytes(), nil
}

// check fails when an original occurs in data, the entry name: in the
// text, attribute values, comments and processing instructions of a .qde,
// anywhere in another file.
func (r *Result) check(name string, data []byte) error {
	if r.key == nil {
		return nil
	}
	if !strings.EqualFold(path.Ext(name), ".qde") {
		return r.checkText(name, string(data))
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("pseudonym: reading the output again: %s: %w", name, err)
		}
		var texts []string
		switch t := tok.(type) {
		case xml.CharData:
			texts = []string{string(t)}
		case xml.Comment:
			texts = []string{string(t)}
		case xml.ProcInst:
			texts = []string{string(t.Inst)}
		case xml.StartElement:
			for _, a := range t.Attr {
				texts = append(texts, a.Value)
			}
		}
		for _, s := range texts {
			if err := r.checkText(name, s); err != nil {
				return err
			}
		}
	}
}

func (r *Result) checkText(name, s string) error {
	if ms := r.key.m.find(s); len(ms) > 0 {
		return fmt.Errorf("%w: %s holds %q; remove it from the project", ErrLeft, name, r.key.Entries[ms[0].entry].Original)
	}
	return nil
}

// Package transcript reads the transcripts a user gives beside the exports
// of coded segments (the --sources folder): the .txt and .docx files in
// which the readers of NVivo's, MAXQDA's, ATLAS.ti's, Taguette's and
// QualCoder's exports place the coded passages.
package transcript

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf16"

	"github.com/qdabridge/qdabridge/internal/docx"
	"github.com/qdabridge/qdabridge/refi"
)

// List returns the paths of the .txt and .docx files of fsys (any
// letter case), in the order fs.WalkDir visits them. Its error is the
// walk's.
func List(fsys fs.FS) ([]string, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if ext := strings.ToLower(path.Ext(p)); ext == ".txt" || ext == ".docx" {
			paths = append(paths, p)
		}
		return nil
	})
	return paths, err
}

// Transcript is a transcript read: its text as a source stores it.
type Transcript struct {
	Path   string
	Format string     // "txt" or "docx"
	Stored []byte     // the plain text stored in the project (a .txt as it is)
	Rich   []byte     // a .docx as it is; nil for a .txt
	Text   *refi.Text // the text passages are looked for in
	// NotUTF8 says that a .txt is neither valid UTF-8 nor UTF-16 with a
	// byte-order mark: passages with other characters will not be found.
	NotUTF8 bool
}

// ErrTooLarge means a transcript is larger than the limit given to Read.
var ErrTooLarge = errors.New("larger than")

// Read reads the transcript p of fsys, at most limit bytes: its size is
// checked before it is read, and it is read through a limit, so that a
// larger file (or one that grows, or whose size is told wrong) is never
// loaded whole. A .docx gives the plain text of its paragraphs (see
// internal/docx, which refuses what would inflate beyond its bounds); a
// .txt is UTF-8 (a byte-order mark left out of the text) or UTF-16 with a
// byte-order mark. Errors name p: one that cannot be opened or read, is
// not a regular file, wraps ErrTooLarge, or is not a readable .docx.
func Read(fsys fs.FS, p string, limit int64) (*Transcript, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", p)
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%s is %w %d bytes", p, ErrTooLarge, limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is %w %d bytes", p, ErrTooLarge, limit)
	}
	t := &Transcript{Path: p}
	if strings.EqualFold(path.Ext(p), ".docx") {
		s, err := docx.Text(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		t.Format, t.Rich, t.Stored, t.Text = "docx", data, []byte(s), refi.NewTextString(s)
		return t, nil
	}
	t.Format, t.Stored = "txt", data
	if s, ok := UTF16(data); ok {
		t.Text = refi.NewTextString(s)
		return t, nil
	}
	t.Text = refi.NewText(data)
	t.NotUTF8 = !t.Text.ValidUTF8()
	return t, nil
}

// UTF16 decodes UTF-16 text that starts with a byte-order mark (either
// order), the mark left out; ok is false for any other text.
func UTF16(data []byte) (s string, ok bool) {
	var be bool
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		be = true
	default:
		return "", false
	}
	data = data[2:]
	u := make([]uint16, len(data)/2)
	for i := range u {
		if be {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return string(utf16.Decode(u)), true
}

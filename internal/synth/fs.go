package synth

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"
)

// sourcesDir is the folder of the generated file system that holds the
// text files, as in a .qdpx archive.
const sourcesDir = "sources"

// textFS is the file system of a generated project's text files: a folder
// "sources" with one file per transcript (and per note kept in a file).
// Files are generated when they are opened; only their names and sizes are
// held.
type textFS struct {
	files []fsFile // sorted by name
	index map[string]int
}

// fsFile is a file of textFS: content returns its bytes, generated anew.
type fsFile struct {
	name    string
	size    int64
	content func() []byte
}

func newTextFS(files []fsFile) *textFS {
	slices.SortFunc(files, func(a, b fsFile) int { return strings.Compare(a.name, b.name) })
	f := &textFS{files: files, index: make(map[string]int, len(files))}
	for i, x := range files {
		f.index[x.name] = i
	}
	return f
}

// Open opens the folder ".", the folder "sources" or a file "sources/<name>".
func (f *textFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	switch name {
	case ".":
		return &dirFile{info: fileInfo{name: ".", dir: true},
			entries: []fs.DirEntry{fs.FileInfoToDirEntry(fileInfo{name: sourcesDir, dir: true})}}, nil
	case sourcesDir:
		entries := make([]fs.DirEntry, len(f.files))
		for i, x := range f.files {
			entries[i] = fs.FileInfoToDirEntry(fileInfo{name: x.name, size: x.size})
		}
		return &dirFile{info: fileInfo{name: sourcesDir, dir: true}, entries: entries}, nil
	}
	if rest, ok := strings.CutPrefix(name, sourcesDir+"/"); ok {
		if i, ok := f.index[rest]; ok {
			x := f.files[i]
			b := x.content()
			if int64(len(b)) != x.size {
				// the generator is not deterministic: a bug, not a user error
				return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("synth: generated file changed size")}
			}
			return &file{Reader: bytes.NewReader(b), info: fileInfo{name: x.name, size: x.size}}, nil
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// fileInfo describes a file or folder of textFS. Files are read-only and
// have no modification time.
type fileInfo struct {
	name string
	size int64
	dir  bool
}

func (i fileInfo) Name() string       { return i.name }
func (i fileInfo) Size() int64        { return i.size }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return i.dir }
func (i fileInfo) Sys() any           { return nil }
func (i fileInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

// file is an open text file. It supports Seek and ReadAt.
type file struct {
	*bytes.Reader
	info   fileInfo
	closed bool
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }

func (f *file) Read(p []byte) (int, error) {
	if f.closed {
		return 0, &fs.PathError{Op: "read", Path: f.info.name, Err: fs.ErrClosed}
	}
	return f.Reader.Read(p)
}

func (f *file) Close() error {
	if f.closed {
		return &fs.PathError{Op: "close", Path: f.info.name, Err: fs.ErrClosed}
	}
	f.closed = true
	return nil
}

// dirFile is an open folder.
type dirFile struct {
	info    fileInfo
	entries []fs.DirEntry
	off     int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}

// ReadDir returns the next n entries (all remaining when n <= 0), in name
// order.
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return slices.Clone(rest), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return slices.Clone(rest[:n]), nil
}

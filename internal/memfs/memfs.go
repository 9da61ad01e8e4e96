// Package memfs is an in-memory fs.FS of named files: the files a project
// built by a reader names (its sources' plain texts and originals).
package memfs

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"time"
)

// FS is an in-memory fs.FS: file names (valid fs paths, no directories
// but the root) to their content.
type FS map[string][]byte

// Open opens the file name, or the root directory ".".
func (m FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return &memDir{m: m}, nil
	}
	b, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{name: name, r: bytes.NewReader(b), size: int64(len(b))}, nil
}

type memFile struct {
	name string
	r    *bytes.Reader
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{name: f.name, size: f.size}, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }

type memDir struct {
	m       FS
	entries []fs.DirEntry // nil until the first ReadDir
	off     int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return memInfo{name: ".", dir: true}, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: errors.New("is a directory")}
}
func (d *memDir) Close() error { return nil }

// ReadDir lists the files in name order, as fs.ReadDirFile says: n > 0
// entries at most per call (io.EOF at the end), or all that are left.
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.entries == nil {
		names := make([]string, 0, len(d.m))
		for k := range d.m {
			names = append(names, k)
		}
		sort.Strings(names)
		d.entries = make([]fs.DirEntry, len(names))
		for i, k := range names {
			d.entries[i] = fs.FileInfoToDirEntry(memInfo{name: k, size: int64(len(d.m[k]))})
		}
	}
	left := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return left, nil
	}
	if len(left) == 0 {
		return nil, io.EOF
	}
	left = left[:min(n, len(left))]
	d.off += len(left)
	return left, nil
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return path.Base(i.name) }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

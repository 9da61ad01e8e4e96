package qualcoder

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"time"
)

// memFS is the fs.FS of Result.Files: texts held in memory, media files of
// the project folder opened from disk when read (and checked again then:
// still a regular file, of the size seen).
type memFS struct {
	data map[string][]byte
	disk map[string]diskFile
}

type diskFile struct {
	path string
	size int64
}

func newMemFS() *memFS {
	return &memFS{data: map[string][]byte{}, disk: map[string]diskFile{}}
}

func (m *memFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return &memDir{m: m}, nil
	}
	if b, ok := m.data[name]; ok {
		return &memFile{info: memInfo{name: name, size: int64(len(b))}, r: bytes.NewReader(b)}, nil
	}
	d, ok := m.disk[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, err := os.Open(d.path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != d.size {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("qualcoder: %s changed since the project was read", d.path)}
	}
	return &diskReader{File: f, info: memInfo{name: name, size: d.size}, r: io.LimitReader(f, d.size)}, nil
}

type memFile struct {
	info memInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }

type diskReader struct {
	*os.File
	info memInfo
	r    io.Reader
}

func (f *diskReader) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *diskReader) Read(p []byte) (int, error) { return f.r.Read(p) }

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

// memDir is the root folder, listing every file.
type memDir struct {
	m    *memFS
	list []fs.DirEntry
	read bool
}

func (d *memDir) Stat() (fs.FileInfo, error) { return memInfo{name: ".", dir: true}, nil }
func (d *memDir) Read([]byte) (int, error)   { return 0, io.EOF }
func (d *memDir) Close() error               { return nil }

func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		d.read = true
		for name, b := range d.m.data {
			d.list = append(d.list, fs.FileInfoToDirEntry(memInfo{name: name, size: int64(len(b))}))
		}
		for name, f := range d.m.disk {
			d.list = append(d.list, fs.FileInfoToDirEntry(memInfo{name: name, size: f.size}))
		}
		sort.Slice(d.list, func(i, j int) bool { return d.list[i].Name() < d.list[j].Name() })
	}
	if n <= 0 {
		l := d.list
		d.list = nil
		return l, nil
	}
	if len(d.list) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.list))
	l := d.list[:n]
	d.list = d.list[n:]
	return l, nil
}

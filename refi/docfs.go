package refi

import (
	"archive/zip"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// Open implements fs.FS over the archive the document was read from. Names
// are archive paths ("sources/<file>"); when no entry has the exact name, a
// name differing only in case is used, so "sources/x.txt" finds
// "Sources/x.txt". Entries with unsafe names are never served or listed. A
// document read from a .qde on disk, or made with NewDocument, serves its
// folder; one made with New serves the texts added to it as
// "sources/<file>". A .qde read from an io.Reader has no files.
func (d *Document) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	a := d.a
	if a != nil && len(a.added) > 0 {
		if b, ok := a.added[strings.TrimPrefix(name, "sources/")]; ok {
			return memFS{name: b}.Open(name)
		}
	}
	if a != nil && a.zr == nil && a.dir != nil {
		return a.dir.Open(name)
	}
	if a == nil || a.zr == nil {
		if name == "." {
			return &dirFile{name: "."}, nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if f := a.lookup(name); f != nil {
		if f.UncompressedSize64 > uint64(a.limits.MaxEntrySize) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: ErrLimit}
		}
		rc, err := a.openEntry(f, a.limits.MaxEntrySize)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &entryFile{entryReader: rc.(*entryReader), f: f}, nil
	}
	if entries, ok := a.dirs()[name]; ok {
		return &dirFile{name: name, entries: entries}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// dirs lists the directories the usable entries imply, with their children.
func (a *archive) dirs() map[string][]fs.DirEntry {
	a.dirOnce.Do(a.buildDirs)
	return a.dirMap
}

func (a *archive) buildDirs() {
	m := map[string][]fs.DirEntry{".": nil}
	seen := map[string]bool{}
	for _, f := range a.files {
		name := f.Name
		for {
			dir := path.Dir(name)
			if !seen[name] {
				seen[name] = true
				if name == f.Name {
					m[dir] = append(m[dir], fs.FileInfoToDirEntry(f.FileInfo()))
				} else {
					m[dir] = append(m[dir], fs.FileInfoToDirEntry(dirInfo(path.Base(name))))
				}
			}
			if dir == "." {
				break
			}
			if _, ok := m[dir]; !ok {
				m[dir] = nil
			}
			name = dir
		}
	}
	for _, es := range m {
		sort.Slice(es, func(i, j int) bool { return es[i].Name() < es[j].Name() })
	}
	a.dirMap = m
}

type entryFile struct {
	*entryReader
	f *zip.File
}

func (e *entryFile) Stat() (fs.FileInfo, error) { return e.f.FileInfo(), nil }

type dirFile struct {
	name    string
	entries []fs.DirEntry
	off     int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return dirInfo(path.Base(d.name)), nil }

func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}

func (d *dirFile) Close() error { return nil }

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	if n > len(rest) {
		n = len(rest)
	}
	d.off += n
	return rest[:n], nil
}

type dirInfo string

func (d dirInfo) Name() string { return string(d) }

func (dirInfo) Size() int64 { return 0 }

func (dirInfo) Mode() fs.FileMode { return fs.ModeDir | 0o555 }

func (dirInfo) ModTime() time.Time { return time.Time{} }

func (dirInfo) IsDir() bool { return true }

func (dirInfo) Sys() any { return nil }

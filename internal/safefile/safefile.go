// Package safefile writes files atomically: the content goes to a temporary
// file in the destination's folder, which is synced and then renamed over the
// destination, so that a reader never sees a half-written file and a failed
// write leaves the previous file (or none) in place.
package safefile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned by Write when NoClobber is set and the destination
// exists.
var ErrExists = errors.New("safefile: destination exists")

// Options control Write. The zero value replaces an existing file.
type Options struct {
	// NoClobber makes Write fail with ErrExists when the destination exists.
	NoClobber bool
	// Perm is the permission of a new file; 0 means 0o644.
	Perm fs.FileMode
}

// Write calls fn with a writer to a temporary file beside path (buffered:
// fn need not buffer its writes) and, when fn succeeds, flushes and syncs
// the file and renames it to path. When fn or any step fails,
// or fn panics, the temporary file is removed and path is left as it was. It
// never writes anywhere but path's folder.
func Write(path string, opt Options, fn func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if opt.NoClobber {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%w: %s", ErrExists, path)
		}
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("safefile: %s is a directory", path)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("safefile: %w", err)
	}
	name := tmp.Name()
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(name)
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err = fn(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("safefile: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("safefile: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("safefile: %w", err)
	}
	perm := opt.Perm
	if perm == 0 {
		perm = 0o644
	}
	if err = os.Chmod(name, perm); err != nil {
		return fmt.Errorf("safefile: %w", err)
	}
	if opt.NoClobber {
		// Link fails if path appeared meanwhile; fall back to rename where
		// hard links are not supported.
		if lerr := os.Link(name, path); lerr == nil {
			os.Remove(name)
			done = true
			syncDir(dir)
			return nil
		} else if _, serr := os.Lstat(path); serr == nil {
			err = fmt.Errorf("%w: %s", ErrExists, path)
			return err
		}
	}
	if err = os.Rename(name, path); err != nil {
		return fmt.Errorf("safefile: %w", err)
	}
	done = true
	syncDir(dir)
	return nil
}

// syncDir makes a rename durable where the system can sync a folder.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

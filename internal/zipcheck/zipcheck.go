// Package zipcheck recognises zip archives built to exhaust a reader (zip
// bombs) from their directory alone, before anything is inflated. It is
// shared by the readers of .qdpx archives (refi) and of workbooks (xlsx).
//
// Three constructions are recognised:
//
//   - a directory that claims more entries than a limit: archive/zip reads
//     the whole directory into memory, so it is refused before it is read
//     ([DirectoryRecords]);
//   - entries that overlap: many directory entries pointing at one small
//     block of compressed data, each inflating to its full size
//     ([Overlapping]);
//   - an entry whose declared sizes say it inflates more than a ratio
//     ([TooCompressed]). archive/zip stops an entry at the uncompressed
//     size its header declares and reads no more compressed data than the
//     header declares, so the declared sizes bound the real ratio.
//
// An entry that inflates past its declared size is stopped by archive/zip
// itself (with zip.ErrFormat).
package zipcheck

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
)

// DirectoryRecords returns the number of entries the end of a zip archive's
// central directory declares (its zip64 form when there is one), or false
// when the archive has no end record (archive/zip then reports the error).
// It reads at most the last 64 KiB of the archive and two records.
func DirectoryRecords(ra io.ReaderAt, size int64) (uint64, bool) {
	const (
		endLen      = 22 // end of central directory record, without comment
		locatorLen  = 20 // zip64 end of central directory locator
		zip64EndLen = 56
	)
	tail := min(size, endLen+0xFFFF)
	if tail < endLen {
		return 0, false
	}
	buf := make([]byte, tail)
	if _, err := ra.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, false
	}
	i := bytes.LastIndex(buf, []byte("PK\x05\x06"))
	for i >= 0 && len(buf)-i < endLen {
		i = bytes.LastIndex(buf[:i], []byte("PK\x05\x06"))
	}
	if i < 0 {
		return 0, false
	}
	n := uint64(binary.LittleEndian.Uint16(buf[i+10:]))
	// a zip64 locator just before the end record gives the offset of the
	// zip64 end record, which holds the full count
	at := size - tail + int64(i) - locatorLen
	if at < 0 {
		return n, true
	}
	var loc [locatorLen]byte
	if _, err := ra.ReadAt(loc[:], at); err != nil || string(loc[:4]) != "PK\x06\x07" {
		return n, true
	}
	off := int64(binary.LittleEndian.Uint64(loc[8:]))
	if off < 0 || off > size-zip64EndLen {
		return n, true
	}
	var end [zip64EndLen]byte
	if _, err := ra.ReadAt(end[:], off); err != nil || string(end[:4]) != "PK\x06\x06" {
		return n, true
	}
	return max(n, binary.LittleEndian.Uint64(end[32:])), true
}

// Overlapping returns the first entry at which the entries' compressed
// sizes add up to more than the archive's size, which entries holding
// disjoint parts of the archive cannot do: they overlap (or lie about their
// sizes).
func Overlapping(files []*zip.File, size int64) (*zip.File, bool) {
	var total uint64
	for _, f := range files {
		total += f.CompressedSize64
		if total > uint64(size) || f.CompressedSize64 > uint64(size) {
			return f, true
		}
	}
	return nil, false
}

// Grace is the uncompressed size up to which TooCompressed accepts any
// ratio: so little data is harmless, and small files of one repeated byte
// are common.
const Grace = 1 << 20

// TooCompressed reports whether entry f, larger than Grace, would inflate
// more than ratio times its compressed size.
func TooCompressed(f *zip.File, ratio int64) bool {
	return ratio > 0 && f.UncompressedSize64 > Grace && f.UncompressedSize64/uint64(ratio) > f.CompressedSize64
}

// Package ziptest builds hostile zip archives for tests.
package ziptest

import (
	"bytes"
	"encoding/binary"
)

// ClaimEntries returns archive (a zip file) with a zip64 end-of-directory
// record and its locator inserted before the end record, claiming n
// entries: an archive whose directory says it holds far more entries than
// it does. The central directory itself is unchanged.
func ClaimEntries(archive []byte, n uint64) []byte {
	i := bytes.LastIndex(archive, []byte("PK\x05\x06"))
	if i < 0 || len(archive) < i+20 {
		panic("ziptest: not a zip archive")
	}
	var out bytes.Buffer
	out.Write(archive[:i])
	at := out.Len()
	le := func(v any) { binary.Write(&out, binary.LittleEndian, v) }
	le(uint32(0x06064b50)) // zip64 end of central directory record
	le(uint64(44))
	le(uint16(45))
	le(uint16(45))
	le(uint32(0))
	le(uint32(0))
	le(n) // entries on this disk
	le(n) // entries in all
	le(uint64(binary.LittleEndian.Uint32(archive[i+12:])))
	le(uint64(binary.LittleEndian.Uint32(archive[i+16:])))
	le(uint32(0x07064b50)) // its locator
	le(uint32(0))
	le(uint64(at))
	le(uint32(1))
	out.Write(archive[i:])
	return out.Bytes()
}

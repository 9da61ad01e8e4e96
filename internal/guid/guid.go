// Package guid makes the GUIDs the packages of this module give to
// elements: random ones (version 4) for new elements, and ones derived from
// a name (version 5) where the same input must give the same GUID each time.
package guid

import (
	"crypto/rand"
	"crypto/sha1"
)

// namespace is the name space of the version 5 GUIDs derived by For.
var namespace = [16]byte{0x6f, 0x1c, 0x2a, 0x51, 0x0b, 0x7e, 0x4d, 0x3c, 0x9a, 0x5e, 0x61, 0x2f, 0x88, 0x04, 0xd3, 0x17}

// New returns a random (version 4) GUID in lower case.
func New() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never returns an error
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return Format(b)
}

// For returns the version 5 (SHA-1, name-based) GUID of id: the same id
// always gives the same GUID, so that repairs and conversions are
// repeatable and references to the same identifier stay consistent.
func For(id string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(id))
	var b [16]byte
	copy(b[:], h.Sum(nil))
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return Format(b)
}

// Format writes the 16 bytes b as a GUID in lower case.
func Format(b [16]byte) string {
	const hex = "0123456789abcdef"
	var s [36]byte
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			s[j] = '-'
			j++
		}
		s[j] = hex[c>>4]
		s[j+1] = hex[c&15]
		j += 2
	}
	return string(s[:])
}

package refi

import (
	"strings"

	"github.com/qdabridge/qdabridge/internal/guid"
)

// GUID is an identifier as it was written in a REFI-QDA document: the
// hex digits keep their case and braces are kept, so that a project read
// and written again carries the same bytes. Compare GUIDs with [GUID.Canonical]
// (or [GUID.Same]): the standard allows upper- and lower-case hex digits and an
// optional pair of braces, and producers differ (ATLAS.ti and MAXQDA write
// upper case, NVivo lower case).
//
// A GUID read from a file may also be an identifier that is not a GUID at all
// (OpenQDA writes "c001"); [GUID.Valid] says whether it matches the schema's
// GUIDType. The writer replaces such identifiers with deterministic GUIDs and
// records the originals so that this package restores them when it reads the
// file back (see [Writer]).
type GUID string

// NewGUID returns a new random (version 4) GUID in lower case without braces.
func NewGUID() GUID { return GUID(guid.New()) }

// guidFor returns the version 5 GUID this package uses in place of the
// identifier id when id is not a valid GUID: the same id always gives the
// same GUID, so repairs are repeatable and references to the same
// identifier stay consistent.
func guidFor(id string) GUID { return GUID(guid.For(id)) }

// Valid reports whether g matches the schema's GUIDType: 8-4-4-4-12 hex
// digits, optionally in braces, in any case. Surrounding white space is
// allowed, as the type is an xsd:token.
func (g GUID) Valid() bool {
	s := strings.TrimSpace(string(g))
	if len(s) == 38 && s[0] == '{' && s[37] == '}' {
		s = s[1:37]
	}
	return isGUIDShape(s)
}

func isGUIDShape(s string) bool { return guidDigits(s)&hexInvalid == 0 }

func isHex(c byte) bool { return hexClass[c]&hexInvalid == 0 }

// The classes of hexClass: a lower-case hex digit (0-9, a-f), an upper-case
// one (A-F), anything else.
const (
	hexLower   = 1
	hexUpper   = 2
	hexInvalid = 4
)

// hexClass gives the class of every byte (a table: GUID checks are hot
// when large projects are read and written).
var hexClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f':
			t[c] = hexLower
		case 'A' <= c && c <= 'F':
			t[c] = hexUpper
		default:
			t[c] = hexInvalid
		}
	}
	return t
}()

// guidDigits returns the union of the classes of the 32 digits of s when
// s has a GUID's 8-4-4-4-12 form, and hexInvalid when it does not.
func guidDigits[S ~string | ~[]byte](s S) uint8 {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return hexInvalid
	}
	var u uint8
	for i := 0; i < 8; i++ {
		u |= hexClass[s[i]]
	}
	for i := 9; i < 13; i++ {
		u |= hexClass[s[i]]
	}
	for i := 14; i < 18; i++ {
		u |= hexClass[s[i]]
	}
	for i := 19; i < 23; i++ {
		u |= hexClass[s[i]]
	}
	for i := 24; i < 36; i++ {
		u |= hexClass[s[i]]
	}
	return u
}

// Canonical returns g in the form used for comparisons: surrounding white
// space and braces removed and hex digits in lower case. An identifier that
// is not a GUID is returned with only its surrounding white space removed.
// Canonical does not allocate when g is already canonical.
func (g GUID) Canonical() GUID {
	s := string(g)
	if len(s) == 36 && isLowerGUID(s) {
		return g
	}
	s = strings.TrimSpace(s)
	if len(s) == 38 && s[0] == '{' && s[37] == '}' && isGUIDShape(s[1:37]) {
		s = s[1:37]
	}
	switch d := guidDigits(s); {
	case d&hexInvalid != 0, d == hexLower:
		return GUID(s) // not a GUID, or already lower case
	}
	return GUID(strings.ToLower(s))
}

func isLowerGUID(s string) bool { return guidDigits(s) == hexLower }

// Same reports whether g and h name the same object: they are equal after
// [GUID.Canonical]. Two empty GUIDs are the same.
func (g GUID) Same(h GUID) bool {
	if g == h {
		return true
	}
	return g.Canonical() == h.Canonical()
}

// IsZero reports whether g is empty.
func (g GUID) IsZero() bool { return g == "" }

// String returns g as written.
func (g GUID) String() string { return string(g) }

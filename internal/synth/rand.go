package synth

import (
	"math/rand/v2"

	"github.com/qdabridge/qdabridge/refi"
)

// Random streams. Every part of a project draws from its own stream derived
// from the seed, so that transcripts can be generated in any order (and
// again, when a source file is opened) with the same result.
const (
	streamModel uint64 = 1 << 40 // users, codes, cases, notes, sets...
	streamText  uint64 = 2 << 40 // transcript i's text: streamText | i
	streamCode  uint64 = 3 << 40 // transcript i's selections and codings
	streamNote  uint64 = 4 << 40 // note i's text
)

// mix is the SplitMix64 finaliser: it spreads nearby seeds over the whole
// state space of the generator.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// newRand returns the generator of one stream of a seed.
func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(mix(uint64(seed)), mix(stream^0x5eed)))
}

// pick returns a random element of list.
func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// guidLen is the length of a GUID without braces.
const guidLen = 36

// appendGUID appends a random version 4 GUID in lower case.
func appendGUID(b []byte, r *rand.Rand) []byte {
	const hex = "0123456789abcdef"
	var u [16]byte
	x, y := r.Uint64(), r.Uint64()
	for i := 0; i < 8; i++ {
		u[i] = byte(x >> (8 * i))
		u[8+i] = byte(y >> (8 * i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hex[c>>4], hex[c&15])
	}
	return b
}

// newGUID returns a random version 4 GUID.
func newGUID(r *rand.Rand) refi.GUID {
	return refi.GUID(appendGUID(make([]byte, 0, guidLen), r))
}

// guidSlab hands out GUIDs cut from one string, so that a transcript's
// thousands of selection and coding GUIDs cost one allocation.
type guidSlab struct {
	s string
	i int
}

func newGUIDSlab(r *rand.Rand, n int) *guidSlab {
	b := make([]byte, 0, n*guidLen)
	for range n {
		b = appendGUID(b, r)
	}
	return &guidSlab{s: string(b)}
}

func (g *guidSlab) next() refi.GUID {
	s := g.s[g.i : g.i+guidLen]
	g.i += guidLen
	return refi.GUID(s)
}

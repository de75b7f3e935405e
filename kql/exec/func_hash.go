package exec

import (
	"encoding/binary"
	"math/bits"

	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds hash() and hash_xxhash64, which use the 64-bit xxHash
// algorithm (XXH64, seed 0) over the UTF-8 text of the value, as Kusto
// does for strings: hash("Hello") is 753694413698530628.
//
// NOTE: numbers, datetimes and other non-string values are hashed through
// their text form; Kusto may hash their binary form instead.

const (
	xxPrime1 uint64 = 11400714785074694791
	xxPrime2 uint64 = 14029467366897019727
	xxPrime3 uint64 = 1609587929392839161
	xxPrime4 uint64 = 9650029242287828579
	xxPrime5 uint64 = 2870177450012600261
)

func xxRound(acc, input uint64) uint64 {
	acc += input * xxPrime2
	return bits.RotateLeft64(acc, 31) * xxPrime1
}

func xxMerge(acc, v uint64) uint64 {
	acc ^= xxRound(0, v)
	return acc*xxPrime1 + xxPrime4
}

// xxHash64 computes XXH64 of b with seed 0.
func xxHash64(b []byte) uint64 {
	n := len(b)
	var h uint64
	if n >= 32 {
		// The lane seeds wrap around 2^64: p1+p2 and 0-p1.
		p1, p2 := xxPrime1, xxPrime2
		v1, v2, v3, v4 := p1+p2, p2, uint64(0), -p1
		for len(b) >= 32 {
			v1 = xxRound(v1, binary.LittleEndian.Uint64(b[0:]))
			v2 = xxRound(v2, binary.LittleEndian.Uint64(b[8:]))
			v3 = xxRound(v3, binary.LittleEndian.Uint64(b[16:]))
			v4 = xxRound(v4, binary.LittleEndian.Uint64(b[24:]))
			b = b[32:]
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxMerge(h, v1)
		h = xxMerge(h, v2)
		h = xxMerge(h, v3)
		h = xxMerge(h, v4)
	} else {
		h = xxPrime5
	}
	h += uint64(n)
	for len(b) >= 8 {
		h ^= xxRound(0, binary.LittleEndian.Uint64(b))
		h = bits.RotateLeft64(h, 27)*xxPrime1 + xxPrime4
		b = b[8:]
	}
	if len(b) >= 4 {
		h ^= uint64(binary.LittleEndian.Uint32(b)) * xxPrime1
		h = bits.RotateLeft64(h, 23)*xxPrime2 + xxPrime3
		b = b[4:]
	}
	for _, c := range b {
		h ^= uint64(c) * xxPrime5
		h = bits.RotateLeft64(h, 11) * xxPrime1
	}
	h ^= h >> 33
	h *= xxPrime2
	h ^= h >> 29
	h *= xxPrime3
	h ^= h >> 32
	return h
}

func hashValue(c *callEval, a []types.Value) types.Value {
	if a[0] == nil {
		return nil
	}
	h := int64(xxHash64([]byte(str(a, 0))))
	if len(a) > 1 {
		m, ok := intArg(a, 1)
		if !ok || m <= 0 {
			return nil
		}
		h %= m
		if h < 0 {
			h += m
		}
	}
	return h
}

func init() {
	register(
		def("hash", 1, 2, fixed(types.Long), hashValue),
		def("hash_xxhash64", 1, 2, fixed(types.Long), hashValue),
	)
}

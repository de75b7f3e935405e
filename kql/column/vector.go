// Package column holds the engine's columnar data: typed vectors with
// null bitmaps, dictionary-encoded strings with a term index, batches of
// vectors and tables made of batches.
//
// Start with Table and TableBuilder: a TableBuilder takes rows of Go
// values aligned to a column list and produces a Table. Operators in
// package exec read and write Vectors.
package column

import (
	"fmt"

	"github.com/quarry-kql/quarry/kql/types"
)

// Vector is one column of a batch: n values of a single kind. Storage
// depends on the kind:
//
//	bool, int, long, datetime, timespan  ints (bool as 0 or 1)
//	real                                  reals
//	string                                codes into a shared Dict
//	decimal, guid, dynamic                values (types.Value)
//
// A set bit in the null bitmap marks a null cell. String vectors have no
// nulls. A Vector is immutable once built, so batches may share it.
type Vector struct {
	kind  types.Kind
	n     int
	nulls []uint64 // nil when no cell is null
	ints  []int64
	reals []float64
	codes []uint32
	dict  *Dict
	vals  []types.Value
}

// Kind returns the vector's KQL type.
func (v *Vector) Kind() types.Kind { return v.kind }

// Len returns the number of cells.
func (v *Vector) Len() int { return v.n }

// IsNull reports whether cell i is null.
func (v *Vector) IsNull(i int) bool {
	return v.nulls != nil && v.nulls[i>>6]&(1<<(uint(i)&63)) != 0
}

// HasNulls reports whether any cell is null.
func (v *Vector) HasNulls() bool { return v.nulls != nil }

// Ints returns the storage of a bool, int, long, datetime or timespan
// vector. Null cells hold 0.
func (v *Vector) Ints() []int64 { return v.ints }

// Reals returns the storage of a real vector. Null cells hold 0.
func (v *Vector) Reals() []float64 { return v.reals }

// Codes returns the dictionary codes of a string vector.
func (v *Vector) Codes() []uint32 { return v.codes }

// Dict returns the dictionary of a string vector.
func (v *Vector) Dict() *Dict { return v.dict }

// Values returns the storage of a decimal, guid or dynamic vector.
func (v *Vector) Values() []types.Value { return v.vals }

// String returns cell i of a string vector.
func (v *Vector) String(i int) string { return v.dict.values[v.codes[i]] }

// Value returns cell i as a types.Value (nil for null).
func (v *Vector) Value(i int) types.Value {
	if v.IsNull(i) {
		return nil
	}
	switch v.kind {
	case types.Bool:
		return v.ints[i] != 0
	case types.Int:
		return int32(v.ints[i])
	case types.Long:
		return v.ints[i]
	case types.DateTime:
		return types.DateTimeValue(v.ints[i])
	case types.TimeSpan:
		return types.TimeSpanValue(v.ints[i])
	case types.Real:
		return v.reals[i]
	case types.String:
		return v.dict.values[v.codes[i]]
	default:
		return v.vals[i]
	}
}

// NewInts returns a vector of kind k (bool, int, long, datetime or
// timespan) over data. nulls may be nil.
func NewInts(k types.Kind, data []int64, nulls []uint64) *Vector {
	return &Vector{kind: k, n: len(data), ints: data, nulls: trimNulls(nulls)}
}

// NewReals returns a real vector over data. nulls may be nil.
func NewReals(data []float64, nulls []uint64) *Vector {
	return &Vector{kind: types.Real, n: len(data), reals: data, nulls: trimNulls(nulls)}
}

// NewStrings returns a string vector of codes into dict.
func NewStrings(dict *Dict, codes []uint32) *Vector {
	return &Vector{kind: types.String, n: len(codes), codes: codes, dict: dict}
}

// NewValues returns a decimal, guid or dynamic vector over vals, where a
// nil element is null.
func NewValues(k types.Kind, vals []types.Value) *Vector {
	var nulls []uint64
	for i, x := range vals {
		if x == nil {
			nulls = SetBit(nulls, i, len(vals))
		}
	}
	return &Vector{kind: k, n: len(vals), vals: vals, nulls: nulls}
}

// NewConst returns a vector of n copies of value x of kind k.
func NewConst(k types.Kind, x types.Value, n int) *Vector {
	b := NewBuilder(k, n)
	for i := 0; i < n; i++ {
		b.Append(x)
	}
	return b.Build()
}

// SetBit sets bit i in a bitmap sized for n bits, allocating it on first
// use, and returns the bitmap.
func SetBit(bits []uint64, i, n int) []uint64 {
	if bits == nil {
		bits = make([]uint64, (n+63)/64)
	}
	bits[i>>6] |= 1 << (uint(i) & 63)
	return bits
}

// Bit reports whether bit i is set in a possibly nil bitmap.
func Bit(bits []uint64, i int) bool {
	return bits != nil && bits[i>>6]&(1<<(uint(i)&63)) != 0
}

func trimNulls(bits []uint64) []uint64 {
	for _, w := range bits {
		if w != 0 {
			return bits
		}
	}
	return nil
}

// Gather returns a new vector holding the cells at the given indexes, in
// that order. An index of -1 produces a null cell ("" for strings).
func (v *Vector) Gather(idx []int) *Vector {
	out := &Vector{kind: v.kind, n: len(idx), dict: v.dict}
	var nulls []uint64
	switch {
	case v.ints != nil || isIntKind(v.kind):
		out.ints = make([]int64, len(idx))
		for j, i := range idx {
			if i < 0 || v.IsNull(i) {
				nulls = SetBit(nulls, j, len(idx))
				continue
			}
			out.ints[j] = v.ints[i]
		}
	case v.kind == types.Real:
		out.reals = make([]float64, len(idx))
		for j, i := range idx {
			if i < 0 || v.IsNull(i) {
				nulls = SetBit(nulls, j, len(idx))
				continue
			}
			out.reals[j] = v.reals[i]
		}
	case v.kind == types.String:
		empty, hasEmpty := v.dict.Lookup("")
		out.codes = make([]uint32, len(idx))
		for j, i := range idx {
			if i < 0 {
				if !hasEmpty {
					return rebuildStrings(v, idx)
				}
				out.codes[j] = empty
				continue
			}
			out.codes[j] = v.codes[i]
		}
	default:
		out.vals = make([]types.Value, len(idx))
		for j, i := range idx {
			if i < 0 || v.vals[i] == nil {
				nulls = SetBit(nulls, j, len(idx))
				continue
			}
			out.vals[j] = v.vals[i]
		}
	}
	out.nulls = nulls
	return out
}

func rebuildStrings(v *Vector, idx []int) *Vector {
	b := NewBuilder(types.String, len(idx))
	for _, i := range idx {
		if i < 0 {
			b.Append("")
		} else {
			b.Append(v.String(i))
		}
	}
	return b.Build()
}

func isIntKind(k types.Kind) bool {
	switch k {
	case types.Bool, types.Int, types.Long, types.DateTime, types.TimeSpan:
		return true
	}
	return false
}

// Slice returns cells [lo, hi) as a new vector that shares storage.
func (v *Vector) Slice(lo, hi int) *Vector {
	out := &Vector{kind: v.kind, n: hi - lo, dict: v.dict}
	if v.nulls != nil {
		if lo%64 == 0 {
			out.nulls = trimNulls(append([]uint64(nil), v.nulls[lo/64:(hi+63)/64]...))
			if out.nulls != nil && hi%64 != 0 {
				// Clear bits past the end so HasNulls stays exact.
				last := len(out.nulls) - 1
				out.nulls[last] &= (1 << (uint(hi-lo) & 63)) - 1
				out.nulls = trimNulls(out.nulls)
			}
		} else {
			for i := lo; i < hi; i++ {
				if v.IsNull(i) {
					out.nulls = SetBit(out.nulls, i-lo, hi-lo)
				}
			}
		}
	}
	switch {
	case v.ints != nil:
		out.ints = v.ints[lo:hi]
	case v.reals != nil:
		out.reals = v.reals[lo:hi]
	case v.codes != nil:
		out.codes = v.codes[lo:hi]
	case v.vals != nil:
		out.vals = v.vals[lo:hi]
	default:
		if isIntKind(v.kind) {
			out.ints = []int64{}
		}
	}
	return out
}

// Concat joins vectors of one kind into one. String vectors with
// different dictionaries are re-encoded into a new dictionary.
func Concat(k types.Kind, parts []*Vector) *Vector {
	if len(parts) == 1 {
		return parts[0]
	}
	total := 0
	sameDict := true
	for _, p := range parts {
		if p.kind != k {
			panic(fmt.Sprintf("column.Concat: %s vector among %s vectors", p.kind, k))
		}
		total += p.n
		if p.dict != parts[0].dict {
			sameDict = false
		}
	}
	if k == types.String && sameDict && len(parts) > 0 {
		codes := make([]uint32, 0, total)
		for _, p := range parts {
			codes = append(codes, p.codes...)
		}
		return NewStrings(parts[0].dict, codes)
	}
	b := NewBuilder(k, total)
	for _, p := range parts {
		b.AppendVector(p)
	}
	return b.Build()
}

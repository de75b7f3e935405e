package column

import (
	"github.com/quarry-kql/quarry/kql/types"
)

// Builder appends values of one kind and produces a Vector.
type Builder struct {
	kind  types.Kind
	n     int
	nulls []uint64
	ints  []int64
	reals []float64
	codes []uint32
	dict  *Dict
	vals  []types.Value
}

// NewBuilder returns a builder for a vector of kind k with room for
// capacity values.
func NewBuilder(k types.Kind, capacity int) *Builder {
	return NewBuilderDict(k, capacity, nil)
}

// NewBuilderDict is NewBuilder with a string dictionary to intern into,
// so that several vectors of one column share it. dict may be nil.
func NewBuilderDict(k types.Kind, capacity int, dict *Dict) *Builder {
	b := &Builder{kind: k}
	switch {
	case isIntKind(k):
		b.ints = make([]int64, 0, capacity)
	case k == types.Real:
		b.reals = make([]float64, 0, capacity)
	case k == types.String:
		b.codes = make([]uint32, 0, capacity)
		if dict == nil {
			dict = NewDict()
		}
		b.dict = dict
	default:
		b.vals = make([]types.Value, 0, capacity)
	}
	return b
}

// Len returns the number of values appended so far.
func (b *Builder) Len() int { return b.n }

// Kind returns the kind of the vector being built.
func (b *Builder) Kind() types.Kind { return b.kind }

// AppendNull appends a null cell, or "" to a string vector.
func (b *Builder) AppendNull() {
	switch {
	case b.ints != nil:
		b.ints = append(b.ints, 0)
	case b.reals != nil:
		b.reals = append(b.reals, 0)
	case b.codes != nil:
		b.codes = append(b.codes, b.dict.Intern(""))
		b.n++
		return
	default:
		b.vals = append(b.vals, nil)
	}
	b.nulls = appendNullBit(b.nulls, b.n)
	b.n++
}

func appendNullBit(bits []uint64, i int) []uint64 {
	for len(bits) <= i>>6 {
		bits = append(bits, 0)
	}
	bits[i>>6] |= 1 << (uint(i) & 63)
	return bits
}

// Append appends x, which must be nil or the Go type that Value uses for
// the builder's kind (see types.Value). Values of a mismatched type are
// appended as null.
func (b *Builder) Append(x types.Value) {
	if x == nil {
		b.AppendNull()
		return
	}
	switch b.kind {
	case types.Bool:
		v, ok := x.(bool)
		if !ok {
			b.AppendNull()
			return
		}
		n := int64(0)
		if v {
			n = 1
		}
		b.ints = append(b.ints, n)
	case types.Int:
		switch v := x.(type) {
		case int32:
			b.ints = append(b.ints, int64(v))
		case int64:
			b.ints = append(b.ints, int64(int32(v)))
		default:
			b.AppendNull()
			return
		}
	case types.Long:
		switch v := x.(type) {
		case int64:
			b.ints = append(b.ints, v)
		case int32:
			b.ints = append(b.ints, int64(v))
		default:
			b.AppendNull()
			return
		}
	case types.DateTime:
		v, ok := x.(types.DateTimeValue)
		if !ok {
			b.AppendNull()
			return
		}
		b.ints = append(b.ints, int64(v))
	case types.TimeSpan:
		v, ok := x.(types.TimeSpanValue)
		if !ok {
			b.AppendNull()
			return
		}
		b.ints = append(b.ints, int64(v))
	case types.Real:
		v, ok := x.(float64)
		if !ok {
			b.AppendNull()
			return
		}
		b.reals = append(b.reals, v)
	case types.String:
		v, ok := x.(string)
		if !ok {
			v = types.Format(x)
		}
		b.codes = append(b.codes, b.dict.Intern(v))
	default:
		b.vals = append(b.vals, x)
	}
	b.n++
}

// AppendString appends s to a string vector.
func (b *Builder) AppendString(s string) {
	b.codes = append(b.codes, b.dict.Intern(s))
	b.n++
}

// AppendInt appends raw int storage (ticks, 0/1 for bool) to a vector of
// an int-stored kind.
func (b *Builder) AppendInt(x int64) {
	b.ints = append(b.ints, x)
	b.n++
}

// AppendReal appends f to a real vector.
func (b *Builder) AppendReal(f float64) {
	b.reals = append(b.reals, f)
	b.n++
}

// AppendVector appends every cell of v, which must have the builder's
// kind.
func (b *Builder) AppendVector(v *Vector) {
	switch {
	case b.kind == types.String:
		if v.dict == b.dict {
			b.codes = append(b.codes, v.codes...)
			b.n += v.n
			return
		}
		remap := make([]int64, v.dict.Len())
		for i := range remap {
			remap[i] = -1
		}
		for _, c := range v.codes {
			if remap[c] < 0 {
				remap[c] = int64(b.dict.Intern(v.dict.values[c]))
			}
			b.codes = append(b.codes, uint32(remap[c]))
		}
		b.n += v.n
	case b.ints != nil:
		for i := 0; i < v.n; i++ {
			if v.IsNull(i) {
				b.AppendNull()
			} else {
				b.AppendInt(v.ints[i])
			}
		}
	case b.reals != nil:
		for i := 0; i < v.n; i++ {
			if v.IsNull(i) {
				b.AppendNull()
			} else {
				b.AppendReal(v.reals[i])
			}
		}
	default:
		for i := 0; i < v.n; i++ {
			b.Append(v.Value(i))
		}
	}
}

// Build returns the vector. The builder must not be used afterwards.
func (b *Builder) Build() *Vector {
	v := &Vector{kind: b.kind, n: b.n, ints: b.ints, reals: b.reals, codes: b.codes, dict: b.dict, vals: b.vals}
	if b.nulls != nil {
		full := make([]uint64, (b.n+63)/64)
		copy(full, b.nulls)
		v.nulls = trimNulls(full)
	}
	return v
}

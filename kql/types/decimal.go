package types

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// DecimalValue is a decimal number: an integer coefficient scaled by a
// power of ten, value = coef × 10^-scale. Kusto's decimal is .NET's
// 128-bit System.Decimal with at most 28 fractional digits. This type
// keeps the coefficient in a big.Int and caps the scale at 28, so sums,
// differences and products are exact and 0.1 + 0.2 == 0.3 holds, and a
// quotient is rounded to 28 fractional digits.
//
// NOTE: values beyond .NET's range (about ±7.9e28) do not overflow here,
// where Kusto would return null.
type DecimalValue struct {
	coef  *big.Int
	scale int32
}

const maxDecimalScale = 28

var bigTen = big.NewInt(10)

func pow10(n int32) *big.Int {
	return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil)
}

func (d DecimalValue) c() *big.Int {
	if d.coef == nil {
		return new(big.Int)
	}
	return d.coef
}

// DecimalFromInt returns n as a decimal.
func DecimalFromInt(n int64) DecimalValue {
	return DecimalValue{coef: big.NewInt(n)}
}

// DecimalFromFloat converts f to a decimal through its shortest decimal
// text, so 0.1 becomes exactly 0.1. NaN and infinities report false.
func DecimalFromFloat(f float64) (DecimalValue, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return DecimalValue{}, false
	}
	return ParseDecimal(strconv.FormatFloat(f, 'f', -1, 64))
}

// ParseDecimal parses a decimal number such as -12.50 or 1e-3.
func ParseDecimal(s string) (DecimalValue, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DecimalValue{}, false
	}
	exp := int64(0)
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.ParseInt(s[i+1:], 10, 32)
		if err != nil {
			return DecimalValue{}, false
		}
		exp = e
		s = s[:i]
	}
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, fracPart := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, fracPart = s[:i], s[i+1:]
	}
	if intPart == "" && fracPart == "" {
		return DecimalValue{}, false
	}
	digits := intPart + fracPart
	for i := 0; i < len(digits); i++ {
		if !isDigit(digits[i]) {
			return DecimalValue{}, false
		}
	}
	coef, ok := new(big.Int).SetString("0"+digits, 10)
	if !ok {
		return DecimalValue{}, false
	}
	if neg {
		coef.Neg(coef)
	}
	scale := int64(len(fracPart)) - exp
	if scale < 0 {
		coef.Mul(coef, pow10(int32(-scale)))
		scale = 0
	}
	return DecimalValue{coef: coef, scale: int32(scale)}.rescaleTo(maxDecimalScale), true
}

// rescaleTo rounds d half away from zero to at most max fractional digits.
func (d DecimalValue) rescaleTo(max int32) DecimalValue {
	if d.scale <= max {
		return d
	}
	div := pow10(d.scale - max)
	q, r := new(big.Int).QuoRem(d.c(), div, new(big.Int))
	r.Abs(r).Mul(r, big.NewInt(2))
	if r.Cmp(div) >= 0 {
		if d.c().Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return DecimalValue{coef: q, scale: max}
}

func align(a, b DecimalValue) (*big.Int, *big.Int, int32) {
	switch {
	case a.scale == b.scale:
		return a.c(), b.c(), a.scale
	case a.scale < b.scale:
		return new(big.Int).Mul(a.c(), pow10(b.scale-a.scale)), b.c(), b.scale
	default:
		return a.c(), new(big.Int).Mul(b.c(), pow10(a.scale-b.scale)), a.scale
	}
}

// Add returns d + e.
func (d DecimalValue) Add(e DecimalValue) DecimalValue {
	x, y, s := align(d, e)
	return DecimalValue{coef: new(big.Int).Add(x, y), scale: s}
}

// Sub returns d - e.
func (d DecimalValue) Sub(e DecimalValue) DecimalValue {
	x, y, s := align(d, e)
	return DecimalValue{coef: new(big.Int).Sub(x, y), scale: s}
}

// Mul returns d × e, rounded to 28 fractional digits.
func (d DecimalValue) Mul(e DecimalValue) DecimalValue {
	return DecimalValue{coef: new(big.Int).Mul(d.c(), e.c()), scale: d.scale + e.scale}.rescaleTo(maxDecimalScale)
}

// Div returns d / e rounded to 28 fractional digits. It reports false
// when e is zero.
func (d DecimalValue) Div(e DecimalValue) (DecimalValue, bool) {
	if e.c().Sign() == 0 {
		return DecimalValue{}, false
	}
	// Scale the dividend so the integer quotient keeps 30 fractional digits,
	// then round to 28.
	num := new(big.Int).Mul(d.c(), pow10(maxDecimalScale+2+e.scale))
	q := new(big.Int).Quo(num, e.c())
	return DecimalValue{coef: q, scale: d.scale + maxDecimalScale + 2}.rescaleTo(maxDecimalScale).normalize(), true
}

// Mod returns the remainder of d / e with the sign of d. It reports false
// when e is zero.
func (d DecimalValue) Mod(e DecimalValue) (DecimalValue, bool) {
	x, y, s := align(d, e)
	if y.Sign() == 0 {
		return DecimalValue{}, false
	}
	return DecimalValue{coef: new(big.Int).Rem(x, y), scale: s}, true
}

// Neg returns -d.
func (d DecimalValue) Neg() DecimalValue {
	return DecimalValue{coef: new(big.Int).Neg(d.c()), scale: d.scale}
}

// Cmp compares d and e by value, returning -1, 0 or +1.
func (d DecimalValue) Cmp(e DecimalValue) int {
	x, y, _ := align(d, e)
	return x.Cmp(y)
}

// Sign returns -1, 0 or +1.
func (d DecimalValue) Sign() int { return d.c().Sign() }

// normalize drops trailing fractional zeros.
func (d DecimalValue) normalize() DecimalValue {
	c := new(big.Int).Set(d.c())
	s := d.scale
	r := new(big.Int)
	for s > 0 {
		q, m := new(big.Int).QuoRem(c, bigTen, r)
		if m.Sign() != 0 {
			break
		}
		c = q
		s--
	}
	return DecimalValue{coef: c, scale: s}
}

// Float64 returns the nearest float64.
func (d DecimalValue) Float64() float64 {
	f, _ := strconv.ParseFloat(d.String(), 64)
	return f
}

// Int64 truncates d toward zero. It reports false when the result does
// not fit in 64 bits.
func (d DecimalValue) Int64() (int64, bool) {
	q := new(big.Int).Quo(d.c(), pow10(d.scale))
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

// String formats d in plain decimal notation without trailing
// fractional zeros, such as 3.14 or -0.5.
func (d DecimalValue) String() string {
	n := d.normalize()
	digits := new(big.Int).Abs(n.c()).String()
	sign := ""
	if n.c().Sign() < 0 {
		sign = "-"
	}
	if n.scale == 0 {
		return sign + digits
	}
	s := int(n.scale)
	if len(digits) <= s {
		digits = strings.Repeat("0", s-len(digits)+1) + digits
	}
	return sign + digits[:len(digits)-s] + "." + digits[len(digits)-s:]
}

package exec

import (
	"fmt"
	"math"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds the arithmetic, comparison and logical operators.

func init() {
	for _, op := range []string{"+", "-", "*", "/", "%"} {
		op := op
		register(&scalarDef{name: op, minArgs: 2, maxArgs: 2,
			result: func(a []types.Kind) (types.Kind, error) { return arithType(op, a[0], a[1]) },
			row: func(c *callEval, args []types.Value) types.Value {
				if args[0] == nil || args[1] == nil {
					return nil
				}
				return arith(op, args[0], args[1])
			},
			vec: arithVec(op),
		})
	}
	register(&scalarDef{name: "neg", minArgs: 1, maxArgs: 1,
		result: func(a []types.Kind) (types.Kind, error) {
			if a[0] == types.Int {
				return types.Long, nil
			}
			return a[0], nil
		},
		row: func(c *callEval, args []types.Value) types.Value { return negate(args[0]) }})
	register(&scalarDef{name: "pos", minArgs: 1, maxArgs: 1, result: argKind(0),
		row: func(c *callEval, args []types.Value) types.Value { return args[0] }})

	for _, op := range []string{"==", "!=", "<", "<=", ">", ">="} {
		op := op
		register(&scalarDef{name: op, minArgs: 2, maxArgs: 2,
			result: func(a []types.Kind) (types.Kind, error) {
				if !comparable(a[0], a[1], op == "==" || op == "!=") {
					return types.Unknown, fmt.Errorf("cannot compare %s and %s with %s", a[0], a[1], op)
				}
				return types.Bool, nil
			},
			row: func(c *callEval, args []types.Value) types.Value { return compareOp(op, args[0], args[1]) },
			vec: compareVec(op),
		})
	}
	alias("<>", "!=")

	register(&scalarDef{name: "and", minArgs: 2, maxArgs: -1, result: fixed(types.Bool),
		row: func(c *callEval, args []types.Value) types.Value {
			result := types.Value(true)
			for _, a := range args {
				v, ok := toBool(a)
				if ok && !v {
					return false
				}
				if !ok {
					result = nil
				}
			}
			return result
		},
		vec: logicVec(true),
	})
	register(&scalarDef{name: "or", minArgs: 2, maxArgs: -1, result: fixed(types.Bool),
		row: func(c *callEval, args []types.Value) types.Value {
			result := types.Value(false)
			for _, a := range args {
				v, ok := toBool(a)
				if ok && v {
					return true
				}
				if !ok {
					result = nil
				}
			}
			return result
		},
		vec: logicVec(false),
	})
	register(&scalarDef{name: "not", minArgs: 1, maxArgs: 1, result: fixed(types.Bool),
		row: func(c *callEval, args []types.Value) types.Value {
			v, ok := toBool(args[0])
			if !ok {
				return nil
			}
			return !v
		}})
	register(&scalarDef{name: "between", minArgs: 3, maxArgs: 3, result: fixed(types.Bool),
		row: func(c *callEval, args []types.Value) types.Value { return between(args) }})
	register(&scalarDef{name: "!between", minArgs: 3, maxArgs: 3, result: fixed(types.Bool),
		row: func(c *callEval, args []types.Value) types.Value {
			v := between(args)
			if v == nil {
				return nil
			}
			return !v.(bool)
		}})
}

func between(args []types.Value) types.Value {
	x, lo, hi := args[0], args[1], args[2]
	if x == nil || lo == nil || hi == nil {
		return nil
	}
	// `x between (a .. b)` with a timespan upper bound over a datetime
	// means a .. a+b.
	if d, ok := lo.(types.DateTimeValue); ok {
		if s, ok := hi.(types.TimeSpanValue); ok {
			hi = types.DateTimeValue(int64(d) + int64(s))
		}
	}
	c1, ok1 := compareValues(x, lo)
	c2, ok2 := compareValues(x, hi)
	if !ok1 || !ok2 {
		return nil
	}
	return c1 >= 0 && c2 <= 0
}

func isNumeric(k types.Kind) bool { return k.IsNumeric() }

func comparable(a, b types.Kind, equality bool) bool {
	if a == types.Dynamic && b == types.Dynamic {
		return false
	}
	if a == types.Unknown || b == types.Unknown || a == types.Dynamic || b == types.Dynamic {
		return true
	}
	if isNumeric(a) && isNumeric(b) {
		return true
	}
	if a == b {
		return true
	}
	return false
}

// arithType returns the result type of a binary arithmetic operator.
func arithType(op string, a, b types.Kind) (types.Kind, error) {
	bad := func() (types.Kind, error) {
		return types.Unknown, fmt.Errorf("operator %s cannot be applied to %s and %s", op, a, b)
	}
	if a == types.Dynamic && b == types.Dynamic {
		// Kusto rejects arithmetic between two dynamic values; convert
		// them first, as in toint(d.x) + toint(d.y).
		return bad()
	}
	if a == types.Dynamic || b == types.Dynamic {
		// With one dynamic operand the result is dynamic, computed on the
		// payload.
		return types.Dynamic, nil
	}
	if a == types.Unknown || b == types.Unknown {
		return types.Unknown, nil
	}
	if isNumeric(a) && isNumeric(b) {
		switch {
		case a == types.Real || b == types.Real:
			return types.Real, nil
		case a == types.Decimal || b == types.Decimal:
			return types.Decimal, nil
		}
		// int op int is long, as in Kusto: toint(2147483647) + 1 is
		// 2147483648.
		return types.Long, nil
	}
	switch {
	case a == types.DateTime && b == types.DateTime && op == "-":
		return types.TimeSpan, nil
	case a == types.DateTime && b == types.TimeSpan && (op == "+" || op == "-"):
		return types.DateTime, nil
	case a == types.TimeSpan && b == types.DateTime && op == "+":
		return types.DateTime, nil
	case a == types.TimeSpan && b == types.TimeSpan:
		switch op {
		case "+", "-", "%":
			return types.TimeSpan, nil
		case "/":
			return types.Real, nil
		}
	case a == types.TimeSpan && isNumeric(b) && (op == "*" || op == "/"):
		return types.TimeSpan, nil
	case isNumeric(a) && b == types.TimeSpan && op == "*":
		return types.TimeSpan, nil
	}
	return bad()
}

// arith applies a binary arithmetic operator to two non-null values.
// Integer division by zero gives null, real division follows IEEE 754,
// % never returns a negative number, and integer overflow wraps.
func arith(op string, a, b types.Value) types.Value {
	switch x := a.(type) {
	case types.DateTimeValue:
		switch y := b.(type) {
		case types.DateTimeValue:
			if op == "-" {
				return types.TimeSpanValue(int64(x) - int64(y))
			}
		case types.TimeSpanValue:
			var t int64
			switch op {
			case "+":
				t = int64(x) + int64(y)
			case "-":
				t = int64(x) - int64(y)
			default:
				return nil
			}
			if !types.ValidDateTime(t) {
				return nil
			}
			return types.DateTimeValue(t)
		}
		return nil
	case types.TimeSpanValue:
		switch y := b.(type) {
		case types.TimeSpanValue:
			switch op {
			case "+":
				return types.TimeSpanValue(int64(x) + int64(y))
			case "-":
				return types.TimeSpanValue(int64(x) - int64(y))
			case "/":
				return float64(x) / float64(y)
			case "%":
				if y == 0 {
					return nil
				}
				return types.TimeSpanValue(int64(x) % int64(y))
			}
		case types.DateTimeValue:
			if op == "+" {
				t := int64(x) + int64(y)
				if !types.ValidDateTime(t) {
					return nil
				}
				return types.DateTimeValue(t)
			}
		default:
			f, ok := types.AsFloat(b)
			if !ok {
				return nil
			}
			switch op {
			case "*":
				return types.TimeSpanValue(int64(math.Round(float64(x) * f)))
			case "/":
				if f == 0 {
					return nil
				}
				return types.TimeSpanValue(int64(math.Round(float64(x) / f)))
			}
		}
		return nil
	}
	if y, ok := b.(types.TimeSpanValue); ok && op == "*" {
		f, ok := types.AsFloat(a)
		if !ok {
			return nil
		}
		return types.TimeSpanValue(int64(math.Round(float64(y) * f)))
	}
	_, aReal := a.(float64)
	_, bReal := b.(float64)
	if aReal || bReal {
		x, ok1 := types.AsFloat(a)
		y, ok2 := types.AsFloat(b)
		if !ok1 || !ok2 {
			return nil
		}
		return realOp(op, x, y)
	}
	_, aDec := a.(types.DecimalValue)
	_, bDec := b.(types.DecimalValue)
	if aDec || bDec {
		x, ok1 := toDecimal(a)
		y, ok2 := toDecimal(b)
		if !ok1 || !ok2 {
			return nil
		}
		return decimalOp(op, x, y)
	}
	x, ok1 := integer(a)
	y, ok2 := integer(b)
	if !ok1 || !ok2 {
		return nil
	}
	v, ok := intOp(op, x, y)
	if !ok {
		return nil
	}
	return v
}

// integer returns an int or long value, and a bool as 0 or 1.
func integer(v types.Value) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case bool:
		return b2i(x), true
	}
	return 0, false
}

func toDecimal(v types.Value) (types.DecimalValue, bool) {
	switch x := v.(type) {
	case types.DecimalValue:
		return x, true
	case int64:
		return types.DecimalFromInt(x), true
	case int32:
		return types.DecimalFromInt(int64(x)), true
	case float64:
		return types.DecimalFromFloat(x)
	}
	return types.DecimalValue{}, false
}

func intOp(op string, x, y int64) (int64, bool) {
	switch op {
	case "+":
		return x + y, true
	case "-":
		return x - y, true
	case "*":
		return x * y, true
	case "/":
		if y == 0 {
			return 0, false
		}
		if x == math.MinInt64 && y == -1 {
			return x, true
		}
		return x / y, true
	case "%":
		if y == 0 {
			return 0, false
		}
		if y == -1 {
			return 0, true
		}
		m := x % y
		if m < 0 {
			if y < 0 {
				m -= y
			} else {
				m += y
			}
		}
		return m, true
	}
	return 0, false
}

func realOp(op string, x, y float64) types.Value {
	switch op {
	case "+":
		return x + y
	case "-":
		return x - y
	case "*":
		return x * y
	case "/":
		return x / y
	case "%":
		if y == 0 {
			return math.NaN()
		}
		m := math.Mod(x, y)
		if m < 0 {
			m += math.Abs(y)
		}
		return m
	}
	return nil
}

func decimalOp(op string, x, y types.DecimalValue) types.Value {
	switch op {
	case "+":
		return x.Add(y)
	case "-":
		return x.Sub(y)
	case "*":
		return x.Mul(y)
	case "/":
		q, ok := x.Div(y)
		if !ok {
			return nil
		}
		return q
	case "%":
		m, ok := x.Mod(y)
		if !ok {
			return nil
		}
		if m.Sign() < 0 {
			if y.Sign() < 0 {
				m = m.Sub(y)
			} else {
				m = m.Add(y)
			}
		}
		return m
	}
	return nil
}

func negate(v types.Value) types.Value {
	switch x := v.(type) {
	case int64:
		return -x
	case int32:
		return -int64(x)
	case float64:
		return -x
	case types.DecimalValue:
		return x.Neg()
	case types.TimeSpanValue:
		return -x
	}
	return nil
}

// compareOp applies a comparison operator. == between null and a value
// is false and != is true; between two nulls both give null, as do
// ordering comparisons with a null.
func compareOp(op string, a, b types.Value) types.Value {
	if a == nil || b == nil {
		if a == nil && b == nil {
			return nil
		}
		switch op {
		case "==":
			return false
		case "!=":
			return true
		}
		return nil
	}
	switch op {
	case "==":
		return equalValues(a, b)
	case "!=":
		return !equalValues(a, b)
	}
	c, ok := compareValues(a, b)
	if !ok {
		return nil
	}
	if fa, isF := a.(float64); isF && math.IsNaN(fa) {
		return false
	}
	if fb, isF := b.(float64); isF && math.IsNaN(fb) {
		return false
	}
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return nil
}

func intStored(k types.Kind) bool {
	switch k {
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		return true
	}
	return false
}

// compareVec compares two int-stored vectors (int, long, datetime,
// timespan) of one kind family, or two real vectors, without boxing.
func compareVec(op string) func(c *callEval, args []*column.Vector, n int) *column.Vector {
	return func(c *callEval, args []*column.Vector, n int) *column.Vector {
		a, b := args[0], args[1]
		ka, kb := a.Kind(), b.Kind()
		out := make([]int64, n)
		var nulls []uint64
		switch {
		case intStored(ka) && intStored(kb) && (ka == kb || (isNumeric(ka) && isNumeric(kb))):
			x, y := a.Ints(), b.Ints()
			for i := 0; i < n; i++ {
				an, bn := a.IsNull(i), b.IsNull(i)
				if an || bn {
					switch {
					case an && bn:
						nulls = column.SetBit(nulls, i, n)
					case op == "==":
						out[i] = 0
					case op == "!=":
						out[i] = 1
					default:
						nulls = column.SetBit(nulls, i, n)
					}
					continue
				}
				out[i] = b2i(intCompare(op, x[i], y[i]))
			}
		case ka == types.Real && kb == types.Real:
			x, y := a.Reals(), b.Reals()
			for i := 0; i < n; i++ {
				an, bn := a.IsNull(i), b.IsNull(i)
				if an || bn {
					switch {
					case an && bn:
						nulls = column.SetBit(nulls, i, n)
					case op == "==":
						out[i] = 0
					case op == "!=":
						out[i] = 1
					default:
						nulls = column.SetBit(nulls, i, n)
					}
					continue
				}
				out[i] = b2i(realCompare(op, x[i], y[i]))
			}
		default:
			return nil
		}
		return column.NewInts(types.Bool, out, nulls)
	}
}

func intCompare(op string, x, y int64) bool {
	switch op {
	case "==":
		return x == y
	case "!=":
		return x != y
	case "<":
		return x < y
	case "<=":
		return x <= y
	case ">":
		return x > y
	}
	return x >= y
}

func realCompare(op string, x, y float64) bool {
	switch op {
	case "==":
		return x == y
	case "!=":
		return x != y
	case "<":
		return x < y
	case "<=":
		return x <= y
	case ">":
		return x > y
	}
	return x >= y
}

// arithVec adds, subtracts or multiplies two long or two real vectors
// without boxing.
func arithVec(op string) func(c *callEval, args []*column.Vector, n int) *column.Vector {
	return func(c *callEval, args []*column.Vector, n int) *column.Vector {
		a, b := args[0], args[1]
		if op == "/" || op == "%" {
			return nil
		}
		var nulls []uint64
		for i := 0; i < n; i++ {
			if a.IsNull(i) || b.IsNull(i) {
				nulls = column.SetBit(nulls, i, n)
			}
		}
		switch {
		case a.Kind() == types.Long && b.Kind() == types.Long && c.result == types.Long:
			x, y := a.Ints(), b.Ints()
			out := make([]int64, n)
			for i := range out {
				v, _ := intOp(op, x[i], y[i])
				out[i] = v
			}
			return column.NewInts(types.Long, out, nulls)
		case a.Kind() == types.Real && b.Kind() == types.Real:
			x, y := a.Reals(), b.Reals()
			out := make([]float64, n)
			for i := range out {
				out[i] = realOp(op, x[i], y[i]).(float64)
			}
			return column.NewReals(out, nulls)
		}
		return nil
	}
}

// logicVec evaluates and (isAnd) or or over bool vectors with Kusto's
// null rules: false and null is false, true or null is true.
func logicVec(isAnd bool) func(c *callEval, args []*column.Vector, n int) *column.Vector {
	return func(c *callEval, args []*column.Vector, n int) *column.Vector {
		for _, a := range args {
			if a.Kind() != types.Bool {
				return nil
			}
		}
		out := make([]int64, n)
		noNulls := true
		for _, a := range args {
			if a.HasNulls() {
				noNulls = false
			}
		}
		if noNulls {
			copy(out, args[0].Ints())
			for _, a := range args[1:] {
				for i, x := range a.Ints() {
					if isAnd {
						out[i] &= x
					} else {
						out[i] |= x
					}
				}
			}
			return column.NewInts(types.Bool, out, nil)
		}
		var nulls []uint64
		for i := 0; i < n; i++ {
			decided, anyNull := false, false
			for _, a := range args {
				if a.IsNull(i) {
					anyNull = true
					continue
				}
				v := a.Ints()[i] != 0
				if v != isAnd {
					decided = true
					break
				}
			}
			switch {
			case decided:
				out[i] = b2i(!isAnd)
			case anyNull:
				nulls = column.SetBit(nulls, i, n)
			default:
				out[i] = b2i(isAnd)
			}
		}
		return column.NewInts(types.Bool, out, nulls)
	}
}

package syntax

import (
	"math"
	"testing"
	"time"
)

// firstPrintValue parses `print <expr>` and returns the printed
// expression.
func firstPrintValue(t *testing.T, expr string) Expr {
	t.Helper()
	q, diags := Parse("print " + expr)
	if len(diags) > 0 {
		t.Fatalf("print %s: %v", expr, diags)
	}
	return q.Stmts[0].(*ExprStmt).X.(*PrintOp).Exprs[0]
}

func TestLiteralValues(t *testing.T) {
	day := int64(ticksPerDay)
	hour := int64(ticksPerHour)
	tests := []struct {
		in    string
		kind  LitKind
		value any
	}{
		{"true", LitBool, true},
		{"FALSE", LitBool, false},
		{"bool(true)", LitBool, true},
		{"42", LitLong, int64(42)},
		{"0x1F", LitLong, int64(31)},
		{"long(-7)", LitLong, int64(-7)},
		{"int(5)", LitInt, int32(5)},
		{"int32(-5)", LitInt, int32(-5)},
		{"1.5", LitReal, 1.5},
		{"1e3", LitReal, 1000.0},
		{"2.", LitReal, 2.0},
		{"real(1)", LitReal, 1.0},
		{"double(2.5)", LitReal, 2.5},
		{"decimal(1.25)", LitDecimal, "1.25"},
		{"2d", LitTimeSpan, 2 * day},
		{"1.5h", LitTimeSpan, hour + hour/2},
		{"30min", LitTimeSpan, 30 * int64(ticksPerMinute)},
		{"10sec", LitTimeSpan, 10 * int64(ticksPerSecond)},
		{"100ms", LitTimeSpan, 100 * int64(ticksPerMillisecond)},
		{"10microsecond", LitTimeSpan, int64(100)},
		{"1tick", LitTimeSpan, int64(1)},
		{"300nanoseconds", LitTimeSpan, int64(3)},
		{"timespan(2)", LitTimeSpan, 2 * day},
		{"timespan(10s)", LitTimeSpan, 10 * int64(ticksPerSecond)},
		{"time(01:30:00)", LitTimeSpan, hour + hour/2},
		{"timespan(1.02:00:00)", LitTimeSpan, day + 2*hour},
		{"timespan(-00:00:01.5)", LitTimeSpan, int64(-15_000_000)},
		{"datetime(2024-03-01)", LitDateTime, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"datetime(2024-03-01T10:20:30Z)", LitDateTime, time.Date(2024, 3, 1, 10, 20, 30, 0, time.UTC)},
		{"datetime(2024-03-01 10:20:30.5)", LitDateTime, time.Date(2024, 3, 1, 10, 20, 30, 500_000_000, time.UTC)},
		{"datetime(2024-03-01T10:20:30+02:00)", LitDateTime, time.Date(2024, 3, 1, 8, 20, 30, 0, time.UTC)},
		{"date(2024-03-01)", LitDateTime, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"datetime(Sat, 8 Nov 2014 15:05:02 GMT)", LitDateTime, time.Date(2014, 11, 8, 15, 5, 2, 0, time.UTC)},
		{"datetime('2019-01-18T10:36:07Z')", LitDateTime, time.Date(2019, 1, 18, 10, 36, 7, 0, time.UTC)},
		{`datetime("01/16/2022 00:00:00")`, LitDateTime, time.Date(2022, 1, 16, 0, 0, 0, 0, time.UTC)},
		{"guid(74BE27DE-1E4E-49D9-B579-FE0B331D3642)", LitGuid, "74be27de-1e4e-49d9-b579-fe0b331d3642"},
		{"guid(74be27de1e4e49d9b579fe0b331d3642)", LitGuid, "74be27de-1e4e-49d9-b579-fe0b331d3642"},
		{"datetime(garbage)", LitDateTime, nil},
		{"guid(nope)", LitGuid, nil},
	}
	for _, tt := range tests {
		lit, ok := firstPrintValue(t, tt.in).(*Literal)
		if !ok {
			t.Errorf("%s: not a *Literal", tt.in)
			continue
		}
		if lit.Kind != tt.kind {
			t.Errorf("%s: kind %v, want %v", tt.in, lit.Kind, tt.kind)
		}
		if lit.Raw != tt.in {
			t.Errorf("%s: raw %q", tt.in, lit.Raw)
		}
		if tm, ok := tt.value.(time.Time); ok {
			if got, ok := lit.Value.(time.Time); !ok || !got.Equal(tm) {
				t.Errorf("%s: value %v, want %v", tt.in, lit.Value, tm)
			}
			continue
		}
		if lit.Value != tt.value {
			t.Errorf("%s: value %#v, want %#v", tt.in, lit.Value, tt.value)
		}
	}
}

func TestTypedNulls(t *testing.T) {
	for _, in := range []string{"int(null)", "long(null)", "real(null)", "bool(null)", "datetime(null)", "timespan(null)", "guid(null)", "decimal(null)"} {
		lit := firstPrintValue(t, in).(*Literal)
		if !lit.Null || lit.Value != nil {
			t.Errorf("%s: Null=%v Value=%v, want a typed null", in, lit.Null, lit.Value)
		}
	}
	lit := firstPrintValue(t, "dynamic(null)").(*DynamicLit).Value.(*Literal)
	if lit.Kind != LitNull {
		t.Errorf("dynamic(null): inner kind %v, want null", lit.Kind)
	}
}

func TestRealSpecialValues(t *testing.T) {
	nan := firstPrintValue(t, "real(nan)").(*Literal).Value.(float64)
	if !math.IsNaN(nan) {
		t.Errorf("real(nan) = %v", nan)
	}
	if v := firstPrintValue(t, "real(+inf)").(*Literal).Value.(float64); !math.IsInf(v, 1) {
		t.Errorf("real(+inf) = %v", v)
	}
	if v := firstPrintValue(t, "real(-inf)").(*Literal).Value.(float64); !math.IsInf(v, -1) {
		t.Errorf("real(-inf) = %v", v)
	}
}

func TestStringValues(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`'abc'`, "abc"},
		{`"a\tb\nc"`, "a\tb\nc"},
		{`'it\'s'`, "it's"},
		{`"say \"hi\""`, `say "hi"`},
		{`'\\server'`, `\server`},
		{`'\u00e9\x41\101'`, "éAA"},
		{`'\U0001F600'`, "\U0001F600"},
		{`@'C:\temp'`, `C:\temp`},
		{`@'it''s'`, "it's"},
		{`@"a""b"`, `a"b`},
		{`h'secret'`, "secret"},
		{`H@"C:\x"`, `C:\x`},
		{"```line1\nline2```", "line1\nline2"},
		{"~~~a'b\"c~~~", "a'b\"c"},
		{`'a' "b" @'c'`, "abc"},
		{`'a' // comment` + "\n" + `'b'`, "ab"},
	}
	for _, tt := range tests {
		s, ok := firstPrintValue(t, tt.in).(*StringLit)
		if !ok {
			t.Errorf("%s: not a *StringLit", tt.in)
			continue
		}
		if s.Value != tt.want {
			t.Errorf("%s: value %q, want %q", tt.in, s.Value, tt.want)
		}
	}
}

func TestDynamicLiteral(t *testing.T) {
	d := firstPrintValue(t, `dynamic({"a": [1, -2, "x", null, true], "b": {"c": 1.5}})`).(*DynamicLit)
	obj := d.Value.(*JSONObject)
	if len(obj.Pairs) != 2 || obj.Pairs[0].Key.Value != "a" || obj.Pairs[1].Key.Value != "b" {
		t.Fatalf("unexpected object: %s", Print(obj))
	}
	arr := obj.Pairs[0].Value.(*JSONArray)
	if len(arr.Elems) != 5 {
		t.Fatalf("array has %d elements, want 5", len(arr.Elems))
	}
	neg := arr.Elems[1].(*UnaryExpr)
	if neg.Op != OpMinus || neg.X.(*Literal).Value != int64(2) {
		t.Errorf("second element is %s, want -2", Print(neg))
	}
	if arr.Elems[3].(*Literal).Kind != LitNull {
		t.Errorf("fourth element is not null")
	}
}

func TestTypeOfLiteral(t *testing.T) {
	if ty := firstPrintValue(t, "typeof(string)").(*TypeOfLit); ty.Type == nil || ty.Type.Name != "string" {
		t.Errorf("typeof(string): %+v", ty)
	}
	ty := firstPrintValue(t, "typeof(a: string, *, b: long)").(*TypeOfLit)
	if ty.Schema == nil || !ty.Schema.Star || len(ty.Schema.Columns) != 2 {
		t.Errorf("typeof schema: %s", Print(ty))
	}
}

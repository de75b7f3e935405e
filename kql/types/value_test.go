package types

import (
	"testing"
	"time"
)

func TestParseDateTimeForms(t *testing.T) {
	want := "2015-12-31T23:59:59.9000000Z"
	for _, in := range []string{
		"2015-12-31 23:59:59.9",
		"2015-12-31T23:59:59.9Z",
		"2015-12-31T23:59:59.90000001Z",
		"2016-01-01T01:59:59.9+02:00",
		"Thu, 31 Dec 2015 23:59:59.9 GMT",
	} {
		d, ok := ParseDateTime(in)
		if !ok {
			t.Errorf("ParseDateTime(%q) failed", in)
			continue
		}
		if got := d.String(); got != want {
			t.Errorf("ParseDateTime(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestParseDateTimeRejects(t *testing.T) {
	for _, in := range []string{"", "2015-13-01", "2015-02-30", "yesterday", "2015-01-01T25:00"} {
		if _, ok := ParseDateTime(in); ok {
			t.Errorf("ParseDateTime(%q) succeeded, want failure", in)
		}
	}
}

func TestDateTimeRange(t *testing.T) {
	first, ok := ParseDateTime("0001-01-01")
	if !ok || first != 0 {
		t.Errorf("0001-01-01 = %d, %v; want 0, true", first, ok)
	}
	last, ok := ParseDateTime("9999-12-31T23:59:59.9999999Z")
	if !ok || int64(last) != MaxDateTimeTicks {
		t.Errorf("9999-12-31T23:59:59.9999999Z = %d, %v; want %d, true", last, ok, int64(MaxDateTimeTicks))
	}
	epoch, _ := DateTimeFromTime(time.Unix(0, 0))
	if int64(epoch) != UnixEpochTicks {
		t.Errorf("Unix epoch = %d ticks, want %d", epoch, int64(UnixEpochTicks))
	}
	if got := epoch.Time(); !got.Equal(time.Unix(0, 0)) {
		t.Errorf("epoch round trip = %v", got)
	}
}

func TestTimeSpanFormat(t *testing.T) {
	cases := map[TimeSpanValue]string{
		TicksPerDay:                      "1.00:00:00",
		TicksPerSecond / 2:               "00:00:00.5000000",
		-(TicksPerHour + TicksPerMinute): "-01:01:00",
		0:                                "00:00:00",
	}
	for in, want := range cases {
		if got := in.String(); got != want {
			t.Errorf("TimeSpanValue(%d) = %s, want %s", int64(in), got, want)
		}
	}
}

func TestParseTimeSpanForms(t *testing.T) {
	cases := map[string]TimeSpanValue{
		"2d":            2 * TicksPerDay,
		"1.5h":          TicksPerHour * 3 / 2,
		"100ms":         100 * TicksPerMillisecond,
		"10microsecond": 100,
		"1tick":         1,
		"1.02:03:04.5":  TicksPerDay + 2*TicksPerHour + 3*TicksPerMinute + 4*TicksPerSecond + TicksPerSecond/2,
		"00:30":         30 * TicksPerMinute,
		"-00:00:01":     -TicksPerSecond,
	}
	for in, want := range cases {
		got, ok := ParseTimeSpan(in)
		if !ok || got != want {
			t.Errorf("ParseTimeSpan(%q) = %d, %v; want %d", in, int64(got), ok, int64(want))
		}
	}
	if _, ok := ParseTimeSpan("3"); ok {
		t.Error(`ParseTimeSpan("3") succeeded; a bare number has no unit`)
	}
	if got, ok := ParseTimeSpanLiteral("2"); !ok || got != 2*TicksPerDay {
		t.Errorf("ParseTimeSpanLiteral(\"2\") = %d, %v; want two days", int64(got), ok)
	}
}

func TestDecimalExact(t *testing.T) {
	a, _ := ParseDecimal("0.1")
	b, _ := ParseDecimal("0.2")
	c, _ := ParseDecimal("0.3")
	if a.Add(b).Cmp(c) != 0 {
		t.Errorf("0.1 + 0.2 = %s, want 0.3", a.Add(b))
	}
	q, ok := DecimalFromInt(1).Div(DecimalFromInt(3))
	if !ok || q.String() != "0.3333333333333333333333333333" {
		t.Errorf("1 / 3 = %s, want 28 threes", q)
	}
	if _, ok := DecimalFromInt(1).Div(DecimalFromInt(0)); ok {
		t.Error("1 / 0 succeeded")
	}
}

func TestGuidRoundTrip(t *testing.T) {
	g, ok := ParseGuid("{0123456789ABCDEF0123456789abcdef}")
	if ok {
		t.Errorf("braced 32-digit form parsed as %s; braces need hyphens", g)
	}
	g, ok = ParseGuid("01234567-89ab-cdef-0123-456789ABCDEF")
	if !ok || g.String() != "01234567-89ab-cdef-0123-456789abcdef" {
		t.Errorf("ParseGuid = %s, %v", g, ok)
	}
}

func TestFormatValues(t *testing.T) {
	cases := []struct {
		in   Value
		want string
	}{
		{nil, ""},
		{true, "True"},
		{1.0, "1.0"},
		{1.5, "1.5"},
		{int64(-3), "-3"},
		{map[string]any{"b": int64(1), "a": []any{"x", nil}}, `{"a":["x",null],"b":1}`},
	}
	for _, c := range cases {
		if got := Format(c.in); got != c.want {
			t.Errorf("Format(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseJSONNumbers(t *testing.T) {
	v, err := ParseJSON(`{"a": 9223372036854775807, "b": 1.5, "c": [1, "x"]}`)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	if m["a"] != int64(9223372036854775807) {
		t.Errorf("a = %v (%T), want the exact int64", m["a"], m["a"])
	}
	if m["b"] != 1.5 {
		t.Errorf("b = %v, want 1.5", m["b"])
	}
	if _, err := ParseJSON(`{"a": 1} trailing`); err == nil {
		t.Error("text after the value was accepted")
	}
}

package exec

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds the datetime and timespan functions and bin().

func init() {
	DT, TS, L, S := fixed(types.DateTime), fixed(types.TimeSpan), fixed(types.Long), fixed(types.String)
	register(
		&scalarDef{name: "bin", minArgs: 2, maxArgs: 2, result: argKind(0), vec: binVec,
			row: func(c *callEval, a []types.Value) types.Value { return bin(a[0], a[1], nil) }},
		def("bin_at", 3, 3, argKind(0), func(c *callEval, a []types.Value) types.Value {
			if a[2] == nil {
				return nil
			}
			return bin(a[0], a[1], a[2])
		}),
		def("startofday", 1, 2, DT, periodStart("day", false)),
		def("startofweek", 1, 2, DT, periodStart("week", false)),
		def("startofmonth", 1, 2, DT, periodStart("month", false)),
		def("startofyear", 1, 2, DT, periodStart("year", false)),
		def("endofday", 1, 2, DT, periodStart("day", true)),
		def("endofweek", 1, 2, DT, periodStart("week", true)),
		def("endofmonth", 1, 2, DT, periodStart("month", true)),
		def("endofyear", 1, 2, DT, periodStart("year", true)),
		def("dayofweek", 1, 1, TS, func(c *callEval, a []types.Value) types.Value {
			d, ok := a[0].(types.DateTimeValue)
			if !ok {
				return nil
			}
			return types.TimeSpanValue(int64(d.Time().Weekday()) * types.TicksPerDay)
		}),
		def("dayofmonth", 1, 1, fixed(types.Int), dateField(func(t time.Time) int64 { return int64(t.Day()) })),
		def("dayofyear", 1, 1, fixed(types.Int), dateField(func(t time.Time) int64 { return int64(t.YearDay()) })),
		def("getmonth", 1, 1, fixed(types.Int), dateField(func(t time.Time) int64 { return int64(t.Month()) })),
		def("getyear", 1, 1, fixed(types.Int), dateField(func(t time.Time) int64 { return int64(t.Year()) })),
		def("hourofday", 1, 1, fixed(types.Int), dateField(func(t time.Time) int64 { return int64(t.Hour()) })),
		def("week_of_year", 1, 1, fixed(types.Int), dateField(func(t time.Time) int64 { _, w := t.ISOWeek(); return int64(w) })),
		def("datetime_add", 3, 3, DT, datetimeAdd),
		def("datetime_diff", 3, 3, L, datetimeDiff),
		def("datetime_part", 2, 2, fixed(types.Int), func(c *callEval, a []types.Value) types.Value {
			d, ok := a[1].(types.DateTimeValue)
			if !ok {
				return nil
			}
			return datePart(strings.ToLower(str(a, 0)), d)
		}),
		&scalarDef{name: "format_datetime", minArgs: 2, maxArgs: 2, result: S, prepare: checkFormat("dfFhHmMsty", "format_datetime"), row: func(c *callEval, a []types.Value) types.Value {
			d, ok := a[0].(types.DateTimeValue)
			if !ok {
				return ""
			}
			return formatDateTime(d, str(a, 1))
		}},
		&scalarDef{name: "format_timespan", minArgs: 2, maxArgs: 2, result: S, prepare: checkFormat("dfFhHms", "format_timespan"), row: func(c *callEval, a []types.Value) types.Value {
			s, ok := a[0].(types.TimeSpanValue)
			if !ok {
				return ""
			}
			return formatTimeSpan(s, str(a, 1))
		}},
		def("make_datetime", 1, 7, DT, func(c *callEval, a []types.Value) types.Value {
			if len(a) == 1 {
				return convertTo(a[0], types.DateTime)
			}
			f := make([]int64, 6)
			var frac float64
			for i := 0; i < len(a) && i < 6; i++ {
				if a[i] == nil {
					return nil
				}
				if i == 5 {
					frac, _ = types.AsFloat(a[i])
					f[5] = int64(math.Floor(frac))
					frac -= math.Floor(frac)
					continue
				}
				n, _ := toInt64(a[i])
				f[i] = n
			}
			d, ok := types.DateTimeOf(int(f[0]), int(f[1]), int(f[2]), int(f[3]), int(f[4]), int(f[5]), int64(math.Round(frac*types.TicksPerSecond)))
			if !ok {
				return nil
			}
			return d
		}),
		def("make_timespan", 2, 5, TS, func(c *callEval, a []types.Value) types.Value {
			units := []int64{types.TicksPerHour, types.TicksPerMinute, types.TicksPerSecond}
			if len(a) >= 4 {
				units = []int64{types.TicksPerDay, types.TicksPerHour, types.TicksPerMinute, types.TicksPerSecond}
			}
			// Hours, minutes and seconds must lie in their clock ranges.
			limits := []float64{24, 60, 60}
			if len(a) >= 4 {
				limits = []float64{math.Inf(1), 24, 60, 60}
			}
			var t float64
			for i := 0; i < len(a) && i < len(units); i++ {
				f, ok := types.AsFloat(a[i])
				if !ok || f < 0 || f >= limits[i] {
					return nil
				}
				t += f * float64(units[i])
			}
			return types.TimeSpanValue(int64(math.Round(t)))
		}),
		def("unixtime_seconds_todatetime", 1, 1, DT, unixTo(types.TicksPerSecond)),
		def("unixtime_milliseconds_todatetime", 1, 1, DT, unixTo(types.TicksPerMillisecond)),
		def("unixtime_microseconds_todatetime", 1, 1, DT, unixTo(types.TicksPerMicrosecond)),
		def("unixtime_nanoseconds_todatetime", 1, 1, DT, func(c *callEval, a []types.Value) types.Value {
			f, ok := types.AsFloat(a[0])
			if !ok {
				return nil
			}
			return checkedDateTime(types.UnixEpochTicks + int64(f/100))
		}),
		def("totimespan_ticks", 1, 1, TS, func(c *callEval, a []types.Value) types.Value {
			n, ok := toInt64(a[0])
			if !ok {
				return nil
			}
			return types.TimeSpanValue(n)
		}),
	)
	alias("floor", "bin")
	alias("monthofyear", "getmonth")
	alias("weekofyear", "week_of_year")
}

func checkedDateTime(t int64) types.Value {
	if !types.ValidDateTime(t) {
		return nil
	}
	return types.DateTimeValue(t)
}

func unixTo(unit int64) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		f, ok := types.AsFloat(a[0])
		if !ok {
			return nil
		}
		return checkedDateTime(types.UnixEpochTicks + int64(math.Round(f*float64(unit))))
	}
}

func dateField(f func(time.Time) int64) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		d, ok := a[0].(types.DateTimeValue)
		if !ok {
			return nil
		}
		return f(d.Time())
	}
}

// floorDiv divides rounding toward negative infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// bin rounds value down to a multiple of size, counted from at (or from
// 0, the epoch of the value's type). A null or non-positive size gives
// null. Datetimes bin from 0001-01-01, which for whole days is the same
// as binning from 1970-01-01.
func bin(value, size, at types.Value) types.Value {
	if value == nil || size == nil {
		return nil
	}
	switch v := value.(type) {
	case types.DateTimeValue:
		s, ok := size.(types.TimeSpanValue)
		if !ok || s <= 0 {
			return nil
		}
		origin := int64(0)
		if d, ok := at.(types.DateTimeValue); ok {
			origin = int64(d)
		}
		return checkedDateTime(origin + floorDiv(int64(v)-origin, int64(s))*int64(s))
	case types.TimeSpanValue:
		s, ok := size.(types.TimeSpanValue)
		if !ok || s <= 0 {
			return nil
		}
		origin := int64(0)
		if d, ok := at.(types.TimeSpanValue); ok {
			origin = int64(d)
		}
		return types.TimeSpanValue(origin + floorDiv(int64(v)-origin, int64(s))*int64(s))
	case float64:
		s, ok := types.AsFloat(size)
		if !ok || s <= 0 {
			return nil
		}
		origin, _ := types.AsFloat(at)
		return origin + math.Floor((v-origin)/s)*s
	case types.DecimalValue:
		f := v.Float64()
		s, ok := types.AsFloat(size)
		if !ok || s <= 0 {
			return nil
		}
		return math.Floor(f/s) * s
	}
	n, ok := integer(value)
	if !ok {
		return nil
	}
	if sf, isReal := size.(float64); isReal {
		if sf <= 0 {
			return nil
		}
		return math.Floor(float64(n)/sf) * sf
	}
	s, ok := integer(size)
	if !ok || s <= 0 {
		return nil
	}
	origin, _ := integer(at)
	r := origin + floorDiv(n-origin, s)*s
	if _, is32 := value.(int32); is32 {
		return int32(r)
	}
	return r
}

// periodStart returns startof*/endof* for a period, with the optional
// offset argument counting whole periods.
func periodStart(period string, end bool) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		d, ok := a[0].(types.DateTimeValue)
		if !ok {
			return nil
		}
		offset := int64(0)
		if len(a) > 1 {
			if n, ok := intArg(a, 1); ok {
				offset = n
			}
		}
		y, m, day := d.Date()
		var start types.DateTimeValue
		var next types.DateTimeValue
		switch period {
		case "day":
			s, _ := types.DateTimeOf(y, m, day, 0, 0, 0, 0)
			start = types.DateTimeValue(int64(s) + offset*types.TicksPerDay)
			next = types.DateTimeValue(int64(start) + types.TicksPerDay)
		case "week":
			s, _ := types.DateTimeOf(y, m, day, 0, 0, 0, 0)
			wd := int64(d.Time().Weekday())
			start = types.DateTimeValue(int64(s) - wd*types.TicksPerDay + offset*7*types.TicksPerDay)
			next = types.DateTimeValue(int64(start) + 7*types.TicksPerDay)
		case "month":
			total := int64(y)*12 + int64(m-1) + offset
			yy, mm := int(total/12), int(total%12)+1
			s, ok := types.DateTimeOf(yy, mm, 1, 0, 0, 0, 0)
			if !ok {
				return nil
			}
			start = s
			total++
			if n, ok := types.DateTimeOf(int(total/12), int(total%12)+1, 1, 0, 0, 0, 0); ok {
				next = n
			} else {
				next = types.DateTimeValue(types.MaxDateTimeTicks + 1)
			}
		case "year":
			s, ok := types.DateTimeOf(y+int(offset), 1, 1, 0, 0, 0, 0)
			if !ok {
				return nil
			}
			start = s
			if n, ok := types.DateTimeOf(y+int(offset)+1, 1, 1, 0, 0, 0, 0); ok {
				next = n
			} else {
				next = types.DateTimeValue(types.MaxDateTimeTicks + 1)
			}
		}
		if end {
			return checkedDateTime(int64(next) - 1)
		}
		return checkedDateTime(int64(start))
	}
}

// partTicks returns the fixed length of a datetime part, or 0 for
// months, quarters and years.
func partTicks(part string) (int64, bool) {
	switch part {
	case "week", "weeks":
		return 7 * types.TicksPerDay, true
	case "day", "days":
		return types.TicksPerDay, true
	case "hour", "hours":
		return types.TicksPerHour, true
	case "minute", "minutes":
		return types.TicksPerMinute, true
	case "second", "seconds":
		return types.TicksPerSecond, true
	case "millisecond", "milliseconds":
		return types.TicksPerMillisecond, true
	case "microsecond", "microseconds":
		return types.TicksPerMicrosecond, true
	case "nanosecond", "nanoseconds":
		return 0, true
	}
	return 0, false
}

func monthsOf(part string) (int64, bool) {
	switch part {
	case "month", "months":
		return 1, true
	case "quarter", "quarters":
		return 3, true
	case "year", "years":
		return 12, true
	}
	return 0, false
}

func datetimeAdd(c *callEval, a []types.Value) types.Value {
	part := strings.ToLower(str(a, 0))
	n, ok := intArg(a, 1)
	d, ok2 := a[2].(types.DateTimeValue)
	if !ok || !ok2 {
		return nil
	}
	if months, ok := monthsOf(part); ok {
		t := d.Time().AddDate(0, int(n*months), 0)
		y, m, day := d.Date()
		// Clamp to the end of the target month, as .NET's AddMonths does.
		total := int64(y)*12 + int64(m-1) + n*months
		ty, tm := int(total/12), int(total%12)+1
		if t.Day() != day {
			last := time.Date(ty, time.Month(tm)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			t = time.Date(ty, time.Month(tm), last, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		}
		r, ok := types.DateTimeFromTime(t)
		if !ok {
			return nil
		}
		frac := int64(d) % types.TicksPerSecond
		return checkedDateTime(int64(r) - int64(r)%types.TicksPerSecond + frac)
	}
	unit, ok := partTicks(part)
	if !ok {
		return nil
	}
	if part == "nanosecond" || part == "nanoseconds" {
		return checkedDateTime(int64(d) + n/100)
	}
	return checkedDateTime(int64(d) + n*unit)
}

// datetimeDiff counts the boundaries of the given part crossed between
// the second and the first datetime.
func datetimeDiff(c *callEval, a []types.Value) types.Value {
	part := strings.ToLower(str(a, 0))
	d1, ok1 := a[1].(types.DateTimeValue)
	d2, ok2 := a[2].(types.DateTimeValue)
	if !ok1 || !ok2 {
		return nil
	}
	y1, m1, _ := d1.Date()
	y2, m2, _ := d2.Date()
	switch part {
	case "year", "years":
		return int64(y1 - y2)
	case "quarter", "quarters":
		return int64((y1*4 + (m1-1)/3) - (y2*4 + (m2-1)/3))
	case "month", "months":
		return int64((y1*12 + m1) - (y2*12 + m2))
	case "week", "weeks":
		w1 := floorDiv(int64(d1)/types.TicksPerDay+1, 7)
		w2 := floorDiv(int64(d2)/types.TicksPerDay+1, 7)
		return w1 - w2
	case "nanosecond", "nanoseconds":
		return (int64(d1) - int64(d2)) * 100
	}
	unit, ok := partTicks(part)
	if !ok || unit == 0 {
		return nil
	}
	return floorDiv(int64(d1), unit) - floorDiv(int64(d2), unit)
}

func datePart(part string, d types.DateTimeValue) types.Value {
	t := d.Time()
	switch part {
	case "year":
		return int64(t.Year())
	case "quarter":
		return int64((int(t.Month())-1)/3 + 1)
	case "month":
		return int64(t.Month())
	case "week_of_year", "weekofyear":
		_, w := t.ISOWeek()
		return int64(w)
	case "day":
		return int64(t.Day())
	case "dayofyear":
		return int64(t.YearDay())
	case "hour":
		return int64(t.Hour())
	case "minute":
		return int64(t.Minute())
	case "second":
		return int64(t.Second())
	case "millisecond":
		return (int64(d) % types.TicksPerSecond) / types.TicksPerMillisecond
	case "microsecond":
		return (int64(d) % types.TicksPerSecond) / types.TicksPerMicrosecond
	case "nanosecond":
		return (int64(d) % types.TicksPerSecond) * 100
	}
	return nil
}

// formatDateTime implements format_datetime's specifiers: y, M, d, h,
// H, m, s, f, F and t (AM/PM), with other characters copied. Kusto has
// no month or day names, so a longer run such as dddd is read as dd dd.
func formatDateTime(d types.DateTimeValue, format string) string {
	t := d.Time()
	frac := int64(d) % types.TicksPerSecond
	var b strings.Builder
	for i := 0; i < len(format); {
		c := format[i]
		j := i
		for j < len(format) && format[j] == c && j-i < maxTokenLen(c) {
			j++
		}
		n := j - i
		switch c {
		case 'y':
			switch {
			case n <= 2:
				fmt.Fprintf(&b, "%0*d", n, t.Year()%100)
			default:
				fmt.Fprintf(&b, "%0*d", n, t.Year())
			}
		case 'M':
			fmt.Fprintf(&b, "%0*d", n, int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%0*d", n, t.Day())
		case 'h':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			fmt.Fprintf(&b, "%0*d", min(n, 2), h)
		case 'H':
			fmt.Fprintf(&b, "%0*d", min(n, 2), t.Hour())
		case 'm':
			fmt.Fprintf(&b, "%0*d", min(n, 2), t.Minute())
		case 's':
			fmt.Fprintf(&b, "%0*d", min(n, 2), t.Second())
		case 'f', 'F':
			digits := fmt.Sprintf("%07d", frac)[:min(n, 7)]
			if c == 'F' {
				digits = strings.TrimRight(digits, "0")
			}
			b.WriteString(digits)
		case 't':
			ampm := "AM"
			if t.Hour() >= 12 {
				ampm = "PM"
			}
			b.WriteString(ampm[:min(n, 2)])
		default:
			b.WriteString(format[i:j])
		}
		i = j
	}
	return b.String()
}

// formatTimeSpan implements format_timespan's specifiers: d, h, H, m, s,
// f and F, with other characters copied.
func formatTimeSpan(s types.TimeSpanValue, format string) string {
	t := int64(s)
	neg := t < 0
	if neg {
		t = -t
	}
	days := t / types.TicksPerDay
	hours := (t % types.TicksPerDay) / types.TicksPerHour
	minutes := (t % types.TicksPerHour) / types.TicksPerMinute
	seconds := (t % types.TicksPerMinute) / types.TicksPerSecond
	frac := t % types.TicksPerSecond
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := 0; i < len(format); {
		c := format[i]
		j := i
		for j < len(format) && format[j] == c && (c == 'd' || j-i < maxTokenLen(c)) {
			j++
		}
		n := j - i
		switch c {
		case 'd':
			fmt.Fprintf(&b, "%0*d", n, days)
		case 'h', 'H':
			fmt.Fprintf(&b, "%0*d", min(n, 2), hours)
		case 'm':
			fmt.Fprintf(&b, "%0*d", min(n, 2), minutes)
		case 's':
			fmt.Fprintf(&b, "%0*d", min(n, 2), seconds)
		case 'f', 'F':
			digits := fmt.Sprintf("%07d", frac)[:min(n, 7)]
			if c == 'F' {
				digits = strings.TrimRight(digits, "0")
			}
			b.WriteString(digits)
		default:
			b.WriteString(format[i:j])
		}
		i = j
	}
	return b.String()
}

func init() {
	// now() and ago() are replaced by constants when a query is compiled
	// (see compileCall); these entries give their types and arity.
	register(
		def("now", 0, 1, fixed(types.DateTime), nil),
		def("ago", 1, 1, fixed(types.DateTime), nil),
	)
}

// formatSeparators are the characters a datetime or timespan format may
// hold besides its specifiers.
const formatSeparators = " /-:,._[]"

// checkFormat rejects a constant format string with characters other
// than the given specifier letters and the separators, as Kusto does.
func checkFormat(letters, fn string) func(c *callEval) error {
	return func(c *callEval) error {
		v, ok := constant(c.args[1])
		if !ok {
			return nil
		}
		format := types.Format(v)
		for _, r := range format {
			if !strings.ContainsRune(letters, r) && !strings.ContainsRune(formatSeparators, r) {
				return fmt.Errorf("%s: invalid format %q: %q is not a format specifier or separator", fn, format, r)
			}
		}
		return nil
	}
}

// maxTokenLen is the longest run of one specifier letter that forms a
// single token: yyyy, fffffff, and two for the others.
func maxTokenLen(c byte) int {
	switch c {
	case 'y':
		return 4
	case 'f', 'F':
		return 7
	}
	return 2
}

// binVec bins a long, datetime or timespan vector by a constant positive
// size without boxing each value.
func binVec(c *callEval, args []*column.Vector, n int) *column.Vector {
	size, ok := constant(c.args[1])
	if !ok {
		return nil
	}
	v := args[0]
	var step int64
	switch v.Kind() {
	case types.DateTime, types.TimeSpan:
		s, ok := size.(types.TimeSpanValue)
		if !ok {
			return nil
		}
		step = int64(s)
	case types.Long:
		s, ok := size.(int64)
		if !ok {
			return nil
		}
		step = s
	default:
		return nil
	}
	if step <= 0 || v.Kind() != c.result {
		return nil
	}
	in := v.Ints()
	out := make([]int64, n)
	var nulls []uint64
	for i := 0; i < n; i++ {
		if v.IsNull(i) {
			nulls = column.SetBit(nulls, i, n)
			continue
		}
		out[i] = floorDiv(in[i], step) * step
	}
	return column.NewInts(v.Kind(), out, nulls)
}

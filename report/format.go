// Package report writes alerts and query results for people and programs:
// an aligned text table, JSON lines, CSV, and a self-contained HTML page.
package report

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Text renders a result value the way Kusto displays it: datetimes in ISO
// 8601 with seven fractional digits, timespans as [-][d.]hh:mm:ss[.fffffff],
// dynamic values as compact JSON, null as an empty string.
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return formatReal(x)
	case time.Time:
		return FormatDateTime(x)
	case time.Duration:
		return FormatTimeSpan(x)
	case fmt.Stringer:
		return x.String()
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	}
}

func formatReal(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	// Plain decimals in the usual range, so a file size reads 57599997, not
	// 5.7599997e+07; exponents only for very large or small magnitudes.
	if a := math.Abs(f); a == 0 || (a >= 1e-5 && a < 1e15) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// FormatDateTime writes t in UTC as 2006-01-02T15:04:05.1234567Z.
func FormatDateTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.0000000Z")
}

// FormatTimeSpan writes d as Kusto prints a timespan: 1.02:03:04.5000000,
// 00:00:10; the fraction appears only when there is one.
func FormatTimeSpan(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign = "-"
		d = -d
	}
	ticks := int64(d / 100)
	days := ticks / (864e9)
	ticks -= days * 864e9
	h := ticks / 36e9
	ticks -= h * 36e9
	m := ticks / 6e8
	ticks -= m * 6e8
	s := ticks / 1e7
	frac := ticks - s*1e7
	out := sign
	if days > 0 {
		out += strconv.FormatInt(days, 10) + "."
	}
	out += fmt.Sprintf("%02d:%02d:%02d", h, m, s)
	if frac > 0 {
		out += fmt.Sprintf(".%07d", frac)
	}
	return out
}

// jsonValue converts a result value for encoding/json: datetimes and
// timespans as Kusto text, non-finite reals as the strings Kusto uses.
func jsonValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return FormatDateTime(x)
	case time.Duration:
		return FormatTimeSpan(x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return formatReal(x)
		}
		return x
	case fmt.Stringer:
		return x.String()
	default:
		return v
	}
}

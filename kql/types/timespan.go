package types

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// String formats s the way Kusto prints a timespan: [-][d.]hh:mm:ss
// followed by .fffffff when the value has a fractional second, as in
// 1.00:00:00 or 00:00:00.5000000.
func (s TimeSpanValue) String() string {
	t := int64(s)
	sign := ""
	var u uint64
	if t < 0 {
		sign = "-"
		u = uint64(-t)
	} else {
		u = uint64(t)
	}
	days := u / TicksPerDay
	u %= TicksPerDay
	h := u / TicksPerHour
	u %= TicksPerHour
	m := u / TicksPerMinute
	u %= TicksPerMinute
	sec := u / TicksPerSecond
	frac := u % TicksPerSecond
	var b strings.Builder
	b.WriteString(sign)
	if days > 0 {
		fmt.Fprintf(&b, "%d.", days)
	}
	fmt.Fprintf(&b, "%02d:%02d:%02d", h, m, sec)
	if frac != 0 {
		fmt.Fprintf(&b, ".%07d", frac)
	}
	return b.String()
}

// timespanUnits maps the unit suffixes of timespan literals to ticks.
var timespanUnits = map[string]int64{
	"d": TicksPerDay, "day": TicksPerDay, "days": TicksPerDay,
	"h": TicksPerHour, "hr": TicksPerHour, "hrs": TicksPerHour, "hour": TicksPerHour, "hours": TicksPerHour,
	"m": TicksPerMinute, "min": TicksPerMinute, "mins": TicksPerMinute, "minute": TicksPerMinute, "minutes": TicksPerMinute,
	"s": TicksPerSecond, "sec": TicksPerSecond, "secs": TicksPerSecond, "second": TicksPerSecond, "seconds": TicksPerSecond,
	"ms": TicksPerMillisecond, "milli": TicksPerMillisecond, "millis": TicksPerMillisecond,
	"millisecond": TicksPerMillisecond, "milliseconds": TicksPerMillisecond,
	"microsecond": TicksPerMicrosecond, "microseconds": TicksPerMicrosecond,
	"tick": 1, "ticks": 1,
	"nanosecond": 0, "nanoseconds": 0,
}

// ParseTimeSpanLiteral parses the number-and-unit form of a timespan
// literal: 2d, 1.5h, 30m, 10s, 100ms, 10microsecond, 1tick. The text
// between timespan( and ) uses the same form, and a bare number there
// counts days.
func ParseTimeSpanLiteral(s string) (TimeSpanValue, bool) {
	s = strings.TrimSpace(s)
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
		i++
	}
	num, unit := s[:i], strings.ToLower(strings.TrimSpace(s[i:]))
	if num == "" || num == "-" || num == "+" {
		return 0, false
	}
	if unit == "" {
		unit = "d"
	}
	if unit == "nanosecond" || unit == "nanoseconds" {
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, false
		}
		return TimeSpanValue(int64(f / 100)), true
	}
	per, ok := timespanUnits[unit]
	if !ok {
		return 0, false
	}
	if n, err := strconv.ParseInt(num, 10, 64); err == nil {
		return TimeSpanValue(n * per), true
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(f) {
		return 0, false
	}
	return TimeSpanValue(int64(math.Round(f * float64(per)))), true
}

// ParseTimeSpan parses the forms totimespan() accepts: the clock form
// [-][d.]hh:mm[:ss[.fffffff]] and the literal form of ParseTimeSpanLiteral
// with a unit (a bare number is rejected, as totimespan("3") is null).
func ParseTimeSpan(s string) (TimeSpanValue, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ":") {
		return parseClockTimeSpan(s)
	}
	if isDigit(s[len(s)-1]) {
		return 0, false
	}
	return ParseTimeSpanLiteral(s)
}

func parseClockTimeSpan(s string) (TimeSpanValue, bool) {
	neg := false
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	var days int64
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	first := parts[0]
	if dot := strings.IndexByte(first, '.'); dot >= 0 {
		d, err := strconv.ParseInt(first[:dot], 10, 64)
		if err != nil {
			return 0, false
		}
		days = d
		first = first[dot+1:]
	}
	h, err := strconv.Atoi(first)
	if err != nil || h < 0 || h > 23 {
		return 0, false
	}
	m, err := strconv.Atoi(parts[1])
	if err != nil || m < 0 || m > 59 {
		return 0, false
	}
	var sec, frac int64
	if len(parts) == 3 {
		secText := parts[2]
		if dot := strings.IndexByte(secText, '.'); dot >= 0 {
			f := secText[dot+1:]
			secText = secText[:dot]
			if f == "" || len(f) > 7 {
				return 0, false
			}
			for _, c := range f {
				if c < '0' || c > '9' {
					return 0, false
				}
			}
			fv, _ := strconv.ParseInt(f+strings.Repeat("0", 7-len(f)), 10, 64)
			frac = fv
		}
		sv, err := strconv.Atoi(secText)
		if err != nil || sv < 0 || sv > 59 {
			return 0, false
		}
		sec = int64(sv)
	}
	t := days*TicksPerDay + int64(h)*TicksPerHour + int64(m)*TicksPerMinute + sec*TicksPerSecond + frac
	if neg {
		t = -t
	}
	return TimeSpanValue(t), true
}

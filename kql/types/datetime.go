package types

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateTimeValue is a datetime: the number of 100-nanosecond ticks since
// 0001-01-01T00:00:00Z, always UTC. Valid values run from year 1 to the
// last tick of year 9999, as in Kusto.
type DateTimeValue int64

// TimeSpanValue is a timespan: a signed number of 100-nanosecond ticks.
type TimeSpanValue int64

// Tick counts used by datetime and timespan arithmetic.
const (
	TicksPerMicrosecond = 10
	TicksPerMillisecond = 10_000
	TicksPerSecond      = 10_000_000
	TicksPerMinute      = 60 * TicksPerSecond
	TicksPerHour        = 60 * TicksPerMinute
	TicksPerDay         = 24 * TicksPerHour

	// UnixEpochTicks is 1970-01-01T00:00:00Z as a DateTimeValue.
	UnixEpochTicks = 621_355_968_000_000_000
	// MaxDateTimeTicks is 9999-12-31T23:59:59.9999999Z.
	MaxDateTimeTicks = 3_155_378_975_999_999_999
)

// ValidDateTime reports whether ticks lies in Kusto's datetime range.
func ValidDateTime(ticks int64) bool { return ticks >= 0 && ticks <= MaxDateTimeTicks }

// DateTimeFromTime converts t to a datetime, truncating to whole ticks.
// It reports false when t lies outside years 1 to 9999.
func DateTimeFromTime(t time.Time) (DateTimeValue, bool) {
	t = t.UTC()
	y := t.Year()
	if y < 1 || y > 9999 {
		return 0, false
	}
	secs := t.Unix()
	ticks := secs*TicksPerSecond + int64(t.Nanosecond()/100) + UnixEpochTicks
	return DateTimeValue(ticks), true
}

// Time converts d to a UTC time.Time.
func (d DateTimeValue) Time() time.Time {
	rel := int64(d) - UnixEpochTicks
	secs := rel / TicksPerSecond
	rem := rel % TicksPerSecond
	if rem < 0 {
		rem += TicksPerSecond
		secs--
	}
	return time.Unix(secs, rem*100).UTC()
}

// String formats d the way Kusto prints a datetime:
// 2007-01-01T00:00:00.0000000Z, with seven fractional digits.
func (d DateTimeValue) String() string {
	t := d.Time()
	frac := (int64(d)%TicksPerSecond + TicksPerSecond) % TicksPerSecond
	return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d.%07dZ",
		t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), frac)
}

// ParseDateTime parses a datetime in the forms todatetime() and the
// datetime() literal accept: ISO 8601 (2015-12-31, 2015-12-31 23:59,
// 2015-12-31T23:59:59.1234567Z, with an optional Z or ±hh:mm offset),
// RFC 822 and RFC 850 dates (Sat, 8 Nov 14 15:05:02 GMT), and the compact
// form 20151231 or 20151231T235959. A value without an offset is UTC.
func ParseDateTime(s string) (DateTimeValue, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if d, ok := parseISODateTime(s); ok {
		return d, true
	}
	for _, layout := range rfcLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return DateTimeFromTime(t)
		}
	}
	return 0, false
}

var rfcLayouts = []string{
	time.RFC1123, time.RFC1123Z, time.RFC822, time.RFC822Z, time.RFC850,
	"Mon, 2 Jan 06 15:04:05 MST", "Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST",
	"Monday, 2-Jan-06 15:04:05 MST", "Mon, 02 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04 MST", "2 Jan 06 15:04 MST", "Mon Jan 2 15:04:05 2006",
	"1/2/2006 3:04:05 PM", "1/2/2006 15:04:05", "1/2/2006", "01-02-2006", "1-2-2006 15:04:05",
	"2006-01-02 15:04:05 MST",
}

// parseISODateTime parses yyyy-mm-dd[(T| )hh:mm[:ss[.f*]]][Z|±hh[:mm]]
// and the compact yyyymmdd[Thhmmss] form.
func parseISODateTime(s string) (DateTimeValue, bool) {
	p := isoScanner{s: s}
	year, ok := p.digits(4, 4)
	if !ok {
		return 0, false
	}
	var month, day int
	compact := false
	if p.peek() == '-' || p.peek() == '/' {
		sep := p.peek()
		p.i++
		if month, ok = p.digits(1, 2); !ok {
			return 0, false
		}
		if p.peek() != sep {
			return 0, false
		}
		p.i++
		if day, ok = p.digits(1, 2); !ok {
			return 0, false
		}
	} else {
		compact = true
		if month, ok = p.digits(2, 2); !ok {
			return 0, false
		}
		if day, ok = p.digits(2, 2); !ok {
			return 0, false
		}
	}
	var hour, minute, sec, fracTicks int
	offset := 0
	if !p.done() {
		c := p.peek()
		if c != 'T' && c != 't' && c != ' ' {
			return 0, false
		}
		p.i++
		for c == ' ' && p.peek() == ' ' {
			p.i++
		}
		if p.done() {
			return 0, false
		}
		if compact {
			if hour, ok = p.digits(2, 2); !ok {
				return 0, false
			}
			if minute, ok = p.digits(2, 2); !ok {
				return 0, false
			}
			if sec, ok = p.digits(2, 2); !ok {
				return 0, false
			}
		} else {
			if hour, ok = p.digits(1, 2); !ok {
				return 0, false
			}
			if p.peek() != ':' {
				return 0, false
			}
			p.i++
			if minute, ok = p.digits(1, 2); !ok {
				return 0, false
			}
			if p.peek() == ':' {
				p.i++
				if sec, ok = p.digits(1, 2); !ok {
					return 0, false
				}
				if p.peek() == '.' || p.peek() == ',' {
					p.i++
					start := p.i
					for !p.done() && isDigit(p.s[p.i]) {
						p.i++
					}
					digits := p.s[start:p.i]
					if digits == "" {
						return 0, false
					}
					if len(digits) > 7 {
						digits = digits[:7]
					}
					fracTicks, _ = strconv.Atoi(digits + strings.Repeat("0", 7-len(digits)))
				}
			}
		}
		rest := strings.TrimSpace(p.s[p.i:])
		switch {
		case rest == "":
		case rest == "Z" || rest == "z" || strings.EqualFold(rest, "UTC") || strings.EqualFold(rest, "GMT"):
		case rest[0] == '+' || rest[0] == '-':
			sign := 1
			if rest[0] == '-' {
				sign = -1
			}
			q := isoScanner{s: rest[1:]}
			oh, ok := q.digits(2, 2)
			if !ok {
				return 0, false
			}
			om := 0
			if q.peek() == ':' {
				q.i++
			}
			if !q.done() {
				if om, ok = q.digits(2, 2); !ok || !q.done() {
					return 0, false
				}
			}
			offset = sign * (oh*60 + om)
		default:
			return 0, false
		}
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) ||
		hour > 23 || minute > 59 || sec > 59 || year < 1 {
		return 0, false
	}
	ticks := daysBefore(year, month, day)*TicksPerDay +
		int64(hour)*TicksPerHour + int64(minute)*TicksPerMinute + int64(sec)*TicksPerSecond +
		int64(fracTicks) - int64(offset)*TicksPerMinute
	if !ValidDateTime(ticks) {
		return 0, false
	}
	return DateTimeValue(ticks), true
}

type isoScanner struct {
	s string
	i int
}

func (p *isoScanner) done() bool { return p.i >= len(p.s) }

func (p *isoScanner) peek() byte {
	if p.done() {
		return 0
	}
	return p.s[p.i]
}

// digits reads between min and max decimal digits.
func (p *isoScanner) digits(min, max int) (int, bool) {
	n, v := 0, 0
	for n < max && !p.done() && isDigit(p.s[p.i]) {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
		n++
	}
	return v, n >= min
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysBefore returns the number of days from 0001-01-01 to y-m-d.
func daysBefore(y, m, d int) int64 {
	yy := int64(y - 1)
	days := yy*365 + yy/4 - yy/100 + yy/400
	for i := 1; i < m; i++ {
		days += int64(daysIn(y, i))
	}
	return days + int64(d-1)
}

// DateTimeOf builds a datetime from calendar fields, reporting false when
// a field is out of range.
func DateTimeOf(year, month, day, hour, minute, second int, ticks int64) (DateTimeValue, bool) {
	if year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 {
		return 0, false
	}
	t := daysBefore(year, month, day)*TicksPerDay + int64(hour)*TicksPerHour +
		int64(minute)*TicksPerMinute + int64(second)*TicksPerSecond + ticks
	return DateTimeValue(t), ValidDateTime(t)
}

// Date returns the calendar year, month and day of d.
func (d DateTimeValue) Date() (year, month, day int) {
	t := d.Time()
	return t.Year(), int(t.Month()), t.Day()
}

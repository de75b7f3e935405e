package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a rule's queryFrequency or queryPeriod. It accepts the
// forms analytic rules use: Kusto timespan literals ("5m", "1h", "14d",
// "30s", "1.5h") and ISO 8601 durations ("PT1H", "P1D", "P1DT12H").
func ParseDuration(text string) (time.Duration, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	if s[0] == 'P' || s[0] == 'p' {
		return parseISODuration(s)
	}
	return parseKustoDuration(s)
}

var kustoUnits = []struct {
	suffix string
	unit   time.Duration
}{
	// Longer suffixes first, so "ms" is not read as "m" followed by "s".
	{"microseconds", time.Microsecond},
	{"microsecond", time.Microsecond},
	{"milliseconds", time.Millisecond},
	{"millisecond", time.Millisecond},
	{"seconds", time.Second},
	{"second", time.Second},
	{"minutes", time.Minute},
	{"minute", time.Minute},
	{"hours", time.Hour},
	{"hour", time.Hour},
	{"days", 24 * time.Hour},
	{"day", 24 * time.Hour},
	{"min", time.Minute},
	{"sec", time.Second},
	{"ms", time.Millisecond},
	{"d", 24 * time.Hour},
	{"h", time.Hour},
	{"m", time.Minute},
	{"s", time.Second},
}

func parseKustoDuration(s string) (time.Duration, error) {
	lower := strings.ToLower(s)
	for _, u := range kustoUnits {
		number, ok := strings.CutSuffix(lower, u.suffix)
		if !ok {
			continue
		}
		n, err := strconv.ParseFloat(number, 64)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q: expected a number before %q", s, u.suffix)
		}
		if n < 0 {
			return 0, fmt.Errorf("invalid duration %q: must not be negative", s)
		}
		return time.Duration(n * float64(u.unit)), nil
	}
	return 0, fmt.Errorf("invalid duration %q: expected a number and a unit such as 5m, 1h or 1d", s)
}

func parseISODuration(s string) (time.Duration, error) {
	rest := strings.ToUpper(s[1:])
	if rest == "" {
		return 0, fmt.Errorf("invalid duration %q: nothing after P", s)
	}
	var total time.Duration
	parts := 0
	inTime := false
	for rest != "" {
		if rest[0] == 'T' {
			inTime = true
			rest = rest[1:]
			continue
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, fmt.Errorf("invalid duration %q: expected a number and a designator", s)
		}
		n, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q: %v", s, err)
		}
		var unit time.Duration
		switch {
		case rest[i] == 'W' && !inTime:
			unit = 7 * 24 * time.Hour
		case rest[i] == 'D' && !inTime:
			unit = 24 * time.Hour
		case rest[i] == 'H' && inTime:
			unit = time.Hour
		case rest[i] == 'M' && inTime:
			unit = time.Minute
		case rest[i] == 'S' && inTime:
			unit = time.Second
		default:
			return 0, fmt.Errorf("invalid duration %q: unsupported designator %q (years and months have no fixed length)", s, rest[i])
		}
		total += time.Duration(n * float64(unit))
		parts++
		rest = rest[i+1:]
	}
	if parts == 0 {
		return 0, fmt.Errorf("invalid duration %q: no components", s)
	}
	return total, nil
}

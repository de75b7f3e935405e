package types

import (
	"strconv"
	"strings"
)

// ParseAs reads text as a value of kind k, the way a string constant
// compared with a value of that kind is converted: "88" as a long, "true"
// as a bool, "1.00:00:00" as a timespan. It reports false when the text
// does not spell such a value, and for string and dynamic kinds.
func ParseAs(s string, k Kind) (Value, bool) {
	switch k {
	case Long, Int:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, false
		}
		if k == Int {
			return int32(n), true
		}
		return n, true
	case Real:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return f, err == nil
	case Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		return b, err == nil
	case DateTime:
		d, ok := ParseDateTime(s)
		return d, ok
	case TimeSpan:
		d, ok := ParseTimeSpan(s)
		return d, ok
	case Guid:
		g, ok := ParseGuid(s)
		return g, ok
	case Decimal:
		d, ok := ParseDecimal(s)
		return d, ok
	}
	return nil, false
}

package types

import "strconv"

// Format returns the text tostring() gives for a value: "" for null,
// True or False (the .NET spelling Kusto prints), numbers in invariant form, datetimes and timespans in
// Kusto's print forms, the lower-case guid form, a dynamic string
// payload as the bare string, and other dynamic payloads as JSON.
func Format(v Value) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return FormatReal(x)
	case string:
		return x
	case DateTimeValue:
		return x.String()
	case TimeSpanValue:
		return x.String()
	case GuidValue:
		return x.String()
	case DecimalValue:
		return x.String()
	default:
		return FormatJSON(x)
	}
}

package syntax

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// This file decodes the text of literal tokens into Go values. Decoding
// reports no errors. Text that Kusto accepts when parsing but that cannot
// be decoded, such as `datetime(garbage)`, gives a nil value, which the
// binder reports.

// decodeString returns the value of one string token as written, such as
// `'a\tb'`, `@"C:\x"`, `h'secret'` or a ```...``` block. It assumes the
// token is well formed; an unclosed string decodes to its content so far.
func decodeString(raw string) string {
	s := raw
	if s != "" && (s[0] == 'h' || s[0] == 'H') {
		s = s[1:]
	}

	verbatim := false
	if s != "" && s[0] == '@' {
		verbatim = true
		s = s[1:]
	}

	if strings.HasPrefix(s, "```") || strings.HasPrefix(s, "~~~") {
		body := s[3:]
		if strings.HasSuffix(body, s[:3]) {
			body = body[:len(body)-3]
		}
		return body
	}

	if s == "" {
		return ""
	}

	q := s[0]
	body := s[1:]
	if len(body) > 0 && body[len(body)-1] == q && stringClosed(s, verbatim) {
		body = body[:len(body)-1]
	}

	if verbatim {
		return strings.ReplaceAll(body, string([]byte{q, q}), string(q))
	}

	if !strings.Contains(body, `\`) {
		return body
	}

	var b strings.Builder
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		n := escapeLen(body, i)
		if n == 0 {
			b.WriteByte(c)
			i++
			continue
		}
		writeEscape(&b, body[i:i+n])
		i += n
	}
	return b.String()
}

// writeEscape writes the character that the escape sequence esc (starting
// with a backslash) stands for.
func writeEscape(b *strings.Builder, esc string) {
	switch esc[1] {
	case 'a':
		b.WriteByte('\a')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'v':
		b.WriteByte('\v')
	case 'u', 'U', 'x':
		v, _ := strconv.ParseUint(esc[2:], 16, 32)
		r := rune(v)
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	case '\\', '\'', '"':
		b.WriteByte(esc[1])
	default:
		v, _ := strconv.ParseUint(esc[1:], 8, 32)
		b.WriteRune(rune(v))
	}
}

// Ticks per timespan unit; a tick is 100 nanoseconds.
const (
	ticksPerMicrosecond = 10
	ticksPerMillisecond = 10_000
	ticksPerSecond      = 10_000_000
	ticksPerMinute      = 60 * ticksPerSecond
	ticksPerHour        = 60 * ticksPerMinute
	ticksPerDay         = 24 * ticksPerHour
)

// unitTicks returns the number of ticks in one of a timespan unit, and
// whether unit is a unit.
func unitTicks(unit string) (float64, bool) {
	switch unit {
	case "d", "day", "days":
		return ticksPerDay, true
	case "h", "hr", "hrs", "hour", "hours":
		return ticksPerHour, true
	case "m", "min", "minute", "minutes":
		return ticksPerMinute, true
	case "s", "sec", "second", "seconds":
		return ticksPerSecond, true
	case "ms", "milli", "millis", "millisec", "millisecond", "milliseconds":
		return ticksPerMillisecond, true
	case "micro", "micros", "microsec", "microsecond", "microseconds":
		return ticksPerMicrosecond, true
	case "nano", "nanos", "nanosec", "nanosecond", "nanoseconds":
		return 0.01, true
	case "tick", "ticks":
		return 1, true
	}
	return 0, false
}

// decodeTimespanUnits decodes `1.5h`, `2d` or `30min` into ticks.
func decodeTimespanUnits(s string) (int64, bool) {
	i := 0
	for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
		i++
	}
	if i == 0 {
		return 0, false
	}
	mult, ok := unitTicks(s[i:])
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return 0, false
	}
	return int64(math.Round(v * mult)), true
}

// decodeTimespanText decodes the text inside timespan(...) or time(...):
// a number of days (`2`), a number with a unit (`10s`), or
// `[-][d.]hh:mm[:ss[.fffffff]]`.
func decodeTimespanText(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "-") {
		neg = true
		s = strings.TrimSpace(s[1:])
	} else if strings.HasPrefix(s, "+") {
		s = strings.TrimSpace(s[1:])
	}
	var ticks int64
	var ok bool
	switch {
	case strings.Contains(s, ":"):
		ticks, ok = decodeClockTimespan(s)
	case s != "" && isDigit(s[len(s)-1]):
		var v float64
		v, err := strconv.ParseFloat(s, 64)
		if err == nil {
			ticks, ok = int64(math.Round(v*ticksPerDay)), true
		}
	default:
		ticks, ok = decodeTimespanUnits(s)
	}
	if neg {
		ticks = -ticks
	}
	return ticks, ok
}

// decodeClockTimespan decodes `[d.]hh:mm[:ss[.fffffff]]`.
func decodeClockTimespan(s string) (int64, bool) {
	var days int64
	if dot := strings.IndexByte(s, '.'); dot >= 0 && dot < strings.IndexByte(s, ':') {
		d, err := strconv.ParseInt(s[:dot], 10, 64)
		if err != nil {
			return 0, false
		}
		days = d
		s = s[dot+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	h, err1 := strconv.ParseInt(parts[0], 10, 64)
	m, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	ticks := days*ticksPerDay + h*ticksPerHour + m*ticksPerMinute
	if len(parts) == 3 {
		sec, err := strconv.ParseFloat(parts[2], 64)
		if err != nil {
			return 0, false
		}
		ticks += int64(math.Round(sec * ticksPerSecond))
	}
	return ticks, true
}

// dateTimeLayouts lists the datetime text forms decoded, tried in order.
var dateTimeLayouts = []string{
	"2006-01-02",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04Z07:00",
	"2006-01-02 15:04",
	"2006-01-02T15",
	"2006-01-02 15",
	"2006/01/02",
	"2006/01/02 15:04:05.999999999",
	"2006/01/02 15:04",
	"01/02/2006",
	"01/02/2006 15:04:05.999999999",
	"01/02/2006 15:04",
	time.RFC1123,
	time.RFC1123Z,
	time.RFC850,
	time.RFC822,
	time.RFC822Z,
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04 MST",
	"Monday, 2-Jan-06 15:04:05 MST",
	"20060102",
	"20060102150405",
}

// decodeDateTime decodes the text inside datetime(...). Times without a
// zone are UTC.
//
// NOTE: Kusto accepts more forms than these layouts cover; those decode to
// nil and are left to the binder.
func decodeDateTime(s string) (time.Time, bool) {
	s = unquoteLiteralText(s)
	if strings.HasSuffix(s, "Z") && !strings.Contains(s, "T") && strings.Contains(s, " ") {
		s = strings.TrimSuffix(s, "Z")
	}
	for _, layout := range dateTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// unquoteLiteralText trims spaces from the text inside a literal such as
// datetime(...) and removes the quotes around it, because Kusto also
// accepts `datetime("2024-01-01")`.
func unquoteLiteralText(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// decodeGuid returns the 36-character lower-case form of a guid written
// with or without dashes, and whether s is a guid.
func decodeGuid(s string) (string, bool) {
	s = strings.TrimSpace(s)
	hex := strings.ReplaceAll(s, "-", "")
	if len(hex) != 32 || (len(s) != 32 && scanRawGuid(s, 0) != 36) {
		return "", false
	}
	for i := 0; i < len(hex); i++ {
		if !isHex(hex[i]) {
			return "", false
		}
	}
	hex = strings.ToLower(hex)
	return hex[:8] + "-" + hex[8:12] + "-" + hex[12:16] + "-" + hex[16:20] + "-" + hex[20:], true
}

// parseInteger decodes a decimal or 0x-prefixed hexadecimal integer with
// an optional sign.
func parseInteger(s string, bits int) (int64, bool) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		neg = s[0] == '-'
		s = strings.TrimSpace(s[1:])
	}
	var v int64
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		u, err := strconv.ParseUint(s[2:], 16, bits)
		if err != nil {
			return 0, false
		}
		v = int64(u)
	} else {
		u, err := strconv.ParseInt(s, 10, bits)
		if err != nil {
			return 0, false
		}
		v = u
	}
	if neg {
		v = -v
	}
	return v, true
}

func parseRealText(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "nan":
		return math.NaN(), true
	case "+inf", "inf":
		return math.Inf(1), true
	case "-inf":
		return math.Inf(-1), true
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

// typedLitKinds maps the keyword of a parenthesized literal to its kind.
var typedLitKinds = map[string]LitKind{
	"long": LitLong, "int64": LitLong,
	"int": LitInt, "int32": LitInt,
	"real": LitReal, "double": LitReal,
	"decimal":  LitDecimal,
	"bool":     LitBool,
	"datetime": LitDateTime, "date": LitDateTime,
	"time": LitTimeSpan, "timespan": LitTimeSpan,
	"guid": LitGuid,
}

// literalFromToken builds the Literal for a literal token.
func literalFromToken(t Token) *Literal {
	lit := &Literal{Span: Span{t.Pos, t.End}, Raw: t.Text}
	switch t.Kind {
	case TokBool:
		lit.Kind = LitBool
		lit.Value = t.Text[0] == 't' || t.Text[0] == 'T'
	case TokLong:
		lit.Kind = LitLong
		if v, ok := parseInteger(t.Text, 64); ok {
			lit.Value = v
		}
	case TokReal:
		lit.Kind = LitReal
		if v, ok := parseRealText(t.Text); ok {
			lit.Value = v
		}
	case TokTimeSpan:
		lit.Kind = LitTimeSpan
		if v, ok := decodeTimespanUnits(t.Text); ok {
			lit.Value = v
		}
	case TokRawGuid:
		lit.Kind = LitGuid
		if v, ok := decodeGuid(t.Text); ok {
			lit.Value = v
		}
	case TokTypedLit:
		open := strings.IndexByte(t.Text, '(')
		lit.Kind = typedLitKinds[t.Text[:open]]
		inner := strings.TrimSuffix(t.Text[open+1:], ")")
		if strings.TrimSpace(inner) == "null" {
			lit.Null = true
			return lit
		}
		lit.Value = decodeTypedLit(lit.Kind, inner)
	}
	return lit
}

// decodeTypedLit decodes the text inside a parenthesized literal of kind
// k, or returns nil.
func decodeTypedLit(k LitKind, inner string) any {
	switch k {
	case LitLong:
		if v, ok := parseInteger(inner, 64); ok {
			return v
		}
	case LitInt:
		if v, ok := parseInteger(inner, 32); ok {
			return int32(v)
		}
	case LitReal:
		if v, ok := parseRealText(inner); ok {
			return v
		}
	case LitDecimal:
		s := strings.TrimSpace(inner)
		if _, ok := parseRealText(s); ok {
			return s
		}
	case LitBool:
		switch strings.ToLower(strings.TrimSpace(inner)) {
		case "true", "1":
			return true
		case "false", "0":
			return false
		}
	case LitDateTime:
		if v, ok := decodeDateTime(inner); ok {
			return v
		}
	case LitTimeSpan:
		if v, ok := decodeTimespanText(inner); ok {
			return v
		}
	case LitGuid:
		if v, ok := decodeGuid(inner); ok {
			return v
		}
	}
	return nil
}

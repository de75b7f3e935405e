package evtx

import (
	"encoding/binary"
	"math"
	"strconv"
	"time"
)

// Value types of substitution values. typeArray added to a scalar type
// makes an array of that type.
const (
	typeNull       = 0x00
	typeString     = 0x01 // UTF-16LE
	typeANSIString = 0x02 // 8-bit code page
	typeInt8       = 0x03
	typeUint8      = 0x04
	typeInt16      = 0x05
	typeUint16     = 0x06
	typeInt32      = 0x07
	typeUint32     = 0x08
	typeInt64      = 0x09
	typeUint64     = 0x0a
	typeReal32     = 0x0b
	typeReal64     = 0x0c
	typeBool       = 0x0d // 32-bit
	typeBinary     = 0x0e
	typeGUID       = 0x0f
	typeSizeT      = 0x10 // 32 or 64 bits, rendered in hex
	typeFiletime   = 0x11
	typeSystemtime = 0x12
	typeSID        = 0x13
	typeHexInt32   = 0x14
	typeHexInt64   = 0x15
	typeEvtHandle  = 0x20
	typeBinXML     = 0x21
	typeEvtXML     = 0x23 // UTF-16LE XML text
	typeArray      = 0x80
)

// knownType reports whether typ is a value type that the format defines.
func knownType(typ uint8) bool {
	base := typ &^ typeArray
	switch {
	case base <= typeHexInt64:
		return typ != typeArray
	case typ == typeEvtHandle, typ == typeBinXML, typ == typeEvtXML:
		return true
	}
	return false
}

// fixedWidth returns the size of one value of a fixed-size type, or 0.
func fixedWidth(typ uint8) int {
	switch typ {
	case typeInt8, typeUint8:
		return 1
	case typeInt16, typeUint16:
		return 2
	case typeInt32, typeUint32, typeReal32, typeBool, typeHexInt32:
		return 4
	case typeInt64, typeUint64, typeReal64, typeFiletime, typeHexInt64:
		return 8
	case typeGUID, typeSystemtime:
		return 16
	}
	return 0
}

// appendValue appends the text of a substitution value of type typ. A value
// whose size does not suit its type is rendered as hex digits of its bytes.
func appendValue(dst []byte, typ uint8, data []byte) []byte {
	if typ&typeArray != 0 {
		return appendArray(dst, typ&^typeArray, data)
	}
	switch typ {
	case typeNull, typeBinXML:
		return dst
	case typeString, typeEvtXML:
		return appendUTF16(dst, trimNUL16(data))
	case typeANSIString:
		return appendLatin1(dst, trimNUL8(data))
	case typeBinary, typeEvtHandle:
		return appendHexBytes(dst, data)
	case typeSizeT:
		switch len(data) {
		case 4:
			return appendHex(dst, uint64(binary.LittleEndian.Uint32(data)))
		case 8:
			return appendHex(dst, binary.LittleEndian.Uint64(data))
		}
		return appendHexBytes(dst, data)
	case typeSID:
		if out, ok := appendSID(dst, data); ok && sidSize(data) == len(data) {
			return out
		}
		return appendHexBytes(dst, data)
	case typeBool:
		// NOTE: booleans should hold 0 or 1, but files with other values
		// exist. Any non-zero value is rendered as true, and 8-, 16- and
		// 64-bit booleans are accepted as well.
		switch len(data) {
		case 1, 2, 4, 8:
			return strconv.AppendBool(dst, !allZero(data))
		}
		return appendHexBytes(dst, data)
	}
	if len(data) != fixedWidth(typ) {
		return appendHexBytes(dst, data)
	}
	return appendFixed(dst, typ, data)
}

// appendFixed appends one value of a fixed-size type, where data has the
// type's size.
func appendFixed(dst []byte, typ uint8, data []byte) []byte {
	le := binary.LittleEndian
	switch typ {
	case typeInt8:
		return strconv.AppendInt(dst, int64(int8(data[0])), 10)
	case typeUint8:
		return strconv.AppendUint(dst, uint64(data[0]), 10)
	case typeInt16:
		return strconv.AppendInt(dst, int64(int16(le.Uint16(data))), 10)
	case typeUint16:
		return strconv.AppendUint(dst, uint64(le.Uint16(data)), 10)
	case typeInt32:
		return strconv.AppendInt(dst, int64(int32(le.Uint32(data))), 10)
	case typeUint32:
		return strconv.AppendUint(dst, uint64(le.Uint32(data)), 10)
	case typeInt64:
		return strconv.AppendInt(dst, int64(le.Uint64(data)), 10)
	case typeUint64:
		return strconv.AppendUint(dst, le.Uint64(data), 10)
	case typeReal32:
		// NOTE: how Windows renders floats is not fully documented, so this
		// is the shortest decimal form that reads back to the same value.
		return strconv.AppendFloat(dst, float64(math.Float32frombits(le.Uint32(data))), 'g', -1, 32)
	case typeReal64:
		return strconv.AppendFloat(dst, math.Float64frombits(le.Uint64(data)), 'g', -1, 64)
	case typeBool:
		return strconv.AppendBool(dst, le.Uint32(data) != 0)
	case typeGUID:
		return appendGUID(dst, data)
	case typeFiletime:
		return appendTime(dst, filetimeToTime(le.Uint64(data)))
	case typeSystemtime:
		return appendSystemtime(dst, data)
	case typeHexInt32:
		return appendHex(dst, uint64(le.Uint32(data)))
	case typeHexInt64:
		return appendHex(dst, le.Uint64(data))
	}
	return appendHexBytes(dst, data)
}

// appendArray appends the items of an array value joined with ",".
func appendArray(dst []byte, typ uint8, data []byte) []byte {
	itemType, items := splitArray(typ, data)
	for i, item := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendValue(dst, itemType, item)
	}
	return dst
}

// splitArray splits the data of an array of typ into its items and returns
// the type to render each item with. Data that does not divide into items of
// the type's size is returned as one binary item.
func splitArray(typ uint8, data []byte) (uint8, [][]byte) {
	switch typ {
	case typeString, typeEvtXML:
		return typ, splitNUL16(data)
	case typeANSIString:
		return typ, splitNUL8(data)
	case typeSID:
		var items [][]byte
		for rest := data; len(rest) > 0; {
			n := sidSize(rest)
			if n == 0 || n > len(rest) {
				return typeBinary, [][]byte{data}
			}
			items = append(items, rest[:n])
			rest = rest[n:]
		}
		return typ, items
	}

	width := fixedWidth(typ)
	if typ == typeSizeT {
		// NOTE: an array of size_t does not record its item size, so 64-bit
		// items are assumed whenever the data size allows it.
		typ, width = typeHexInt64, 8
		if len(data)%8 != 0 {
			typ, width = typeHexInt32, 4
		}
	}
	if width == 0 || len(data)%width != 0 {
		return typeBinary, [][]byte{data}
	}
	items := make([][]byte, 0, len(data)/width)
	for i := 0; i < len(data); i += width {
		items = append(items, data[i:i+width])
	}
	return typ, items
}

// trimNUL16 drops trailing UTF-16 NUL characters.
func trimNUL16(b []byte) []byte {
	for len(b) >= 2 && b[len(b)-2] == 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-2]
	}
	return b
}

func trimNUL8(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return b
}

// splitNUL16 splits NUL-terminated UTF-16 strings. The terminator of the
// last string is optional.
func splitNUL16(b []byte) [][]byte {
	var out [][]byte
	start := 0
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 && b[i+1] == 0 {
			out = append(out, b[start:i])
			start = i + 2
		}
	}
	if start < len(b)-1 {
		out = append(out, b[start:])
	}
	return out
}

func splitNUL8(b []byte) [][]byte {
	var out [][]byte
	start := 0
	for i, c := range b {
		if c == 0 {
			out = append(out, b[start:i])
			start = i + 1
		}
	}
	if start < len(b) {
		out = append(out, b[start:])
	}
	return out
}

// appendLatin1 appends 8-bit text, reading bytes above 0x7f as Latin-1.
// NOTE: the code page of ANSI strings is not recorded in the file, so
// non-ASCII characters may come out wrong.
func appendLatin1(dst, b []byte) []byte {
	for _, c := range b {
		if c < 0x80 {
			dst = append(dst, c)
		} else {
			dst = append(dst, 0xc0|c>>6, 0x80|c&0x3f)
		}
	}
	return dst
}

const hexUpper = "0123456789ABCDEF"

func appendHexBytes(dst, b []byte) []byte {
	for _, c := range b {
		dst = append(dst, hexUpper[c>>4], hexUpper[c&0xf])
	}
	return dst
}

// appendHex appends "0x" and the lower-case hex digits of v.
func appendHex(dst []byte, v uint64) []byte {
	dst = append(dst, '0', 'x')
	return strconv.AppendUint(dst, v, 16)
}

// appendGUID appends a GUID stored as a little-endian 32-bit, two 16-bit and
// eight 8-bit fields.
func appendGUID(dst, b []byte) []byte {
	le := binary.LittleEndian
	dst = append(dst, '{')
	dst = appendHexFixed(dst, uint64(le.Uint32(b[0:])), 8)
	dst = append(dst, '-')
	dst = appendHexFixed(dst, uint64(le.Uint16(b[4:])), 4)
	dst = append(dst, '-')
	dst = appendHexFixed(dst, uint64(le.Uint16(b[6:])), 4)
	dst = append(dst, '-')
	dst = appendHexBytes(dst, b[8:10])
	dst = append(dst, '-')
	dst = appendHexBytes(dst, b[10:16])
	return append(dst, '}')
}

// appendHexFixed appends the upper-case hex digits of v, zero-padded to
// digits.
func appendHexFixed(dst []byte, v uint64, digits int) []byte {
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		dst = append(dst, hexUpper[(v>>uint(shift))&0xf])
	}
	return dst
}

// sidSize returns the size of the SID at the start of b from its
// sub-authority count, or 0 when b is too short for the fixed part.
func sidSize(b []byte) int {
	if len(b) < 8 {
		return 0
	}
	return 8 + 4*int(b[1])
}

// appendSID appends a SID in "S-1-5-21-..." form: a revision byte, a
// sub-authority count, a 48-bit big-endian identifier authority and 32-bit
// little-endian sub-authorities.
func appendSID(dst, b []byte) ([]byte, bool) {
	n := sidSize(b)
	if n == 0 || n > len(b) {
		return dst, false
	}
	dst = append(dst, 'S', '-')
	dst = strconv.AppendUint(dst, uint64(b[0]), 10)
	dst = append(dst, '-')
	var auth uint64
	for _, c := range b[2:8] {
		auth = auth<<8 | uint64(c)
	}
	if auth >= 1<<32 {
		// Authorities that do not fit 32 bits are written in hex.
		dst = append(dst, '0', 'x')
		dst = appendHexFixed(dst, auth, 12)
	} else {
		dst = strconv.AppendUint(dst, auth, 10)
	}
	for i := 8; i < n; i += 4 {
		dst = append(dst, '-')
		dst = strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint32(b[i:])), 10)
	}
	return dst, true
}

// filetimeToTime converts a FILETIME, 100-nanosecond intervals since
// 1601-01-01 UTC.
func filetimeToTime(ft uint64) time.Time {
	const secondsTo1970 = 11644473600
	sec := int64(ft/10_000_000) - secondsTo1970
	nsec := int64(ft%10_000_000) * 100
	return time.Unix(sec, nsec).UTC()
}

// appendTime appends t as "2019-03-03T09:20:28.6214897Z", the form Windows
// uses in event XML, with seven fractional digits.
func appendTime(dst []byte, t time.Time) []byte {
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	dst = appendDigits(dst, year, 4)
	dst = append(dst, '-')
	dst = appendDigits(dst, int(month), 2)
	dst = append(dst, '-')
	dst = appendDigits(dst, day, 2)
	dst = append(dst, 'T')
	dst = appendDigits(dst, hour, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, minute, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, sec, 2)
	dst = append(dst, '.')
	dst = appendDigits(dst, t.Nanosecond()/100, 7)
	return append(dst, 'Z')
}

// appendSystemtime appends a SYSTEMTIME: 16-bit year, month, day of week,
// day, hour, minute, second and millisecond. The fields are written as
// stored, without a check that they form a valid date.
func appendSystemtime(dst, b []byte) []byte {
	f := func(i int) int { return int(binary.LittleEndian.Uint16(b[2*i:])) }
	dst = appendDigits(dst, f(0), 4)
	dst = append(dst, '-')
	dst = appendDigits(dst, f(1), 2)
	dst = append(dst, '-')
	dst = appendDigits(dst, f(3), 2)
	dst = append(dst, 'T')
	dst = appendDigits(dst, f(4), 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, f(5), 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, f(6), 2)
	dst = append(dst, '.')
	dst = appendDigits(dst, f(7)*10000, 7)
	return append(dst, 'Z')
}

// appendDigits appends v in decimal, zero-padded to at least width digits.
func appendDigits(dst []byte, v, width int) []byte {
	if v < 0 {
		dst = append(dst, '-')
		v = -v
	}
	var tmp [20]byte
	i := len(tmp)
	for v > 0 || i > len(tmp)-width {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, tmp[i:]...)
}

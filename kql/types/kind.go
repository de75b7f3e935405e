// Package types defines KQL's scalar types and the values they hold.
//
// Kind names the ten scalar types of the language. Tabular types are
// described by a list of columns.
package types

import "strings"

// Kind is a KQL scalar type.
type Kind uint8

// The scalar types, in the order Kusto documents them. Unknown marks an
// expression whose type could not be inferred, usually after an error.
const (
	Unknown Kind = iota
	Bool
	Int
	Long
	Real
	Decimal
	String
	DateTime
	TimeSpan
	Guid
	Dynamic
)

var kindNames = [...]string{
	Unknown:  "unknown",
	Bool:     "bool",
	Int:      "int",
	Long:     "long",
	Real:     "real",
	Decimal:  "decimal",
	String:   "string",
	DateTime: "datetime",
	TimeSpan: "timespan",
	Guid:     "guid",
	Dynamic:  "dynamic",
}

// String returns the canonical Kusto name of the type, as Kusto prints it
// in result schemas.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// IsNumeric reports whether the type is int, long, real or decimal.
func (k Kind) IsNumeric() bool {
	return k == Int || k == Long || k == Real || k == Decimal
}

// kindAliases maps every spelling Kusto accepts in a type position
// (datatable schemas, typed nulls, function parameters) to its type.
var kindAliases = map[string]Kind{
	"bool":     Bool,
	"boolean":  Bool,
	"int":      Int,
	"int32":    Int,
	"long":     Long,
	"int64":    Long,
	"real":     Real,
	"double":   Real,
	"float":    Real,
	"decimal":  Decimal,
	"string":   String,
	"datetime": DateTime,
	"date":     DateTime,
	"timespan": TimeSpan,
	"time":     TimeSpan,
	"guid":     Guid,
	"uuid":     Guid,
	"uniqueid": Guid,
	"dynamic":  Dynamic,
}

// ParseKind returns the type a name denotes, accepting Kusto's aliases
// (boolean, int64, double, date, time, uuid and others) in any letter case.
func ParseKind(name string) (Kind, bool) {
	k, ok := kindAliases[strings.ToLower(name)]
	return k, ok
}

// Column is a named, typed column of a tabular schema.
type Column struct {
	Name string
	Type Kind
}

package syntax

// ---------------------------------------------------------------------------
// Names

// Ident is a name: a column, table, function, variable or parameter, in a
// reference or a declaration. Keywords that Kusto allows as names appear
// here too, as do bracketed names such as `['odd name']`, for which Quoted
// is set and Raw keeps the brackets and quotes. A client parameter such
// as `{TimeRange}` is an Ident whose Name keeps the braces, because the
// client replaces the text before it sends the query to Kusto.
type Ident struct {
	Span
	Name   string // the decoded name: `['a b']` gives "a b"
	Raw    string // the name as written
	Quoted bool   // written as ['...'] or ["..."]
}

// WildcardName is a name pattern with `*`, such as `Device*` in union or
// project-away, or `*` alone. Pattern is the pattern as written; for a
// bracketed pattern such as `['a*']` it is the decoded string.
type WildcardName struct {
	Span
	Pattern string
	Raw     string
}

// StarExpr is a lone `*`: "all columns" in an argument list (`count(*)` is
// a call, but `pack_all(*)`, `distinct *`, `search * has "x"` use it).
type StarExpr struct {
	Span
}

// ---------------------------------------------------------------------------
// Literals

// LitKind is the type of a Literal.
type LitKind uint8

// Literal kinds. LitNull is the untyped `null`; typed nulls such as
// `int(null)` have their own kind with Literal.Null set.
const (
	LitNull LitKind = iota
	LitBool
	LitInt
	LitLong
	LitReal
	LitDecimal
	LitDateTime
	LitTimeSpan
	LitGuid
)

var litKindNames = [...]string{
	LitNull:     "null",
	LitBool:     "bool",
	LitInt:      "int",
	LitLong:     "long",
	LitReal:     "real",
	LitDecimal:  "decimal",
	LitDateTime: "datetime",
	LitTimeSpan: "timespan",
	LitGuid:     "guid",
}

// String returns the Kusto type name of the kind.
func (k LitKind) String() string {
	if int(k) < len(litKindNames) {
		return litKindNames[k]
	}
	return "unknown"
}

// Literal is a scalar literal other than a string or dynamic value:
// `true`, `5`, `0x1F`, `1.5e3`, `int(5)`, `decimal(1.2)`, `datetime(...)`,
// `2d`, `1.5h`, `timespan(10s)`, `guid(...)`, `null`, or a typed null such
// as `long(null)`.
//
// Raw is the text as written. Value holds the decoded value, with a Go
// type that depends on Kind:
//
//	LitBool      bool
//	LitInt       int32
//	LitLong      int64
//	LitReal      float64 (real(nan) and real(+inf) included)
//	LitDecimal   string, the number as written inside decimal(...)
//	LitDateTime  time.Time in UTC
//	LitTimeSpan  int64, a count of 100-nanosecond ticks
//	LitGuid      string, the 36-character lower-case form
//
// Value is nil when Null is set, for LitNull, and for a number too large
// for its type. It is also nil when the text inside a literal such as
// datetime(...), timespan(...) or guid(...) cannot be decoded, because
// Kusto accepts any text there when parsing and rejects it later.
type Literal struct {
	Span
	Kind  LitKind
	Raw   string
	Null  bool
	Value any
}

// StringLit is a string literal, or several adjacent string literals,
// which Kusto joins into one value: `"a" 'b'` is "ab". Parts keeps each
// token as written.
type StringLit struct {
	Span
	Parts []StringPart
	Value string // the decoded, joined value
}

// StringPart is one string token as written, such as `'a\tb'`, `@"C:\x"`,
// `h"secret"` or a ```...``` block.
type StringPart struct {
	Pos Pos
	Raw string
}

// DynamicLit is a `dynamic(...)` literal. Value is a *JSONArray, a
// *JSONObject, a scalar *Literal or *StringLit, a signed number as a
// *UnaryExpr, a nested *DynamicLit, or a *Literal of kind LitNull for
// `dynamic(null)`.
type DynamicLit struct {
	Span
	Value Expr
}

// JSONArray is an array value inside a dynamic literal: `[1, "a", {...}]`.
type JSONArray struct {
	Span
	Elems []Expr
}

// JSONObject is a property bag inside a dynamic literal: `{"a": 1}`.
type JSONObject struct {
	Span
	Pairs []*JSONPair
}

// JSONPair is one `"key": value` entry of a JSONObject.
type JSONPair struct {
	Span
	Key   *StringLit
	Value Expr
}

// TypeOfLit is a type literal: `typeof(string)` names a scalar type, and
// `typeof(a: string, b: long)` or `typeof(*)` a row schema. Exactly one of
// Type and Schema is set.
type TypeOfLit struct {
	Span
	Type   *TypeRef
	Schema *RowSchema
}

// ---------------------------------------------------------------------------
// Operators within expressions

// BinaryOp is an infix operator of a BinaryExpr, InExpr or BetweenExpr.
type BinaryOp uint8

// Binary operators, grouped by precedence from lowest to highest. The
// string operators bind tighter than arithmetic, as in Microsoft's parser.
const (
	BadBinaryOp BinaryOp = iota

	OpOr  // or
	OpAnd // and

	// Equality and list operators; these do not chain.
	OpEq         // ==
	OpNe         // !=
	OpLtGt       // <>
	OpIn         // in
	OpNotIn      // !in
	OpInCI       // in~
	OpNotInCI    // !in~
	OpHasAny     // has_any
	OpHasAll     // has_all
	OpBetween    // between
	OpNotBetween // !between

	OpLt // <
	OpLe // <=
	OpGt // >
	OpGe // >=

	OpAdd // +
	OpSub // -

	OpMul // *
	OpDiv // /
	OpMod // %

	// String operators.
	OpEqTilde          // =~
	OpBangTilde        // !~
	OpHas              // has
	OpNotHas           // !has
	OpHasCS            // has_cs
	OpNotHasCS         // !has_cs
	OpHasPrefix        // hasprefix
	OpNotHasPrefix     // !hasprefix
	OpHasPrefixCS      // hasprefix_cs
	OpNotHasPrefixCS   // !hasprefix_cs
	OpHasSuffix        // hassuffix
	OpNotHasSuffix     // !hassuffix
	OpHasSuffixCS      // hassuffix_cs
	OpNotHasSuffixCS   // !hassuffix_cs
	OpContains         // contains
	OpNotContains      // !contains
	OpContainsCS       // contains_cs
	OpNotContainsCS    // !contains_cs
	OpStartsWith       // startswith
	OpNotStartsWith    // !startswith
	OpStartsWithCS     // startswith_cs
	OpNotStartsWithCS  // !startswith_cs
	OpEndsWith         // endswith
	OpNotEndsWith      // !endswith
	OpEndsWithCS       // endswith_cs
	OpNotEndsWithCS    // !endswith_cs
	OpMatchesRegex     // matches regex
	OpLike             // like
	OpNotLike          // notlike
	OpLikeCS           // likecs
	OpNotLikeCS        // notlikecs
	OpContainsCSOld    // containscs, an old spelling of contains_cs
	OpNotContainsCSOld // notcontainscs, an old spelling of !contains_cs
	OpNotContainsOld   // notcontains, an old spelling of !contains
	OpColon            // :, the term search of `search x: "y"` and `x : "y"`

	maxBinaryOp
)

var binaryOpText = [...]string{
	BadBinaryOp:        "?",
	OpOr:               "or",
	OpAnd:              "and",
	OpEq:               "==",
	OpNe:               "!=",
	OpLtGt:             "<>",
	OpIn:               "in",
	OpNotIn:            "!in",
	OpInCI:             "in~",
	OpNotInCI:          "!in~",
	OpHasAny:           "has_any",
	OpHasAll:           "has_all",
	OpBetween:          "between",
	OpNotBetween:       "!between",
	OpLt:               "<",
	OpLe:               "<=",
	OpGt:               ">",
	OpGe:               ">=",
	OpAdd:              "+",
	OpSub:              "-",
	OpMul:              "*",
	OpDiv:              "/",
	OpMod:              "%",
	OpEqTilde:          "=~",
	OpBangTilde:        "!~",
	OpHas:              "has",
	OpNotHas:           "!has",
	OpHasCS:            "has_cs",
	OpNotHasCS:         "!has_cs",
	OpHasPrefix:        "hasprefix",
	OpNotHasPrefix:     "!hasprefix",
	OpHasPrefixCS:      "hasprefix_cs",
	OpNotHasPrefixCS:   "!hasprefix_cs",
	OpHasSuffix:        "hassuffix",
	OpNotHasSuffix:     "!hassuffix",
	OpHasSuffixCS:      "hassuffix_cs",
	OpNotHasSuffixCS:   "!hassuffix_cs",
	OpContains:         "contains",
	OpNotContains:      "!contains",
	OpContainsCS:       "contains_cs",
	OpNotContainsCS:    "!contains_cs",
	OpStartsWith:       "startswith",
	OpNotStartsWith:    "!startswith",
	OpStartsWithCS:     "startswith_cs",
	OpNotStartsWithCS:  "!startswith_cs",
	OpEndsWith:         "endswith",
	OpNotEndsWith:      "!endswith",
	OpEndsWithCS:       "endswith_cs",
	OpNotEndsWithCS:    "!endswith_cs",
	OpMatchesRegex:     "matches regex",
	OpLike:             "like",
	OpNotLike:          "notlike",
	OpLikeCS:           "likecs",
	OpNotLikeCS:        "notlikecs",
	OpContainsCSOld:    "containscs",
	OpNotContainsCSOld: "notcontainscs",
	OpNotContainsOld:   "notcontains",
	OpColon:            ":",
}

// String returns the operator as written in KQL.
func (op BinaryOp) String() string {
	if int(op) < len(binaryOpText) {
		return binaryOpText[op]
	}
	return "?"
}

// Precedence levels of binary operators, from lowest to highest.
const (
	PrecOr = iota + 1
	PrecAnd
	PrecEquality
	PrecRelational
	PrecAdditive
	PrecMultiplicative
	PrecString
)

// Precedence returns the precedence level of op: PrecOr for `or` up to
// PrecString for the string operators. It returns 0 for BadBinaryOp.
func (op BinaryOp) Precedence() int {
	switch {
	case op == OpOr:
		return PrecOr
	case op == OpAnd:
		return PrecAnd
	case op >= OpEq && op <= OpNotBetween:
		return PrecEquality
	case op >= OpLt && op <= OpGe:
		return PrecRelational
	case op == OpAdd || op == OpSub:
		return PrecAdditive
	case op >= OpMul && op <= OpMod:
		return PrecMultiplicative
	case op >= OpEqTilde && op < maxBinaryOp:
		return PrecString
	}
	return 0
}

// UnaryOp is a prefix operator. KQL has no `!` prefix operator; negation
// is the function not().
type UnaryOp uint8

// Unary operators.
const (
	OpPlus  UnaryOp = iota + 1 // +
	OpMinus                    // -
)

// String returns the operator as written in KQL.
func (op UnaryOp) String() string {
	switch op {
	case OpPlus:
		return "+"
	case OpMinus:
		return "-"
	}
	return "?"
}

// ---------------------------------------------------------------------------
// Compound expressions

// BinaryExpr is `X Op Y` for every infix operator except the list
// operators (see InExpr) and between (see BetweenExpr). X is a *StarExpr
// in `* has "x"`, which searches all columns.
type BinaryExpr struct {
	Span
	X     Expr
	OpPos Pos
	Op    BinaryOp
	Y     Expr
}

// InExpr is `X Op (List...)` for the list operators in, !in, in~, !in~,
// has_any and has_all. The list may hold a single tabular expression, as
// in `x in (T | project y)`, or a dynamic array.
type InExpr struct {
	Span
	X     Expr
	OpPos Pos
	Op    BinaryOp
	List  []Expr
}

// BetweenExpr is `X between (Lo .. Hi)` or, with Not set,
// `X !between (Lo .. Hi)`. Both ends are inclusive.
type BetweenExpr struct {
	Span
	X   Expr
	Not bool
	Lo  Expr
	Hi  Expr
}

// UnaryExpr is a prefix `+X` or `-X`.
type UnaryExpr struct {
	Span
	Op UnaryOp
	X  Expr
}

// ParenExpr is a parenthesized expression: `(X)`. X may be tabular.
type ParenExpr struct {
	Span
	X Expr
}

// CallExpr is a function call: `Fun(Args...)`. Fun is usually an *Ident,
// or a *MemberExpr in calls such as `cluster("c").database("d")`. The
// `materialize(...)` of a let statement and find's `pack(*)` are calls
// too.
// Arguments may be *NamedExpr (`bin_at(x, 1h, at = t)`) or *StarExpr.
//
// Params holds the `kind=nooptimization` parameter that may come between
// toscalar or totable and the parenthesis.
type CallExpr struct {
	Span
	Fun    Expr
	Params []*OptionParam
	Args   []Expr
}

// MemberExpr is a member access: `X.Name`, as in `d.Properties` or
// `database("x").Table`.
type MemberExpr struct {
	Span
	X    Expr
	Name *Ident
}

// IndexExpr is an element access: `X[Index]`, as in `d["key"]` or `a[0]`.
// The old form `X.[Index]` parses to the same node. In table paths Index
// may be a *WildcardName, as in `database("d").Sec*`. X is nil for a
// bracketed expression at the start of an expression, `[x]`, which Kusto
// parses and rejects later.
type IndexExpr struct {
	Span
	X     Expr
	Index Expr
}

// NamedExpr is `Name = X` in an operator's expression list or a call's
// argument list, as in `extend Total = a + b`.
type NamedExpr struct {
	Span
	Name *Ident
	X    Expr
}

// TupleNamedExpr is `(N1, N2, ...) = X`, which names the several columns
// that X returns, as in `extend (a, b) = f(x)` or
// `summarize (t, v) = arg_max(t, v)`.
type TupleNamedExpr struct {
	Span
	Names []*Ident
	X     Expr
}

// PipeExpr is a pipeline: Source followed by `| Op` for each of Ops. Source
// is any expression, including an operator that can begin a pipeline
// (union, print, range, ...). In a subquery such as the body of mv-apply
// or fork, Source is the first operator and applies to the implicit input.
type PipeExpr struct {
	Span
	Source Expr
	Ops    []Operator
}

// DataScopeExpr is a table reference with a data scope:
// `T datascope=hotcache`.
type DataScopeExpr struct {
	Span
	X     Expr
	Scope *OptionParam
}

// EntityGroupExpr is an explicit entity group:
// `entity_group [cluster("c").database("d"), ...]`.
type EntityGroupExpr struct {
	Span
	Elems []Expr
}

// FuncLit is the right-hand side of a function or view definition:
// `(a: long, T: (*)) { ... }` or `view () { ... }`.
type FuncLit struct {
	Span
	View   bool
	Params []*Param
	Body   *Block
}

// BadExpr stands for an expression that could not be parsed. The parser
// reports an error for it.
type BadExpr struct {
	Span
}

func (*Ident) exprNode()           {}
func (*WildcardName) exprNode()    {}
func (*StarExpr) exprNode()        {}
func (*Literal) exprNode()         {}
func (*StringLit) exprNode()       {}
func (*DynamicLit) exprNode()      {}
func (*JSONArray) exprNode()       {}
func (*JSONObject) exprNode()      {}
func (*TypeOfLit) exprNode()       {}
func (*BinaryExpr) exprNode()      {}
func (*InExpr) exprNode()          {}
func (*BetweenExpr) exprNode()     {}
func (*UnaryExpr) exprNode()       {}
func (*ParenExpr) exprNode()       {}
func (*CallExpr) exprNode()        {}
func (*MemberExpr) exprNode()      {}
func (*IndexExpr) exprNode()       {}
func (*NamedExpr) exprNode()       {}
func (*TupleNamedExpr) exprNode()  {}
func (*PipeExpr) exprNode()        {}
func (*DataScopeExpr) exprNode()   {}
func (*EntityGroupExpr) exprNode() {}
func (*FuncLit) exprNode()         {}
func (*BadExpr) exprNode()         {}

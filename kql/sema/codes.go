package sema

// Code identifies the kind of a semantic diagnostic. Codes are stable:
// tests, tools and suppression lists may match on them. Syntax errors
// use the KQL1xxx codes of package syntax; errors of the binder use
// KQL2001 to KQL2499 and its warnings KQL2501 and up.
type Code string

// Error codes.
const (
	// CodeUnknownTable: a name in table position is no table, tabular
	// let name or view: `DeviceProcessEvent | take 1`.
	CodeUnknownTable Code = "KQL2001"
	// CodeUnknownName: a name in scalar position is no column, let name
	// or table: `where Computr == "x"`.
	CodeUnknownName Code = "KQL2002"
	// CodeUnknownFunction: a call names no built-in or user function:
	// `tolowr(x)`.
	CodeUnknownFunction Code = "KQL2003"
	// CodeArgCount: a call has too few or too many arguments:
	// `substring("a")`.
	CodeArgCount Code = "KQL2004"
	// CodeArgType: an argument's type is not among those the parameter
	// accepts: `strlen(42)`.
	CodeArgType Code = "KQL2005"
	// CodeOperandTypes: an operator is not defined for its operands'
	// types: `Count + "x"`, `Timestamp > 5`.
	CodeOperandTypes Code = "KQL2006"
	// CodeNotBool: a predicate (where, iff's condition, and, or) is not
	// bool: `where Count`.
	CodeNotBool Code = "KQL2007"
	// CodeAggregateContext: an aggregate is called outside summarize and
	// the operators that aggregate: `extend n = count()`.
	CodeAggregateContext Code = "KQL2008"
	// CodeDuplicateColumn: two columns of a projection get the same
	// explicit name: `project a, a`.
	CodeDuplicateColumn Code = "KQL2009"
	// CodeNotConstant: an argument that must be a constant or a literal is
	// not: `extract(pattern, 1, s)` with a column as pattern.
	CodeNotConstant Code = "KQL2010"
	// CodeValueNotAllowed: a literal is not one of the values a parameter
	// admits: `datetime_add("days", 1, t)`.
	CodeValueNotAllowed Code = "KQL2011"
	// CodeNoCommonType: arguments that must share a type have none:
	// `coalesce(1, "a")`.
	CodeNoCommonType Code = "KQL2012"
	// CodeNotTabular: a scalar appears where a table is required:
	// `print x = 1 | join (5) on x`.
	CodeNotTabular Code = "KQL2013"
	// CodeNotScalar: a table appears where a scalar is required:
	// `extend x = DeviceInfo`.
	CodeNotScalar Code = "KQL2014"
	// CodeNotAFunction: a name that is not a function is called:
	// `FileName(1)`.
	CodeNotAFunction Code = "KQL2015"
	// CodeDynamicNotAllowed: a dynamic value is used where Kusto needs a
	// value it can compare or hash: `summarize by AdditionalFields`.
	CodeDynamicNotAllowed Code = "KQL2016"
	// CodeJoinCondition: a join or lookup condition is not a column, an
	// equality of $left and $right columns, or names a missing column.
	CodeJoinCondition Code = "KQL2017"
	// CodeUnknownPlugin: evaluate names no known plugin.
	CodeUnknownPlugin Code = "KQL2018"
	// CodeNotAggregate: a summarize item is not an aggregate:
	// `summarize x + 1`.
	CodeNotAggregate Code = "KQL2019"
	// CodeRecursion: a user function calls itself.
	CodeRecursion Code = "KQL2020"
	// CodeInvalidOperand: an operator's operand has a form Kusto rejects,
	// such as a non-constant take count or a missing column name.
	CodeInvalidOperand Code = "KQL2021"
	// CodeUnsupported: a part of the language the binder does not type.
	// It is reported only where Kusto itself would reject the query.
	CodeUnsupported Code = "KQL2022"
	// CodeTooMany: the diagnostic cap was reached. The message counts the
	// diagnostics left out.
	CodeTooMany Code = "KQL2499"
)

// Warning codes.
const (
	// CodeUnusedLet: a let name is never referred to.
	CodeUnusedLet Code = "KQL2501"
	// CodeNeedleNeverMatches: a has-family operator's needle can never
	// match a term, because it contains no letter or digit: `has "-"`.
	CodeNeedleNeverMatches Code = "KQL2502"
	// CodeAlwaysFalse: a comparison can never be true because its operands
	// have types whose values are never equal: `Count == "5"`.
	CodeAlwaysFalse Code = "KQL2503"
	// CodeDeprecated: an old spelling of a function is used, such as
	// makeset for make_set.
	CodeDeprecated Code = "KQL2504"
)

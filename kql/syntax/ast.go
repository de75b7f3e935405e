package syntax

// Node is implemented by every node of the syntax tree. Pos and End give
// the byte range the node covers in the query text.
type Node interface {
	Pos() Pos
	End() Pos
}

// Expr is a scalar or tabular expression. The parser does not tell the two
// apart: `T | where x > 1` and `x > 1` are both expressions, and the binder
// decides which is which.
type Expr interface {
	Node
	exprNode()
}

// Operator is a tabular query operator, such as where or summarize. An
// operator is an expression, so that a pipeline can start with one
// (`union A, B | count`) and a subquery can consist of one
// (`mv-apply x on (take 1)`).
type Operator interface {
	Expr
	operatorNode()
}

// Stmt is a statement: let, set, declare, alias, restrict, or a query
// expression.
type Stmt interface {
	Node
	stmtNode()
}

// Query is the root of a parsed query text: statements separated by
// semicolons.
type Query struct {
	Span
	Stmts []Stmt
}

// ---------------------------------------------------------------------------
// Statements

// ExprStmt is a statement that consists of a query expression, usually the
// tabular expression whose result the query returns.
type ExprStmt struct {
	Span
	X Expr
}

// LetStmt binds a name: `let Name = Value`. Value is a scalar or tabular
// expression, a *FuncLit for a function or view, a materialize(...) call,
// or an *EntityGroupExpr.
type LetStmt struct {
	Span
	Name  *Ident
	Value Expr
}

// SetStmt sets a request option: `set Name` or `set Name = Value`. Value
// is nil when the statement has no `=`.
type SetStmt struct {
	Span
	Name  *Ident
	Value Expr
}

// DeclareQueryParamsStmt declares the parameters a client passes with the
// query: `declare query_parameters(Name: type [= default], ...)`.
type DeclareQueryParamsStmt struct {
	Span
	Params []*Param
}

// AliasDatabaseStmt gives a database a local name:
// `alias database Name = cluster("c").database("d")`.
type AliasDatabaseStmt struct {
	Span
	Name  *Ident
	Value Expr
}

// RestrictStmt limits which tables and views the rest of the query may
// read: `restrict access to (T1, db.T2, F*)`. With holds the optional
// `with (name = value, ...)` properties.
type RestrictStmt struct {
	Span
	Entities []Expr
	With     []*OptionParam
}

// DeclarePatternStmt declares a pattern, a named mapping from string
// arguments to tabular expressions:
//
//	declare pattern P = (arg: string)[path: string] {
//	    ("a").["b"] = { T1 };
//	}
//
// A declaration without `=` has no Params, PathParam or Rules.
type DeclarePatternStmt struct {
	Span
	Name      *Ident
	Params    []*Param
	PathParam *Param // the bracketed path parameter, or nil
	Rules     []*PatternRule
}

// PatternRule is one `(args).[path] = { body };` entry of a pattern
// declaration.
type PatternRule struct {
	Span
	Args []Expr // string literals
	Path Expr   // the `.[ ... ]` value, or nil
	Body *Block
}

// Block is a function or pattern body: `{ let x = 1; ...; Expr }`. Stmts
// holds the statements before the final expression, which is Result. A
// body may have no final expression, as in `{ }`.
type Block struct {
	Span
	Stmts  []Stmt
	Result Expr // nil when the body has no final expression
}

// ---------------------------------------------------------------------------
// Parts shared by statements, expressions and operators

// Param is a parameter declaration in a function, a `declare
// query_parameters` statement, a pattern, or a scan `declare` clause.
//
// A scalar parameter has a Type (`x: long = 5`). A tabular parameter has
// a Schema instead (`T: (a: string, b: long)`, or `T: (*)` for any
// columns). Default is the optional default value.
type Param struct {
	Span
	Name    *Ident
	Type    *TypeRef
	Schema  *RowSchema
	Default Expr
}

// TypeRef is a scalar type name as written in a declaration, such as
// `string`, `long`, `int64` or `boolean`.
type TypeRef struct {
	Span
	Name string // as written, in lower case
}

// RowSchema is a parenthesized list of column declarations:
// `(a: string, b: long)`. In a tabular parameter or typeof, `(*)` is an
// open schema: Star is set and Columns may be empty.
type RowSchema struct {
	Span
	Columns []*ColumnDecl
	Star    bool
}

// ColumnDecl declares a column in a row schema: `Name: type`. In a parse
// pattern or a find project clause the type is optional and Type may be
// nil.
type ColumnDecl struct {
	Span
	Name   *Ident
	Type   *TypeRef
	Schema *RowSchema // a nested schema, `a: (b: int)`, in place of Type
}

// OptionParam is a `name = value` parameter of an operator, such as
// `kind=inner`, `hint.strategy=shuffle`, `withsource=TableName` or
// `isfuzzy=true`, or a property in a `with (...)` clause. Name holds the
// parameter name as written (dots included). Value is an *Ident for a
// name value, a literal expression, or a *NameList for a list of columns
// such as render's `ycolumns=a, b`.
type OptionParam struct {
	Span
	Name  *Ident
	Value Expr
}

// OrderedExpr is a sort key: an expression with an optional direction and
// null placement, as in `sort by x desc nulls last`.
type OrderedExpr struct {
	Span
	X     Expr
	Order SortOrder
	Nulls NullsOrder
}

// SortOrder is the direction written after a sort key.
type SortOrder uint8

// Sort directions. SortDefault means none was written; granny-asc and
// granny-desc are project-reorder's natural orders.
const (
	SortDefault SortOrder = iota
	SortAsc
	SortDesc
	SortGrannyAsc
	SortGrannyDesc
)

// String returns the keyword for the direction, or "" for SortDefault.
func (o SortOrder) String() string {
	switch o {
	case SortAsc:
		return "asc"
	case SortDesc:
		return "desc"
	case SortGrannyAsc:
		return "granny-asc"
	case SortGrannyDesc:
		return "granny-desc"
	}
	return ""
}

// NullsOrder is the `nulls first` or `nulls last` clause of a sort key.
type NullsOrder uint8

// Null placements. NullsDefault means no clause was written.
const (
	NullsDefault NullsOrder = iota
	NullsFirst
	NullsLast
)

// String returns "first", "last", or "" for NullsDefault.
func (n NullsOrder) String() string {
	switch n {
	case NullsFirst:
		return "first"
	case NullsLast:
		return "last"
	}
	return ""
}

func (*ExprStmt) stmtNode()               {}
func (*LetStmt) stmtNode()                {}
func (*SetStmt) stmtNode()                {}
func (*DeclareQueryParamsStmt) stmtNode() {}
func (*AliasDatabaseStmt) stmtNode()      {}
func (*RestrictStmt) stmtNode()           {}
func (*DeclarePatternStmt) stmtNode()     {}
func (*BadStmt) stmtNode()                {}
func (*CommandStmt) stmtNode()            {}

// CommandStmt is a control command such as `.show tables`, which may
// start a query text. Text is the command as written, up to a '|' or
// '<|' outside brackets; Query is the query that follows that token, or
// nil.
//
// NOTE: the parser checks no command syntax, so it accepts commands that
// Kusto rejects, such as `.show (`.
type CommandStmt struct {
	Span
	Text  string
	Query Expr
}

// BadStmt stands for a statement that could not be parsed. The parser
// reports an error for it.
type BadStmt struct {
	Span
}

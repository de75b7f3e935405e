package syntax

// This file declares one node type per tabular operator, and the tabular
// expressions that are not operators (datatable, externaldata, ...).
// Fields named Params hold the operator's `name=value` parameters, such as
// `kind=inner` or `hint.strategy=shuffle`, in the order written.

// AsOp binds the input to a name for later use in the query: `as T`.
type AsOp struct {
	Span
	Params []*OptionParam
	Name   *Ident
}

// AssertSchemaOp checks the input's columns: `assert-schema (a: string)`.
type AssertSchemaOp struct {
	Span
	Schema *RowSchema
}

// ConsumeOp reads its input and returns nothing: `consume`.
type ConsumeOp struct {
	Span
	Params []*OptionParam
}

// CountOp returns the number of input rows: `count`, or `count as N`.
type CountOp struct {
	Span
	As *Ident // the column name after `as`, or nil
}

// DistinctOp returns the distinct combinations of the listed columns:
// `distinct a, b` or `distinct *`.
type DistinctOp struct {
	Span
	Params []*OptionParam
	Exprs  []Expr
}

// EvaluateOp invokes a plugin: `evaluate bag_unpack(d)`. Schema is the
// optional `: (a: string, ...)` output schema after the call.
type EvaluateOp struct {
	Span
	Params []*OptionParam
	Call   Expr
	Schema *RowSchema
}

// ExecuteAndCacheOp is the internal `__executeAndCache` operator.
type ExecuteAndCacheOp struct {
	Span
}

// ExtendOp adds computed columns: `extend x = a + 1, b`.
type ExtendOp struct {
	Span
	Exprs []Expr
}

// FacetOp returns one table per listed column:
// `facet by a, b with (where x > 1 | take 5)`. With is the optional
// subquery, a single operator or a *PipeExpr. WithParens is set when it
// was written in parentheses.
type FacetOp struct {
	Span
	Columns    []Expr
	With       Expr
	WithParens bool
}

// WhereOp keeps the rows for which Pred is true: `where x > 1` or
// `filter x > 1`. Keyword is "where" or "filter".
type WhereOp struct {
	Span
	Keyword string
	Params  []*OptionParam
	Pred    Expr
}

// FindOp searches tables for rows that match a predicate:
//
//	find withsource=T in (A, B*) where x has "y" project a, b: string
//
// In is nil when no `in (...)` clause was written. Project holds the
// columns of a `project` clause (*Ident, *ColumnDecl, *StarExpr or a
// pack(*) call); ProjectSmart is set for `project-smart`; ProjectAway
// holds the `__projectAway` columns.
type FindOp struct {
	Span
	DataScope    *OptionParam
	Params       []*OptionParam
	In           []Expr
	Pred         Expr
	Project      []Expr
	ProjectSmart bool
	ProjectAway  []Expr
}

// ForkOp runs several subqueries on the same input:
// `fork (where a) (take 5) named = (count)`.
type ForkOp struct {
	Span
	Branches []*ForkBranch
}

// ForkBranch is one parenthesized subquery of fork, with an optional
// `name =` before it. Query is an operator or a *PipeExpr.
type ForkBranch struct {
	Span
	Name  *Ident
	Query Expr
}

// GetSchemaOp returns the input's schema: `getschema`, with an optional
// `kind=csl` parameter.
type GetSchemaOp struct {
	Span
	Params []*OptionParam
}

// InvokeOp calls a tabular function with the input as its first argument:
// `invoke f(1)`.
type InvokeOp struct {
	Span
	Call Expr
}

// JoinOp joins the input (left) with Right:
//
//	join kind=leftouter hint.strategy=shuffle (T2) on Key, $left.a == $right.b
//
// On holds the `on` conditions; Where is the predicate of a `where`
// condition. Both are empty when neither clause was written.
type JoinOp struct {
	Span
	Params []*OptionParam
	Right  Expr
	On     []Expr
	Where  Expr
}

// LookupOp extends the input with columns looked up in Right:
// `lookup kind=leftouter (T2) on Key`.
type LookupOp struct {
	Span
	Params []*OptionParam
	Right  Expr
	On     []Expr
}

// MacroExpandOp runs statements once per entity of an entity group:
// `macro-expand G as X ( X.T | count )`.
type MacroExpandOp struct {
	Span
	Params      []*OptionParam
	EntityGroup Expr
	As          *Ident
	Stmts       []Stmt
}

// MakeGraphOp builds a graph from edge rows:
//
//	make-graph Src --> Dst with Nodes on Id partitioned-by P ( ... )
//
// Directed is false for `--`. WithNodeID is the `with_node_id=name`
// clause; Tables holds the `with T on key, ...` pairs.
type MakeGraphOp struct {
	Span
	Params        []*OptionParam
	Source        *Ident
	Directed      bool
	Target        *Ident
	WithNodeID    *Ident
	Tables        []*GraphTableKey
	PartitionedBy Expr // the partition column, or nil
	Partition     Expr // the subquery of partitioned-by
}

// GraphTableKey is one `Table on Key` pair of make-graph's with clause.
type GraphTableKey struct {
	Span
	Table Expr
	Key   *Ident
}

// GraphMarkComponentsOp marks the connected components of a graph:
// `graph-mark-components kind=weak`.
type GraphMarkComponentsOp struct {
	Span
	Params []*OptionParam
}

// GraphMatchOp finds graph patterns:
// `graph-match (a)-[e]->(b) where a.x == 1 project a.y`.
type GraphMatchOp struct {
	Span
	Params   []*OptionParam
	Patterns []*GraphPattern
	Where    Expr
	Project  []Expr
}

// GraphShortestPathsOp finds shortest paths that match patterns; its form
// is that of GraphMatchOp.
type GraphShortestPathsOp struct {
	Span
	Params   []*OptionParam
	Patterns []*GraphPattern
	Where    Expr
	Project  []Expr
}

// GraphPattern is a chain of nodes and edges: `(a)-[e*1..3]->(b)`. Elems
// alternate between *GraphNode and *GraphEdge.
type GraphPattern struct {
	Span
	Elems []Node
}

// GraphNode is a node of a graph pattern: `(a)`. Name may be nil.
type GraphNode struct {
	Span
	Name *Ident
}

// GraphEdge is an edge of a graph pattern. Dir is the edge as written
// without its name or range: "-->", "<--", "--", "-[]->", "<-[]-",
// "-[]-" or "<-[]->". Name and the `*Lo..Hi` range are optional.
type GraphEdge struct {
	Span
	Dir  string
	Name *Ident
	Lo   Expr
	Hi   Expr
}

// GraphToTableOp turns a graph into tables:
// `graph-to-table nodes as N with_node_id=id, edges as E`.
type GraphToTableOp struct {
	Span
	Outputs []*GraphOutput
}

// GraphOutput is one `nodes` or `edges` output of graph-to-table.
type GraphOutput struct {
	Span
	Edges  bool // edges rather than nodes
	As     *Ident
	Params []*OptionParam
}

// GraphWhereNodesOp filters a graph's nodes: `graph-where-nodes x > 1`.
type GraphWhereNodesOp struct {
	Span
	Pred Expr
}

// GraphWhereEdgesOp filters a graph's edges: `graph-where-edges x > 1`.
type GraphWhereEdgesOp struct {
	Span
	Pred Expr
}

// MakeSeriesOp builds time series:
//
//	make-series n = count() default = 0 on T from a to b step 1h by k
//	make-series n = count() on T in range(a, b, 1h)
//
// InRange is set for the `in range(...)` form. From and To are nil when
// not written.
type MakeSeriesOp struct {
	Span
	Params  []*OptionParam
	Aggs    []*MakeSeriesAgg
	On      Expr
	InRange bool
	From    Expr
	To      Expr
	Step    Expr
	By      []Expr
}

// MakeSeriesAgg is one aggregation of make-series with its optional
// `default = value`.
type MakeSeriesAgg struct {
	Span
	X       Expr
	Default Expr
}

// MvApplyOp applies a subquery to each record's arrays:
//
//	mv-apply item = d to typeof(long) limit 10 id X on (summarize sum(item))
//
// Keyword is "mv-apply" or "mvapply".
type MvApplyOp struct {
	Span
	Keyword string
	Params  []*OptionParam
	Items   []*MvItem
	Limit   Expr
	ID      Expr
	On      Expr
}

// MvExpandOp expands arrays or property bags into rows:
// `mv-expand bagexpansion=array x to typeof(string) limit 100`. Keyword is
// "mv-expand" or "mvexpand".
type MvExpandOp struct {
	Span
	Keyword string
	Params  []*OptionParam
	Items   []*MvItem
	Limit   Expr
}

// MvItem is one expanded expression of mv-expand or mv-apply, with its
// optional `to typeof(T)` target type. X is nil for a bare
// `to typeof(T)`.
type MvItem struct {
	Span
	X  Expr
	To *TypeOfLit
}

// ParseOp extracts columns from a string:
// `parse kind=regex flags=i Msg with "id=" id: long "," *`.
// Pattern elements are *StarExpr, *StringLit, and *ColumnDecl (with an
// optional type).
type ParseOp struct {
	Span
	Params  []*OptionParam
	Source  Expr
	Pattern []Expr
}

// ParseWhereOp is parse that also drops the rows that do not match; its
// form is that of ParseOp.
type ParseWhereOp struct {
	Span
	Params  []*OptionParam
	Source  Expr
	Pattern []Expr
}

// ParseKvOp extracts key-value pairs:
// `parse-kv Msg as (a: string, b: long) with (pair_delimiter=";")`.
type ParseKvOp struct {
	Span
	Source Expr
	Keys   *RowSchema
	With   []*OptionParam
}

// PartitionOp runs a subquery per value of a column:
// `partition hint.strategy=native by k (top 3 by x)` or
// `partition by k { T | where ... }`. Braces is set for the second form.
// In holds the optional `in (...)` scope.
type PartitionOp struct {
	Span
	Params []*OptionParam
	By     Expr
	In     Expr
	Query  Expr
	Braces bool
}

// PartitionByOp is the internal `__partitionby` operator.
type PartitionByOp struct {
	Span
	Params []*OptionParam
	By     Expr
	ID     Expr
	Query  Expr
}

// PrintOp returns one row of computed values: `print x = 1, "a"`.
type PrintOp struct {
	Span
	Exprs []Expr
}

// ProjectOp selects and computes columns: `project a, b = c + 1`.
type ProjectOp struct {
	Span
	Exprs []Expr
}

// ProjectAwayOp removes columns: `project-away a, b*`.
type ProjectAwayOp struct {
	Span
	Columns []Expr
}

// ProjectByNamesOp is the internal `project-by-names` operator.
type ProjectByNamesOp struct {
	Span
	Exprs []Expr
}

// ProjectKeepOp keeps only the listed columns: `project-keep a, b*`.
type ProjectKeepOp struct {
	Span
	Columns []Expr
}

// ProjectRenameOp renames columns: `project-rename new = old`.
type ProjectRenameOp struct {
	Span
	Exprs []Expr
}

// ProjectReorderOp moves columns to the front:
// `project-reorder b, a* asc`. Each element is an *OrderedExpr whose X is
// an *Ident or *WildcardName.
type ProjectReorderOp struct {
	Span
	Columns []*OrderedExpr
}

// RangeOp generates a one-column table:
// `range x from 1 to 10 step 1`.
type RangeOp struct {
	Span
	Name *Ident
	From Expr
	To   Expr
	Step Expr
}

// ReduceOp groups similar strings: `reduce by Msg with threshold=0.1`.
type ReduceOp struct {
	Span
	Params []*OptionParam
	By     Expr
	With   []*OptionParam
}

// RenderOp is a request that the client chart the result:
// `render timechart with (title="x", ycolumns=a, b)`. Props holds the old
// unparenthesized properties (`kind=stacked`, `title="x"`, and `with "x"`
// and `by a, b`, which have no '=' and are named "with" and "by"); With
// holds the `with (...)` properties.
type RenderOp struct {
	Span
	Chart *Ident
	Props []*OptionParam
	With  []*OptionParam
}

// SampleOp returns a number of arbitrary rows: `sample 10`.
type SampleOp struct {
	Span
	Params []*OptionParam
	Count  Expr
}

// SampleDistinctOp returns some distinct values of a column:
// `sample-distinct 10 of x`.
type SampleDistinctOp struct {
	Span
	Params []*OptionParam
	Count  Expr
	Of     Expr
}

// ScanOp matches sequences of rows:
//
//	scan with_match_id=m declare (x: long = 0) with (
//	    step s1: a == 1 => x = 1;
//	    step s2 optional output=last: b == 2;
//	)
type ScanOp struct {
	Span
	Params      []*OptionParam
	OrderBy     []*OrderedExpr
	PartitionBy []Expr
	Declare     []*Param
	Steps       []*ScanStep
}

// ScanStep is one `step Name [optional] [output=all|last|none]: Cond
// [=> a = x, ...];` of scan.
type ScanStep struct {
	Span
	Name     *Ident
	Optional bool
	Output   string // "all", "last", "none", or "" when not written
	Cond     Expr
	Assigns  []*NamedExpr
}

// SearchOp searches tables and columns for a predicate:
// `search in (A, B) "term"` or `search * has "x"`. In is nil when no
// `in (...)` clause was written.
type SearchOp struct {
	Span
	Params    []*OptionParam
	DataScope *OptionParam
	In        []Expr
	Pred      Expr
}

// SerializeOp marks the input as ordered, optionally adding columns:
// `serialize n = row_number()`.
type SerializeOp struct {
	Span
	Params []*OptionParam
	Exprs  []Expr
}

// SortOp sorts rows: `sort by a desc, b asc nulls first`. Keyword is
// "sort" or "order".
type SortOp struct {
	Span
	Keyword string
	Params  []*OptionParam
	By      []*OrderedExpr
}

// SummarizeOp groups and aggregates: `summarize n = count() by k,
// bin(t, 1h)`. Aggs or By may be empty, not both. Bin is the size in the
// old form `by k bin = 1h`, which bins the group keys, or nil.
type SummarizeOp struct {
	Span
	Params []*OptionParam
	Aggs   []Expr
	By     []Expr
	Bin    Expr
}

// TakeOp returns up to Count rows: `take 10` or `limit 10`. Keyword is
// "take" or "limit".
type TakeOp struct {
	Span
	Keyword string
	Params  []*OptionParam
	Count   Expr
}

// TopOp returns the first Count rows sorted by By: `top 5 by x desc`.
type TopOp struct {
	Span
	Params []*OptionParam
	Count  Expr
	By     *OrderedExpr
}

// TopHittersOp returns approximate most frequent values:
// `top-hitters 5 of x by y`.
type TopHittersOp struct {
	Span
	Count Expr
	Of    Expr
	By    Expr // nil when no `by` clause was written
}

// TopNestedOp returns hierarchical top results:
// `top-nested 3 of a by n = count(), top-nested of b by max(x)`.
type TopNestedOp struct {
	Span
	Levels []*TopNestedLevel
}

// TopNestedLevel is one `top-nested [N] of Expr [with others = V] by Agg`
// clause.
type TopNestedLevel struct {
	Span
	Count  Expr // nil when no count was written
	Of     Expr
	Others Expr // the `with others = value`, or nil
	By     *OrderedExpr
}

// UnionOp concatenates tables:
// `union kind=outer withsource=T isfuzzy=true A, B*, (C | where x)`.
// The first leg of a piped union is its input.
type UnionOp struct {
	Span
	Params []*OptionParam
	Tables []Expr
}

// BadOp stands for an operator that could not be parsed, or for a name
// after `|` that is not an operator. The parser reports an error for it.
type BadOp struct {
	Span
}

// ---------------------------------------------------------------------------
// Tabular expressions that are not operators

// DataTableExpr is an inline table:
// `datatable(a: string, b: long) ["x", 1, "y", 2]`. Values lists the
// cells row by row.
type DataTableExpr struct {
	Span
	Params []*OptionParam
	Schema *RowSchema
	Values []Expr
}

// ExternalDataExpr reads a table from storage:
// `externaldata(a: string) ["https://..."] with (format="csv")`. Keyword
// is "externaldata" or "external_data".
//
// Sources holds the storage URIs as written. Kusto parses any expression
// there and requires strings only when it runs the query; URIs holds the
// string literals among them, in order.
type ExternalDataExpr struct {
	Span
	Keyword string
	Params  []*OptionParam
	Schema  *RowSchema
	URIs    []*StringLit
	With    []*OptionParam
	Sources []Expr
}

// ContextualDataTableExpr is the internal
// `__contextual_datatable(id, schema)` expression.
type ContextualDataTableExpr struct {
	Span
	ID     Expr
	Schema *RowSchema
}

// MaterializedViewCombineExpr is
// `materialized-view-combine("V") base(...) delta(...) aggregations(...)`.
type MaterializedViewCombineExpr struct {
	Span
	Name         Expr
	Base         Expr
	Delta        Expr
	Aggregations Expr
}

// InlineExternalTableOp reads an external table defined in the query:
//
//	inline_external_table (a: string, d: datetime) kind=storage
//	    partition by (d: datetime = bin(t, 1d))
//	    pathformat = ("y=" datetime_pattern("yyyy", d))
//	    dataformat = parquet
//	    ("https://...")
//	    with (name = value)
//
// Kind is "storage" or "delta"; Schema, Partitions, PathFormat,
// DataFormat and With are optional. PathFormat holds string separators,
// column names and datetime_pattern(format, column) calls in order.
type InlineExternalTableOp struct {
	Span
	Params     []*OptionParam
	Schema     *RowSchema
	Kind       *Ident
	Partitions []*Param
	PathFormat []Expr
	DataFormat *Ident
	Sources    []Expr
	With       []*OptionParam
}

// NameList is a list of names given as one parameter value, as in
// render's `ycolumns=a, b`.
type NameList struct {
	Span
	Names []Expr
}

func (*AsOp) exprNode()                        {}
func (*AssertSchemaOp) exprNode()              {}
func (*ConsumeOp) exprNode()                   {}
func (*CountOp) exprNode()                     {}
func (*DistinctOp) exprNode()                  {}
func (*EvaluateOp) exprNode()                  {}
func (*ExecuteAndCacheOp) exprNode()           {}
func (*ExtendOp) exprNode()                    {}
func (*FacetOp) exprNode()                     {}
func (*WhereOp) exprNode()                     {}
func (*FindOp) exprNode()                      {}
func (*ForkOp) exprNode()                      {}
func (*GetSchemaOp) exprNode()                 {}
func (*InvokeOp) exprNode()                    {}
func (*JoinOp) exprNode()                      {}
func (*LookupOp) exprNode()                    {}
func (*MacroExpandOp) exprNode()               {}
func (*MakeGraphOp) exprNode()                 {}
func (*GraphMarkComponentsOp) exprNode()       {}
func (*GraphMatchOp) exprNode()                {}
func (*GraphShortestPathsOp) exprNode()        {}
func (*GraphToTableOp) exprNode()              {}
func (*GraphWhereNodesOp) exprNode()           {}
func (*GraphWhereEdgesOp) exprNode()           {}
func (*MakeSeriesOp) exprNode()                {}
func (*MvApplyOp) exprNode()                   {}
func (*MvExpandOp) exprNode()                  {}
func (*ParseOp) exprNode()                     {}
func (*ParseWhereOp) exprNode()                {}
func (*ParseKvOp) exprNode()                   {}
func (*PartitionOp) exprNode()                 {}
func (*PartitionByOp) exprNode()               {}
func (*PrintOp) exprNode()                     {}
func (*ProjectOp) exprNode()                   {}
func (*ProjectAwayOp) exprNode()               {}
func (*ProjectByNamesOp) exprNode()            {}
func (*ProjectKeepOp) exprNode()               {}
func (*ProjectRenameOp) exprNode()             {}
func (*ProjectReorderOp) exprNode()            {}
func (*RangeOp) exprNode()                     {}
func (*ReduceOp) exprNode()                    {}
func (*RenderOp) exprNode()                    {}
func (*SampleOp) exprNode()                    {}
func (*SampleDistinctOp) exprNode()            {}
func (*ScanOp) exprNode()                      {}
func (*SearchOp) exprNode()                    {}
func (*SerializeOp) exprNode()                 {}
func (*SortOp) exprNode()                      {}
func (*SummarizeOp) exprNode()                 {}
func (*TakeOp) exprNode()                      {}
func (*TopOp) exprNode()                       {}
func (*TopHittersOp) exprNode()                {}
func (*TopNestedOp) exprNode()                 {}
func (*UnionOp) exprNode()                     {}
func (*BadOp) exprNode()                       {}
func (*DataTableExpr) exprNode()               {}
func (*ExternalDataExpr) exprNode()            {}
func (*ContextualDataTableExpr) exprNode()     {}
func (*MaterializedViewCombineExpr) exprNode() {}
func (*NameList) exprNode()                    {}
func (*InlineExternalTableOp) exprNode()       {}
func (*ColumnDecl) exprNode()                  {}

func (*AsOp) operatorNode()                  {}
func (*AssertSchemaOp) operatorNode()        {}
func (*ConsumeOp) operatorNode()             {}
func (*CountOp) operatorNode()               {}
func (*DistinctOp) operatorNode()            {}
func (*EvaluateOp) operatorNode()            {}
func (*ExecuteAndCacheOp) operatorNode()     {}
func (*ExtendOp) operatorNode()              {}
func (*FacetOp) operatorNode()               {}
func (*WhereOp) operatorNode()               {}
func (*FindOp) operatorNode()                {}
func (*ForkOp) operatorNode()                {}
func (*GetSchemaOp) operatorNode()           {}
func (*InvokeOp) operatorNode()              {}
func (*JoinOp) operatorNode()                {}
func (*LookupOp) operatorNode()              {}
func (*MacroExpandOp) operatorNode()         {}
func (*MakeGraphOp) operatorNode()           {}
func (*GraphMarkComponentsOp) operatorNode() {}
func (*GraphMatchOp) operatorNode()          {}
func (*GraphShortestPathsOp) operatorNode()  {}
func (*GraphToTableOp) operatorNode()        {}
func (*GraphWhereNodesOp) operatorNode()     {}
func (*GraphWhereEdgesOp) operatorNode()     {}
func (*MakeSeriesOp) operatorNode()          {}
func (*MvApplyOp) operatorNode()             {}
func (*MvExpandOp) operatorNode()            {}
func (*ParseOp) operatorNode()               {}
func (*ParseWhereOp) operatorNode()          {}
func (*ParseKvOp) operatorNode()             {}
func (*PartitionOp) operatorNode()           {}
func (*PartitionByOp) operatorNode()         {}
func (*PrintOp) operatorNode()               {}
func (*ProjectOp) operatorNode()             {}
func (*ProjectAwayOp) operatorNode()         {}
func (*ProjectByNamesOp) operatorNode()      {}
func (*ProjectKeepOp) operatorNode()         {}
func (*ProjectRenameOp) operatorNode()       {}
func (*ProjectReorderOp) operatorNode()      {}
func (*RangeOp) operatorNode()               {}
func (*ReduceOp) operatorNode()              {}
func (*RenderOp) operatorNode()              {}
func (*SampleOp) operatorNode()              {}
func (*SampleDistinctOp) operatorNode()      {}
func (*ScanOp) operatorNode()                {}
func (*SearchOp) operatorNode()              {}
func (*SerializeOp) operatorNode()           {}
func (*SortOp) operatorNode()                {}
func (*SummarizeOp) operatorNode()           {}
func (*TakeOp) operatorNode()                {}
func (*TopOp) operatorNode()                 {}
func (*TopHittersOp) operatorNode()          {}
func (*TopNestedOp) operatorNode()           {}
func (*UnionOp) operatorNode()               {}
func (*BadOp) operatorNode()                 {}
func (*InlineExternalTableOp) operatorNode() {}

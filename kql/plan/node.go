package plan

import (
	"github.com/quarry-kql/quarry/kql/types"
)

// Node is a tabular operator. Schema returns its output columns.
type Node interface {
	Schema() []types.Column
	Inputs() []Node
}

// Scan reads a table from the catalog.
type Scan struct {
	Table   string
	Columns []types.Column
}

// Values is an inline table: datatable, or the single empty row that
// print starts from.
type Values struct {
	Columns []types.Column
	Rows    [][]types.Value
}

// Range produces one column of values From, From+Step, ... up to and
// including To.
type Range struct {
	Name           string
	Kind           types.Kind
	From, To, Step Expr
}

// Filter keeps the rows where Pred is true (where).
type Filter struct {
	Input Node
	Pred  Expr
}

// Project computes its output columns from each input row. extend,
// project, project-away, project-keep, project-rename and
// project-reorder all become a Project.
type Project struct {
	Input   Node
	Exprs   []Expr
	Columns []types.Column
}

// Union concatenates its inputs. Maps[i][c] is the input column of leg i
// that fills output column c, or -1 when that leg lacks it. With
// withsource=, output column SourceIndex holds SourceNames[i] for the
// rows of leg i.
type Union struct {
	Legs        []Node
	Maps        [][]int
	Columns     []types.Column
	SourceIndex int // -1 without withsource
	SourceNames []string
}

// SortKey is one key of a sort: an expression, its direction and where
// nulls go.
type SortKey struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
}

// Sort orders rows by Keys, stably.
type Sort struct {
	Input Node
	Keys  []SortKey
}

// Take keeps the first N rows (take, limit).
type Take struct {
	Input Node
	N     Expr
}

// Top keeps the first N rows after sorting by Keys.
type Top struct {
	Input Node
	N     Expr
	Keys  []SortKey
}

// Count returns one row with the number of input rows, in column Count.
type Count struct {
	Input Node
	Name  string
}

// Distinct keeps one row per distinct combination of Exprs.
type Distinct struct {
	Input   Node
	Exprs   []Expr
	Columns []types.Column
}

// Summarize groups rows by By and computes Aggs per group. The output
// columns are the group keys followed by each aggregation's outputs.
type Summarize struct {
	Input   Node
	By      []Expr
	Aggs    []*AggCall
	Columns []types.Column
}

// JoinKind is the flavour of a join.
type JoinKind uint8

// The join flavours of Kusto. InnerUnique is the default.
const (
	InnerUnique JoinKind = iota
	Inner
	LeftOuter
	RightOuter
	FullOuter
	LeftSemi
	LeftAnti
	RightSemi
	RightAnti
)

var joinKindNames = [...]string{"innerunique", "inner", "leftouter", "rightouter", "fullouter", "leftsemi", "leftanti", "rightsemi", "rightanti"}

// String returns the kind= spelling of the flavour.
func (k JoinKind) String() string { return joinKindNames[k] }

// ParseJoinKind returns the flavour named by a kind= value, accepting
// the aliases leftantisemi and rightantisemi.
func ParseJoinKind(s string) (JoinKind, bool) {
	switch s {
	case "leftantisemi":
		return LeftAnti, true
	case "rightantisemi":
		return RightAnti, true
	case "anti":
		return LeftAnti, true
	case "semi":
		return LeftSemi, true
	}
	for i, n := range joinKindNames {
		if n == s {
			return JoinKind(i), true
		}
	}
	return 0, false
}

// Join matches rows of Left and Right whose key columns are equal.
// LeftOut and RightOut select the columns each side contributes to the
// output, in order; Columns names them (right duplicates renamed with a
// suffix). For lookup, RightOut omits the key columns.
type Join struct {
	Left, Right         Node
	Kind                JoinKind
	LeftKeys, RightKeys []int
	LeftOut, RightOut   []int
	Columns             []types.Column
	// Lookup is set for the lookup operator: key columns appear once,
	// taken from the left side.
	Lookup bool
}

// MvExpandColumn is one column that mv-expand expands. Kind is the
// output type: dynamic, or the type named by `to typeof(...)`.
type MvExpandColumn struct {
	Index int
	Expr  Expr // set when the expression is not a plain column
	Kind  types.Kind
}

// MvExpand produces one row per element of the arrays (or bag entries)
// in its columns. Columns gives the output schema. When ItemIndex is set,
// the last output column holds each element's position.
type MvExpand struct {
	Input     Node
	Expand    []MvExpandColumn
	Targets   []int // output column index of each expanded value
	Limit     int64 // 0 means no limit
	ItemIndex bool
	Columns   []types.Column
	// BagAsArray expands a property bag into [key, value] arrays
	// (bagexpansion=array) instead of one-entry bags.
	BagAsArray bool
}

// ParsePart is one piece of a parse pattern: literal text to match, or a
// column to capture into.
type ParsePart struct {
	Literal string
	Column  int        // output column index, -1 for a literal or a wildcard
	Kind    types.Kind // type of the captured column
}

// Parse extracts columns from a string expression by a pattern.
type Parse struct {
	Input   Node
	Source  Expr
	Kind    string // "simple", "regex" or "relaxed"
	Flags   string // regex flags for kind=regex
	Parts   []ParsePart
	Regex   string // the compiled pattern for kind=regex
	Columns []types.Column
	// DropUnmatched is set for parse-where: rows that do not match are
	// dropped instead of getting empty captures.
	DropUnmatched bool
}

// Shared evaluates Input once and lets several parents read the result:
// materialize(), and let bindings referenced more than once.
type Shared struct {
	ID    int
	Input Node
}

// Serialize marks that row order is fixed from here on; it passes rows
// through unchanged.
type Serialize struct {
	Input Node
}

// Schema methods.

func (n *Scan) Schema() []types.Column      { return n.Columns }
func (n *Values) Schema() []types.Column    { return n.Columns }
func (n *Range) Schema() []types.Column     { return []types.Column{{Name: n.Name, Type: n.Kind}} }
func (n *Filter) Schema() []types.Column    { return n.Input.Schema() }
func (n *Project) Schema() []types.Column   { return n.Columns }
func (n *Union) Schema() []types.Column     { return n.Columns }
func (n *Sort) Schema() []types.Column      { return n.Input.Schema() }
func (n *Take) Schema() []types.Column      { return n.Input.Schema() }
func (n *Top) Schema() []types.Column       { return n.Input.Schema() }
func (n *Count) Schema() []types.Column     { return []types.Column{{Name: n.Name, Type: types.Long}} }
func (n *Distinct) Schema() []types.Column  { return n.Columns }
func (n *Summarize) Schema() []types.Column { return n.Columns }
func (n *Join) Schema() []types.Column      { return n.Columns }
func (n *MvExpand) Schema() []types.Column  { return n.Columns }
func (n *Parse) Schema() []types.Column     { return n.Columns }
func (n *Shared) Schema() []types.Column    { return n.Input.Schema() }
func (n *Serialize) Schema() []types.Column { return n.Input.Schema() }

// Inputs methods.

func (n *Scan) Inputs() []Node      { return nil }
func (n *Values) Inputs() []Node    { return nil }
func (n *Range) Inputs() []Node     { return nil }
func (n *Filter) Inputs() []Node    { return []Node{n.Input} }
func (n *Project) Inputs() []Node   { return []Node{n.Input} }
func (n *Union) Inputs() []Node     { return n.Legs }
func (n *Sort) Inputs() []Node      { return []Node{n.Input} }
func (n *Take) Inputs() []Node      { return []Node{n.Input} }
func (n *Top) Inputs() []Node       { return []Node{n.Input} }
func (n *Count) Inputs() []Node     { return []Node{n.Input} }
func (n *Distinct) Inputs() []Node  { return []Node{n.Input} }
func (n *Summarize) Inputs() []Node { return []Node{n.Input} }
func (n *Join) Inputs() []Node      { return []Node{n.Left, n.Right} }
func (n *MvExpand) Inputs() []Node  { return []Node{n.Input} }
func (n *Parse) Inputs() []Node     { return []Node{n.Input} }
func (n *Shared) Inputs() []Node    { return []Node{n.Input} }
func (n *Serialize) Inputs() []Node { return []Node{n.Input} }

// MakeSeries aggregates values into arrays over a range of axis bins.
// Each group of By gets one array per aggregation, with one element per
// bin from From up to (not including) To in steps of Step, and the array
// of bin starts. Empty bins get the aggregation's default.
type MakeSeries struct {
	Input          Node
	Axis           Expr
	From, To, Step Expr // From and To may be nil: the data's range is used
	By             []Expr
	Aggs           []*AggCall
	Defaults       []types.Value
	Columns        []types.Column
	// NonEmpty (kind=nonempty) makes empty input without By produce one
	// row of defaults instead of no rows.
	NonEmpty bool
}

func (n *MakeSeries) Schema() []types.Column { return n.Columns }
func (n *MakeSeries) Inputs() []Node         { return []Node{n.Input} }

// ParseKv extracts the values of named keys from a string of key-value
// pairs. Keys[i] is the output column index filled with key
// Columns[Keys[i]].Name.
type ParseKv struct {
	Input     Node
	Source    Expr
	Keys      []int
	PairDelim string
	KvDelim   string
	Quote     string
	Columns   []types.Column
	// Auto is set when the query gives no delimiters: keys end at ':'
	// or '=' and values at a space, comma or semicolon.
	Auto bool
}

func (n *ParseKv) Schema() []types.Column { return n.Columns }
func (n *ParseKv) Inputs() []Node         { return []Node{n.Input} }

// RowSource is the input of a subquery that runs once per row, such as
// the body of mv-apply: the executor supplies its rows on each run.
type RowSource struct {
	Columns []types.Column
	// Serialized is set when the rows have a fixed order, as the
	// elements of an array have in mv-apply.
	Serialized bool
}

// MvApply runs Sub once for each input row. Sub reads Row, which holds
// that single row; Sub usually starts with the mv-expand of the row's
// arrays. The output rows are the Keep columns of the input row followed
// by Sub's columns.
type MvApply struct {
	Input   Node
	Row     *RowSource
	Sub     Node
	Keep    []int
	Columns []types.Column
}

func (n *RowSource) Schema() []types.Column { return n.Columns }
func (n *RowSource) Inputs() []Node         { return nil }
func (n *MvApply) Schema() []types.Column   { return n.Columns }
func (n *MvApply) Inputs() []Node           { return []Node{n.Input} }

// TopNestedLevel is one level of top-nested: the N groups of Of with the
// largest (or, with Asc, smallest) value of Agg within each group of the
// levels before it.
type TopNestedLevel struct {
	N   Expr
	Of  Expr
	Agg *AggCall
	Asc bool
}

// TopNested produces hierarchical top-N groups. Each level contributes
// two columns: its Of value and its aggregate.
type TopNested struct {
	Input   Node
	Levels  []TopNestedLevel
	Columns []types.Column
}

func (n *TopNested) Schema() []types.Column { return n.Columns }
func (n *TopNested) Inputs() []Node         { return []Node{n.Input} }

// Partition runs Sub once per distinct value of the By column, over the
// rows holding that value (which Sub reads through Part), and
// concatenates the results.
type Partition struct {
	Input Node
	By    int
	Part  *RowSource
	Sub   Node
}

func (n *Partition) Schema() []types.Column { return n.Sub.Schema() }
func (n *Partition) Inputs() []Node         { return []Node{n.Input} }

// ScanStep is one step of the scan operator. Pred and Assigns read the
// row's columns, the declared variables at their defaults, and the
// state columns of every step (step.column).
type ScanStep struct {
	Name    string
	Pred    Expr
	Assigns []Expr // one per variable; nil gives the default
	Output  bool   // false for output=none
}

// ScanSteps is the scan operator: it matches rows, in order, against a
// sequence of steps and outputs each match with the declared variables.
// State holds, per step, the columns and variables of the last row each
// earlier step of the sequence matched. MatchID, when not empty, names
// an appended long column with the sequence number of each match.
type ScanSteps struct {
	Input    Node
	Vars     []types.Column
	Defaults []types.Value
	Steps    []ScanStep
	MatchID  string
	Columns  []types.Column
}

func (n *ScanSteps) Schema() []types.Column { return n.Columns }
func (n *ScanSteps) Inputs() []Node         { return []Node{n.Input} }

// BagUnpack replaces dynamic column Column by one column per property
// key: Keys[i] fills output column KeyStart+i, converted to that column's
// type; rows without the key get null.
type BagUnpack struct {
	Input    Node
	Column   int
	Keys     []string
	KeyStart int
	Columns  []types.Column
}

func (n *BagUnpack) Schema() []types.Column { return n.Columns }
func (n *BagUnpack) Inputs() []Node         { return []Node{n.Input} }

// Pivot turns the distinct values of column Key into columns: for each
// group of By, column Names[i] holds Agg over the rows whose key's text
// is Names[i].
type Pivot struct {
	Input   Node
	Key     int
	Agg     *AggCall
	By      []int
	Names   []string
	Columns []types.Column
}

func (n *Pivot) Schema() []types.Column { return n.Columns }
func (n *Pivot) Inputs() []Node         { return []Node{n.Input} }

package syntax

import (
	"strings"
	"unicode/utf8"
)

// Print writes a syntax tree back as KQL text. Parsing the result gives
// the same tree, apart from positions. Comments and the original layout
// are lost. Each top-level pipe step starts a new line, and statements
// are separated by ";" and a line break.
//
// Print adds parentheses where a hand-built tree needs them to keep its
// structure, such as `(a + b) * c`. Trees from Parse need none, because
// they have ParenExpr nodes wherever the text had parentheses.
func Print(n Node) string {
	var pr printer
	pr.node(n)
	return pr.b.String()
}

type printer struct {
	b     strings.Builder
	depth int // nesting of parentheses and brackets; pipes break lines at 0
}

func (pr *printer) str(s string) { pr.b.WriteString(s) }

// dot writes the '.' of a member access. After a number it writes a
// space first, because `0.x` and `2..x` would lex as other numbers.
func (pr *printer) dot() {
	s := pr.b.String()
	if r, size := utf8.DecodeLastRuneInString(s); size > 0 && (r == '.' || digitAt(s, len(s)-size) > 0) {
		pr.str(" ")
	}
	pr.str(".")
}

func (pr *printer) node(n Node) {
	switch n := n.(type) {
	case nil:
	case *Query:
		for i, s := range n.Stmts {
			if i > 0 {
				pr.str(";\n")
			}
			pr.node(s)
		}
	case Stmt:
		pr.stmt(n)
	case Expr:
		pr.expr(n)
	case *Param:
		pr.param(n)
	case *RowSchema:
		pr.schema(n)
	case *TypeRef:
		pr.str(n.Name)
	case *OptionParam:
		pr.option(n)
	case *OrderedExpr:
		pr.ordered(n)
	case *Block:
		pr.block(n)
	case *JSONPair:
		pr.jsonPair(n)
	case *ForkBranch:
		pr.forkBranch(n)
	case *MvItem:
		pr.mvItem(n)
	case *MakeSeriesAgg:
		pr.makeSeriesAgg(n)
	case *ScanStep:
		pr.scanStep(n)
	case *TopNestedLevel:
		pr.topNestedLevel(n)
	case *PatternRule:
		pr.patternRule(n)
	case *GraphPattern:
		pr.graphPattern(n)
	case *GraphNode:
		pr.graphNode(n)
	case *GraphEdge:
		pr.graphEdge(n)
	case *GraphTableKey:
		pr.expr(n.Table)
		pr.str(" on ")
		pr.expr(n.Key)
	case *GraphOutput:
		pr.graphOutput(n)
	}
}

func (pr *printer) stmt(s Stmt) {
	switch s := s.(type) {
	case *ExprStmt:
		pr.expr(s.X)
	case *LetStmt:
		pr.str("let ")
		pr.expr(s.Name)
		pr.str(" = ")
		pr.expr(s.Value)
	case *SetStmt:
		pr.str("set ")
		pr.expr(s.Name)
		if s.Value != nil {
			pr.str(" = ")
			pr.expr(s.Value)
		}
	case *DeclareQueryParamsStmt:
		pr.str("declare query_parameters(")
		for i, p := range s.Params {
			pr.sep(i)
			pr.param(p)
		}
		pr.str(")")
	case *AliasDatabaseStmt:
		pr.str("alias database ")
		pr.expr(s.Name)
		pr.str(" = ")
		pr.expr(s.Value)
	case *RestrictStmt:
		pr.str("restrict access to (")
		pr.exprList(s.Entities)
		pr.str(")")
		if len(s.With) > 0 {
			pr.str(" with (")
			pr.optionList(s.With, ", ")
			pr.str(")")
		}
	case *DeclarePatternStmt:
		pr.str("declare pattern ")
		pr.expr(s.Name)
		if s.Params == nil && s.Rules == nil && s.PathParam == nil {
			return
		}
		pr.str(" = (")
		for i, p := range s.Params {
			pr.sep(i)
			pr.param(p)
		}
		pr.str(")")
		if s.PathParam != nil {
			pr.str("[")
			pr.param(s.PathParam)
			pr.str("]")
		}
		pr.str(" {\n")
		for _, r := range s.Rules {
			pr.str("    ")
			pr.patternRule(r)
			pr.str("\n")
		}
		pr.str("}")
	case *CommandStmt:
		pr.str(s.Text)
		switch q := s.Query.(type) {
		case nil:
		case *PipeExpr:
			if _, ok := q.Source.(*BadExpr); ok {
				pr.expr(q)
				return
			}
			pr.str(" <| ")
			pr.expr(q)
		default:
			pr.str(" <| ")
			pr.expr(q)
		}
	case *BadStmt:
	}
}

func (pr *printer) sep(i int) {
	if i > 0 {
		pr.str(", ")
	}
}

func (pr *printer) exprList(list []Expr) {
	for i, x := range list {
		pr.sep(i)
		pr.expr(x)
	}
}

func (pr *printer) optionList(list []*OptionParam, sep string) {
	for i, o := range list {
		if i > 0 {
			pr.str(sep)
		}
		pr.option(o)
	}
}

// params writes operator parameters, each followed by a space.
func (pr *printer) params(list []*OptionParam) {
	for _, o := range list {
		pr.option(o)
		pr.str(" ")
	}
}

func (pr *printer) option(o *OptionParam) {
	pr.expr(o.Name)
	pr.str("=")
	pr.expr(o.Value)
}

func (pr *printer) param(p *Param) {
	pr.expr(p.Name)
	pr.str(": ")
	if p.Schema != nil {
		pr.schema(p.Schema)
	} else if p.Type != nil {
		pr.str(p.Type.Name)
	}
	if p.Default != nil {
		pr.str(" = ")
		pr.expr(p.Default)
	}
}

func (pr *printer) schema(s *RowSchema) {
	pr.str("(")
	i := 0
	if s.Star {
		pr.str("*")
		i++
	}
	for _, c := range s.Columns {
		pr.sep(i)
		i++
		pr.columnDecl(c)
	}
	pr.str(")")
}

func (pr *printer) columnDecl(c *ColumnDecl) {
	pr.expr(c.Name)
	switch {
	case c.Schema != nil:
		pr.str(": ")
		pr.schema(c.Schema)
	case c.Type != nil:
		pr.str(": ")
		pr.str(c.Type.Name)
	}
}

func (pr *printer) block(b *Block) {
	pr.str("{ ")
	pr.depth++
	for _, s := range b.Stmts {
		pr.stmt(s)
		pr.str("; ")
	}
	if b.Result != nil {
		pr.expr(b.Result)
		pr.str(" ")
	}
	pr.depth--
	pr.str("}")
}

func (pr *printer) patternRule(r *PatternRule) {
	pr.str("(")
	pr.exprList(r.Args)
	pr.str(")")
	if r.Path != nil {
		pr.str(".[")
		pr.expr(r.Path)
		pr.str("]")
	}
	pr.str(" = ")
	pr.block(r.Body)
	pr.str(";")
}

func (pr *printer) ordered(o *OrderedExpr) {
	pr.expr(o.X)
	if o.Order != SortDefault {
		pr.str(" ")
		pr.str(o.Order.String())
	}
	if o.Nulls != NullsDefault {
		pr.str(" nulls ")
		pr.str(o.Nulls.String())
	}
}

func (pr *printer) jsonPair(p *JSONPair) {
	pr.stringLit(p.Key)
	pr.str(": ")
	pr.expr(p.Value)
}

func (pr *printer) stringLit(s *StringLit) {
	for i, part := range s.Parts {
		if i > 0 {
			pr.str(" ")
		}
		pr.str(part.Raw)
	}
}

// nested writes x inside brackets, where pipes do not break lines.
func (pr *printer) nested(x Node) {
	pr.depth++
	pr.node(x)
	pr.depth--
}

// Operand kinds, for deciding where a hand-built tree needs parentheses.
const (
	levelPrimary = 100 // names, literals, calls, paths, parenthesized
	levelUnary   = 90
)

// level returns the binding level of x: a BinaryOp precedence for
// infix expressions, levelUnary, or levelPrimary.
func level(x Expr) int {
	switch x := x.(type) {
	case *BinaryExpr:
		return x.Op.Precedence()
	case *InExpr, *BetweenExpr:
		return PrecEquality
	case *UnaryExpr:
		return levelUnary
	case *PipeExpr, *NamedExpr, *TupleNamedExpr:
		return 0
	}
	if _, ok := x.(Operator); ok {
		return 0
	}
	return levelPrimary
}

// chains reports whether operators of precedence prec may be repeated
// without parentheses, as in `a + b + c`.
func chains(prec int) bool {
	switch prec {
	case PrecOr, PrecAnd, PrecAdditive, PrecMultiplicative:
		return true
	}
	return false
}

// operand writes x as an operand that must bind at least as tightly as
// min. With leftChain, an equal level is allowed too, as on the left of
// a chaining operator.
func (pr *printer) operand(x Expr, min int, leftChain bool) {
	l := level(x)
	if l > min || (l == min && leftChain) {
		pr.expr(x)
		return
	}
	pr.str("(")
	pr.nested(x)
	pr.str(")")
}

func (pr *printer) expr(x Expr) {
	switch x := x.(type) {
	case nil:
	case *Ident:
		pr.str(x.Raw)
	case *WildcardName:
		pr.str(x.Raw)
	case *StarExpr:
		pr.str("*")
	case *Literal:
		pr.str(x.Raw)
	case *StringLit:
		pr.stringLit(x)
	case *DynamicLit:
		pr.str("dynamic(")
		pr.nested(x.Value)
		pr.str(")")
	case *JSONArray:
		pr.str("[")
		pr.depth++
		pr.exprList(x.Elems)
		pr.depth--
		pr.str("]")
	case *JSONObject:
		pr.str("{")
		pr.depth++
		for i, p := range x.Pairs {
			pr.sep(i)
			pr.jsonPair(p)
		}
		pr.depth--
		pr.str("}")
	case *TypeOfLit:
		pr.str("typeof")
		if x.Schema != nil {
			pr.schema(x.Schema)
		} else {
			pr.str("(")
			if x.Type != nil {
				pr.str(x.Type.Name)
			}
			pr.str(")")
		}
	case *BinaryExpr:
		prec := x.Op.Precedence()
		if _, ok := x.X.(*StarExpr); ok {
			pr.str("*")
		} else {
			pr.operand(x.X, prec, chains(prec))
		}
		pr.str(" ")
		pr.str(x.Op.String())
		pr.str(" ")
		if prec == PrecString {
			pr.operand(x.Y, levelUnary-1, false)
		} else {
			pr.operand(x.Y, prec, false)
		}
	case *InExpr:
		pr.operand(x.X, PrecEquality, false)
		pr.str(" ")
		pr.str(x.Op.String())
		pr.str(" (")
		pr.depth++
		pr.exprList(x.List)
		pr.depth--
		pr.str(")")
	case *BetweenExpr:
		pr.operand(x.X, PrecEquality, false)
		if x.Not {
			pr.str(" !between (")
		} else {
			pr.str(" between (")
		}
		pr.depth++
		pr.expr(x.Lo)
		pr.str(" .. ")
		pr.expr(x.Hi)
		pr.depth--
		pr.str(")")
	case *UnaryExpr:
		pr.str(x.Op.String())
		pr.operand(x.X, levelUnary, false)
	case *ParenExpr:
		pr.str("(")
		pr.nested(x.X)
		pr.str(")")
	case *CallExpr:
		pr.operand(x.Fun, levelUnary, false)
		for _, o := range x.Params {
			pr.str(" ")
			pr.option(o)
			pr.str(" ")
		}
		if id, ok := x.Fun.(*Ident); ok && len(x.Params) == 0 && isTypedLitKeyword(id.Name) && id.Name == id.Raw {
			// `guid()` right after the name lexes as a typed literal; a
			// call of a function named guid needs the space back.
			pr.str(" ")
		}
		pr.str("(")
		pr.depth++
		pr.exprList(x.Args)
		pr.depth--
		pr.str(")")
	case *MemberExpr:
		pr.operand(x.X, levelUnary, false)
		pr.dot()
		pr.expr(x.Name)
	case *IndexExpr:
		if x.X != nil {
			pr.operand(x.X, levelUnary, false)
		}
		if w, ok := x.Index.(*WildcardName); ok && x.X != nil {
			if !strings.HasPrefix(w.Raw, "[") {
				pr.dot()
			}
			pr.str(w.Raw)
			return
		}
		pr.str("[")
		pr.nested(x.Index)
		pr.str("]")
	case *NamedExpr:
		pr.expr(x.Name)
		pr.str(" = ")
		pr.expr(x.X)
	case *TupleNamedExpr:
		pr.str("(")
		for i, n := range x.Names {
			pr.sep(i)
			pr.expr(n)
		}
		pr.str(") = ")
		pr.expr(x.X)
	case *PipeExpr:
		if _, ok := x.Source.(*PipeExpr); ok {
			pr.str("(")
			pr.nested(x.Source)
			pr.str(")")
		} else {
			pr.expr(x.Source)
		}
		for _, op := range x.Ops {
			if pr.depth == 0 {
				pr.str("\n| ")
			} else {
				pr.str(" | ")
			}
			pr.expr(op)
		}
	case *DataScopeExpr:
		pr.expr(x.X)
		pr.str(" ")
		pr.option(x.Scope)
	case *EntityGroupExpr:
		pr.str("entity_group [")
		pr.depth++
		pr.exprList(x.Elems)
		pr.depth--
		pr.str("]")
	case *FuncLit:
		if x.View {
			pr.str("view ")
		}
		pr.str("(")
		for i, p := range x.Params {
			pr.sep(i)
			pr.param(p)
		}
		pr.str(") ")
		pr.block(x.Body)
	case *NameList:
		pr.exprList(x.Names)
	case *ColumnDecl:
		pr.columnDecl(x)
	case *DataTableExpr:
		pr.str("datatable")
		for _, o := range x.Params {
			pr.str(" ")
			pr.option(o)
		}
		pr.schema(x.Schema)
		pr.str(" [")
		pr.depth++
		pr.exprList(x.Values)
		pr.depth--
		pr.str("]")
	case *ExternalDataExpr:
		pr.str(x.Keyword)
		for _, o := range x.Params {
			pr.str(" ")
			pr.option(o)
		}
		pr.schema(x.Schema)
		sources := x.Sources
		if len(sources) == 0 {
			for _, u := range x.URIs {
				sources = append(sources, u)
			}
		}
		pr.str(" [")
		pr.depth++
		pr.exprList(sources)
		pr.depth--
		pr.str("]")
		if len(x.With) > 0 {
			pr.str(" with (")
			pr.optionList(x.With, ", ")
			pr.str(")")
		}
	case *ContextualDataTableExpr:
		pr.str("__contextual_datatable ")
		pr.expr(x.ID)
		pr.str(" ")
		pr.schema(x.Schema)
	case *MaterializedViewCombineExpr:
		pr.str("materialized-view-combine (")
		pr.nested(x.Name)
		pr.str(") base (")
		pr.nested(x.Base)
		pr.str(") delta (")
		pr.nested(x.Delta)
		pr.str(") aggregations (")
		pr.nested(x.Aggregations)
		pr.str(")")
	case *BadExpr:
	case Operator:
		pr.operator(x)
	}
}

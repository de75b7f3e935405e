package plan

import (
	"github.com/quarry-kql/quarry/kql/syntax"
)

// mvApply binds mv-apply: for each row, the row's arrays are expanded
// into a table (as mv-expand would), the subquery runs over it, and its
// rows are joined to the row's other columns.
func (b *builder) mvApply(in Node, op *syntax.MvApplyOp, sc *scope) (Node, error) {
	if op.ID != nil {
		return nil, b.errorf(op.ID, "mv-apply with id is not supported")
	}
	row := &RowSource{Columns: in.Schema(), Serialized: true}
	expandOp := &syntax.MvExpandOp{Span: op.Span, Keyword: "mv-expand", Params: op.Params, Items: op.Items, Limit: op.Limit}
	expanded, err := b.mvExpand(row, expandOp, &rowScope{cols: row.Columns, scope: sc})
	if err != nil {
		return nil, err
	}
	sub, err := b.subPipeline(op.On, expanded, sc)
	if err != nil {
		return nil, err
	}
	m := expanded.(*MvExpand)
	expandedCols := map[int]bool{}
	for _, t := range m.Targets {
		expandedCols[t] = true
	}
	subCols := sub.Schema()
	a := &MvApply{Input: in, Row: row, Sub: sub}
	for i, c := range in.Schema() {
		if expandedCols[i] || columnIndex(subCols, c.Name) >= 0 {
			continue
		}
		a.Keep = append(a.Keep, i)
		a.Columns = append(a.Columns, c)
	}
	a.Columns = append(a.Columns, subCols...)
	return a, nil
}

// subPipeline binds a parenthesized pipeline of operators, such as the
// body of mv-apply, over the given input.
func (b *builder) subPipeline(x syntax.Expr, in Node, sc *scope) (Node, error) {
	switch x := x.(type) {
	case *syntax.ParenExpr:
		return b.subPipeline(x.X, in, sc)
	case *syntax.PipeExpr:
		src, ok := x.Source.(syntax.Operator)
		if !ok {
			return nil, b.errorf(x.Source, "the subquery must start with an operator, such as where or summarize")
		}
		n, err := b.operator(src, in, sc)
		if err != nil {
			return nil, err
		}
		for _, op := range x.Ops {
			if n, err = b.operator(op, n, sc); err != nil {
				return nil, err
			}
		}
		return n, nil
	case syntax.Operator:
		return b.operator(x, in, sc)
	}
	return nil, b.errorf(x, "the subquery must be a pipeline of operators")
}

// partition binds `partition by column (subquery)`. The braces form,
// whose subquery names its own source, is not supported.
func (b *builder) partition(in Node, op *syntax.PartitionOp, sc *scope) (Node, error) {
	if op.Braces || op.In != nil {
		return nil, b.errorf(op, "this form of partition is not supported; use partition by column (operators)")
	}
	id, ok := op.By.(*syntax.Ident)
	if !ok {
		return nil, b.errorf(op.By, "partition by expects a column name")
	}
	by := columnIndex(in.Schema(), id.Name)
	if by < 0 {
		return nil, b.errorf(id, "unknown column '%s'%s", id.Name, suggestColumn(id.Name, in.Schema()))
	}
	part := &RowSource{Columns: in.Schema()}
	sub, err := b.subPipeline(op.Query, part, sc)
	if err != nil {
		return nil, err
	}
	return &Partition{Input: in, By: by, Part: part, Sub: sub}, nil
}

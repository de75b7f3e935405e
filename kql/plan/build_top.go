package plan

import (
	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// topNested binds top-nested. Each level's columns are its of-column
// and its aggregate, named aggregated_<of> unless the query names it.
func (b *builder) topNested(in Node, op *syntax.TopNestedOp, rs *rowScope) (Node, error) {
	t := &TopNested{Input: in}
	taken := func(n string) bool { return columnIndex(t.Columns, n) >= 0 }
	for _, lv := range op.Levels {
		if lv.Others != nil {
			return nil, b.errorf(lv.Others, "top-nested with others is not supported")
		}
		level := TopNestedLevel{}
		if lv.Count != nil {
			n, err := b.expr(lv.Count, &rowScope{scope: rs.scope})
			if err != nil {
				return nil, err
			}
			level.N = n
		}
		ofX, ofName := lv.Of, ""
		if n, ok := ofX.(*syntax.NamedExpr); ok {
			ofX, ofName = n.X, n.Name.Name
		}
		of, err := b.expr(ofX, rs)
		if err != nil {
			return nil, err
		}
		if ofName == "" {
			ofName = columnName(ofX, taken)
		}
		level.Of = of
		if lv.By == nil {
			return nil, b.errorf(lv, "top-nested needs a by aggregation")
		}
		level.Asc = lv.By.Order == syntax.SortAsc
		aggX, aggName := lv.By.X, ""
		if n, ok := aggX.(*syntax.NamedExpr); ok {
			aggX, aggName = n.X, n.Name.Name
		}
		agg, err := b.singleAggregate(aggX, rs)
		if err != nil {
			return nil, err
		}
		level.Agg = agg
		if aggName == "" {
			aggName = "aggregated_" + ofName
		}
		t.Levels = append(t.Levels, level)
		t.Columns = append(t.Columns,
			types.Column{Name: uniqueName(ofName, taken), Type: of.Type()},
			types.Column{Name: uniqueName(aggName, taken), Type: agg.Kind})
	}
	return t, nil
}

// singleAggregate binds one aggregation call with one output, such as
// sum(v) or count().
func (b *builder) singleAggregate(x syntax.Expr, rs *rowScope) (*AggCall, error) {
	call, ok := unparen(x).(*syntax.CallExpr)
	var id *syntax.Ident
	if ok {
		id, ok = call.Fun.(*syntax.Ident)
	}
	if !ok {
		return nil, b.errorf(x, "an aggregation call such as count() or sum(x) is expected")
	}
	f, ok := funcs.LookupAggregate(id.Name)
	if !ok {
		return nil, b.errorf(id, "unknown aggregation '%s'", id.Name)
	}
	if !b.fns.HasAggregate(f.Canonical) {
		return nil, b.errorf(id, "aggregation %s is not supported", id.Name)
	}
	agg := &AggCall{Name: f.Canonical}
	var kinds []types.Kind
	for _, a := range call.Args {
		e, err := b.expr(a, rs)
		if err != nil {
			return nil, err
		}
		agg.Args = append(agg.Args, e)
		kinds = append(kinds, e.Type())
	}
	k, err := b.fns.AggregateType(agg.Name, kinds)
	if err != nil {
		return nil, b.errorf(call, "%s: %v", id.Name, err)
	}
	agg.Kind = k
	return agg, nil
}

// topHitters binds `top-hitters N of x [by y]` as the N values of x with
// the largest count (or sum of y), computed exactly.
func (b *builder) topHitters(in Node, op *syntax.TopHittersOp, rs *rowScope) (Node, error) {
	of, err := b.expr(op.Of, rs)
	if err != nil {
		return nil, err
	}
	ofName := columnName(op.Of, func(string) bool { return false })
	agg := &AggCall{Name: "count", Kind: types.Long}
	aggName := "approximate_count_" + ofName
	if op.By != nil {
		by, err := b.expr(op.By, rs)
		if err != nil {
			return nil, err
		}
		k, err := b.fns.AggregateType("sum", []types.Kind{by.Type()})
		if err != nil {
			return nil, b.errorf(op.By, "top-hitters: %v", err)
		}
		agg = &AggCall{Name: "sum", Args: []Expr{by}, Kind: k}
		aggName = "approximate_sum_" + argName(op.By)
	}
	n, err := b.expr(op.Count, &rowScope{scope: rs.scope})
	if err != nil {
		return nil, err
	}
	s := &Summarize{Input: in, By: []Expr{of}, Aggs: []*AggCall{agg},
		Columns: []types.Column{{Name: ofName, Type: of.Type()}, {Name: aggName, Type: agg.Kind}}}
	return &Top{Input: s, N: n, Keys: []SortKey{{Expr: Col(s.Columns, 1), Desc: true}}}, nil
}

package plan

import (
	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// makeSeries binds make-series. Output columns: the by keys, one dynamic
// array per aggregation, and the axis column as a dynamic array.
func (b *builder) makeSeries(in Node, op *syntax.MakeSeriesOp, rs *rowScope) (Node, error) {
	m := &MakeSeries{Input: in}
	if v, at := optionValue(op.Params, "kind"); at != nil {
		if v != "nonempty" {
			return nil, b.errorf(at, "unknown make-series kind '%s'", v)
		}
		m.NonEmpty = true
	}
	taken := func(n string) bool { return columnIndex(m.Columns, n) >= 0 }
	constScope := &rowScope{scope: rs.scope}
	for _, x := range op.By {
		name := ""
		if n, ok := x.(*syntax.NamedExpr); ok {
			x, name = n.X, n.Name.Name
		}
		e, err := b.expr(x, rs)
		if err != nil {
			return nil, err
		}
		if name == "" {
			name = columnName(x, taken)
		}
		m.By = append(m.By, e)
		m.Columns = append(m.Columns, types.Column{Name: uniqueName(name, taken), Type: e.Type()})
	}
	for _, a := range op.Aggs {
		x, name := a.X, ""
		if n, ok := x.(*syntax.NamedExpr); ok {
			x, name = n.X, n.Name.Name
		}
		call, ok := unparen(x).(*syntax.CallExpr)
		var id *syntax.Ident
		if ok {
			id, ok = call.Fun.(*syntax.Ident)
		}
		if !ok {
			return nil, b.errorf(x, "make-series expects an aggregation call such as count() or sum(x)")
		}
		f, ok := funcs.LookupAggregate(id.Name)
		if !ok {
			return nil, b.errorf(id, "unknown aggregation '%s'", id.Name)
		}
		impl := f.Canonical
		if !b.fns.HasAggregate(impl) {
			return nil, b.errorf(id, "aggregation %s is not supported", id.Name)
		}
		agg := &AggCall{Name: impl}
		for _, arg := range call.Args {
			e, err := b.expr(arg, rs)
			if err != nil {
				return nil, err
			}
			agg.Args = append(agg.Args, e)
		}
		kinds := make([]types.Kind, len(agg.Args))
		for i, e := range agg.Args {
			kinds[i] = e.Type()
		}
		k, err := b.fns.AggregateType(impl, kinds)
		if err != nil {
			return nil, b.errorf(call, "%s: %v", id.Name, err)
		}
		agg.Kind = k
		var def types.Value
		if a.Default != nil {
			e, err := b.expr(a.Default, constScope)
			if err != nil {
				return nil, err
			}
			c, ok := e.(*Const)
			if !ok {
				return nil, b.errorf(a.Default, "the default of make-series must be a constant")
			}
			def = c.Value
		} else if k == types.Real {
			def = 0.0
		} else {
			def = int64(0)
		}
		if name == "" {
			first := ""
			if len(call.Args) > 0 {
				first = argName(call.Args[0])
			}
			name = f.ColumnName(first)
		}
		m.Aggs = append(m.Aggs, agg)
		m.Defaults = append(m.Defaults, def)
		m.Columns = append(m.Columns, types.Column{Name: uniqueName(name, taken), Type: types.Dynamic})
	}
	axis, err := b.expr(op.On, rs)
	if err != nil {
		return nil, err
	}
	switch axis.Type() {
	case types.DateTime, types.TimeSpan, types.Int, types.Long, types.Real:
	default:
		return nil, b.errorf(op.On, "the make-series axis must be numeric, datetime or timespan, not %s", axis.Type())
	}
	m.Axis = axis
	for _, p := range []struct {
		x   syntax.Expr
		dst *Expr
	}{{op.From, &m.From}, {op.To, &m.To}, {op.Step, &m.Step}} {
		if p.x == nil {
			continue
		}
		e, err := b.expr(p.x, constScope)
		if err != nil {
			return nil, err
		}
		*p.dst = e
	}
	if m.Step == nil {
		return nil, b.errorf(op, "make-series needs a step")
	}
	axisName := argName(op.On)
	if axisName == "" {
		axisName = columnName(nil, taken)
	}
	m.Columns = append(m.Columns, types.Column{Name: uniqueName(axisName, taken), Type: types.Dynamic})
	return m, nil
}

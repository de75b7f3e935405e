package plan

import (
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// scanOp binds the scan operator.
//
// NOTE: output=last and partition by are rejected as unsupported.
func (b *builder) scanOp(in Node, op *syntax.ScanOp, sc *scope) (Node, error) {
	if len(op.PartitionBy) > 0 {
		return nil, b.errorf(op, "scan with partition by is not supported")
	}
	s := &ScanSteps{}
	for _, p := range op.Params {
		if p.Name.Name != "with_match_id" {
			return nil, b.errorf(p, "unknown scan parameter '%s'", p.Name.Name)
		}
		v, _ := optionValue([]*syntax.OptionParam{p}, p.Name.Name)
		s.MatchID = v
	}
	if len(op.OrderBy) > 0 {
		keys, err := b.sortKeys(op.OrderBy, &rowScope{cols: in.Schema(), scope: sc})
		if err != nil {
			return nil, err
		}
		for i, o := range op.OrderBy {
			keys[i].Desc = o.Order == syntax.SortDesc
			keys[i].NullsFirst = !keys[i].Desc
		}
		in = &Sort{Input: in, Keys: keys}
	}
	if !isSerialized(in) {
		return nil, b.errorf(op, "scan needs serialized rows; add sort or serialize before it, or use order by")
	}
	s.Input = in
	for _, p := range op.Declare {
		k, err := b.typeRef(p.Type, p)
		if err != nil {
			return nil, err
		}
		var def types.Value
		if p.Default != nil {
			e, err := b.expr(p.Default, &rowScope{scope: sc})
			if err != nil {
				return nil, err
			}
			c, ok := e.(*Const)
			if !ok {
				return nil, b.errorf(p.Default, "the default of a scan variable must be a constant")
			}
			if v, ok := convertConst(c, k); ok {
				def = v
			}
		}
		if columnIndex(in.Schema(), p.Name.Name) >= 0 {
			return nil, b.errorf(p, "scan variable %s has the name of an input column", p.Name.Name)
		}
		s.Vars = append(s.Vars, types.Column{Name: p.Name.Name, Type: k})
		s.Defaults = append(s.Defaults, def)
	}
	// Expressions see the input columns, then the variables at their
	// defaults, then one block per step holding that step's state:
	// every input column and variable, named step.column.
	row := append(append([]types.Column(nil), in.Schema()...), s.Vars...)
	cols := append([]types.Column(nil), row...)
	steps := map[string]int{}
	for _, st := range op.Steps {
		if _, dup := steps[st.Name.Name]; dup {
			return nil, b.errorf(st.Name, "scan step %s is declared twice", st.Name.Name)
		}
		steps[st.Name.Name] = len(cols)
		for _, c := range row {
			cols = append(cols, types.Column{Name: st.Name.Name + "." + c.Name, Type: c.Type})
		}
	}
	rs := &rowScope{cols: cols, scope: sc, steps: steps, noWindow: true}
	for _, st := range op.Steps {
		step := ScanStep{Name: st.Name.Name, Output: true}
		switch st.Output {
		case "", "all":
		case "none":
			step.Output = false
		default:
			return nil, b.errorf(st, "scan step output=%s is not supported", st.Output)
		}
		if st.Optional {
			return nil, b.errorf(st, "optional scan steps are not supported")
		}
		pred, err := b.expr(st.Cond, rs)
		if err != nil {
			return nil, err
		}
		step.Pred = pred
		step.Assigns = make([]Expr, len(s.Vars))
		for _, a := range st.Assigns {
			i := columnIndex(s.Vars, a.Name.Name)
			if i < 0 {
				return nil, b.errorf(a.Name, "'%s' is not a declared scan variable", a.Name.Name)
			}
			e, err := b.expr(a.X, rs)
			if err != nil {
				return nil, err
			}
			step.Assigns[i] = e
		}
		s.Steps = append(s.Steps, step)
	}
	s.Columns = append(s.Columns, row...)
	if s.MatchID != "" {
		s.Columns = append(s.Columns, types.Column{Name: s.MatchID, Type: types.Long})
	}
	return s, nil
}

package plan

import (
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// scanOp binds the scan operator with one step.
//
// NOTE: scans of several steps (sequence matching), with_match_id and
// partition by are rejected as unsupported.
func (b *builder) scanOp(in Node, op *syntax.ScanOp, sc *scope) (Node, error) {
	if len(op.Steps) != 1 {
		return nil, b.errorf(op, "scan with %d steps is not supported; only single-step scans are", len(op.Steps))
	}
	if len(op.PartitionBy) > 0 || len(op.Params) > 0 {
		return nil, b.errorf(op, "scan with partition by or parameters is not supported")
	}
	if len(op.OrderBy) > 0 {
		keys, err := b.sortKeys(op.OrderBy, &rowScope{cols: in.Schema(), scope: sc})
		if err != nil {
			return nil, err
		}
		for i := range keys {
			keys[i].Desc = false
			keys[i].NullsFirst = true
		}
		in = &Sort{Input: in, Keys: keys}
	}
	if !isSerialized(in) {
		return nil, b.errorf(op, "scan needs serialized rows; add sort or serialize before it, or use order by")
	}
	step := op.Steps[0]
	s := &ScanSteps{Input: in}
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
		s.Vars = append(s.Vars, types.Column{Name: p.Name.Name, Type: k})
		s.Defaults = append(s.Defaults, def)
	}
	// Expressions see the input columns, then the variables (at their
	// defaults), then the step's state as step.variable.
	cols := append([]types.Column(nil), in.Schema()...)
	for _, v := range s.Vars {
		if columnIndex(cols, v.Name) >= 0 {
			return nil, b.errorf(op, "scan variable %s has the name of an input column", v.Name)
		}
	}
	cols = append(cols, s.Vars...)
	base := len(cols)
	for _, v := range s.Vars {
		cols = append(cols, types.Column{Name: step.Name.Name + "." + v.Name, Type: v.Type})
	}
	rs := &rowScope{cols: cols, scope: sc, steps: map[string]int{step.Name.Name: base}, noWindow: true}
	pred, err := b.expr(step.Cond, rs)
	if err != nil {
		return nil, err
	}
	s.Pred = pred
	s.Assigns = make([]Expr, len(s.Vars))
	for _, a := range step.Assigns {
		i := columnIndex(s.Vars, a.Name.Name)
		if i < 0 {
			return nil, b.errorf(a.Name, "'%s' is not a declared scan variable", a.Name.Name)
		}
		e, err := b.expr(a.X, rs)
		if err != nil {
			return nil, err
		}
		s.Assigns[i] = e
	}
	s.Columns = append(append([]types.Column(nil), in.Schema()...), s.Vars...)
	return s, nil
}

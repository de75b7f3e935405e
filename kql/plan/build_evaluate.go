package plan

import (
	"strings"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// Sampler runs part of a plan while a query is compiled, for operators
// whose output columns depend on the data, such as bag_unpack. A Catalog
// may implement it.
type Sampler interface {
	// BagKeys returns the sorted property keys that the bags in column
	// col of n's result hold, each with the type all its values share
	// (dynamic when they differ).
	BagKeys(n Node, col int) ([]string, []types.Kind, error)
	// DistinctText returns the sorted distinct values, as text, of
	// column col of n's result.
	DistinctText(n Node, col int) ([]string, error)
}

// evaluate binds `evaluate plugin(...)`. Only bag_unpack is supported.
func (b *builder) evaluate(in Node, op *syntax.EvaluateOp, sc *scope) (Node, error) {
	call, ok := op.Call.(*syntax.CallExpr)
	var id *syntax.Ident
	if ok {
		id, ok = call.Fun.(*syntax.Ident)
	}
	if !ok {
		return nil, b.errorf(op.Call, "evaluate expects a plugin call")
	}
	switch id.Name {
	case "bag_unpack":
	case "pivot":
		return b.pivot(in, op, call, sc)
	default:
		return nil, b.errorf(id, "plugin %s is not supported", id.Name)
	}
	if len(call.Args) < 1 || len(call.Args) > 2 {
		return nil, b.errorf(call, "bag_unpack takes a dynamic column and an optional column prefix")
	}

	colID, ok := call.Args[0].(*syntax.Ident)
	if !ok {
		return nil, b.errorf(call.Args[0], "bag_unpack expects a column name")
	}
	cols := in.Schema()
	col := columnIndex(cols, colID.Name)
	if col < 0 {
		return nil, b.errorf(colID, "unknown column '%s'%s", colID.Name, suggestColumn(colID.Name, cols))
	}
	if cols[col].Type != types.Dynamic {
		return nil, b.errorf(colID, "bag_unpack expects a dynamic column, but %s has type %s", colID.Name, cols[col].Type)
	}

	prefix := ""
	if len(call.Args) == 2 {
		e, err := b.expr(call.Args[1], &rowScope{scope: sc})
		if err != nil {
			return nil, err
		}
		c, ok := e.(*Const)
		s, isStr := c.Value.(string)
		if !ok || !isStr {
			return nil, b.errorf(call.Args[1], "the bag_unpack prefix must be a string constant")
		}
		prefix = s
	}

	u := &BagUnpack{Input: in, Column: col}
	for i, c := range cols {
		if i != col {
			u.Columns = append(u.Columns, c)
		}
	}
	u.KeyStart = len(u.Columns)
	if op.Schema != nil {
		// The output schema names the columns, so the data need not be
		// read while compiling.
		for _, d := range op.Schema.Columns {
			k, err := b.typeRef(d.Type, d)
			if err != nil {
				return nil, err
			}
			if columnIndex(u.Columns, d.Name.Name) >= 0 {
				continue
			}
			u.Keys = append(u.Keys, strings.TrimPrefix(d.Name.Name, prefix))
			u.Columns = append(u.Columns, types.Column{Name: d.Name.Name, Type: k})
		}
		return u, nil
	}

	sampler, ok := b.catalog.(Sampler)
	if !ok {
		return nil, b.errorf(op, "bag_unpack without an output schema needs the data while compiling; add one, as in evaluate bag_unpack(d) : (a:string, b:long)")
	}
	keys, kinds, err := sampler.BagKeys(in, col)
	if err != nil {
		return nil, b.errorf(op, "bag_unpack could not read its input: %v", err)
	}
	taken := func(n string) bool { return columnIndex(u.Columns, n) >= 0 }
	for i, k := range keys {
		u.Keys = append(u.Keys, k)
		u.Columns = append(u.Columns, types.Column{Name: uniqueName(prefix+k, taken), Type: kinds[i]})
	}
	return u, nil
}

// pivot binds `evaluate pivot(column [, aggregation] [, by columns...])`.
// The aggregation defaults to count().
func (b *builder) pivot(in Node, op *syntax.EvaluateOp, call *syntax.CallExpr, sc *scope) (Node, error) {
	cols := in.Schema()
	rs := &rowScope{cols: cols, scope: sc}
	columnArg := func(x syntax.Expr) (int, error) {
		id, ok := x.(*syntax.Ident)
		if !ok {
			return 0, b.errorf(x, "pivot expects a column name")
		}
		i := columnIndex(cols, id.Name)
		if i < 0 {
			return 0, b.errorf(id, "unknown column '%s'%s", id.Name, suggestColumn(id.Name, cols))
		}
		return i, nil
	}
	if len(call.Args) == 0 {
		return nil, b.errorf(call, "pivot expects the column whose values become columns")
	}
	key, err := columnArg(call.Args[0])
	if err != nil {
		return nil, err
	}

	p := &Pivot{Input: in, Key: key, Agg: &AggCall{Name: "count", Kind: types.Long}}
	rest := call.Args[1:]
	if len(rest) > 0 {
		if _, isCall := unparen(rest[0]).(*syntax.CallExpr); isCall {
			agg, err := b.singleAggregate(rest[0], rs)
			if err != nil {
				return nil, err
			}
			p.Agg = agg
			rest = rest[1:]
		}
	}
	for _, x := range rest {
		i, err := columnArg(x)
		if err != nil {
			return nil, err
		}
		p.By = append(p.By, i)
		p.Columns = append(p.Columns, cols[i])
	}

	sampler, ok := b.catalog.(Sampler)
	if !ok {
		return nil, b.errorf(op, "pivot needs the data while compiling, which this catalog cannot provide")
	}
	names, err := sampler.DistinctText(in, key)
	if err != nil {
		return nil, b.errorf(op, "pivot could not read its input: %v", err)
	}
	taken := func(n string) bool { return columnIndex(p.Columns, n) >= 0 }
	for _, name := range names {
		p.Names = append(p.Names, name)
		p.Columns = append(p.Columns, types.Column{Name: uniqueName(name, taken), Type: p.Agg.Kind})
	}
	return p, nil
}

package sema

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// schemaString returns a schema as `(a:long, b:string)`, with `...` at
// the end of an open schema.
func schemaString(s *types.Schema) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, c := range s.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.Name)
		b.WriteByte(':')
		b.WriteString(c.Type.String())
	}
	if s.Open {
		if len(s.Columns) > 0 {
			b.WriteString(", ")
		}
		b.WriteString("...")
	}
	b.WriteByte(')')
	return b.String()
}

// Print writes the tree of q with the types info records, one node per
// line, indented by depth:
//
//	WhereOp : (Name:string, Count:long)
//	  BinaryExpr > : bool
//	    Ident Count : long
//	    Literal 5 : long
//
// A node's type follows the colon; nodes without a recorded type have no
// colon. Referenced names show what they resolved to in brackets.
func Print(w io.Writer, q *syntax.Query, info *Info) error {
	p := &printer{w: w, info: info}
	p.node(reflect.ValueOf(q), 0)
	return p.err
}

type printer struct {
	w    io.Writer
	info *Info
	err  error
}

var nodeType = reflect.TypeOf((*syntax.Node)(nil)).Elem()

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// node prints v, a pointer to a syntax node, and its children.
func (p *printer) node(v reflect.Value, depth int) {
	if !v.IsValid() || v.IsNil() {
		return
	}
	n, ok := v.Interface().(syntax.Node)
	if !ok {
		return
	}
	label := v.Elem().Type().Name() + p.detail(n)
	line := strings.Repeat("  ", depth) + label
	if e, ok := n.(syntax.Expr); ok {
		if t, ok := p.info.Types[e]; ok {
			line += " : " + t.String()
		}
		if names, ok := p.info.Columns[e]; ok {
			line += " -> " + strings.Join(names, ", ")
		}
	}
	p.printf("%s\n", line)
	p.children(v.Elem(), depth+1)
}

// children prints the nodes held in the fields of struct s, in field
// order.
func (p *printer) children(s reflect.Value, depth int) {
	for i := 0; i < s.NumField(); i++ {
		f := s.Field(i)
		if !s.Type().Field(i).IsExported() {
			continue
		}
		p.value(f, depth)
	}
}

func (p *printer) value(f reflect.Value, depth int) {
	switch f.Kind() {
	case reflect.Interface, reflect.Pointer:
		if f.IsNil() {
			return
		}
		if f.Type().Implements(nodeType) || (f.Kind() == reflect.Interface && f.Elem().Type().Implements(nodeType)) {
			if f.Kind() == reflect.Interface {
				f = f.Elem()
			}
			if f.Kind() == reflect.Pointer {
				p.node(f, depth)
			}
		}
	case reflect.Slice:
		for j := 0; j < f.Len(); j++ {
			p.value(f.Index(j), depth)
		}
	}
}

// detail returns the part of a node's line after its type name: the
// name, literal or operator it holds.
func (p *printer) detail(n syntax.Node) string {
	switch n := n.(type) {
	case *syntax.Ident:
		s := " " + n.Name
		if sym, ok := p.info.Refs[n]; ok {
			switch sym := sym.(type) {
			case *ColumnSymbol:
				s += " [column]"
			case *TableSymbol:
				s += " [table]"
			case *Let:
				if sym.Param {
					s += " [parameter]"
				} else {
					s += " [let]"
				}
			}
		}
		return s
	case *syntax.Literal:
		return " " + n.Raw
	case *syntax.StringLit:
		return fmt.Sprintf(" %q", n.Value)
	case *syntax.BinaryExpr:
		return " " + n.Op.String()
	case *syntax.InExpr:
		return " " + n.Op.String()
	case *syntax.UnaryExpr:
		return " " + n.Op.String()
	case *syntax.WildcardName:
		return " " + n.Raw
	case *syntax.TypeRef:
		return " " + n.Name
	case *syntax.OptionParam:
		if n.Name != nil {
			return " " + n.Name.Name
		}
	case *syntax.CallExpr:
		if c := p.info.Calls[n]; c != nil {
			if c.Builtin != nil {
				return " [" + c.Builtin.Kind.String() + " " + c.Builtin.Canonical + "]"
			}
			if c.User != nil {
				return " [user function]"
			}
		}
	}
	return ""
}

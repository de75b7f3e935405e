package syntax

import (
	"reflect"
	"sync"
)

// Inspect traverses the tree rooted at n in depth-first order. It calls
// f(node) for each node; when f returns true, Inspect then visits the
// node's children in the order their fields are declared. Nil children
// are skipped.
func Inspect(n Node, f func(Node) bool) {
	if isNilNode(n) || !f(n) {
		return
	}
	for _, c := range Children(n) {
		Inspect(c, f)
	}
}

// Children returns the direct child nodes of n, in field order.
func Children(n Node) []Node {
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	v = v.Elem()
	var out []Node
	for _, i := range nodeFields(v.Type()) {
		fv := v.Field(i)
		if fv.Kind() == reflect.Slice {
			for k := 0; k < fv.Len(); k++ {
				if c, ok := fv.Index(k).Interface().(Node); ok && !isNilNode(c) {
					out = append(out, c)
				}
			}
			continue
		}
		if c, ok := fv.Interface().(Node); ok && !isNilNode(c) {
			out = append(out, c)
		}
	}
	return out
}

var nodeType = reflect.TypeOf((*Node)(nil)).Elem()

// nodeFieldCache maps a node struct type to the indexes of its fields
// that hold nodes or slices of nodes.
var nodeFieldCache sync.Map

func nodeFields(t reflect.Type) []int {
	if cached, ok := nodeFieldCache.Load(t); ok {
		return cached.([]int)
	}
	var idx []int
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Implements(nodeType) {
			idx = append(idx, i)
		}
	}
	nodeFieldCache.Store(t, idx)
	return idx
}

func isNilNode(n Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

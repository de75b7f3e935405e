package plan_test

import (
	"strings"
	"testing"

	"github.com/quarry-kql/quarry/kql/exec"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

type schemas map[string][]types.Column

func (s schemas) TableSchema(name string) ([]types.Column, bool) {
	c, ok := s[name]
	return c, ok
}

var testTables = schemas{
	"T": {{Name: "a", Type: types.Long}, {Name: "s", Type: types.String}, {Name: "t", Type: types.DateTime}, {Name: "d", Type: types.Dynamic}},
	"U": {{Name: "a", Type: types.String}, {Name: "b", Type: types.Real}},
}

func build(t *testing.T, query string) (plan.Node, error) {
	t.Helper()
	tree, diags := syntax.Parse(query)
	if len(diags) > 0 {
		t.Fatalf("parse %q: %v", query, diags)
	}
	return plan.Build(tree, syntax.NewSource("", query), testTables, exec.Functions{})
}

func schemaText(n plan.Node) string {
	var parts []string
	for _, c := range n.Schema() {
		parts = append(parts, c.Name+":"+c.Type.String())
	}
	return strings.Join(parts, ", ")
}

func TestBuildSchemas(t *testing.T) {
	cases := []struct{ query, want string }{
		{"T | summarize count(), sum(a), max(t) by s", "s:string, count_:long, sum_a:long, max_t:datetime"},
		{"T | summarize by bin(t, 1h), tostring(d.x)", "t:datetime, d_x:string"},
		{"T | summarize n = count() * 2 by s", "s:string, n:long"},
		{"T | join kind=inner (T) on a", "a:long, s:string, t:datetime, d:dynamic, a1:long, s1:string, t1:datetime, d1:dynamic"},
		{"T | lookup (T | project a, x = s) on a", "a:long, s:string, t:datetime, d:dynamic, x:string"},
		{"union T, U", "a_long:long, a_string:string, s:string, t:datetime, d:dynamic, b:real"},
		{"T | extend a = a * 2, s2 = strlen(s)", "a:long, s:string, t:datetime, d:dynamic, s2:long"},
		{"T | project-away d, t | project-rename x = a", "x:long, s:string"},
		{"T | mv-expand d to typeof(long)", "a:long, s:string, t:datetime, d:long"},
		{"T | parse s with 'id=' id:long ' user=' user", "a:long, s:string, t:datetime, d:dynamic, id:long, user:string"},
		{"print 1, x = 'a'", "print_0:long, x:string"},
	}
	for _, c := range cases {
		n, err := build(t, c.query)
		if err != nil {
			t.Errorf("%s: %v", c.query, err)
			continue
		}
		if got := schemaText(n); got != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.query, got, c.want)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	cases := []struct{ query, want string }{
		{"T | where x > 1", "1:11: unknown column or name 'x'"},
		{"V | take 1", "1:1: unknown table 'V'"},
		{"T | where a > 1 | extend y = nosuch(a)", "1:30: unknown function 'nosuch'"},
		{"T | fork (take 1)", "1:5: operator fork is not supported"},
		{"T | where s", "1:11: the where predicate has type string, but bool is expected"},
		{"T | extend r = row_number()", "function row_number needs serialized rows"},
		{"T | sort by d", "cannot sort by a dynamic value"},
	}
	for _, c := range cases {
		_, err := build(t, c.query)
		if err == nil {
			t.Errorf("%s: no error, want %q", c.query, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want %q", c.query, err, c.want)
		}
	}
}

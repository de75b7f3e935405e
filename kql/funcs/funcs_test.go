package funcs

import (
	"testing"

	"github.com/quarry-kql/quarry/kql/types"
)

func arg(k types.Kind) Arg { return Arg{Type: k} }

func TestLookupAliases(t *testing.T) {
	cases := []struct {
		name, canonical string
		deprecated      bool
	}{
		{"parse_json", "parse_json", false},
		{"parsejson", "parse_json", true},
		{"extractjson", "extract_json", true},
		{"iif", "iff", false},
		{"toreal", "todouble", false},
		{"floor", "bin", false},
		{"replace", "replace_regex", true},
	}
	for _, c := range cases {
		f, ok := Lookup(c.name)
		if !ok {
			t.Errorf("Lookup(%q) found nothing", c.name)
			continue
		}
		if f.Canonical != c.canonical {
			t.Errorf("%s: Canonical = %q, want %q", c.name, f.Canonical, c.canonical)
		}
		if f.Deprecated != c.deprecated {
			t.Errorf("%s: Deprecated = %v, want %v", c.name, f.Deprecated, c.deprecated)
		}
	}
}

func TestAggregateAliases(t *testing.T) {
	for name, canonical := range map[string]string{"makeset": "make_set", "makelist": "make_list", "any": "take_any", "argmax": "arg_max"} {
		f, ok := LookupAggregate(name)
		if !ok {
			t.Errorf("LookupAggregate(%q) found nothing", name)
			continue
		}
		if f.Canonical != canonical || !f.Deprecated {
			t.Errorf("%s: Canonical %q deprecated %v, want %q deprecated", name, f.Canonical, f.Deprecated, canonical)
		}
	}
}

func TestNameSpacesSeparate(t *testing.T) {
	if _, ok := Lookup("count"); ok {
		t.Error("count must be an aggregate only")
	}
	scalar, ok1 := Lookup("hll_merge")
	agg, ok2 := LookupAggregate("hll_merge")
	if !ok1 || !ok2 || scalar == agg {
		t.Error("hll_merge must exist as a scalar function and as an aggregate")
	}
	if _, ok := LookupPlugin("bag_unpack"); !ok {
		t.Error("bag_unpack plugin missing")
	}
	if _, ok := Lookup("toint32"); ok {
		t.Error("toint32 is not a Kusto function")
	}
}

func TestCatalogWellFormed(t *testing.T) {
	families := map[string]int{}
	for _, f := range All() {
		families[f.Family]++
		if len(f.Signatures) == 0 {
			t.Errorf("%s has no signature", f.Name)
		}
		if max := f.MaxArgs(); max >= 0 && max < f.MinArgs() {
			t.Errorf("%s: MaxArgs %d < MinArgs %d", f.Name, max, f.MinArgs())
		}
		if f.Kind == Plugin && f.Output.Shape == ShapeFixed && len(f.Output.Columns) == 0 {
			t.Errorf("plugin %s has a fixed output without columns", f.Name)
		}
	}
	for _, fam := range []string{"string", "datetime", "math", "dynamic", "conversion", "conditional", "aggregate", "window", "ip", "hash", "series", "plugins", "geo", "metadata", "sketch"} {
		if families[fam] == 0 {
			t.Errorf("family %s is empty", fam)
		}
	}
	if n := len(All()); n < 350 {
		t.Errorf("catalog has %d functions, want at least 350", n)
	}
}

func TestMatchResultTypes(t *testing.T) {
	cases := []struct {
		agg  bool
		name string
		args []types.Kind
		want types.Kind
	}{
		{false, "iff", []types.Kind{types.Bool, types.Long, types.Real}, types.Real},
		{false, "iff", []types.Kind{types.Bool, types.Int, types.Long}, types.Long},
		{false, "iff", []types.Kind{types.Bool, types.Long, types.String}, types.Dynamic},
		{false, "iff", []types.Kind{types.Bool, types.Dynamic, types.Long}, types.Long},
		{false, "case", []types.Kind{types.Bool, types.Long, types.Bool, types.Real, types.Long}, types.Real},
		{false, "coalesce", []types.Kind{types.Int, types.Long}, types.Long},
		{false, "bin", []types.Kind{types.Int, types.Long}, types.Long},
		{false, "bin", []types.Kind{types.Real, types.Long}, types.Real},
		{false, "bin", []types.Kind{types.DateTime, types.TimeSpan}, types.DateTime},
		{false, "bin", []types.Kind{types.TimeSpan, types.TimeSpan}, types.TimeSpan},
		{false, "round", []types.Kind{types.Int}, types.Int},
		{false, "abs", []types.Kind{types.Int}, types.Long},
		{false, "toint", []types.Kind{types.String}, types.Int},
		{false, "strlen", []types.Kind{types.Dynamic}, types.Long},
		{false, "max_of", []types.Kind{types.Int, types.Real}, types.Real},
		{true, "sum", []types.Kind{types.Int}, types.Long},
		{true, "sum", []types.Kind{types.Decimal}, types.Decimal},
		{true, "sum", []types.Kind{types.TimeSpan}, types.TimeSpan},
		{true, "avg", []types.Kind{types.Long}, types.Real},
		{true, "avg", []types.Kind{types.Decimal}, types.Decimal},
		{true, "max", []types.Kind{types.Int}, types.Int},
		{true, "percentile", []types.Kind{types.Int, types.Long}, types.Long},
		{true, "percentile", []types.Kind{types.Decimal, types.Long}, types.Real},
		{true, "count", nil, types.Long},
		{true, "make_set", []types.Kind{types.String}, types.Dynamic},
	}
	for _, c := range cases {
		var f *Function
		var ok bool
		if c.agg {
			f, ok = LookupAggregate(c.name)
		} else {
			f, ok = Lookup(c.name)
		}
		if !ok {
			t.Errorf("%s not found", c.name)
			continue
		}
		args := make([]Arg, len(c.args))
		for i, k := range c.args {
			args[i] = Arg{Type: k, Const: true}
		}
		b := f.Match(args)
		if !b.OK() {
			t.Errorf("%s%v: match failed: %+v", c.name, c.args, b.Errors)
			continue
		}
		if b.Result != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.args, b.Result, c.want)
		}
	}
}

func TestMatchRejects(t *testing.T) {
	mustLookup := func(name string) *Function {
		f, ok := Lookup(name)
		if !ok {
			t.Fatalf("%s not found", name)
		}
		return f
	}
	if b := mustLookup("strlen").Match([]Arg{arg(types.Long)}); b.OK() || len(b.Errors) != 1 || b.Errors[0].Problem != WrongType {
		t.Errorf("strlen(long): want one type error, got %+v", b)
	}
	if b := mustLookup("strcat_delim").Match([]Arg{arg(types.String), arg(types.String)}); b.Signature != nil {
		t.Errorf("strcat_delim with 2 arguments must not match a signature")
	}
	if msg := mustLookup("strcat_delim").ArityMessage(); msg != "expects at least 3 arguments" {
		t.Errorf("strcat_delim arity message = %q", msg)
	}
	if b := mustLookup("coalesce").Match([]Arg{arg(types.Long), arg(types.String)}); !b.NoCommonType {
		t.Errorf("coalesce(long, string) must have no common type")
	}
	if b := mustLookup("bin").Match([]Arg{arg(types.DateTime), arg(types.Long)}); b.OK() {
		t.Errorf("bin(datetime, long) must be rejected")
	}
	part := mustLookup("datetime_add").Match([]Arg{{Type: types.String, Const: true, Literal: true, Text: "days"}, arg(types.Long), arg(types.DateTime)})
	if part.OK() || part.Errors[0].Problem != NotAllowedValue {
		t.Errorf("datetime_add('days', ...) must be rejected for its part, got %+v", part.Errors)
	}
	ok := mustLookup("datetime_add").Match([]Arg{{Type: types.String, Const: true, Literal: true, Text: "Day"}, arg(types.Long), arg(types.DateTime)})
	if !ok.OK() {
		t.Errorf("datetime_add('Day', ...) must be accepted, got %+v", ok.Errors)
	}
	if b := mustLookup("extract").Match([]Arg{arg(types.String), arg(types.Long), arg(types.String)}); b.OK() || b.Errors[0].Problem != NotConstant {
		t.Errorf("extract with a non-constant regex must be rejected, got %+v", b.Errors)
	}
}

func TestExtractTypeLiteral(t *testing.T) {
	f, _ := Lookup("extract")
	b := f.Match([]Arg{{Type: types.String, Const: true}, {Type: types.Long, Const: true}, arg(types.String), {TypeLit: types.Long}})
	if !b.OK() || b.Result != types.Long {
		t.Errorf("extract(..., typeof(long)) = %v ok %v, want long", b.Result, b.OK())
	}
}

func TestColumnNames(t *testing.T) {
	cases := []struct {
		agg        bool
		name, arg  string
		wantColumn string
	}{
		{true, "count", "", "count_"},
		{true, "sum", "x", "sum_x"},
		{true, "make_set", "x", "set_x"},
		{true, "makeset", "x", "set_x"},
		{true, "make_list", "x", "list_x"},
		{true, "dcount", "x", "dcount_x"},
		{true, "any", "x", "any_x"},
		{true, "take_any", "x", "x"},
		{true, "buildschema", "d", "schema_d"},
		{true, "tdigest_merge", "d", "merge_tdigests_d"},
		{false, "tostring", "x", "x"},
		{false, "strlen", "s", "strlen_s"},
		{false, "tolower", "s", ""},
		{false, "bin", "t", "t"},
		{false, "array_sort_asc", "d", "d_sorted"},
		{false, "hll_merge", "d", "hll_merged_result"},
	}
	for _, c := range cases {
		var f *Function
		if c.agg {
			f, _ = LookupAggregate(c.name)
		} else {
			f, _ = Lookup(c.name)
		}
		if f == nil {
			t.Errorf("%s not found", c.name)
			continue
		}
		if got := f.ColumnName(c.arg); got != c.wantColumn {
			t.Errorf("%s(%s) names its column %q, want %q", c.name, c.arg, got, c.wantColumn)
		}
	}
}

func TestSignatureLayout(t *testing.T) {
	f, _ := Lookup("case")
	sig := f.Signatures[0]
	if got := sig.Layout(5); len(got) != 5 || got[0] != 0 || got[1] != 1 || got[2] != 0 || got[3] != 1 || got[4] != 2 {
		t.Errorf("case layout for 5 arguments = %v, want [0 1 0 1 2]", got)
	}
	if got := sig.Layout(4); got != nil {
		t.Errorf("case must not take 4 arguments, got layout %v", got)
	}
	sub, _ := Lookup("substring")
	if got := sub.Signatures[0].Layout(2); len(got) != 2 {
		t.Errorf("substring layout for 2 arguments = %v", got)
	}
	if got := sub.Signatures[0].Layout(4); got != nil {
		t.Errorf("substring must not take 4 arguments, got %v", got)
	}
}

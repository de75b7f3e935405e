// Package funcs is the catalog of KQL's built-in functions: scalar
// functions, aggregates, window functions and evaluate plugins, with their
// parameters, result types and the names they give to generated columns.
//
// Start with Lookup, which returns the *Function for a name as written in a
// query (deprecated spellings such as makeset and parsejson included), and
// Function.Match, which checks arguments against the function's signatures
// and computes the result type. The catalog is data: one file per family
// (string.go, datetime.go, math.go, dynamic.go, conversion.go, aggregate.go,
// window.go, ip.go, hash.go, series.go, plugins.go and others) lists
// signatures in a small notation that signature.go parses when the package
// is initialized. Implementations live elsewhere and key on
// Function.Canonical.
package funcs

import (
	"sort"
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
)

// Kind classifies a function by the contexts in which it may be called.
type Kind uint8

// The function kinds.
const (
	// Scalar functions compute one value per row.
	Scalar Kind = iota + 1
	// Aggregate functions compute one value per group, in summarize,
	// make-series and similar operators.
	Aggregate
	// Window functions read neighbouring rows of a serialized row set,
	// such as prev and row_number.
	Window
	// Plugins are invoked by the evaluate operator and return a table.
	Plugin
)

var kindNames = [...]string{Scalar: "scalar", Aggregate: "aggregate", Window: "window", Plugin: "plugin"}

// String returns "scalar", "aggregate", "window" or "plugin".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown"
}

// Function is one callable name of the catalog. A deprecated alias such as
// makeset is a Function of its own, because its generated column names may
// differ from those of the current name, but it shares Canonical with it.
type Function struct {
	// Name is the name the function is called by.
	Name string
	// Canonical is the current name of the function; it equals Name except
	// for aliases. Implementations are keyed on it.
	Canonical string
	// Kind is the context the function may be called in.
	Kind Kind
	// Deprecated is set for old spellings that Kusto still accepts.
	Deprecated bool
	// Signatures are the accepted argument lists, tried in order.
	Signatures []*Signature
	// Naming is the rule that names a call's column when the query does
	// not name it.
	Naming Naming
	// Prefix is the name part Naming uses, such as "sum" for sum_x or "set"
	// for make_set's set_x.
	Prefix string
	// Family is the catalog file the function is declared in, such as
	// "string" or "aggregate".
	Family string
	// Output describes the table a plugin returns, for plugins only.
	Output PluginOutput
	// Tuple lists the fields of a function that returns several values at
	// once, such as series_fit_line. `extend (a, b) = f(x)` names them, and
	// an unnamed field becomes a column called name_arg_field.
	Tuple []types.Column
	// Constant is set for functions whose value does not depend on the
	// row, such as now() and pi(), so they may appear where Kusto requires
	// a constant.
	Constant bool
}

// String returns the function's signatures in the catalog notation, one
// per line.
func (f *Function) String() string {
	var b strings.Builder
	for i, s := range f.Signatures {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(f.Name)
		b.WriteString(s.String())
	}
	return b.String()
}

// MinArgs returns the smallest number of arguments any signature accepts.
func (f *Function) MinArgs() int {
	min := -1
	for _, s := range f.Signatures {
		if n := s.minArgs(); min < 0 || n < min {
			min = n
		}
	}
	return min
}

// MaxArgs returns the largest number of arguments any signature accepts,
// or -1 when a signature repeats a parameter without limit.
func (f *Function) MaxArgs() int {
	max := 0
	for _, s := range f.Signatures {
		n := s.maxArgs()
		if n < 0 {
			return -1
		}
		if n > max {
			max = n
		}
	}
	return max
}

// The catalog has three name spaces, as Kusto does: scalar and window
// functions share one, aggregates and plugins have their own, so hll_merge
// names both a scalar function and an aggregate.
var (
	scalars    = map[string]*Function{}
	aggregates = map[string]*Function{}
	plugins    = map[string]*Function{}
	all        []*Function
)

// Lookup returns the scalar or window function called name. Names are
// case-sensitive, as in Kusto.
func Lookup(name string) (*Function, bool) {
	f, ok := scalars[name]
	return f, ok
}

// LookupAggregate returns the aggregate function called name.
func LookupAggregate(name string) (*Function, bool) {
	f, ok := aggregates[name]
	return f, ok
}

// LookupPlugin returns the evaluate plugin called name.
func LookupPlugin(name string) (*Function, bool) {
	f, ok := plugins[name]
	return f, ok
}

func namespace(kind Kind) map[string]*Function {
	switch kind {
	case Aggregate:
		return aggregates
	case Plugin:
		return plugins
	}
	return scalars
}

// All returns every function of the catalog, aliases included, sorted by
// name.
func All() []*Function {
	return all
}

// Names returns the names of the functions of the given kind, sorted. A
// zero kind selects every function.
func Names(kind Kind) []string {
	var names []string
	for _, f := range all {
		if kind == 0 || f.Kind == kind {
			names = append(names, f.Name)
		}
	}
	return names
}

// register adds the functions of one family file to the catalog. It is
// called from the init functions of those files.
func register(family string, kind Kind, defs []def) {
	names := namespace(kind)
	add := func(f *Function) {
		if _, dup := names[f.Name]; dup {
			panic("funcs: " + kind.String() + " function " + f.Name + " declared twice")
		}
		names[f.Name] = f
		all = append(all, f)
	}
	for _, d := range defs {
		f := d.build(family, kind)
		add(f)
		for _, alias := range d.aliases {
			a := *f
			a.Name = alias
			a.Deprecated = !d.synonyms[alias]
			if p, ok := d.aliasPrefix[alias]; ok {
				a.Prefix = p
			}
			add(&a)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
}

// def is one catalog entry as written in a family file.
type def struct {
	sigs        []string          // signatures in the notation of signature.go
	naming      Naming            // zero means the kind's default
	prefix      string            // Prefix; defaults to the name for aggregates
	aliases     []string          // other names that behave the same
	synonyms    map[string]bool   // aliases that are not deprecated
	aliasPrefix map[string]string // a different Prefix for some aliases
	output      PluginOutput      // plugins only
	constant    bool
	deprecated  bool
	canonical   string
	tuple       []types.Column
}

func (d def) build(family string, kind Kind) *Function {
	f := &Function{Kind: kind, Family: family, Naming: d.naming, Prefix: d.prefix, Output: d.output,
		Constant: d.constant, Deprecated: d.deprecated, Tuple: d.tuple}
	for _, text := range d.sigs {
		name, sig, err := parseSignature(text)
		if err != nil {
			panic("funcs: " + err.Error())
		}
		if f.Name == "" {
			f.Name = name
		} else if f.Name != name {
			panic("funcs: signatures of " + f.Name + " and " + name + " in one entry")
		}
		f.Signatures = append(f.Signatures, sig)
	}
	f.Canonical = f.Name
	if d.canonical != "" {
		f.Canonical = d.canonical
	}
	if f.Naming == 0 {
		switch kind {
		case Aggregate:
			f.Naming = NamePrefixArg
		default:
			f.Naming = NameNone
		}
	}
	if f.Prefix == "" {
		f.Prefix = f.Name
	}
	return f
}

// sig builds a catalog entry from one or more signatures of one function.
func sig(signatures ...string) def {
	return def{sigs: signatures}
}

// named sets how a call of the function names its column.
func (d def) named(n Naming) def {
	d.naming = n
	return d
}

// prefixed sets the prefix of generated column names, as "set" for
// make_set.
func (d def) prefixed(p string) def {
	d.prefix = p
	return d
}

// alias adds deprecated names that behave the same as the entry.
func (d def) alias(names ...string) def {
	d.aliases = append(d.aliases, names...)
	return d
}

// synonym adds other current names that behave the same as the entry, as
// toreal for todouble.
func (d def) synonym(names ...string) def {
	m := map[string]bool{}
	for k := range d.synonyms {
		m[k] = true
	}
	for _, n := range names {
		m[n] = true
	}
	d.synonyms = m
	d.aliases = append(d.aliases, names...)
	return d
}

// aliasPrefixed gives one alias its own column-name prefix.
func (d def) aliasPrefixed(alias, prefix string) def {
	m := map[string]string{}
	for k, v := range d.aliasPrefix {
		m[k] = v
	}
	m[alias] = prefix
	d.aliasPrefix = m
	return d
}

// deprecatedAs marks an old function whose current replacement is
// canonical, when the two differ in more than the name (argument order or
// column names), so they cannot share one entry.
func (d def) deprecatedAs(canonical string) def {
	d.deprecated = true
	d.canonical = canonical
	return d
}

// returnsTuple declares the fields of a function that returns several
// values.
func (d def) returnsTuple(fields string) def {
	for _, item := range strings.Fields(fields) {
		name, typ, _ := strings.Cut(item, ":")
		k, ok := types.ParseKind(typ)
		if !ok {
			panic("funcs: tuple field " + item)
		}
		d.tuple = append(d.tuple, types.Column{Name: name, Type: k})
	}
	return d
}

// constantValue marks a function whose value does not depend on the row.
func (d def) constantValue() def {
	d.constant = true
	return d
}

// kinds of the scalar types, for building type sets.
var scalarKinds = []types.Kind{types.Bool, types.Int, types.Long, types.Real, types.Decimal, types.String, types.DateTime, types.TimeSpan, types.Guid, types.Dynamic}

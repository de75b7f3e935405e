package funcs

import (
	"fmt"
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
)

// TypeSet is the set of argument types a parameter accepts. The low bits
// are scalar kinds (bit k for types.Kind k); the high bits mark arguments
// that are not scalar values.
type TypeSet uint32

// Argument categories beyond the scalar kinds.
const (
	// Tabular accepts a tabular expression, as toscalar and materialize do.
	Tabular TypeSet = 1 << (16 + iota)
	// TypeLiteral accepts a typeof(...) literal, as extract's last
	// argument.
	TypeLiteral
	// Star accepts a lone `*`, as arg_max and take_any do.
	Star
)

// Common sets of scalar kinds.
var (
	AnyScalar = setOf(scalarKinds...)
	Number    = setOf(types.Int, types.Long, types.Real, types.Decimal)
	Integer   = setOf(types.Int, types.Long)
	Summable  = Number | setOf(types.TimeSpan, types.DateTime)
	Orderable = Number | setOf(types.DateTime, types.TimeSpan, types.String, types.Bool)
)

func setOf(kinds ...types.Kind) TypeSet {
	var s TypeSet
	for _, k := range kinds {
		s |= 1 << k
	}
	return s
}

// Has reports whether the set accepts a scalar of kind k.
func (s TypeSet) Has(k types.Kind) bool { return s&(1<<k) != 0 }

// typeWords maps each type word of the notation to the set it accepts and
// the words an error message uses for it. A declared long accepts int, a
// declared real accepts int and long, and a declared string accepts
// dynamic, as Kusto converts them implicitly.
var typeWords = map[string]struct {
	set  TypeSet
	desc string
}{
	"bool":       {setOf(types.Bool), "bool"},
	"int":        {Integer, "int"},
	"long":       {Integer, "long"},
	"real":       {setOf(types.Int, types.Long, types.Real), "real"},
	"decimal":    {setOf(types.Decimal), "decimal"},
	"string":     {setOf(types.String, types.Dynamic), "string"},
	"datetime":   {setOf(types.DateTime), "datetime"},
	"timespan":   {setOf(types.TimeSpan), "timespan"},
	"guid":       {setOf(types.Guid), "guid"},
	"dynamic":    {setOf(types.Dynamic), "dynamic"},
	"array":      {setOf(types.Dynamic), "dynamic array"},
	"bag":        {setOf(types.Dynamic), "dynamic property bag"},
	"scalar":     {AnyScalar, "scalar"},
	"number":     {Number, "number"},
	"integer":    {Integer, "integer"},
	"summable":   {Summable, "summable value: a number, timespan or datetime"},
	"orderable":  {Orderable, "orderable value: a number, timespan, datetime, string or bool"},
	"notdynamic": {AnyScalar &^ setOf(types.Dynamic), "non-dynamic scalar"},
	"tabular":    {Tabular, "tabular expression"},
	"type":       {TypeLiteral, "typeof(...) literal"},
	"*":          {Star, "*"},
}

// Param is one parameter of a signature.
type Param struct {
	Name string
	// Types is the set of accepted argument types.
	Types TypeSet
	// TypeText is the parameter's type as written in the catalog, such as
	// "string|dynamic"; error messages use it.
	TypeText string
	// Optional parameters may be left out, from the last one backwards.
	Optional bool
	// Repeat marks the parameters of the signature's repeating group.
	Repeat bool
	// Const requires a constant argument.
	Const bool
	// Literal requires a literal argument, which is stricter than Const.
	Literal bool
	// Values, when set, lists the values a literal string argument may
	// have, compared without regard to letter case.
	Values []string
}

// Expected describes the accepted types for an error message, such as
// "string or dynamic".
func (p *Param) Expected() string {
	parts := strings.Split(p.TypeText, "|")
	for i, w := range parts {
		if tw, ok := typeWords[w]; ok {
			parts[i] = tw.desc
		}
	}
	switch len(parts) {
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " or " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// Signature is one accepted argument list of a function and the rule for
// its result type.
//
// At most one run of parameters repeats: Params[RepeatFrom:RepeatTo] may
// occur RepeatMin or more times in a row, as the predicate and value pairs
// of case() or the values of strcat(). Optional parameters come last.
type Signature struct {
	Params     []Param
	Result     *Result
	RepeatFrom int
	RepeatTo   int
	RepeatMin  int
	text       string
}

// String returns the signature in the catalog notation, without the
// function name.
func (s *Signature) String() string { return s.text }

func (s *Signature) minArgs() int {
	n := 0
	for i, p := range s.Params {
		if p.Optional || (p.Repeat && i >= s.RepeatFrom && i < s.RepeatTo) {
			continue
		}
		n++
	}
	return n + s.RepeatMin*(s.RepeatTo-s.RepeatFrom)
}

func (s *Signature) maxArgs() int {
	if s.RepeatTo > s.RepeatFrom {
		return -1
	}
	return len(s.Params)
}

// Layout assigns n arguments to parameters. It returns, for each argument,
// the index of its parameter, or nil when the signature cannot take n
// arguments.
func (s *Signature) Layout(n int) []int {
	group := s.RepeatTo - s.RepeatFrom
	var fixed, optional int
	for i, p := range s.Params {
		switch {
		case group > 0 && i >= s.RepeatFrom && i < s.RepeatTo:
		case p.Optional:
			optional++
		default:
			fixed++
		}
	}
	for opt := optional; opt >= 0; opt-- {
		rest := n - fixed - opt
		reps := 0
		if group > 0 {
			if rest < 0 || rest%group != 0 || rest/group < s.RepeatMin {
				continue
			}
			reps = rest / group
		} else if rest != 0 {
			continue
		}
		out := make([]int, 0, n)
		usedOpt := 0
		for i, p := range s.Params {
			switch {
			case group > 0 && i == s.RepeatFrom:
				for r := 0; r < reps; r++ {
					for j := s.RepeatFrom; j < s.RepeatTo; j++ {
						out = append(out, j)
					}
				}
			case group > 0 && i > s.RepeatFrom && i < s.RepeatTo:
			case p.Optional:
				if usedOpt < opt {
					out = append(out, i)
					usedOpt++
				}
			default:
				out = append(out, i)
			}
		}
		return out
	}
	return nil
}

// parseSignature reads one signature of the catalog notation:
//
//	name(param: type, [optional: type]): result
//
// A type is a type word or several joined by |, optionally preceded by
// `const` or `literal`; `string(a|b)` admits only the literal strings a and
// b. A parameter or a braced group of parameters followed by `...`
// repeats one or more times; written inside brackets it may also be
// absent. Brackets mark optional parameters, which must come last, apart
// from a repeating group's trailing fixed parameters. The result is a rule
// of result.go.
func parseSignature(text string) (string, *Signature, error) {
	open := strings.IndexByte(text, '(')
	close := strings.LastIndex(text, "):")
	if open < 0 || close < open {
		return "", nil, fmt.Errorf("signature %q: want name(params): result", text)
	}
	name := strings.TrimSpace(text[:open])
	sig := &Signature{RepeatFrom: -1, RepeatTo: -1, text: text[open:]}
	if err := parseParams(sig, text[open+1:close]); err != nil {
		return "", nil, fmt.Errorf("signature of %s: %v", name, err)
	}
	if sig.RepeatFrom < 0 {
		sig.RepeatFrom, sig.RepeatTo = 0, 0
	}
	res, err := parseResult(strings.TrimSpace(text[close+2:]), sig)
	if err != nil {
		return "", nil, fmt.Errorf("signature of %s: %v", name, err)
	}
	sig.Result = res
	return name, sig, nil
}

func parseParams(sig *Signature, text string) error {
	text = strings.TrimSpace(text)
	optional := false
	for text != "" {
		switch {
		case strings.HasPrefix(text, "["):
			optional = true
			text = strings.TrimSpace(text[1:])
			continue
		case strings.HasPrefix(text, "]"):
			text = strings.TrimLeft(text[1:], " ,")
			continue
		case strings.HasPrefix(text, "{"):
			end := strings.IndexByte(text, '}')
			if end < 0 || !strings.HasPrefix(text[end+1:], "...") {
				return fmt.Errorf("group %q must end in }...", text)
			}
			if sig.RepeatFrom >= 0 {
				return fmt.Errorf("more than one repeating group")
			}
			sig.RepeatFrom = len(sig.Params)
			for _, item := range strings.Split(text[1:end], ",") {
				p, err := parseParam(item)
				if err != nil {
					return err
				}
				p.Repeat = true
				sig.Params = append(sig.Params, p)
			}
			sig.RepeatTo = len(sig.Params)
			sig.RepeatMin = 1
			if optional {
				sig.RepeatMin = 0
			}
			text = strings.TrimLeft(text[end+4:], " ,")
			continue
		}
		end := strings.IndexAny(text, ",]")
		if end < 0 {
			end = len(text)
		}
		item := text[:end]
		text = strings.TrimLeft(text[end:], " ,")
		repeat := strings.HasSuffix(strings.TrimSpace(item), "...")
		p, err := parseParam(strings.TrimSuffix(strings.TrimSpace(item), "..."))
		if err != nil {
			return err
		}
		if repeat {
			if sig.RepeatFrom >= 0 {
				return fmt.Errorf("more than one repeating group")
			}
			p.Repeat = true
			sig.RepeatFrom, sig.RepeatTo, sig.RepeatMin = len(sig.Params), len(sig.Params)+1, 1
			if optional {
				sig.RepeatMin = 0
			}
		} else if optional {
			p.Optional = true
		} else if len(sig.Params) > 0 && sig.Params[len(sig.Params)-1].Optional {
			return fmt.Errorf("required parameter %s after an optional one", p.Name)
		}
		sig.Params = append(sig.Params, p)
	}
	return nil
}

func parseParam(text string) (Param, error) {
	name, typ, ok := strings.Cut(strings.TrimSpace(text), ":")
	if !ok {
		return Param{}, fmt.Errorf("parameter %q has no type", text)
	}
	p := Param{Name: strings.TrimSpace(name)}
	typ = strings.TrimSpace(typ)
	if rest, ok := strings.CutPrefix(typ, "const "); ok {
		p.Const = true
		typ = strings.TrimSpace(rest)
	}
	if rest, ok := strings.CutPrefix(typ, "literal "); ok {
		p.Const, p.Literal = true, true
		typ = strings.TrimSpace(rest)
	}
	if open := strings.IndexByte(typ, '('); open > 0 && strings.HasSuffix(typ, ")") {
		p.Values = strings.Split(typ[open+1:len(typ)-1], "|")
		typ = typ[:open]
	}
	p.TypeText = typ
	for _, w := range strings.Split(typ, "|") {
		tw, ok := typeWords[w]
		if !ok {
			return Param{}, fmt.Errorf("parameter %s: unknown type %q", p.Name, w)
		}
		p.Types |= tw.set
	}
	return p, nil
}

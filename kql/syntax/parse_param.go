package syntax

import "strings"

// This file parses operator parameters (`kind=inner`,
// `hint.strategy=shuffle`) and `with (name = value, ...)` properties. Which
// words count as parameter names matters for what parses: in
// `summarize kind = count()`, `kind` is taken as a parameter, as Kusto
// does, and the rest is an error.

// valueKind selects how a parameter's value is parsed.
type valueKind uint8

const (
	valueAny        valueKind = iota // a literal or a name
	valueForcedReal                  // a number, read as real
	valueString                      // an expression such as a string or a call
	valueWord                        // one of a list of words, or any name
	valueNameDecl                    // a declared name
	valueColumn                      // a column name
	valueColumnList                  // a comma-separated list of column names
)

// paramSpec describes one parameter that an operator accepts by name.
type paramSpec struct {
	name     string
	kind     valueKind
	values   []string // the words a valueWord parameter expects
	noEquals bool     // written without '=', as render's old `by a, b`
}

// paramSet maps parameter names, aliases included, to their specs.
type paramSet map[string]paramSpec

func newParamSet(specs ...paramSpec) paramSet {
	m := make(paramSet, len(specs))
	for _, s := range specs {
		m[s.name] = s
	}
	return m
}

var (
	hintStrategies    = []string{"auto", "broadcast", "centralized", "shuffle"}
	hintConcurrencies = []string{"auto", "left", "local", "right", "unresolved"}
	hintSpreads       = []string{"auto", "local"}
	hintDistributions = []string{"single", "per_node", "per_shard", "default"}
	hintRemotes       = []string{"auto", "local"}
)

// defaultParams lists the parameters every operator recognizes by name.
var defaultParams = newParamSet(
	paramSpec{name: "bagexpansion", kind: valueWord, values: []string{"bag", "array"}},
	paramSpec{name: "bin_legacy"},
	paramSpec{name: "__crossCluster"},
	paramSpec{name: "__crossDB"},
	paramSpec{name: "decodeblocks"},
	paramSpec{name: "expandoutput"},
	paramSpec{name: "hint.concurrency", kind: valueWord, values: hintConcurrencies},
	paramSpec{name: "hint.distribution", kind: valueWord, values: hintDistributions},
	paramSpec{name: "hint.materialized"},
	paramSpec{name: "hint.num_partitions"},
	paramSpec{name: "hint.pass_filters"},
	paramSpec{name: "hint.pass_filters_column", kind: valueColumn},
	paramSpec{name: "hint.progressive_top"},
	paramSpec{name: "hint.remote", kind: valueWord, values: hintRemotes},
	paramSpec{name: "hint.shufflekey", kind: valueColumn},
	paramSpec{name: "hint.spread", kind: valueWord, values: hintSpreads},
	paramSpec{name: "hint.strategy", kind: valueWord, values: hintStrategies},
	paramSpec{name: "__id"},
	paramSpec{name: "isfuzzy"},
	paramSpec{name: "__isFuzzy"},
	paramSpec{name: "kind", kind: valueWord},
	paramSpec{name: "__noWithSource"},
	paramSpec{name: "__packedColumn", kind: valueColumn},
	paramSpec{name: "__sourceColumnIndex"},
	paramSpec{name: "cycles", kind: valueWord, values: []string{"none", "all", "unique_edges"}},
	paramSpec{name: "with_match_id", kind: valueNameDecl},
	paramSpec{name: "with_itemindex", kind: valueNameDecl},
	paramSpec{name: "withsource", kind: valueNameDecl},
	paramSpec{name: "with_source", kind: valueNameDecl},
	paramSpec{name: "with_step_name", kind: valueNameDecl},
	paramSpec{name: "force_remote"},
)

// multiTokenParamNames are known parameter names that the lexer splits
// into several tokens.
var multiTokenParamNames = []string{"hint.pass_filters", "hint.pass_filters_column"}

func kindParam(values ...string) paramSpec {
	return paramSpec{name: "kind", kind: valueWord, values: values}
}

var (
	hintShuffleKey    = paramSpec{name: "hint.shufflekey", kind: valueColumn}
	hintNumPartitions = paramSpec{name: "hint.num_partitions"}
	hintMaterialized  = paramSpec{name: "hint.materialized"}
	withItemIndex     = paramSpec{name: "with_itemindex", kind: valueNameDecl}
	withSource        = paramSpec{name: "withsource", kind: valueNameDecl}
	withSourceAlias   = paramSpec{name: "with_source", kind: valueNameDecl}
)

// The parameters each operator declares.
var (
	noParams             = newParamSet()
	asParams             = newParamSet(hintMaterialized)
	consumeParams        = newParamSet(paramSpec{name: "decodeblocks"})
	distinctParams       = newParamSet(hintShuffleKey, paramSpec{name: "hint.strategy", kind: valueWord, values: hintStrategies}, hintNumPartitions)
	evaluateParams       = newParamSet(paramSpec{name: "hint.distribution", kind: valueWord, values: hintDistributions}, paramSpec{name: "hint.remote", kind: valueWord, values: hintRemotes})
	findParams           = newParamSet(withSource, withSourceAlias)
	graphMatchParams     = newParamSet(paramSpec{name: "cycles", kind: valueWord, values: []string{"none", "all", "unique_edges"}})
	shortestPathsParams  = newParamSet(paramSpec{name: "output", kind: valueWord, values: []string{"any", "all"}})
	joinParams           = newParamSet(kindParam("inner", "fullouter", "innerunique", "leftanti", "leftantisemi", "anti", "leftouter", "leftsemi", "rightanti", "rightantisemi", "rightouter", "rightsemi"), paramSpec{name: "hint.remote", kind: valueWord, values: hintConcurrencies}, hintShuffleKey, paramSpec{name: "hint.strategy", kind: valueWord, values: hintStrategies}, hintNumPartitions)
	markComponentsParams = newParamSet(kindParam("weak", "strong"), paramSpec{name: "with_component_id", kind: valueNameDecl})
	lookupParams         = newParamSet(kindParam("inner", "leftouter"))
	makeSeriesParams     = newParamSet(hintShuffleKey, kindParam("nonempty"))
	mvApplyParams        = newParamSet(withItemIndex)
	mvExpandParams       = newParamSet(kindParam("bag", "array"), paramSpec{name: "bagexpansion", kind: valueWord, values: []string{"bag", "array"}}, withItemIndex)
	parseParams          = newParamSet(kindParam("simple", "regex", "relaxed"), paramSpec{name: "flags", kind: valueWord})
	parseKvWithParams    = newParamSet(paramSpec{name: "pair_delimiter"}, paramSpec{name: "kv_delimiter"}, paramSpec{name: "regex"}, paramSpec{name: "quote"}, paramSpec{name: "escape"}, paramSpec{name: "greedy"})
	partitionParams      = newParamSet(paramSpec{name: "hint.concurrency", kind: valueWord, values: hintConcurrencies}, paramSpec{name: "hint.spread", kind: valueWord, values: hintSpreads}, hintMaterialized, hintShuffleKey, paramSpec{name: "hint.strategy", kind: valueWord, values: []string{"shuffle", "native", "legacy"}})
	reduceWithParams     = newParamSet(paramSpec{name: "threshold"}, paramSpec{name: "characters"})
	renderWithParams     = newParamSet(
		paramSpec{name: "kind", kind: valueWord, values: chartKinds},
		paramSpec{name: "title", kind: valueString},
		paramSpec{name: "accumulate"},
		paramSpec{name: "xcolumn", kind: valueColumn},
		paramSpec{name: "ycolumns", kind: valueColumnList},
		paramSpec{name: "anomalycolumns", kind: valueColumnList},
		paramSpec{name: "series", kind: valueColumnList},
		paramSpec{name: "xtitle", kind: valueString},
		paramSpec{name: "ytitle", kind: valueString},
		paramSpec{name: "xaxis", kind: valueWord, values: []string{"linear", "log"}},
		paramSpec{name: "yaxis", kind: valueWord, values: []string{"linear", "log"}},
		paramSpec{name: "legend", kind: valueWord, values: []string{"visible", "hidden"}},
		paramSpec{name: "ysplit", kind: valueWord, values: []string{"none", "axes", "panels"}},
		paramSpec{name: "ymin", kind: valueForcedReal},
		paramSpec{name: "ymax", kind: valueForcedReal},
		paramSpec{name: "xmin"},
		paramSpec{name: "xmax"},
	)
	scanParams      = newParamSet(kindParam("partial", "full"), paramSpec{name: "with_match_id", kind: valueNameDecl})
	searchParams    = newParamSet(kindParam("default", "case_insensitive", "case_sensitive"))
	sortParams      = newParamSet(paramSpec{name: "hint.strategy", kind: valueWord, values: []string{"splitBlock", "multipleBlocks"}})
	summarizeParams = newParamSet(hintShuffleKey, paramSpec{name: "hint.strategy", kind: valueWord, values: []string{"shuffle"}}, hintNumPartitions)
	topParams       = newParamSet(paramSpec{name: "hint.progressive_top"})
	unionParams     = newParamSet(kindParam("inner", "outer"), withSource, withSourceAlias, paramSpec{name: "isfuzzy"}, paramSpec{name: "__isFuzzy"}, paramSpec{name: "best_effort"}, paramSpec{name: "hint.concurrency", kind: valueWord, values: hintConcurrencies}, paramSpec{name: "hint.spread", kind: valueWord, values: hintSpreads})
	makeGraphParams = newParamSet(paramSpec{name: "hint.strategy", kind: valueWord, values: []string{"shuffle", "native"}})
	nodesParams     = newParamSet(paramSpec{name: "with_node_id", kind: valueNameDecl})
	edgesParams     = newParamSet(paramSpec{name: "with_source_id", kind: valueNameDecl}, paramSpec{name: "with_target_id", kind: valueNameDecl})
)

var chartKinds = []string{"default", "unstacked", "stacked", "stacked100", "map"}

// nameRule selects which parameter names a list accepts.
type nameRule uint8

const (
	declaredOrKnown nameRule = iota // the operator's own or any default name
	declaredOnly                    // only the operator's own names
	knownOnly                       // only default names
)

// paramCtx is the state of the parameter list being parsed.
type paramCtx struct {
	declared     paramSet
	rule         nameRule
	equalsNeeded bool // a name counts only when '=' follows it
}

// scanMultiToken returns the number of adjacent tokens at offset n whose
// text together is name, or 0.
func (p *parser) scanMultiToken(n int, name string) int {
	rest := name
	i := n
	for rest != "" {
		t := p.peek(i)
		if t.Kind == TokEOF || (i > n && t.Space) || !strings.HasPrefix(rest, t.Text) || t.Text == "" {
			return 0
		}
		rest = rest[len(t.Text):]
		i++
	}
	return i - n
}

// scanDeclaredParamName reports whether the token at offset n is one of
// the declared parameter names.
func (p *parser) scanDeclaredParamName(c paramCtx, n int) bool {
	t := p.peek(n)
	if t.Kind != TokIdent && t.Kind != TokKeyword {
		return false
	}
	spec, ok := c.declared[t.Text]
	if !ok {
		return false
	}
	if spec.noEquals || !c.equalsNeeded {
		return true
	}
	return p.kind(n+1) == TokAssign
}

// scanKnownParamName returns the number of tokens of a known parameter
// name at offset n, or 0.
func (p *parser) scanKnownParamName(c paramCtx, equalsNeeded bool, n int) int {
	t := p.peek(n)
	k := 0
	if t.Kind == TokIdent || t.Kind == TokKeyword {
		if _, ok := defaultParams[t.Text]; ok {
			k = 1
		} else if _, ok := c.declared[t.Text]; ok {
			k = 1
		}
	}
	if k == 0 {
		for _, name := range multiTokenParamNames {
			if k = p.scanMultiToken(n, name); k > 0 {
				break
			}
		}
	}
	if k > 0 && equalsNeeded && p.kind(n+k) != TokAssign {
		return 0
	}
	return k
}

// scanParamName returns the number of tokens of a parameter name at the
// current token under c, or 0.
func (p *parser) scanParamName(c paramCtx) int {
	if c.rule != knownOnly && p.scanDeclaredParamName(c, 0) {
		return 1
	}
	if c.rule != declaredOnly {
		return p.scanKnownParamName(c, c.equalsNeeded, 0)
	}
	return 0
}

// parseParam parses one `name = value` parameter under c, or returns nil.
func (p *parser) parseParam(c paramCtx) *OptionParam {
	n := p.scanParamName(c)
	if n == 0 {
		return nil
	}
	start := p.startPos()
	for i := 0; i < n; i++ {
		p.next()
	}
	sp := p.span(start)
	text := p.src[sp.From:sp.To]
	name := &Ident{Span: sp, Name: text, Raw: text}
	p.expect(TokAssign)
	spec, ok := c.declared[text]
	if !ok {
		spec, ok = defaultParams[text]
	}
	var value Expr
	if ok {
		value = p.parseParamValue(spec, c)
	} else {
		value = p.parseAnyParamValue()
		if value == nil {
			value = p.missingExpr("value")
		}
	}
	return &OptionParam{Span: p.span(start), Name: name, Value: value}
}

// parseParams parses zero or more parameters written one after another,
// as in `join kind=inner hint.strategy=shuffle`.
func (p *parser) parseParams(declared paramSet, rule nameRule, equalsNeeded bool) []*OptionParam {
	c := paramCtx{declared: declared, rule: rule, equalsNeeded: equalsNeeded}
	var list []*OptionParam
	for {
		param := p.parseParam(c)
		if param == nil {
			return list
		}
		list = append(list, param)
	}
}

// parseParamCommaList parses `name = value, ...`, the contents of a
// `with (...)` clause.
func (p *parser) parseParamCommaList(declared paramSet, rule nameRule) []*OptionParam {
	c := paramCtx{declared: declared, rule: rule}
	return commaList(p, func() *OptionParam { return p.parseParam(c) }, p.missingParam, listOptions{end: p.commonListEnd})
}

func (p *parser) missingParam() *OptionParam {
	p.errorExpected("parameter")
	t := p.tok()
	return &OptionParam{Span: Span{t.Pos, t.Pos}, Name: &Ident{Span: Span{t.Pos, t.Pos}}, Value: &BadExpr{Span{t.Pos, t.Pos}}}
}

// parseKnownParam parses the single parameter spec if its name comes
// next (followed by '=' unless the spec has none), or returns nil.
func (p *parser) parseKnownParam(spec paramSpec) *OptionParam {
	n := p.scanMultiToken(0, spec.name)
	if n == 0 {
		return nil
	}
	if !spec.noEquals && p.kind(n) != TokAssign {
		return nil
	}
	start := p.startPos()
	for i := 0; i < n; i++ {
		p.next()
	}
	name := &Ident{Span: p.span(start), Name: spec.name, Raw: spec.name}
	if !spec.noEquals {
		p.next()
	}
	value := p.parseParamValue(spec, paramCtx{declared: newParamSet(spec)})
	return &OptionParam{Span: p.span(start), Name: name, Value: value}
}

// parseAnyParamValue parses a literal or a name, or returns nil.
func (p *parser) parseAnyParamValue() Expr {
	if x := p.parseLiteral(); x != nil {
		return x
	}
	if t := p.tok(); isPlainName(t) {
		p.next()
		return &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
	}
	if id := p.parseName(false); id != nil {
		return id
	}
	return nil
}

// parseParamValue parses the value of a parameter described by spec.
func (p *parser) parseParamValue(spec paramSpec, c paramCtx) Expr {
	var x Expr
	switch spec.kind {
	case valueForcedReal:
		x = p.parseForcedReal()
		if x == nil {
			x = p.parseAnyParamValue()
		}
	case valueString:
		x = p.parseCallOrPath()
	case valueWord:
		if t := p.tok(); len(spec.values) > 0 && containsString(spec.values, t.Text) && t.Kind != TokEOF {
			p.next()
			return &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
		}
		x = p.parseAnyParamValue()
	case valueNameDecl:
		if id := p.parseName(false); id != nil {
			return id
		}
		x = p.parseAnyParamValue()
	case valueColumn:
		if id := p.parseName(false); id != nil {
			return id
		}
		x = p.parseAnyParamValue()
	case valueColumnList:
		return p.parseNameList(c)
	default:
		x = p.parseAnyParamValue()
	}
	if x == nil {
		x = p.missingExpr("value")
	}
	return x
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// parseNameList parses the comma-separated names of a column-list
// parameter such as `ycolumns=a, b`. The list stops before the next
// parameter name.
func (p *parser) parseNameList(c paramCtx) *NameList {
	start := p.startPos()
	end := func() bool {
		if p.kind(0) == TokComma {
			return p.scanKnownParamName(c, false, 1) > 0 || p.isCommonListEnd(1)
		}
		return p.scanKnownParamName(c, true, 0) > 0 || p.isCommonListEnd(0)
	}
	parse := func() Expr {
		eq := paramCtx{declared: c.declared, equalsNeeded: true}
		if p.scanDeclaredParamName(eq, 0) {
			return nil
		}
		if id := p.parseName(true); id != nil {
			return id
		}
		return nil
	}
	missing := func() Expr {
		p.missingName()
		t := p.tok()
		return &Ident{Span: Span{t.Pos, t.Pos}}
	}
	names := commaList(p, parse, missing, listOptions{end: end, oneOrMore: true})
	return &NameList{Span: p.span(start), Names: names}
}

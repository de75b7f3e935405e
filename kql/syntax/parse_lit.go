package syntax

// This file parses literals, dynamic values, typeof, and the type and
// schema declarations of parameters and inline tables.

// parseLiteral parses a literal, a signed number, a dynamic or typeof
// literal, or a braced client parameter, or returns nil.
func (p *parser) parseLiteral() Expr {
	t := p.tok()
	switch t.Kind {
	case TokString:
		return p.parseStringLit()
	case TokBool, TokLong, TokReal, TokTimeSpan, TokTypedLit:
		p.next()
		return literalFromToken(t)
	case TokRawGuid:
		p.next()
		p.error(CodeRawGuid, Span{t.Pos, t.End}, "a guid literal must be written as guid("+t.Text+")")
		return literalFromToken(t)
	case TokPlus, TokMinus:
		return p.parseSignedNumber(false)
	case TokLBrace:
		return p.bracedNameExpr()
	case TokIdent:
		if t.IsKeyword() {
			switch t.Text {
			case "dynamic":
				return p.parseDynamic()
			case "typeof":
				return p.parseTypeOf()
			}
		}
	}
	return nil
}

// bracedNameExpr parses a client parameter such as {Name}, or returns a
// nil Expr (not a nil *Ident, which would be a non-nil Expr).
func (p *parser) bracedNameExpr() Expr {
	if id := p.parseBracedName(); id != nil {
		return id
	}
	return nil
}

// parseSignedNumber parses `-5`, `+1.5` or `-1d`, with no space between
// sign and number, as a UnaryExpr. With forceReal, timespans are not
// accepted.
func (p *parser) parseSignedNumber(forceReal bool) Expr {
	num := p.peek(1)
	if num.Space || digitAt(num.Text, 0) == 0 {
		return nil
	}
	switch num.Kind {
	case TokLong, TokReal:
	case TokTimeSpan:
		if forceReal {
			return nil
		}
	default:
		return nil
	}
	sign := p.next()
	p.next()
	op := OpMinus
	if sign.Kind == TokPlus {
		op = OpPlus
	}
	lit := literalFromToken(num)
	if forceReal {
		lit = forceRealLiteral(num)
	}
	return &UnaryExpr{Span: Span{sign.Pos, num.End}, Op: op, X: lit}
}

// parseForcedReal parses a number that is read as real even when written
// as an integer, as in render's `ymin=0`.
func (p *parser) parseForcedReal() Expr {
	t := p.tok()
	switch t.Kind {
	case TokLong, TokReal:
		if digitAt(t.Text, 0) > 0 {
			p.next()
			return forceRealLiteral(t)
		}
	case TokPlus, TokMinus:
		return p.parseSignedNumber(true)
	case TokLBrace:
		return p.bracedNameExpr()
	}
	return nil
}

func forceRealLiteral(t Token) *Literal {
	lit := literalFromToken(t)
	if lit.Kind == LitLong {
		lit.Kind = LitReal
		if v, ok := lit.Value.(int64); ok {
			lit.Value = float64(v)
		}
	}
	return lit
}

// parseStringLit parses one or more adjacent string tokens, or returns
// nil.
func (p *parser) parseStringLit() *StringLit {
	if p.kind(0) != TokString {
		return nil
	}
	lit := &StringLit{}
	start := p.startPos()
	value := ""
	for p.kind(0) == TokString {
		t := p.next()
		lit.Parts = append(lit.Parts, StringPart{Pos: t.Pos, Raw: t.Text})
		value += decodeString(t.Text)
	}
	lit.Value = value
	lit.Span = p.span(start)
	return lit
}

// parseDynamic parses `dynamic(value)`; it returns nil when `dynamic` is
// not followed by '('.
func (p *parser) parseDynamic() Expr {
	if p.kind(1) != TokLParen {
		return nil
	}
	start := p.startPos()
	p.next()
	p.next()
	v := p.parseJSONValue()
	if v == nil {
		v = p.missingExpr("value")
	}
	p.expect(TokRParen)
	return &DynamicLit{Span: p.span(start), Value: v}
}

// parseJSONValue parses a value inside a dynamic literal, or returns nil.
func (p *parser) parseJSONValue() Expr {
	if !p.enter() {
		return nil
	}
	defer p.leave()
	t := p.tok()
	switch t.Kind {
	case TokLong, TokReal:
		p.next()
		return literalFromToken(t)
	case TokMinus:
		if k := p.kind(1); k == TokLong || k == TokReal {
			p.next()
			num := p.next()
			return &UnaryExpr{Span: Span{t.Pos, num.End}, Op: OpMinus, X: literalFromToken(num)}
		}
		return nil
	case TokBool, TokTimeSpan, TokTypedLit, TokRawGuid, TokString:
		return p.parseLiteral()
	case TokLBrack:
		return p.parseJSONArray()
	case TokLBrace:
		if p.scanBracedName(0) > 0 {
			return p.parseBracedName()
		}
		return p.parseJSONObject()
	case TokIdent:
		if t.IsKeyword() {
			switch t.Text {
			case "dynamic":
				return p.parseLiteral()
			case "null":
				p.next()
				return &Literal{Span: Span{t.Pos, t.End}, Kind: LitNull, Raw: t.Text}
			}
		}
	}
	return nil
}

func (p *parser) missingJSONValue() Expr { return p.missingExpr("value") }

func (p *parser) parseJSONArray() Expr {
	start := p.startPos()
	p.next()
	elems := commaList(p, p.parseJSONValue, p.missingJSONValue, listOptions{end: p.commonListEnd})
	p.expect(TokRBrack)
	return &JSONArray{Span: p.span(start), Elems: elems}
}

func (p *parser) parseJSONObject() Expr {
	start := p.startPos()
	p.next()
	pairs := commaList(p, p.parseJSONPair, p.missingJSONPair, listOptions{end: p.commonListEnd})
	p.expect(TokRBrace)
	return &JSONObject{Span: p.span(start), Pairs: pairs}
}

func (p *parser) missingJSONPair() *JSONPair {
	p.errorExpected("property")
	t := p.tok()
	return &JSONPair{Span: Span{t.Pos, t.Pos}, Key: &StringLit{Span: Span{t.Pos, t.Pos}}, Value: &BadExpr{Span{t.Pos, t.Pos}}}
}

// parseJSONPair parses `"key": value`. A missing key or colon is an
// error, but the pair is still parsed.
func (p *parser) parseJSONPair() *JSONPair {
	start := p.startPos()
	switch p.kind(0) {
	case TokString:
		t := p.next()
		key := &StringLit{Span: Span{t.Pos, t.End}, Parts: []StringPart{{Pos: t.Pos, Raw: t.Text}}, Value: decodeString(t.Text)}
		p.expect(TokColon)
		v := p.parseJSONValue()
		if v == nil {
			v = p.missingJSONValue()
		}
		return &JSONPair{Span: p.span(start), Key: key, Value: v}
	case TokColon:
		p.errorExpected("property name")
		p.next()
		v := p.parseJSONValue()
		if v == nil {
			v = p.missingJSONValue()
		}
		return &JSONPair{Span: p.span(start), Key: &StringLit{Span: Span{start, start}}, Value: v}
	}
	before := p.tok()
	v := p.parseJSONValue()
	if v == nil {
		return nil
	}
	p.error(CodeExpected, Span{before.Pos, before.End}, "expected property name, found "+before.describe())
	return &JSONPair{Span: p.span(start), Key: &StringLit{Span: Span{start, start}}, Value: v}
}

// scalarTypes lists the type names allowed in parameter and column
// declarations; extendedScalarTypes adds those allowed in typeof and find.
var scalarTypes = map[string]bool{
	"bool": true, "boolean": true, "date": true, "datetime": true, "decimal": true,
	"double": true, "dynamic": true, "guid": true, "int": true, "int64": true,
	"int8": true, "long": true, "real": true, "string": true, "time": true,
	"timespan": true, "uniqueid": true,
}

var extendedScalarTypes = map[string]bool{
	"float": true, "int16": true, "int32": true, "uint": true, "uint16": true,
	"uint32": true, "uint64": true, "uint8": true, "ulong": true,
}

func isTypeToken(t Token, extended bool) bool {
	if !t.IsKeyword() || t.Kind != TokIdent {
		return false
	}
	return scalarTypes[t.Text] || (extended && extendedScalarTypes[t.Text])
}

// parseType parses a scalar type name, or returns nil. An unknown name
// where a type is expected is parsed with an error.
func (p *parser) parseType(extended bool) *TypeRef {
	t := p.tok()
	if isTypeToken(t, extended) {
		p.next()
		return &TypeRef{Span: Span{t.Pos, t.End}, Name: t.Text}
	}
	if isTypeToken(t, true) || isPlainName(t) {
		p.next()
		p.error(CodeExpected, Span{t.Pos, t.End}, "expected type, found "+quote(t.Text)+", which is not a type")
		return &TypeRef{Span: Span{t.Pos, t.End}, Name: t.Text}
	}
	return nil
}

func (p *parser) requireType(extended bool) *TypeRef {
	if ty := p.parseType(extended); ty != nil {
		return ty
	}
	p.errorExpected("type")
	t := p.tok()
	return &TypeRef{Span: Span{t.Pos, t.Pos}}
}

// parseTypeOf parses `typeof(type)` or `typeof(a: type, ...)`.
func (p *parser) parseTypeOf() Expr {
	start := p.startPos()
	if isTypeToken(p.peek(2), true) || (isIdentToken(p.peek(2)) && p.kind(3) == TokRParen) {
		p.next()
		p.expect(TokLParen)
		t := p.tok()
		var ty *TypeRef
		if isTypeToken(t, true) || isPlainName(t) {
			p.next()
			ty = &TypeRef{Span: Span{t.Pos, t.End}, Name: t.Text}
		} else {
			ty = p.requireType(true)
		}
		p.expect(TokRParen)
		return &TypeOfLit{Span: p.span(start), Type: ty}
	}

	if p.kind(1) != TokLParen {
		return nil
	}
	p.next()
	schemaStart := p.startPos()
	p.next()

	schema := &RowSchema{}
	parse := func() *ColumnDecl {
		if p.kind(0) == TokStar {
			t := p.next()
			schema.Star = true
			return &ColumnDecl{Span: Span{t.Pos, t.End}, Name: &Ident{Span: Span{t.Pos, t.End}, Name: "*", Raw: "*"}}
		}
		return p.parseColumnDecl()
	}

	cols := commaList(p, parse, p.missingColumnDecl, listOptions{end: p.commonListEnd})
	p.expect(TokRParen)
	schema.Span = p.span(schemaStart)

	for _, c := range cols {
		if c.Name == nil || c.Name.Raw != "*" {
			schema.Columns = append(schema.Columns, c)
		}
	}
	return &TypeOfLit{Span: p.span(start), Schema: schema}
}

// parseColumnDecl parses `name: type`, or returns nil. A declaration
// missing its name is parsed with an error.
func (p *parser) parseColumnDecl() *ColumnDecl {
	start := p.startPos()
	if name := p.parseName(true); name != nil {
		p.expect(TokColon)
		if p.kind(0) == TokLParen {
			// Kusto parses a schema here and rejects it later.
			schema := p.parseSchemaType()
			return &ColumnDecl{Span: p.span(start), Name: name, Schema: schema}
		}
		ty := p.requireType(false)
		return &ColumnDecl{Span: p.span(start), Name: name, Type: ty}
	}
	if p.kind(0) == TokColon {
		p.missingName()
		t := p.next()
		ty := p.requireType(false)
		return &ColumnDecl{Span: p.span(start), Name: &Ident{Span: Span{t.Pos, t.Pos}}, Type: ty}
	}
	return nil
}

func (p *parser) missingColumnDecl() *ColumnDecl {
	p.errorExpected("column declaration")
	t := p.tok()
	return &ColumnDecl{Span: Span{t.Pos, t.Pos}, Name: &Ident{Span: Span{t.Pos, t.Pos}}, Type: &TypeRef{Span: Span{t.Pos, t.Pos}}}
}

// parseRowSchema parses `(a: string, b: long)`, allowing a leading and a
// trailing comma, or returns nil.
func (p *parser) parseRowSchema(oneOrMore bool) *RowSchema {
	if p.kind(0) != TokLParen {
		return nil
	}
	start := p.startPos()
	p.next()
	p.accept(TokComma)
	cols := commaList(p, p.parseColumnDecl, p.missingColumnDecl, listOptions{end: p.commonListEnd, oneOrMore: oneOrMore, trailing: true})
	p.expect(TokRParen)
	return &RowSchema{Span: p.span(start), Columns: cols}
}

func (p *parser) requireRowSchema() *RowSchema {
	if s := p.parseRowSchema(false); s != nil {
		return s
	}
	p.errorExpected("schema such as (name: type)")
	t := p.tok()
	return &RowSchema{Span: Span{t.Pos, t.Pos}}
}

// parseEvaluateSchema parses the schema after evaluate's `:`, which may
// start with `*,` to keep the input columns.
func (p *parser) parseEvaluateSchema() *RowSchema {
	if p.kind(0) != TokLParen {
		p.errorExpected("schema such as (name: type)")
		t := p.tok()
		return &RowSchema{Span: Span{t.Pos, t.Pos}}
	}
	start := p.startPos()
	p.next()
	p.accept(TokComma)
	star := p.accept(TokStar)
	if star {
		p.accept(TokComma)
	}
	cols := commaList(p, p.parseColumnDecl, p.missingColumnDecl, listOptions{end: p.commonListEnd, trailing: true})
	p.expect(TokRParen)
	return &RowSchema{Span: p.span(start), Columns: cols, Star: star}
}

// parseParamDecl parses a function or query parameter:
// `name: type [= default]` or `name: (schema)`, or returns nil.
func (p *parser) parseParamDecl() *Param {
	start := p.startPos()
	var name *Ident
	if name = p.parseName(true); name == nil {
		if p.kind(0) != TokColon {
			return nil
		}
		p.missingName()
		name = &Ident{Span: Span{start, start}}
	}
	p.expect(TokColon)
	param := &Param{Name: name}
	if p.kind(0) == TokLParen {
		param.Schema = p.parseSchemaType()
	} else {
		param.Type = p.requireType(false)
	}
	if p.accept(TokAssign) {
		param.Default = p.parseLiteral()
		if param.Default == nil {
			if t := p.tok(); isPlainName(t) {
				p.next()
				param.Default = &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
			} else {
				param.Default = p.missingExpr("default value")
			}
		}
	}
	param.Span = p.span(start)
	return param
}

func (p *parser) missingParamDecl() *Param {
	p.errorExpected("parameter")
	t := p.tok()
	return &Param{Span: Span{t.Pos, t.Pos}, Name: &Ident{Span: Span{t.Pos, t.Pos}}, Type: &TypeRef{Span: Span{t.Pos, t.Pos}}}
}

// parseSchemaType parses the schema of a tabular parameter: `(*)` or
// `(a: string, ...)`.
func (p *parser) parseSchemaType() *RowSchema {
	start := p.startPos()
	p.next()
	if p.kind(0) == TokStar {
		p.next()
		p.expect(TokRParen)
		return &RowSchema{Span: p.span(start), Star: true}
	}
	parse := func() *ColumnDecl {
		return p.parseColumnDecl()
	}
	cols := commaList(p, parse, p.missingColumnDecl, listOptions{end: p.commonListEnd, trailing: true})
	p.expect(TokRParen)
	return &RowSchema{Span: p.span(start), Columns: cols}
}

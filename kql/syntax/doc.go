// Package syntax is the front end of quarry's KQL engine: it turns query
// text into a syntax tree.
//
// Start with Parse, which returns a *Query and its diagnostics. The
// tree's node types are declared in ast.go (statements and shared parts),
// ast_expr.go (names, literals and scalar expressions) and ast_ops.go (one
// type per tabular operator). Every node records its byte range in the
// text; Source turns an offset into a line and column, and
// Diagnostic.Format shows an error with its source line. Inspect walks a
// tree, Print writes it back as KQL, and Tokenize exposes the lexer.
//
// The parser is in parser.go (shared machinery), parse_stmt.go,
// parse_pipe.go (pipelines and operator dispatch), parse_expr.go,
// parse_name.go, parse_lit.go, parse_param.go and one file per family of
// operators.
//
// The grammar and operator precedence follow Microsoft's Kusto parser
// (package @kusto/language-service-next 12.4.1). The parser aims to accept
// exactly the queries that parser accepts, and the tests compare both on
// real and generated queries. It checks syntax only: names, types and
// function signatures are the binder's job.
package syntax

// Package syntax is the front end of quarry's KQL engine: it turns query
// text into a syntax tree.
//
// Start with Parse, which returns a *Query and a list of Diagnostics. The
// tree's node types are declared in ast.go (statements and shared parts),
// ast_expr.go (names, literals and scalar expressions) and ast_ops.go (one
// type per tabular operator). Every node records its byte range in the
// text; Source turns an offset into a line and column. Print writes a tree
// back as KQL.
//
// The grammar and operator precedence follow Microsoft's Kusto parser, and
// the parser aims to accept exactly the queries that parser accepts. It
// checks syntax only: names, types and function signatures are the
// binder's job.
package syntax

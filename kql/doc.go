// Package kql runs KQL (Kusto Query Language) queries over in-memory
// tables: the engine behind quarry, usable by other Go programs.
//
// Start with Compile and Query.Run:
//
//	tb := column.NewTableBuilder(columns, 0)  // columns: []types.Column
//	tb.AppendRow([]any{time.Now(), "sc.exe", "sc create x binPath= C:\\x.exe"})
//	cat := kql.NewCatalog()
//	cat.Add("DeviceProcessEvents", tb.Build())
//	q, err := kql.Compile(`DeviceProcessEvents | where FileName =~ "sc.exe"`, cat)
//	res, err := q.Run(ctx, kql.Options{Now: replayTime})
//
// Compile parses the query (package syntax), resolves names and types
// into a logical plan (package plan) and rejects unknown tables, columns
// and functions and unsupported operators with a line:col message. Run
// executes the plan (package exec) with one fixed clock for now() and
// ago(), within the row and memory limits of Options.
//
// The tabular operators are where, extend, project, project-away, project-keep,
// project-rename, project-reorder, summarize, count, distinct, take,
// limit, top, sort, order, union, join (all kinds), lookup, mv-expand,
// mv-apply, parse, parse-where, parse-kv, make-series, top-nested,
// top-hitters, search, scan, partition, serialize, sample,
// sample-distinct, getschema, invoke, as, render (ignored), datatable,
// print and range, with let statements, user-defined functions and
// views, materialize and toscalar. Scalar and aggregate functions are
// those of exec.ScalarNames and the aggregations of package exec;
// anything else is rejected when the query is compiled.
package kql

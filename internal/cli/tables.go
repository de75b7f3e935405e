package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/quarry-kql/quarry/schema"
)

func init() {
	register("tables", "list the tables the input maps to, with their columns and row counts", runTables)
}

const tablesSynopsis = `quarry tables [--input PATH]... [--schema PATH]... [-v] [--all]

Lists the tables queries can read after the input is mapped: each table with
rows and its row count; with -v also each column and its type. Without
--input, the embedded sample is read.`

func runTables(args []string, env Env) int {
	fs := newFlagSet("tables", tablesSynopsis, env)
	var inputs listFlag
	fs.Var(&inputs, "input", "a file, a folder (read recursively) or - for standard input; repeatable")
	var schemaPaths listFlag
	fs.Var(&schemaPaths, "schema", "a file of extra table schemas (table, column, type per line, tab- or comma-separated) or a folder of them; repeatable")
	verbose := fs.Bool("v", false, "list each table's columns and types")
	all := fs.Bool("all", false, "list the known tables that have no rows too")
	positional, err := parseInterleaved(fs, args)
	if err != nil {
		return exitStatus(err)
	}
	if len(positional) > 0 {
		fmt.Fprintf(env.Stderr, "quarry tables: unexpected argument %q (inputs go after --input)\n", positional[0])
		return exitUsage
	}

	known, err := knownTables(schema.Combined(), schemaPaths)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry tables:", err)
		return exitUsage
	}
	ds, err := loadInputs(context.Background(), inputs, known, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry tables:", err)
		return exitFound
	}
	writeInputSummary(env.Stderr, ds, len(inputs) == 0)
	if err := checkInputs(ds, inputs); err != nil {
		fmt.Fprintf(env.Stderr, "quarry tables: %v\n", err)
		return exitFound
	}

	view := ds.All()
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TABLE\tROWS\tCOLUMNS")
	for _, name := range view.TableNames() {
		rows := ds.RowCount(name)
		if rows == 0 && !*all {
			continue
		}
		cols, _ := view.TableSchema(name)
		fmt.Fprintf(tw, "%s\t%d\t%d\n", name, rows, len(cols))
		if *verbose {
			for _, c := range cols {
				fmt.Fprintf(tw, "  %s\t\t%s\n", c.Name, c.Type)
			}
		}
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintln(env.Stderr, "quarry tables:", err)
		return exitFound
	}
	return exitOK
}

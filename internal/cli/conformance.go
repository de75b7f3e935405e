package cli

import (
	"fmt"

	"github.com/quarry-kql/quarry/kql/kqltest"
)

func init() {
	register("conformance", "run KQL conformance cases (JSON lines) and count passes", runConformance)
}

const conformanceSynopsis = `quarry conformance [-v] FILE.jsonl...

Runs KQL conformance cases: one JSON object per line with a query and the
answer real Kusto gives ("columns" and "rows", or "error": true). Prints one
summary line "N passed, M failed" and, with -v, each failure and its reason.
Exit status 1 when a case fails.`

func runConformance(args []string, env Env) int {
	fs := newFlagSet("conformance", conformanceSynopsis, env)
	verbose := fs.Bool("v", false, "list each failing case with its reason")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return exitStatus(err)
	}
	if len(files) == 0 {
		fmt.Fprintln(env.Stderr, "quarry conformance: missing case file")
		fs.usage(env.Stderr)
		return exitUsage
	}

	var total kqltest.Summary
	for _, f := range files {
		s, err := kqltest.RunConformanceFile(f)
		if err != nil {
			fmt.Fprintln(env.Stderr, "quarry conformance:", err)
			return exitFound
		}
		if len(files) > 1 {
			fmt.Fprintf(env.Stdout, "%s: %s\n", f, s)
		}
		if *verbose {
			for _, r := range s.Failures {
				kind := "failed"
				if r.Unsupported {
					kind = "unsupported"
				}
				fmt.Fprintf(env.Stdout, "  %s %s: %s\n", r.ID, kind, r.Reason)
			}
		}
		total.Passed += s.Passed
		total.Failed += s.Failed
		total.Unsupported += s.Unsupported
	}
	line := total.String()
	if total.Unsupported > 0 {
		line += fmt.Sprintf(" (%d unsupported)", total.Unsupported)
	}
	fmt.Fprintln(env.Stdout, line)
	if total.Failed > 0 {
		return exitFound
	}
	return exitOK
}

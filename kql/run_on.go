package kql

import (
	"context"

	"github.com/quarry-kql/quarry/kql/exec"
)

// RunOn executes the query over another catalog whose tables have the
// schemas the query was compiled against, such as the same tables limited
// to a time window. It lets a scheduler compile a rule once and run it at
// every tick.
func (q *Query) RunOn(ctx context.Context, catalog Catalog, opts Options) (*Table, error) {
	return exec.Run(ctx, q.root, catalog, opts)
}

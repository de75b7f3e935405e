// Package exec runs logical plans (package plan) over columnar tables
// (package column).
//
// Start with Run: it takes a plan, a Catalog of input tables and Options
// (clock, batch size, parallelism, limits) and returns the result table.
// Each operator lives in its own file; scalar functions live in one file
// per family (func_string.go, func_datetime.go and so on) and aggregates
// in agg.go.
package exec

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
)

// Catalog supplies the tables a query scans.
type Catalog interface {
	// Table returns the named table, or false when there is none.
	Table(name string) (*column.Table, bool)
}

// MapCatalog is a Catalog over a map from table name to table.
type MapCatalog map[string]*column.Table

// Table returns the named table.
func (m MapCatalog) Table(name string) (*column.Table, bool) {
	t, ok := m[name]
	return t, ok
}

// Options control one run of a query.
type Options struct {
	// Now is the instant now() returns and ago() counts back from, fixed
	// for the whole query. The zero value means the wall clock, read once
	// when the query starts.
	Now time.Time
	// BatchSize is the number of rows per batch the operators produce.
	// 0 means column.DefaultBatchSize. Results do not depend on it.
	BatchSize int
	// Parallelism is the number of goroutines filters and projections
	// use. 0 means runtime.GOMAXPROCS(0); 1 runs serially. Results do not
	// depend on it.
	Parallelism int
	// MaxRows caps the number of rows any operator may produce. 0 means
	// DefaultMaxRows.
	MaxRows int64
	// MaxMemory caps the estimated bytes of the operator results of one
	// run, added up over the whole run (an upper bound of what is alive at
	// once). Catalog tables that a scan reads are not counted. 0 means
	// DefaultMaxMemory.
	MaxMemory int64
}

// Default limits.
const (
	DefaultMaxRows   = 50_000_000
	DefaultMaxMemory = 8 << 30
)

// ErrRowLimit and ErrMemoryLimit are returned (wrapped) when a query
// exceeds Options.MaxRows or Options.MaxMemory.
var (
	ErrRowLimit    = errors.New("row limit exceeded")
	ErrMemoryLimit = errors.New("memory limit exceeded")
)

// runner is the state of one query run.
type runner struct {
	ctx       context.Context
	catalog   Catalog
	now       int64 // ticks
	batchSize int
	workers   int
	maxRows   int64
	maxMemory int64
	memory    atomic.Int64

	mu     sync.Mutex
	shared map[int]*sharedResult
	// rows holds the table each RowSource reads during a per-row
	// subquery run.
	rows map[*plan.RowSource]*column.Table
}

type sharedResult struct {
	once  sync.Once
	table *column.Table
	err   error
}

// ErrInternal is returned (wrapped) when the engine fails on a bug of its
// own; the message holds the panic value.
var ErrInternal = errors.New("internal error in the query engine")

// Run executes the plan rooted at root and returns its result. A panic
// inside the engine is returned as an error wrapping ErrInternal rather
// than crashing the caller.
func Run(ctx context.Context, root plan.Node, catalog Catalog, opts Options) (t *column.Table, err error) {
	defer func() {
		if p := recover(); p != nil {
			t, err = nil, fmt.Errorf("%w: %v", ErrInternal, p)
		}
	}()
	r := newRunner(ctx, catalog, opts)
	return r.run(root)
}

func newRunner(ctx context.Context, catalog Catalog, opts Options) *runner {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	r := &runner{
		ctx:       ctx,
		catalog:   catalog,
		batchSize: opts.BatchSize,
		workers:   opts.Parallelism,
		maxRows:   opts.MaxRows,
		maxMemory: opts.MaxMemory,
		shared:    make(map[int]*sharedResult),
	}
	if t, ok := timeToTicks(now); ok {
		r.now = t
	}
	if r.batchSize <= 0 {
		r.batchSize = column.DefaultBatchSize
	}
	if r.workers <= 0 {
		r.workers = runtime.GOMAXPROCS(0)
	}
	if r.maxRows <= 0 {
		r.maxRows = DefaultMaxRows
	}
	if r.maxMemory <= 0 {
		r.maxMemory = DefaultMaxMemory
	}
	return r
}

func (r *runner) run(n plan.Node) (*column.Table, error) {
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	var (
		t   *column.Table
		err error
	)
	switch n := n.(type) {
	case *plan.Scan:
		t, err = r.scan(n)
	case *plan.Values:
		t, err = r.values(n)
	case *plan.Range:
		t, err = r.rangeOp(n)
	case *plan.Filter:
		t, err = r.filter(n)
	case *plan.Project:
		t, err = r.project(n)
	case *plan.Union:
		t, err = r.union(n)
	case *plan.Sort:
		t, err = r.sort(n)
	case *plan.Take:
		t, err = r.take(n)
	case *plan.Top:
		t, err = r.top(n)
	case *plan.Count:
		t, err = r.count(n)
	case *plan.Distinct:
		t, err = r.distinct(n)
	case *plan.Summarize:
		t, err = r.summarize(n)
	case *plan.Join:
		t, err = r.join(n)
	case *plan.MvExpand:
		t, err = r.mvExpand(n)
	case *plan.Parse:
		t, err = r.parse(n)
	case *plan.Shared:
		t, err = r.sharedOp(n)
	case *plan.Serialize:
		t, err = r.run(n.Input)
	case *plan.TopNested:
		t, err = r.topNested(n)
	case *plan.ScanSteps:
		t, err = r.scanSteps(n)
	case *plan.Pivot:
		t, err = r.pivot(n)
	case *plan.BagUnpack:
		t, err = r.bagUnpack(n)
	case *plan.Partition:
		t, err = r.partition(n)
	case *plan.RowSource:
		t, err = r.rowSource(n)
	case *plan.MvApply:
		t, err = r.mvApply(n)
	case *plan.ParseKv:
		t, err = r.parseKv(n)
	case *plan.MakeSeries:
		t, err = r.makeSeries(n)
	default:
		return nil, fmt.Errorf("exec: operator %T is not supported", n)
	}
	if err != nil {
		return nil, err
	}
	if _, isScan := n.(*plan.Scan); isScan {
		return t, nil
	}
	if err := r.account(t); err != nil {
		return nil, err
	}
	return t, nil
}

// account checks a result against the row and memory limits.
func (r *runner) account(t *column.Table) error {
	rows := int64(t.NumRows())
	if rows > r.maxRows {
		return fmt.Errorf("%w: an operator produced %d rows, over the limit of %d; narrow the query with where or take, or raise the row limit", ErrRowLimit, rows, r.maxRows)
	}
	used := r.memory.Add(estimateBytes(t))
	if used > r.maxMemory {
		return fmt.Errorf("%w: intermediate results need about %d MiB, over the limit of %d MiB; narrow the query or raise the memory limit", ErrMemoryLimit, used>>20, r.maxMemory>>20)
	}
	return nil
}

// estimateBytes estimates the memory a table's vectors hold: 8 bytes a
// cell for fixed-size kinds, 4 for string codes plus the dictionaries,
// and 32 for boxed values. Vectors shared with the input are counted
// again, so the figure errs high.
func estimateBytes(t *column.Table) int64 {
	var total int64
	seen := map[*column.Dict]bool{}
	for _, b := range t.Batches {
		for _, v := range b.Vectors {
			switch {
			case v.Dict() != nil:
				total += int64(v.Len()) * 4
				if d := v.Dict(); !seen[d] {
					seen[d] = true
					for _, s := range d.Values() {
						total += int64(len(s)) + 16
					}
				}
			case v.Values() != nil:
				total += int64(v.Len()) * 32
			default:
				total += int64(v.Len()) * 8
			}
		}
	}
	return total
}

// checkMemory fails when an operator about to allocate about extra bytes
// would take the run past the memory limit.
func (r *runner) checkMemory(extra int64) error {
	if used := r.memory.Load() + extra; used > r.maxMemory {
		return fmt.Errorf("%w: intermediate results would need about %d MiB, over the limit of %d MiB; narrow the query or raise the memory limit", ErrMemoryLimit, used>>20, r.maxMemory>>20)
	}
	return nil
}

// checkRows fails when an operator is about to produce more than the row
// limit, before it allocates them.
func (r *runner) checkRows(n int64) error {
	if n > r.maxRows {
		return fmt.Errorf("%w: an operator would produce %d rows, over the limit of %d; narrow the query with where or take, or raise the row limit", ErrRowLimit, n, r.maxRows)
	}
	return nil
}

func (r *runner) sharedOp(n *plan.Shared) (*column.Table, error) {
	r.mu.Lock()
	s, ok := r.shared[n.ID]
	if !ok {
		s = &sharedResult{}
		r.shared[n.ID] = s
	}
	r.mu.Unlock()
	s.once.Do(func() { s.table, s.err = r.run(n.Input) })
	return s.table, s.err
}

// parallelBatches runs f on every batch of t, using up to r.workers
// goroutines, and returns the outputs in batch order.
func (r *runner) parallelBatches(t *column.Table, f func(b *column.Batch) (*column.Batch, error)) ([]*column.Batch, error) {
	out := make([]*column.Batch, len(t.Batches))
	if r.workers <= 1 || len(t.Batches) <= 1 {
		for i, b := range t.Batches {
			if err := r.ctx.Err(); err != nil {
				return nil, err
			}
			o, err := f(b)
			if err != nil {
				return nil, err
			}
			out[i] = o
		}
		return out, nil
	}
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	for w := 0; w < min(r.workers, len(t.Batches)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("%w: %v", ErrInternal, p) })
				}
			}()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(t.Batches) {
					return
				}
				if err := r.ctx.Err(); err != nil {
					errOnce.Do(func() { firstErr = err })
					return
				}
				o, err := f(t.Batches[i])
				if err != nil {
					errOnce.Do(func() { firstErr = err })
					return
				}
				out[i] = o
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

// rebatch cuts a list of vectors (one per column, all of length n) into
// batches of r.batchSize rows.
func (r *runner) batchesOf(vectors []*column.Vector, n int) []*column.Batch {
	if n == 0 {
		return nil
	}
	if len(vectors) == 0 {
		var out []*column.Batch
		for lo := 0; lo < n; lo += r.batchSize {
			out = append(out, &column.Batch{Len: min(r.batchSize, n-lo)})
		}
		return out
	}
	if n <= r.batchSize {
		return []*column.Batch{{Len: n, Vectors: vectors}}
	}
	var out []*column.Batch
	for lo := 0; lo < n; lo += r.batchSize {
		hi := min(lo+r.batchSize, n)
		b := &column.Batch{Len: hi - lo, Vectors: make([]*column.Vector, len(vectors))}
		for c, v := range vectors {
			b.Vectors[c] = v.Slice(lo, hi)
		}
		out = append(out, b)
	}
	return out
}

// wholeColumns returns every column of t as a single vector.
func wholeColumns(t *column.Table) []*column.Vector {
	out := make([]*column.Vector, len(t.Columns))
	for c := range t.Columns {
		out[c] = t.Vector(c)
	}
	return out
}

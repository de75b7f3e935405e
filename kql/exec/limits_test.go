package exec

import (
	"context"
	"errors"
	"testing"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

func joinExplosion(t *testing.T) (plan.Node, MapCatalog) {
	t.Helper()
	cols := []types.Column{{Name: "k", Type: types.Long}, {Name: "s", Type: types.String}}
	var rows [][]any
	for i := 0; i < 2000; i++ {
		rows = append(rows, []any{1, "padding text for the row"})
	}
	tbl, err := column.FromRows(cols, rows)
	if err != nil {
		t.Fatal(err)
	}
	scan := &plan.Scan{Table: "T", Columns: cols}
	j := &plan.Join{Left: scan, Right: scan, Kind: plan.Inner, LeftKeys: []int{0}, RightKeys: []int{0},
		LeftOut: []int{0, 1}, RightOut: []int{0, 1},
		Columns: append(append([]types.Column(nil), cols...), types.Column{Name: "k1", Type: types.Long}, types.Column{Name: "s1", Type: types.String})}
	return j, MapCatalog{"T": tbl}
}

func TestRowLimitError(t *testing.T) {
	p, cat := joinExplosion(t)
	_, err := Run(context.Background(), p, cat, Options{MaxRows: 1_000_000})
	if !errors.Is(err, ErrRowLimit) {
		t.Fatalf("err = %v, want ErrRowLimit", err)
	}
}

func TestMemoryLimitError(t *testing.T) {
	p, cat := joinExplosion(t)
	_, err := Run(context.Background(), p, cat, Options{MaxMemory: 1 << 20})
	if !errors.Is(err, ErrMemoryLimit) {
		t.Fatalf("err = %v, want ErrMemoryLimit", err)
	}
}

func TestCanceledContext(t *testing.T) {
	p, cat := joinExplosion(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, p, cat, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

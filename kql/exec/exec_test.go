package exec

import (
	"context"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

func processTable(t *testing.T) *column.Table {
	t.Helper()
	cols := []types.Column{{Name: "FileName", Type: types.String}, {Name: "Cmd", Type: types.String}, {Name: "N", Type: types.Long}}
	tbl, err := column.FromRows(cols, [][]any{
		{"sc.exe", "sc create evil binPath=C:\\x.exe", 1},
		{"SC.EXE", "sc config foo", 2},
		{"cmd.exe", "KustoExplorerQueryRun", 3},
		{"notepad.exe", "notepad co op", nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

func TestFilterHasAndFold(t *testing.T) {
	tbl := processTable(t)
	cols := tbl.Columns
	pred := plan.NewCall("and", types.Bool,
		plan.NewCall("=~", types.Bool, plan.Col(cols, 0), plan.NewConst(types.String, "sc.exe")),
		plan.NewCall("has_any", types.Bool, plan.Col(cols, 1), plan.NewConst(types.String, "create"), plan.NewConst(types.String, "CONFIG")))
	p := &plan.Filter{Input: &plan.Scan{Table: "T", Columns: cols}, Pred: pred}
	for _, bs := range []int{1, 3, 0} {
		out, err := Run(context.Background(), p, MapCatalog{"T": tbl}, Options{BatchSize: bs, Now: time.Unix(0, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if got := out.NumRows(); got != 2 {
			t.Errorf("batch size %d: got %d rows, want 2", bs, got)
		}
	}
}

func TestSummarizeCountByKey(t *testing.T) {
	tbl := processTable(t)
	cols := tbl.Columns
	key := plan.NewCall("tolower", types.String, plan.Col(cols, 0))
	p := &plan.Summarize{
		Input:   &plan.Scan{Table: "T", Columns: cols},
		By:      []plan.Expr{key},
		Aggs:    []*plan.AggCall{{Name: "count", Kind: types.Long}, {Name: "sum", Args: []plan.Expr{plan.Col(cols, 2)}, Kind: types.Long}},
		Columns: []types.Column{{Name: "k", Type: types.String}, {Name: "count_", Type: types.Long}, {Name: "sum_N", Type: types.Long}},
	}
	out, err := Run(context.Background(), p, MapCatalog{"T": tbl}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := out.Rows()
	if len(rows) != 3 {
		t.Fatalf("got %d groups, want 3: %v", len(rows), rows)
	}
	if rows[0][0] != "sc.exe" || rows[0][1] != int64(2) || rows[0][2] != int64(3) {
		t.Errorf("first group = %v, want [sc.exe 2 3]", rows[0])
	}
}

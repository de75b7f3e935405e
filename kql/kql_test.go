package kql

import (
	"context"
	"testing"
)

func TestCompileAndRunPrint(t *testing.T) {
	q, err := Compile(`print x = 1 + 2, s = strcat("a", "b")`, NewCatalog())
	if err != nil {
		t.Fatal(err)
	}
	res, err := q.Run(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := res.Rows()
	if len(rows) != 1 || rows[0][0] != int64(3) || rows[0][1] != "ab" {
		t.Errorf("rows = %v, want [[3 ab]]", rows)
	}
}

package kql_test

import (
	"context"
	"fmt"
	"time"

	"github.com/quarry-kql/quarry/kql"
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/types"
)

func ExampleCompile() {
	columns := []types.Column{
		{Name: "Timestamp", Type: types.DateTime},
		{Name: "FileName", Type: types.String},
		{Name: "ProcessCommandLine", Type: types.String},
	}
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tb := column.NewTableBuilder(columns, 0)
	rows := [][]any{
		{now.Add(-time.Hour), "sc.exe", `sc create Evil binPath= C:\Temp\evil.exe`},
		{now.Add(-2 * time.Hour), "SC.EXE", "sc query Evil"},
		{now.Add(-48 * time.Hour), "sc.exe", `sc create Old binPath= C:\old.exe`},
	}
	for _, r := range rows {
		if err := tb.AppendRow(r); err != nil {
			panic(err)
		}
	}
	cat := kql.NewCatalog()
	cat.Add("DeviceProcessEvents", tb.Build())

	q, err := kql.Compile(`DeviceProcessEvents
| where Timestamp > ago(1d) and FileName =~ "sc.exe" and ProcessCommandLine has "create"
| project Timestamp, ProcessCommandLine`, cat)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := q.Run(context.Background(), kql.Options{Now: now})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range res.Rows() {
		fmt.Println(types.Format(row[0]), row[1])
	}

	_, err = kql.Compile("DeviceProcessEvents | where FileNam == 1", cat)
	fmt.Println(err)
	// Output:
	// 2024-05-01T11:00:00.0000000Z sc create Evil binPath= C:\Temp\evil.exe
	// 1:29: unknown column 'FileNam'; did you mean 'FileName'?
}

package kql

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/types"
)

// benchRows is the size of the generated process-event table.
const benchRows = 1_000_000

var benchColumns = []types.Column{
	{Name: "Timestamp", Type: types.DateTime},
	{Name: "DeviceName", Type: types.String},
	{Name: "FileName", Type: types.String},
	{Name: "ProcessCommandLine", Type: types.String},
	{Name: "InitiatingProcessFileName", Type: types.String},
}

// benchRecords generates process events with a realistic spread: a few
// dozen programs, command lines with per-event arguments (so about a
// third of the command lines are distinct), and a small share of service
// creation.
func benchRecords(n int) [][]any {
	rng := rand.New(rand.NewPCG(1, 2))
	programs := []string{"svchost.exe", "chrome.exe", "msedge.exe", "explorer.exe", "cmd.exe", "powershell.exe",
		"conhost.exe", "RuntimeBroker.exe", "taskhostw.exe", "SearchIndexer.exe", "sc.exe", "SC.EXE", "wmic.exe",
		"rundll32.exe", "reg.exe", "notepad.exe", "OneDrive.exe", "Teams.exe", "pwsh.exe", "git.exe"}
	parents := []string{"explorer.exe", "services.exe", "cmd.exe", "WINWORD.EXE", "svchost.exe", "powershell.exe"}
	verbs := []string{"query", "create", "config", "start", "stop", "describe", "Get-Service", "New-Service", "--type=renderer", "/c dir"}
	base := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	out := make([][]any, n)
	for i := range out {
		prog := programs[rng.IntN(len(programs))]
		cmd := fmt.Sprintf("%s %s Svc%d binPath= C:\\Program Files\\App%d\\bin.exe --id=%d",
			strings.ToLower(prog), verbs[rng.IntN(len(verbs))], rng.IntN(500), rng.IntN(50), rng.IntN(n/3+1))
		out[i] = []any{
			base.Add(time.Duration(i) * 50 * time.Millisecond),
			fmt.Sprintf("host%03d", rng.IntN(300)),
			prog,
			cmd,
			parents[rng.IntN(len(parents))],
		}
	}
	return out
}

const benchQuery = `Procs
| where FileName =~ "sc.exe" and ProcessCommandLine has "create"
    or FileName in~ ("powershell.exe", "pwsh.exe") and ProcessCommandLine has "New-Service"
| count`

// naiveHas is Kusto's has done the plain way: lower-case both sides,
// split the value into terms, and compare.
func naiveHas(value, term string) bool {
	v := strings.ToLower(value)
	t := strings.ToLower(term)
	fields := strings.FieldsFunc(v, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	tterms := strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i := 0; i+len(tterms) <= len(fields); i++ {
		match := true
		for j, tt := range tterms {
			if fields[i+j] != tt {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// naiveCount evaluates benchQuery row by row over maps.
func naiveCount(rows []map[string]any) int {
	n := 0
	for _, r := range rows {
		file := r["FileName"].(string)
		cmd := r["ProcessCommandLine"].(string)
		a := strings.EqualFold(file, "sc.exe") && naiveHas(cmd, "create")
		lf := strings.ToLower(file)
		b := (lf == "powershell.exe" || lf == "pwsh.exe") && naiveHas(cmd, "New-Service")
		if a || b {
			n++
		}
	}
	return n
}

// BenchmarkFilterHasFold runs a has, =~ and in~ filter over a million
// process events with the engine and with a naive row-by-row evaluator
// over maps, and reports both times per row, their ratio, the table's
// memory per row, and the time of the first run, which also builds the
// term index.
func BenchmarkFilterHasFold(b *testing.B) {
	records := benchRecords(benchRows)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	table, err := column.FromRows(benchColumns, records)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	bytesPerRow := float64(after.HeapAlloc-before.HeapAlloc) / benchRows

	maps := make([]map[string]any, len(records))
	for i, r := range records {
		m := make(map[string]any, len(benchColumns))
		for c, col := range benchColumns {
			m[col.Name] = r[c]
		}
		maps[i] = m
	}
	cat := NewCatalog()
	cat.Add("Procs", table)
	q, err := Compile(benchQuery, cat)
	if err != nil {
		b.Fatal(err)
	}
	want := naiveCount(maps)

	// The first run builds the term index of ProcessCommandLine, which
	// then serves every later query over the table; report it apart.
	start := time.Now()
	if _, err := q.Run(context.Background(), Options{}); err != nil {
		b.Fatal(err)
	}
	firstRun := time.Since(start)

	// Time the naive evaluator first, then drop its maps so that the
	// garbage collector does not charge scanning them to the engine.
	b.ResetTimer()
	var engine, naive time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		naiveCount(maps)
		naive += time.Since(start)
	}
	maps, records = nil, nil
	runtime.GC()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		res, err := q.Run(context.Background(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		engine += time.Since(start)
		if got := res.Rows()[0][0].(int64); int(got) != want {
			b.Fatalf("engine counted %d rows, naive evaluation %d", got, want)
		}
	}
	b.StopTimer()
	perRow := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N) / benchRows }
	b.ReportMetric(perRow(engine), "engine-ns/row")
	b.ReportMetric(perRow(naive), "naive-ns/row")
	b.ReportMetric(float64(naive)/float64(engine), "speedup")
	b.ReportMetric(bytesPerRow, "table-B/row")
	b.ReportMetric(float64(firstRun.Milliseconds()), "first-run-ms")
}

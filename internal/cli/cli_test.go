package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func countTypes(t *testing.T, out string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		for _, dt := range detectionTypes(t, line) {
			counts[dt]++
		}
	}
	return counts
}

func TestDetectSample(t *testing.T) {
	code, out, errOut := run("detect", "--format", "json")
	if code != 0 {
		t.Fatalf("exit status %d:\n%s", code, errOut)
	}
	want := map[string]int{
		"NewServiceCreation":             5,
		"SuspiciousServiceBinaryPath":    10,
		"ServiceCreatedByOfficeOrScript": 1,
		"AutostartServiceRegistered":     1,
	}
	got := countTypes(t, out)
	for dt, n := range want {
		if got[dt] != n {
			t.Errorf("%s: %d alerts, want %d", dt, got[dt], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("DetectionType counts %v, want %v", got, want)
	}
	for _, s := range []string{"the embedded sample", "read 61 records from 2 files", "ran 1 rule: 1 rule raised 17 alerts"} {
		if !strings.Contains(errOut, s) {
			t.Errorf("summary lacks %q:\n%s", s, errOut)
		}
	}
}

func TestDetectNow(t *testing.T) {
	// The sample's events lie between 09:00 and 10:00 on 12 March 2026;
	// the rule looks back 24 hours.
	code, out, errOut := run("detect", "--format", "json", "--now", "2026-03-12T10:00:00Z")
	if code != 0 {
		t.Fatalf("exit status %d:\n%s", code, errOut)
	}
	if n := strings.Count(out, "\n"); n != 17 {
		t.Errorf("got %d alerts at 10:00, want 17", n)
	}
	if !strings.Contains(errOut, "17 alerts from 1 run") {
		t.Errorf("summary does not show one run:\n%s", errOut)
	}
	code, out, _ = run("detect", "--format", "json", "--now", "2026-03-13T10:00:01Z")
	if code != 0 || out != "" {
		t.Errorf("a day later: exit status %d, output %q, want no alerts", code, out)
	}
}

func TestDetectRuleErrorLocatesLine(t *testing.T) {
	dir := t.TempDir()
	rule := `id: r-1
name: Broken rule
severity: Low
queryFrequency: 1h
queryPeriod: 1h
query: |
  DeviceProcessEvents
  | where FileNme == "sc.exe"
`
	path := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(path, []byte(rule), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run("detect", "--rules", path)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	// The query's second line is line 8 of the file, indented two spaces.
	if !strings.Contains(errOut, path+":8:11: error:") || !strings.Contains(errOut, "FileNme") {
		t.Errorf("error not located in the rule file:\n%s", errOut)
	}
}

func TestDetectUsageErrors(t *testing.T) {
	cases := [][]string{
		{"detect", "--format", "xml"},
		{"detect", "stray"},
		{"detect", "--now", "yesterday"},
		{"detect", "--no-such-flag"},
	}
	for _, args := range cases {
		if code, _, errOut := run(args...); code != exitUsage || errOut == "" {
			t.Errorf("%v: exit status %d, stderr %q; want %d with a message", args, code, errOut, exitUsage)
		}
	}
}

func TestQuerySample(t *testing.T) {
	code, out, errOut := run("query", `DeviceProcessEvents | where FileName =~ "SC.EXE" | summarize n = count() by DeviceName | sort by DeviceName asc`)
	if code != 0 {
		t.Fatalf("exit status %d:\n%s", code, errOut)
	}
	want := "DeviceName                n\nsrv-app-02.contoso.local  3\nws-fin-07.contoso.local   3\n(2 rows)\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

func TestQueryFlagsAfterQuery(t *testing.T) {
	code, out, errOut := run("query", "print x = 1", "--format", "csv")
	if code != 0 || out != "x\n1\n" {
		t.Errorf("exit status %d, output %q, stderr %q", code, out, errOut)
	}
}

func TestQueryErrorShowsCaret(t *testing.T) {
	code, _, errOut := run("query", "DeviceProcessEvents\n| where FileNam == 1")
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	want := "query:2:9: error:"
	if !strings.Contains(errOut, want) {
		t.Fatalf("stderr lacks %q:\n%s", want, errOut)
	}
	if !strings.Contains(errOut, "    | where FileNam == 1\n            ^\n") {
		t.Errorf("no caret under the column:\n%s", errOut)
	}
}

func TestQueryUnknownTable(t *testing.T) {
	code, _, errOut := run("query", "NoSuchTable | take 1")
	if code != 1 || !strings.Contains(errOut, "query:1:1: error:") || !strings.Contains(errOut, "NoSuchTable") {
		t.Errorf("exit status %d, stderr:\n%s", code, errOut)
	}
}

func TestQueryBadInputIsCounted(t *testing.T) {
	dir := t.TempDir()
	good := `{"Event":{"System":{"Provider":{"Name":"Microsoft-Windows-Sysmon"},"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"h1","TimeCreated":{"SystemTime":"2026-03-01T10:00:00Z"}},"EventData":{"Image":"C:\\Windows\\System32\\sc.exe","CommandLine":"sc query"}}}`
	other := strings.Replace(good, "sc query", "sc qc wuauserv", 1)
	data := good + "\n{\"Event\": {\"System\": \n" + other + "\n"
	path := filepath.Join(dir, "mixed.json")
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run("query", "--input", path, "DeviceProcessEvents | count")
	if code != 0 {
		t.Fatalf("exit status %d:\n%s", code, errOut)
	}
	if !strings.Contains(out, "Count\n2\n") {
		t.Errorf("output %q, want a count of 2", out)
	}
	if !strings.Contains(errOut, "mixed.json:2") || !strings.Contains(errOut, "JSON") {
		t.Errorf("the damaged line is not reported with its location:\n%s", errOut)
	}
}

func TestQueryArgumentErrors(t *testing.T) {
	cases := [][]string{
		{"query"},
		{"query", "print 1", "print 2"},
		{"query", "--file", "x.kql", "print 1"},
		{"query", "--format", "yaml", "print 1"},
	}
	for _, args := range cases {
		if code, _, errOut := run(args...); code != exitUsage || errOut == "" {
			t.Errorf("%v: exit status %d, stderr %q; want %d with a message", args, code, errOut, exitUsage)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := run("detcet")
	if code != exitUsage || !strings.Contains(errOut, `unknown command "detcet"`) {
		t.Errorf("exit status %d, stderr %q", code, errOut)
	}
}

func TestConformanceCounts(t *testing.T) {
	code, out, errOut := run("conformance", "-v", filepath.Join("testdata", "conformance", "cases.jsonl"))
	if code != exitFound {
		t.Errorf("exit status %d, want %d because one case fails", code, exitFound)
	}
	if !strings.HasSuffix(out, "3 passed, 1 failed\n") {
		t.Errorf("output %q, want the summary line 3 passed, 1 failed", out)
	}
	if !strings.Contains(out, "wrong-on-purpose failed") {
		t.Errorf("the failing case is not listed:\n%s%s", out, errOut)
	}
}

func TestTablesSample(t *testing.T) {
	code, out, errOut := run("tables")
	if code != 0 {
		t.Fatalf("exit status %d:\n%s", code, errOut)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 3 {
			rows[f[0]] = f[1]
		}
	}
	if rows["DeviceProcessEvents"] != "19" || rows["DeviceRegistryEvents"] != "30" {
		t.Errorf("row counts %v, want 19 process and 30 registry rows", rows)
	}
	if _, ok := rows["DeviceNetworkEvents"]; ok {
		t.Errorf("a table without rows is listed without --all:\n%s", out)
	}

	_, out, _ = run("tables", "-v")
	for _, want := range []string{"  RegistryValueData ", "  TimeGenerated "} {
		if !strings.Contains(out, want) {
			t.Errorf("column listing lacks %q", want)
		}
	}
}

func TestMissingInputFails(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.evtx")
	for _, cmd := range []string{"detect", "query", "tables"} {
		args := []string{cmd, "--input", missing}
		if cmd == "query" {
			args = append(args, "print 1")
		}
		code, out, errOut := run(args...)
		if code != exitFound {
			t.Errorf("%s: exit status %d, want %d", cmd, code, exitFound)
		}
		if !strings.Contains(errOut, "cannot read "+missing) {
			t.Errorf("%s: stderr lacks the path:\n%s", cmd, errOut)
		}
		if out != "" {
			t.Errorf("%s: printed %q for a missing input", cmd, out)
		}
	}
	code, _, errOut := run("detect", "--input", t.TempDir())
	if code != exitFound || !strings.Contains(errOut, "no files found in") {
		t.Errorf("empty folder: exit status %d, stderr:\n%s", code, errOut)
	}
}

func writeRule(t *testing.T, dir, name, id, entityColumn string) string {
	t.Helper()
	rule := `id: ` + id + `
name: Process start
severity: Low
queryFrequency: 1h
queryPeriod: 1h
query: |
  DeviceProcessEvents
  | where FileName =~ "sc.exe"
  | project Timestamp, DeviceName, ProcessCommandLine
entityMappings:
  - entityType: Host
    fieldMappings:
      - identifier: HostName
        columnName: ` + entityColumn + "\n"
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(rule), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDetectWarnsAboutRules(t *testing.T) {
	dir := t.TempDir()
	writeRule(t, dir, "a.yaml", "same-id", "DeviceNme")
	writeRule(t, dir, "b.yaml", "same-id", "DeviceName")
	code, _, errOut := run("detect", "--rules", dir)
	if code != 0 {
		t.Fatalf("exit status %d:\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "a.yaml: warning: entity Host.HostName reads column 'DeviceNme', which the query does not return") {
		t.Errorf("no warning about the missing entity column:\n%s", errOut)
	}
	if !strings.Contains(errOut, "have the same id same-id") {
		t.Errorf("no warning about the shared id:\n%s", errOut)
	}
}

func TestDetectCountsBadRuleFiles(t *testing.T) {
	dir := t.TempDir()
	writeRule(t, dir, "good.yaml", "g1", "DeviceName")
	for _, name := range []string{"bad1.yaml", "bad2.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("id: [unclosed"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, _, errOut := run("detect", "--rules", dir)
	if code != exitFound {
		t.Errorf("exit status %d, want %d", code, exitFound)
	}
	if strings.Count(errOut, "quarry detect: "+dir) != 2 {
		t.Errorf("each bad file needs its own prefixed line:\n%s", errOut)
	}
	if !strings.Contains(errOut, "ran 1 rule: 1 rule raised 6 alerts; 2 rule files could not be loaded") {
		t.Errorf("summary does not count the files that failed:\n%s", errOut)
	}
}

func TestDetectBadOutputFailsFirst(t *testing.T) {
	out := filepath.Join(t.TempDir(), "no", "such", "dir", "alerts.json")
	code, _, errOut := run("detect", "--output", out)
	if code != exitFound {
		t.Errorf("exit status %d, want %d", code, exitFound)
	}
	if strings.Contains(errOut, "read 61 records") {
		t.Errorf("inputs were read before the output path was checked:\n%s", errOut)
	}
}

func TestHelpGoesToStandardOutput(t *testing.T) {
	for _, args := range [][]string{{"detect", "-h"}, {"help", "query"}, {"check", "--help"}} {
		code, out, _ := run(args...)
		if code != 0 || !strings.HasPrefix(out, "Usage: quarry "+strings.Replace(args[0], "help", "query", 1)) {
			t.Errorf("%v: exit status %d, output %.60q", args, code, out)
		}
	}
	if code, out, _ := run("version"); code != 0 || !strings.HasPrefix(out, "quarry ") {
		t.Errorf("version: exit status %d, output %q", code, out)
	}
}

func TestDetectHTMLListsInputProblems(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\"Event\": {\"System\": \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run("detect", "--input", dir, "--format", "html")
	if code != 0 {
		t.Fatalf("exit status %d:\n%s", code, errOut)
	}
	if !strings.Contains(out, "<h2>Input problems</h2>") || !strings.Contains(out, "bad.json:1: truncated JSON") {
		t.Errorf("the page does not list the damaged file:\n%s", out)
	}
}

func TestQueryRowLimit(t *testing.T) {
	code, _, errOut := run("query", "--max-rows", "5", "range x from 1 to 100 step 1")
	if code != exitFound || !strings.Contains(errOut, "row limit exceeded") || !strings.Contains(errOut, "(--max-rows)") {
		t.Errorf("exit status %d, stderr:\n%s", code, errOut)
	}
	code, out, errOut := run("query", "--max-rows", "1000", "range x from 1 to 100 step 1 | count")
	if code != 0 || !strings.Contains(out, "100") {
		t.Errorf("under the limit: exit status %d, output %q, stderr:\n%s", code, out, errOut)
	}
}

func TestSummaryCountsUntimedRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.json")
	row := `{"Timestamp":"not a time","DeviceName":"h1","ActionType":"ProcessCreated","FileName":"sc.exe","ProcessCommandLine":"sc create x binPath= cmd.exe"}`
	if err := os.WriteFile(path, []byte(row+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, errOut := run("detect", "--input", path)
	if !strings.Contains(errOut, "rows without a TimeGenerated or Timestamp value: 1") {
		t.Errorf("summary does not count the row no run can see:\n%s", errOut)
	}
	if !strings.Contains(errOut, "rows.json:1: invalid value") {
		t.Errorf("summary does not locate the bad time:\n%s", errOut)
	}
}

func TestQueryHintsAtNow(t *testing.T) {
	code, out, errOut := run("query", "DeviceProcessEvents | where Timestamp > ago(1h)")
	if code != 0 || !strings.Contains(out, "(0 rows)") {
		t.Fatalf("exit status %d, output %q", code, out)
	}
	if !strings.Contains(errOut, "try --now 2026-03-12T09:") {
		t.Errorf("no hint about --now:\n%s", errOut)
	}
	_, _, errOut = run("query", "--now", "2026-03-12T10:00:00Z", "DeviceProcessEvents | where Timestamp > ago(1h) | count")
	if strings.Contains(errOut, "try --now") {
		t.Errorf("hint printed although --now was given:\n%s", errOut)
	}
}

func TestAlertsNameTheirSourceRecords(t *testing.T) {
	code, out, errOut := run("detect", "--format", "json")
	if code != 0 {
		t.Fatalf("exit status %d:\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, line := range lines {
		var a struct {
			Sources []string `json:"sources"`
		}
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		// Each alert of the sample comes from events of a host's file;
		// events at the same instant on the same host are all candidates.
		if len(a.Sources) == 0 || len(a.Sources) > 2 {
			t.Errorf("sources %q, want one or two", a.Sources)
		}
		for _, src := range a.Sources {
			if !strings.HasPrefix(src, "ws-") && !strings.HasPrefix(src, "srv-") || !strings.Contains(src, ".jsonl:") {
				t.Errorf("source %q, want a sample file and line", src)
			}
		}
	}
}

func TestDetectWritesSummary(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\"Event\": {\"System\": \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "summary.json")
	if code, _, errOut := run("detect", "--input", dir, "--summary", path); code != 0 {
		t.Fatalf("exit status %d:\n%s", code, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Inputs []struct {
			Path     string         `json:"path"`
			Problems map[string]int `json:"problems"`
			Details  []string       `json:"details"`
		} `json:"inputs"`
		Rules []struct {
			Name string `json:"name"`
		} `json:"rules"`
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Inputs) != 1 || sum.Inputs[0].Problems["truncated JSON"] != 1 || len(sum.Inputs[0].Details) != 1 {
		t.Errorf("inputs = %+v, want the truncated file with its problem", sum.Inputs)
	}
	if len(sum.Rules) != 1 || !strings.HasPrefix(sum.Rules[0].Name, "Malicious Windows service") {
		t.Errorf("rules = %+v, want the built-in rule", sum.Rules)
	}
}

func TestSchemaFlagDeclaresTables(t *testing.T) {
	dir := t.TempDir()
	decl := filepath.Join(dir, "tables.tsv")
	text := "table\tcolumn\ttype\nCommonSecurityLog\tTimeGenerated\tdatetime\nCommonSecurityLog\tDeviceVendor\tstring\n"
	if err := os.WriteFile(decl, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	query := "CommonSecurityLog | where DeviceVendor == 'Fortinet' | count"
	if code, _, errOut := run("query", query); code != exitFound || !strings.Contains(errOut, "unknown table 'CommonSecurityLog'") {
		t.Errorf("without --schema: exit status %d, stderr:\n%s", code, errOut)
	}
	code, out, errOut := run("query", "--schema", decl, query)
	if code != 0 || !strings.Contains(out, "Count\n0\n") {
		t.Errorf("with --schema: exit status %d, output %q, stderr:\n%s", code, out, errOut)
	}
	path := filepath.Join(dir, "q.kql")
	if err := os.WriteFile(path, []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runCheckCommand("", "--schema", decl, path); code != 0 || !strings.Contains(out, "result (Count:long)") {
		t.Errorf("check with --schema: exit status %d, output %q", code, out)
	}
	if code, _, errOut := run("query", "--schema", filepath.Join(dir, "missing.tsv"), "print 1"); code != exitUsage || !strings.Contains(errOut, "missing.tsv") {
		t.Errorf("missing schema file: exit status %d, stderr %q", code, errOut)
	}
}

package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/rules"
)

func TestFormatTimeSpan(t *testing.T) {
	cases := map[time.Duration]string{
		24 * time.Hour:                   "1.00:00:00",
		500 * time.Millisecond:           "00:00:00.5000000",
		-90 * time.Minute:                "-01:30:00",
		26*time.Hour + 3*time.Second:     "1.02:00:03",
		100 * time.Nanosecond:            "00:00:00.0000001",
		14*24*time.Hour + 5*time.Minute:  "14.00:05:00",
		time.Hour + 250*time.Microsecond: "01:00:00.0002500",
	}
	for d, want := range cases {
		if got := FormatTimeSpan(d); got != want {
			t.Errorf("FormatTimeSpan(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestFormatDateTime(t *testing.T) {
	ts := time.Date(2019, 3, 3, 9, 20, 28, 621489700, time.FixedZone("x", 3600))
	if got, want := FormatDateTime(ts), "2019-03-03T08:20:28.6214897Z"; got != want {
		t.Errorf("FormatDateTime = %q, want %q", got, want)
	}
}

func sampleAlert() rules.Alert {
	ts := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	return rules.Alert{
		RuleID: "r1", RuleName: "Service tampering", Severity: "High", Confidence: "Medium",
		Tactics: []string{"TA0003"}, Techniques: []string{"T1543.003"},
		Time: ts, RunAt: ts.Add(time.Hour),
		Entities: []rules.Entity{{Type: "Host", Fields: []rules.EntityField{{Name: "HostName", Value: "ws01"}}}},
		Columns: []types.Column{
			{Name: "Timestamp", Type: types.DateTime},
			{Name: "DeviceName", Type: types.String},
			{Name: "ProcessCommandLine", Type: types.String},
			{Name: "Extra", Type: types.Dynamic},
		},
		Row: []any{ts, "ws01", `sc create evil binPath= "cmd.exe /c x"`, map[string]any{"a": 1.0}},
	}
}

func TestWriteAlertsJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAlertsJSON(&buf, []rules.Alert{sampleAlert()}); err != nil {
		t.Fatal(err)
	}
	line := buf.String()
	if strings.Count(line, "\n") != 1 {
		t.Fatalf("want one line, got %q", line)
	}
	// The row keeps the query's column order.
	if !strings.Contains(line, `"row":{"Timestamp":"2026-02-03T04:05:06.0000000Z","DeviceName":"ws01","ProcessCommandLine":"sc create evil binPath= \"cmd.exe /c x\"","Extra":{"a":1}}`) {
		t.Errorf("row not in column order: %s", line)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]any{
		"rule_id": "r1", "severity": "high", "confidence": "medium",
		"time": "2026-02-03T04:05:06.0000000Z", "run_at": "2026-02-03T05:05:06.0000000Z",
	} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
	ents := got["entities"].([]any)
	if len(ents) != 1 || ents[0].(map[string]any)["HostName"] != "ws01" || ents[0].(map[string]any)["type"] != "Host" {
		t.Errorf("entities = %v", ents)
	}
}

func TestWriteAlertsCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAlertsCSV(&buf, []rules.Alert{sampleAlert()}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0][0] != "time" || recs[0][1] != "run_at" || recs[1][3] != "Service tampering" || recs[1][6] != "TA0003" {
		t.Errorf("records = %q", recs)
	}
}

func TestWriteAlertsTable(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAlertsTable(&buf, []rules.Alert{sampleAlert()}, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "TIME") {
		t.Fatalf("table = %q", buf.String())
	}
	for _, want := range []string{"high", "Host: ws01", `ProcessCommandLine=sc create evil binPath= "cmd.exe /c x"`} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("row %q lacks %q", lines[1], want)
		}
	}
	if !strings.Contains(lines[1], "Extra={") || strings.Index(lines[1], "Extra=") > strings.Index(lines[1], "ProcessCommandLine=") {
		t.Errorf("computed column Extra must come before the table columns: %q", lines[1])
	}
	if strings.Contains(lines[1], "DeviceName=") {
		t.Errorf("details repeat the host entity: %q", lines[1])
	}
	buf.Reset()
	WriteAlertsTable(&buf, nil, TableOptions{})
	if buf.String() != "No alerts.\n" {
		t.Errorf("empty table = %q", buf.String())
	}
}

func TestWriteTableAligns(t *testing.T) {
	var buf bytes.Buffer
	cols := []types.Column{{Name: "Name", Type: types.String}, {Name: "n", Type: types.Long}}
	rows := [][]any{{"a\nb", int64(1)}, {"ééé", nil}}
	if err := WriteTable(&buf, cols, rows, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "Name  n\na\\nb  1\nééé\n(2 rows)\n"
	if buf.String() != want {
		t.Errorf("table = %q, want %q", buf.String(), want)
	}
}

func TestWriteAlertsHTML(t *testing.T) {
	a := sampleAlert()
	a.Row[2] = `sc create <evil> binPath= "cmd.exe"`
	var buf bytes.Buffer
	info := HTMLInfo{Generated: a.RunAt, Inputs: []string{"logs/a.evtx"}, Rules: []RuleLine{{Name: "Service tampering", Alerts: 1, Note: "24 runs"}}}
	if err := WriteAlertsHTML(&buf, []rules.Alert{a}, info); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		"<h1>quarry: 1 alerts</h1>",
		`<td class="sev-high">high</td>`,
		"Host: ws01",
		// Values are escaped, never interpreted as markup.
		"sc create &lt;evil&gt; binPath= &#34;cmd.exe&#34;",
		"logs/a.evtx",
		"<td>24 runs</td>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The computed column comes first in the folded details.
	if i, j := strings.Index(page, "<dt>Extra</dt>"), strings.Index(page, "<dt>DeviceName</dt>"); i < 0 || j < 0 || i > j {
		t.Errorf("Extra at %d, DeviceName at %d: computed columns must come first", i, j)
	}
}

func TestTableKeepsValues(t *testing.T) {
	long := "sc  config Fax binPath= " + strings.Repeat("x", 100)
	cols := []types.Column{{Name: "Cmd", Type: types.String}}
	var buf bytes.Buffer
	if err := WriteTable(&buf, cols, [][]any{{long}, {"\x1b[31mred"}}, TableOptions{Full: true}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, long) {
		t.Errorf("full table changed the value:\n%s", out)
	}
	if strings.Contains(out, "\x1b") || !strings.Contains(out, `\x1b[31mred`) {
		t.Errorf("escape character not escaped:\n%q", out)
	}
	buf.Reset()
	WriteTable(&buf, cols, [][]any{{long}}, TableOptions{})
	if strings.Contains(buf.String(), long) || !strings.Contains(buf.String(), "…") {
		t.Errorf("terminal table did not cut a long value:\n%s", buf.String())
	}
}

func TestTextReals(t *testing.T) {
	for f, want := range map[float64]string{57599997: "57599997", 0.5: "0.5", 1e20: "1e+20", -2.25: "-2.25", 0: "0"} {
		if got := Text(f); got != want {
			t.Errorf("Text(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestJSONKeepsAngleBrackets(t *testing.T) {
	var buf bytes.Buffer
	cols := []types.Column{{Name: "Cmd", Type: types.String}}
	if err := WriteJSON(&buf, cols, [][]any{{"cmd /c echo x > \\\\.\\pipe\\p & y"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "echo x > ") || !strings.Contains(buf.String(), " & y") {
		t.Errorf("JSON escaped < > &: %s", buf.String())
	}
}

func TestHTMLMetaLeavesOutMissingFields(t *testing.T) {
	a := sampleAlert()
	a.Confidence, a.Tactics, a.Techniques = "", nil, nil
	var buf bytes.Buffer
	if err := WriteAlertsHTML(&buf, []rules.Alert{a}, HTMLInfo{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "confidence") || strings.Contains(buf.String(), `<span class="meta">;`) {
		t.Errorf("empty metadata is printed:\n%s", buf.String())
	}
}

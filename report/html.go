package report

import (
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/rules"
)

// HTMLInfo describes the run in an HTML report, besides its alerts.
type HTMLInfo struct {
	Generated time.Time
	Inputs    []string // the input paths, or a description such as "embedded sample"
	Rules     []RuleLine
	// InputProblems lists what was skipped or repaired while reading, one
	// line each, so the reader of the report can tell what the rules missed.
	InputProblems []string
}

// RuleLine is one rule's line in a report's summary.
type RuleLine struct {
	Name   string
	Alerts int
	Note   string // runs, time span, or the error that stopped the rule
}

type htmlAlert struct {
	Time, Severity, Rule string
	Meta                 string // confidence, tactics and techniques, those the rule gives
	Entities             []string
	Details              []htmlField
}

type htmlField struct{ Name, Value string }

var htmlPage = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>quarry alerts</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
table { border-collapse: collapse; width: 100%; margin-top: 1em; table-layout: fixed; }
table.rules { table-layout: auto; }
col.time { width: 15em; } col.sev { width: 6em; } col.rule { width: 18em; } col.ent { width: 22%; }
td { overflow-wrap: anywhere; }
pre.problems { background: #fff6e5; padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #ddd; }
th { background: #f4f4f4; }
.sev-high { color: #b00020; font-weight: 600; }
.sev-medium { color: #b86e00; font-weight: 600; }
.sev-low, .sev-informational { color: #555; }
details summary { cursor: pointer; }
dl { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; margin: 4px 0; }
dt { color: #555; }
dd { margin: 0; font-family: ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
.meta { color: #555; }
</style>
</head>
<body>
<h1>quarry: {{len .Alerts}} alerts</h1>
<p class="meta">Generated {{.Generated}} from {{range $i, $in := .Inputs}}{{if $i}}, {{end}}{{$in}}{{end}}.</p>
{{if .InputProblems}}<h2>Input problems</h2>
<p class="meta">Records skipped or repaired while reading; the rules did not see what was skipped.</p>
<pre class="problems">{{range .InputProblems}}{{.}}
{{end}}</pre>{{end}}
<table class="rules">
<tr><th>Rule</th><th>Alerts</th><th>Run</th></tr>
{{range .Rules}}<tr><td>{{.Name}}</td><td>{{.Alerts}}</td><td>{{.Note}}</td></tr>
{{end}}</table>
<table>
<colgroup><col class="time"><col class="sev"><col class="rule"><col class="ent"><col></colgroup>
<tr><th>Time (UTC)</th><th>Severity</th><th>Rule</th><th>Entities</th><th>Details</th></tr>
{{range .Alerts}}<tr>
<td>{{.Time}}</td>
<td class="sev-{{.Severity}}">{{.Severity}}</td>
<td>{{.Rule}}<br><span class="meta">{{.Meta}}</span></td>
<td>{{range .Entities}}{{.}}<br>{{end}}</td>
<td><details><summary>{{with index .Details 0}}{{.Name}}: {{.Value}}{{end}}</summary><dl>{{range .Details}}<dt>{{.Name}}</dt><dd>{{.Value}}</dd>{{end}}</dl></details></td>
</tr>
{{end}}</table>
</body>
</html>
`))

// WriteAlertsHTML writes a self-contained HTML page: a summary per rule,
// then one table row per alert whose details fold open to show every
// column of the query's row.
func WriteAlertsHTML(w io.Writer, alerts []rules.Alert, info HTMLInfo) error {
	data := struct {
		Generated     string
		Inputs        []string
		Rules         []RuleLine
		InputProblems []string
		Alerts        []htmlAlert
	}{Generated: FormatDateTime(info.Generated), Inputs: info.Inputs, Rules: info.Rules, InputProblems: info.InputProblems}

	for i := range alerts {
		a := &alerts[i]
		h := htmlAlert{
			Time:     FormatDateTime(a.Time),
			Severity: strings.ToLower(a.Severity),
			Rule:     a.RuleName,
		}
		var meta []string
		if a.Confidence != "" {
			meta = append(meta, "confidence "+strings.ToLower(a.Confidence))
		}
		for _, list := range [][]string{a.Tactics, a.Techniques} {
			if len(list) > 0 {
				meta = append(meta, strings.Join(list, ", "))
			}
		}
		h.Meta = strings.Join(meta, "; ")
		for _, e := range a.Entities {
			var vals []string
			for _, f := range e.Fields {
				vals = append(vals, f.Value)
			}
			h.Entities = append(h.Entities, e.Type+": "+strings.Join(vals, " "))
		}
		h.Details = detailFields(a)
		if len(a.Sources) > 0 {
			h.Details = append(h.Details, htmlField{"source records", strings.Join(a.Sources, "\n")})
		}
		data.Alerts = append(data.Alerts, h)
	}
	return htmlPage.Execute(w, data)
}

// detailFields lists the row's non-empty columns, the ones the rule computed
// first, like the text table does.
func detailFields(a *rules.Alert) []htmlField {
	var fields []htmlField
	for i, c := range a.Columns {
		if s := Text(a.Row[i]); s != "" {
			fields = append(fields, htmlField{c.Name, s})
		}
	}
	sort.SliceStable(fields, func(i, j int) bool {
		return !knownColumns[fields[i].Name] && knownColumns[fields[j].Name]
	})
	if len(fields) == 0 {
		fields = []htmlField{{"row", "(empty)"}}
	}
	return fields
}

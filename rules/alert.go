package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/kql/types"
)

// Result is a query's output: typed columns and rows of Go values (bool,
// int64, float64, string, time.Time, time.Duration, decoded JSON for
// dynamic, nil for null).
type Result struct {
	Columns []types.Column
	Rows    [][]any
}

// Alert is one result row of a rule, with the rule's metadata and the
// entities its mappings name.
type Alert struct {
	RuleID     string
	RuleName   string
	Severity   string
	Confidence string
	Tactics    []string // ATT&CK tactic ids such as "TA0003", or the rule's name for a tactic without one
	Techniques []string
	// Time is the event time of the row (its TimeGenerated, Timestamp or
	// first datetime column), or the run time when the row has none.
	Time time.Time
	// RunAt is the instant of the scheduled run that first produced the row.
	RunAt    time.Time
	Entities []Entity
	Columns  []types.Column
	Row      []any
	// Sources lists the input records the row most likely came from, as
	// "file:line" or "file@offset". Replay leaves it empty; callers that
	// know the input fill it.
	Sources []string
}

// Entity is one thing an alert is about, such as a host or an account.
type Entity struct {
	Type   string
	Fields []EntityField // in the order of the rule's field mappings
}

// EntityField is one identifier of an entity, such as HostName.
type EntityField struct {
	Name  string
	Value string
}

// Value returns the row's value in the named column.
func (a *Alert) Value(column string) (any, bool) {
	for i, c := range a.Columns {
		if c.Name == column {
			return a.Row[i], true
		}
	}
	return nil, false
}

// tacticIDs maps Sentinel's tactic names to MITRE ATT&CK tactic ids.
var tacticIDs = map[string]string{
	"reconnaissance":          "TA0043",
	"resourcedevelopment":     "TA0042",
	"initialaccess":           "TA0001",
	"execution":               "TA0002",
	"persistence":             "TA0003",
	"privilegeescalation":     "TA0004",
	"defenseevasion":          "TA0005",
	"credentialaccess":        "TA0006",
	"discovery":               "TA0007",
	"lateralmovement":         "TA0008",
	"collection":              "TA0009",
	"exfiltration":            "TA0010",
	"commandandcontrol":       "TA0011",
	"impact":                  "TA0040",
	"inhibitresponsefunction": "TA0107",
	"impairprocesscontrol":    "TA0106",
}

// TacticID returns the ATT&CK id of a Sentinel tactic name ("Persistence",
// "PrivilegeEscalation", "Privilege Escalation"), or "" for one without an id
// such as "PreAttack".
func TacticID(name string) string {
	key := strings.ToLower(strings.NewReplacer(" ", "", "-", "", "_", "").Replace(name))
	if id, ok := tacticIDs[key]; ok {
		return id
	}
	if strings.HasPrefix(strings.ToUpper(name), "TA") && len(name) == 6 {
		return strings.ToUpper(name)
	}
	return ""
}

// newAlert builds the alert for one result row.
func newAlert(r *Rule, res *Result, row []any, runAt time.Time) Alert {
	a := Alert{
		RuleID:     r.ID,
		RuleName:   r.Name,
		Severity:   r.Severity,
		Confidence: r.Confidence,
		Techniques: r.RelevantTechniques,
		Time:       runAt,
		RunAt:      runAt,
		Columns:    res.Columns,
		Row:        row,
	}
	for _, t := range r.Tactics {
		if id := TacticID(t); id != "" {
			a.Tactics = append(a.Tactics, id)
		} else {
			a.Tactics = append(a.Tactics, t)
		}
	}
	if t, ok := eventTime(res.Columns, row); ok {
		a.Time = t
	}
	for _, m := range r.EntityMappings {
		e := Entity{Type: m.EntityType}
		for _, fm := range m.FieldMappings {
			v, ok := a.Value(fm.ColumnName)
			if !ok {
				continue
			}
			if s := displayText(v); s != "" {
				e.Fields = append(e.Fields, EntityField{Name: fm.Identifier, Value: s})
			}
		}
		if len(e.Fields) > 0 {
			a.Entities = append(a.Entities, e)
		}
	}
	return a
}

// eventTime picks the row's event time: TimeGenerated, then Timestamp, then
// the first datetime column.
func eventTime(cols []types.Column, row []any) (time.Time, bool) {
	for _, name := range []string{"TimeGenerated", "Timestamp", "timestamp"} {
		for i, c := range cols {
			if c.Name == name {
				if t, ok := row[i].(time.Time); ok {
					return t, true
				}
			}
		}
	}
	for i, c := range cols {
		if c.Type == types.DateTime {
			if t, ok := row[i].(time.Time); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// displayText renders a value for an entity field.
func displayText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	default:
		return fmt.Sprint(x)
	}
}

// Package rules loads detection rules, replays them over recorded telemetry
// the way Microsoft Sentinel schedules them, and turns their results into
// alerts.
//
// A rule is a YAML file in Sentinel's analytic-rule format (id, name,
// description, severity, query, queryFrequency, queryPeriod,
// triggerOperator, triggerThreshold, tactics, relevantTechniques,
// entityMappings) plus quarry's own fields: confidence, falsePositives and
// dataSources. Rules from the Azure-Sentinel repository load unchanged.
// Start with Load and Replay.
package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Rule is one scheduled detection.
type Rule struct {
	ID          string
	Name        string
	Description string
	Severity    string // Informational, Low, Medium or High
	Confidence  string // Low, Medium or High; empty when the rule does not say
	Query       string

	// QueryFrequency is how often Sentinel runs the query; QueryPeriod is how
	// far back each run looks.
	QueryFrequency time.Duration
	QueryPeriod    time.Duration

	// An alert is raised when the number of result rows compared with
	// TriggerThreshold by TriggerOperator holds: gt, ge, lt, le, eq or ne.
	TriggerOperator  string
	TriggerThreshold int

	Tactics            []string // Sentinel tactic names, such as "Persistence"
	RelevantTechniques []string // ATT&CK technique ids, such as "T1543.003"
	EntityMappings     []EntityMapping
	FalsePositives     []string
	DataSources        []string

	// Path is the file the rule was loaded from, empty for built-in rules.
	Path string
	// Warnings lists defects that do not stop the rule from running, such
	// as an unknown tactic name.
	Warnings []string
	// QueryLine is the line of the rule file where the query text starts,
	// so query diagnostics can point into the rule file.
	QueryLine int
}

// EntityMapping describes how to build one entity of an alert from a
// result row.
type EntityMapping struct {
	EntityType    string         `yaml:"entityType"`
	FieldMappings []FieldMapping `yaml:"fieldMappings"`
}

// FieldMapping copies the value of result column ColumnName into the
// entity's Identifier field.
type FieldMapping struct {
	Identifier string `yaml:"identifier"`
	ColumnName string `yaml:"columnName"`
}

// ruleFile is the YAML document as written. Durations and the threshold stay
// text until validation so that errors can name the field.
type ruleFile struct {
	ID                 string          `yaml:"id"`
	Name               string          `yaml:"name"`
	Description        string          `yaml:"description"`
	Severity           string          `yaml:"severity"`
	Confidence         string          `yaml:"confidence"`
	Query              string          `yaml:"query"`
	QueryFrequency     string          `yaml:"queryFrequency"`
	QueryPeriod        string          `yaml:"queryPeriod"`
	TriggerOperator    string          `yaml:"triggerOperator"`
	TriggerThreshold   string          `yaml:"triggerThreshold"`
	Tactics            []string        `yaml:"tactics"`
	RelevantTechniques []string        `yaml:"relevantTechniques"`
	EntityMappings     []EntityMapping `yaml:"entityMappings"`
	FalsePositives     []string        `yaml:"falsePositives"`
	DataSources        []string        `yaml:"dataSources"`
}

// Parse reads one rule from YAML. The name is used in error messages and
// stored as the rule's Path.
func Parse(data []byte, name string) (*Rule, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: invalid YAML: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: empty rule file", name)
	}
	var f ruleFile
	if err := doc.Content[0].Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}

	r := &Rule{
		ID:                 strings.TrimSpace(f.ID),
		Name:               strings.TrimSpace(f.Name),
		Description:        strings.TrimSpace(f.Description),
		Severity:           canonicalLevel(f.Severity),
		Confidence:         canonicalLevel(f.Confidence),
		Query:              f.Query,
		TriggerOperator:    strings.ToLower(strings.TrimSpace(f.TriggerOperator)),
		Tactics:            f.Tactics,
		RelevantTechniques: f.RelevantTechniques,
		EntityMappings:     f.EntityMappings,
		FalsePositives:     f.FalsePositives,
		DataSources:        f.DataSources,
		Path:               name,
		QueryLine:          queryLine(doc.Content[0]),
	}
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if r.ID == "" {
		fail("missing id")
	}
	if r.Name == "" {
		fail("missing name")
	}
	if strings.TrimSpace(r.Query) == "" {
		fail("missing query")
	}
	switch r.Severity {
	case "Informational", "Low", "Medium", "High":
	case "":
		fail("missing severity (Informational, Low, Medium or High)")
	default:
		fail("invalid severity %q: expected Informational, Low, Medium or High", f.Severity)
	}
	switch r.Confidence {
	case "", "Low", "Medium", "High":
	default:
		fail("invalid confidence %q: expected Low, Medium or High", f.Confidence)
	}
	r.QueryFrequency = durationField(f.QueryFrequency, "queryFrequency", 24*time.Hour, fail)
	r.QueryPeriod = durationField(f.QueryPeriod, "queryPeriod", r.QueryFrequency, fail)
	switch r.TriggerOperator {
	case "":
		r.TriggerOperator = "gt"
	case "gt", "ge", "lt", "le", "eq", "ne":
	case "greaterthan":
		r.TriggerOperator = "gt"
	case "lessthan":
		r.TriggerOperator = "lt"
	case "equal":
		r.TriggerOperator = "eq"
	case "notequal":
		r.TriggerOperator = "ne"
	default:
		fail("invalid triggerOperator %q: expected gt, ge, lt, le, eq or ne", f.TriggerOperator)
	}
	if t := strings.TrimSpace(f.TriggerThreshold); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			fail("invalid triggerThreshold %q: expected a whole number of rows, such as 0", f.TriggerThreshold)
		}
		r.TriggerThreshold = n
	}
	for _, t := range r.Tactics {
		if TacticID(t) == "" && !strings.EqualFold(t, "PreAttack") {
			r.Warnings = append(r.Warnings, fmt.Sprintf("unknown tactic %q: expected a MITRE ATT&CK tactic such as Persistence or PrivilegeEscalation", t))
		}
	}
	for i, m := range r.EntityMappings {
		if m.EntityType == "" {
			fail("entityMappings[%d]: missing entityType", i)
		}
		for j, fm := range m.FieldMappings {
			if fm.Identifier == "" || fm.ColumnName == "" {
				fail("entityMappings[%d].fieldMappings[%d]: identifier and columnName are both required", i, j)
			}
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s: %s", name, strings.Join(problems, "; "))
	}
	return r, nil
}

func durationField(text, field string, fallback time.Duration, fail func(string, ...any)) time.Duration {
	if strings.TrimSpace(text) == "" {
		return fallback
	}
	d, err := ParseDuration(text)
	if err != nil {
		fail("%s: %v", field, err)
		return fallback
	}
	if d <= 0 {
		fail("%s: must be positive, got %q", field, text)
		return fallback
	}
	return d
}

// canonicalLevel spells a severity or confidence the way Sentinel does:
// "high" and "HIGH" become "High".
func canonicalLevel(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

// queryLine returns the line where the query's text begins: the line after
// "query: |" for a block scalar, the key's own line otherwise.
func queryLine(mapping *yaml.Node) int {
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		if mapping.Content[i].Value != "query" {
			continue
		}
		v := mapping.Content[i+1]
		if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return v.Line + 1
		}
		return v.Line
	}
	return 0
}

// Load reads rules from files and folders. A folder is searched
// recursively for .yaml and .yml files, in sorted order. Every file that
// fails to load is reported in the returned error, and the rules that did
// load are returned too.
func Load(paths ...string) ([]*Rule, error) {
	var rules []*Rule
	var errs []error
	for _, p := range paths {
		files, err := ruleFiles(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			r, err := Parse(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), file)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			rules = append(rules, r)
		}
	}
	return rules, errors.Join(errs...)
}

func ruleFiles(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(p))
		if !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("%s: no .yaml or .yml rule files in this folder", path)
	}
	return files, err
}

package cli

import (
	"encoding/json"
	"os"

	"github.com/quarry-kql/quarry/dataset"
	"github.com/quarry-kql/quarry/report"
)

// runSummary is the --summary document: what was read, skipped and
// mapped, and what each rule did, for programs that check a run.
type runSummary struct {
	Inputs     []inputSummary `json:"inputs"`
	Records    int            `json:"records"`
	Skipped    int            `json:"skipped"`
	Duplicates int            `json:"duplicate_rows"`
	Untimed    int            `json:"untimed_rows"`
	Rejected   int            `json:"rejected_rows"`
	// EmptiedValues counts values left empty because they did not fit
	// their column; their rows were kept.
	EmptiedValues int              `json:"emptied_values"`
	Mapping       []mappingSummary `json:"mapping"`
	Rules         []ruleSummary    `json:"rules,omitempty"`
	Alerts        int              `json:"alerts"`
}

type inputSummary struct {
	Path     string         `json:"path"`
	Format   string         `json:"format"`
	Records  int            `json:"records"`
	Skipped  int            `json:"skipped"`
	Problems map[string]int `json:"problems"`
	// Details holds the first problems with their location.
	Details []string `json:"details"`
}

type mappingSummary struct {
	Input        string         `json:"input"` // "channel (provider) event ID", or "table rows"
	Records      int            `json:"records"`
	Rows         map[string]int `json:"rows"`
	NotMapped    int            `json:"not_mapped"`
	OnlySentinel int            `json:"only_sentinel_tables"`
}

type ruleSummary struct {
	Name   string `json:"name"`
	Alerts int    `json:"alerts"`
	Note   string `json:"note"`
}

// newRunSummary collects the summary of the inputs; the caller adds the
// rules.
func newRunSummary(ds *dataset.Dataset) *runSummary {
	s := &runSummary{Duplicates: ds.Duplicates, Untimed: ds.Untimed, Rejected: ds.Rejected}
	_, s.EmptiedValues = ds.Mapping.Problems()
	for _, f := range ds.Inputs.Files {
		in := inputSummary{Path: f.Path, Format: string(f.Format), Records: f.Records, Skipped: f.Dropped, Problems: map[string]int{}, Details: []string{}}
		for r, n := range f.Problems {
			in.Problems[string(r)] = n
		}
		for _, p := range f.Details {
			in.Details = append(in.Details, p.String())
		}
		s.Inputs = append(s.Inputs, in)
		s.Records += f.Records
		s.Skipped += f.Dropped
	}
	for _, st := range ds.Mapping.Stats() {
		s.Mapping = append(s.Mapping, mappingSummary{
			Input: st.Key.String(), Records: st.Records, Rows: st.Rows,
			NotMapped: st.Unmapped, OnlySentinel: st.SentinelOnly,
		})
	}
	return s
}

// addRules records each rule's line of the summary.
func (s *runSummary) addRules(lines []report.RuleLine) {
	for _, l := range lines {
		s.Rules = append(s.Rules, ruleSummary{Name: l.Name, Alerts: l.Alerts, Note: l.Note})
		s.Alerts += l.Alerts
	}
}

// write saves the summary as indented JSON.
func (s *runSummary) write(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

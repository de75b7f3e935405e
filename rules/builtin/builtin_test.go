package builtin

import (
	"strings"
	"testing"
	"time"
)

func TestT1543Metadata(t *testing.T) {
	rs, err := Rules()
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("got %d built-in rules, want 1", len(rs))
	}
	r := rs[0]
	if r.Severity != "High" || r.Confidence != "Medium" {
		t.Errorf("severity %q confidence %q, want High and Medium", r.Severity, r.Confidence)
	}
	if strings.Join(r.Tactics, ",") != "Persistence,PrivilegeEscalation" {
		t.Errorf("tactics = %v", r.Tactics)
	}
	if strings.Join(r.RelevantTechniques, ",") != "T1543,T1543.003" {
		t.Errorf("techniques = %v", r.RelevantTechniques)
	}
	if r.QueryFrequency != time.Hour || r.QueryPeriod != 24*time.Hour {
		t.Errorf("frequency %v period %v", r.QueryFrequency, r.QueryPeriod)
	}
	// Every branch must reach the final union.
	last := r.Query[strings.LastIndex(r.Query, "union NewServiceCreation"):]
	for _, branch := range []string{"NewServiceCreation", "SuspiciousServiceBinary", "UnusualParentService", "AutostartServiceReg"} {
		if !strings.Contains(last, branch) {
			t.Errorf("final union lacks %s", branch)
		}
	}
}

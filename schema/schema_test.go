package schema

import (
	"testing"

	"github.com/quarry-kql/quarry/kql/types"
)

func TestDefenderProcessEvents(t *testing.T) {
	tab, ok := Defender().Lookup("DeviceProcessEvents")
	if !ok {
		t.Fatal("DeviceProcessEvents not found")
	}
	if got := tab.Columns[0]; got != (types.Column{Name: "Timestamp", Type: types.DateTime}) {
		t.Errorf("first column = %+v, want Timestamp datetime", got)
	}
	if i := tab.Column("ProcessCommandLine"); i < 0 || tab.Columns[i].Type != types.String {
		t.Errorf("ProcessCommandLine missing or not a string (index %d)", i)
	}
	if tab.Column("TimeGenerated") >= 0 {
		t.Error("Defender flavour must not have TimeGenerated")
	}
}

func TestCombinedHasBothTimeColumns(t *testing.T) {
	tab, ok := Combined().Lookup("DeviceRegistryEvents")
	if !ok {
		t.Fatal("DeviceRegistryEvents not found")
	}
	tg, ts := tab.Column("TimeGenerated"), tab.Column("Timestamp")
	if tg < 0 || ts < 0 {
		t.Fatalf("TimeGenerated at %d, Timestamp at %d; want both", tg, ts)
	}
	if tg > ts {
		t.Errorf("Sentinel columns must come first: TimeGenerated at %d, Timestamp at %d", tg, ts)
	}
	seen := map[string]bool{}
	for _, c := range tab.Columns {
		if seen[c.Name] {
			t.Errorf("column %s appears twice", c.Name)
		}
		seen[c.Name] = true
	}
}

func TestSentinelOnlyTables(t *testing.T) {
	for _, name := range []string{"SecurityEvent", "Event"} {
		if _, ok := Sentinel().Lookup(name); !ok {
			t.Errorf("Sentinel table %s not found", name)
		}
		if _, ok := Defender().Lookup(name); ok {
			t.Errorf("Defender flavour must not have %s", name)
		}
	}
}

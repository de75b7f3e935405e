package column

import (
	"testing"

	"github.com/quarry-kql/quarry/kql/types"
)

func TestHasTermBoundaries(t *testing.T) {
	cases := []struct {
		hay, needle string
		want        bool
	}{
		{"kustoexplorerqueryrun", "explorer", false},
		{"co op", "co", true},
		{"abc", "", true},
		{"version=1.2.3", "2.3", true},
		{"1_2_3", "2.3", false},
		{"c:\\temp\\x.exe", "temp", true},
		{"straße café", "café", true},
		{"new-service -name", "new-service", true},
		{"renew-service", "new-service", false},
	}
	for _, c := range cases {
		if got := HasTerm(c.hay, c.needle); got != c.want {
			t.Errorf("HasTerm(%q, %q) = %v, want %v", c.hay, c.needle, got, c.want)
		}
	}
}

func TestMatchHasUsesIndex(t *testing.T) {
	d := NewDict()
	for _, s := range []string{"sc.exe create Svc", "SC CONFIG x", "scx create", "createx", "version=1.2.3"} {
		d.Intern(s)
	}
	got := d.MatchHas("CREATE", false)
	want := []bool{true, false, true, false, false}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("MatchHas(CREATE)[%d] (%q) = %v, want %v", i, d.Value(uint32(i)), got[i], want[i])
		}
	}
	if m := d.MatchHas("2.3", false); !m[4] {
		t.Error(`MatchHas("2.3") missed "version=1.2.3"`)
	}
	if m := d.MatchHas("create", true); m[1] {
		t.Error("case-sensitive MatchHas matched CONFIG")
	}
}

func TestFoldUnicode(t *testing.T) {
	if Fold("CAFÉ") != Fold("café") {
		t.Errorf("Fold(CAFÉ) = %q, Fold(café) = %q", Fold("CAFÉ"), Fold("café"))
	}
}

func TestTableBuilderConverts(t *testing.T) {
	cols := []types.Column{{Name: "s", Type: types.String}, {Name: "n", Type: types.Long}, {Name: "d", Type: types.Dynamic}}
	tbl, err := FromRows(cols, [][]any{
		{"a", 1, map[string]any{"k": 1}},
		{nil, nil, nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	rows := tbl.Rows()
	if rows[1][0] != "" {
		t.Errorf("missing string = %v, want empty string", rows[1][0])
	}
	if rows[1][1] != nil {
		t.Errorf("missing long = %v, want null", rows[1][1])
	}
	if m, ok := rows[0][2].(map[string]any); !ok || m["k"] != int64(1) {
		t.Errorf("dynamic = %#v, want map with int64 1", rows[0][2])
	}
	if _, err := FromRows(cols, [][]any{{"a", "not a number", nil}}); err == nil {
		t.Error("a non-numeric string in a long column was accepted")
	}
}

func TestGatherAndSliceKeepNulls(t *testing.T) {
	b := NewBuilder(types.Long, 4)
	b.Append(int64(1))
	b.AppendNull()
	b.Append(int64(3))
	v := b.Build()
	g := v.Gather([]int{2, 1, -1, 0})
	want := []types.Value{int64(3), nil, nil, int64(1)}
	for i, w := range want {
		if g.Value(i) != w {
			t.Errorf("Gather[%d] = %v, want %v", i, g.Value(i), w)
		}
	}
	s := v.Slice(1, 3)
	if !s.IsNull(0) || s.Value(1) != int64(3) {
		t.Errorf("Slice(1, 3) = [%v %v], want [null 3]", s.Value(0), s.Value(1))
	}
}

func TestRebatchKeepsRows(t *testing.T) {
	cols := []types.Column{{Name: "x", Type: types.Long}}
	var rows [][]any
	for i := 0; i < 10; i++ {
		rows = append(rows, []any{i})
	}
	tbl, err := FromRows(cols, rows)
	if err != nil {
		t.Fatal(err)
	}
	r := tbl.Rebatch(3)
	if len(r.Batches) != 4 {
		t.Errorf("got %d batches, want 4", len(r.Batches))
	}
	if got := r.NumRows(); got != 10 {
		t.Errorf("got %d rows, want 10", got)
	}
	if r.Rows()[9][0] != int64(9) {
		t.Errorf("last row = %v, want 9", r.Rows()[9][0])
	}
}

func TestMatchHasScanAgreesWithIndex(t *testing.T) {
	values := []string{"sc.exe create Svc", "SC CONFIG x", "scx create", "createx", "version=1.2.3",
		"1_2_3", "Café crème", "New-Service -Name A", "renew-service", ""}
	needles := []string{"create", "CONFIG", "2.3", "café", "new-service", "-name", "", "x", "crème"}
	scanned, indexed := NewDict(), NewDict()
	for _, s := range values {
		scanned.Intern(s)
		indexed.Intern(s)
	}
	indexed.TermCodes("")
	for _, n := range needles {
		for _, cs := range []bool{false, true} {
			a, b := scanned.scanHas(n, cs), indexed.MatchHas(n, cs)
			for i := range values {
				if a[i] != b[i] {
					t.Errorf("needle %q (case-sensitive %v) on %q: scan %v, index %v", n, cs, values[i], a[i], b[i])
				}
			}
		}
	}
}

package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarry-kql/quarry/kql/types"
)

func TestReadSchemaFile(t *testing.T) {
	text := "table\tcolumn\ttype\tdescription\n" +
		"CommonSecurityLog\tTimeGenerated\tdatetime\twhen\n" +
		"# a comment\n" +
		"\n" +
		"CommonSecurityLog\tDeviceVendor\tstring\n" +
		"Heartbeat\tComputer\tstring\n"
	tables, err := read(strings.NewReader(text), "t.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 2 || tables[0].Name != "CommonSecurityLog" || len(tables[0].Columns) != 2 {
		t.Fatalf("tables = %+v", tables)
	}
	if got := tables[0].Columns[0]; got != (types.Column{Name: "TimeGenerated", Type: types.DateTime}) {
		t.Errorf("first column = %+v", got)
	}

	csv := "Syslog,TimeGenerated,datetime\nSyslog,SyslogMessage,string\n"
	tables, err = read(strings.NewReader(csv), "t.csv")
	if err != nil || len(tables) != 1 || len(tables[0].Columns) != 2 {
		t.Errorf("CSV: tables %+v, error %v", tables, err)
	}
}

func TestReadSchemaFileErrors(t *testing.T) {
	cases := map[string]string{
		"T\tc\tfloat64\n":       `t.tsv:1: unknown type "float64"`,
		"T\tc\n":                "t.tsv:1: expected table, column and type",
		"T\tc\tlong\nT\tc\tint": `t.tsv:2: column "c" of table T is declared twice`,
	}
	for text, want := range cases {
		_, err := read(strings.NewReader(text), "t.tsv")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", text, err, want)
		}
	}
}

func TestSetWithExtraTables(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "extra.tsv")
	text := "DeviceProcessEvents\tMyTag\tstring\nDeviceProcessEvents\tFileName\tlong\nCommonSecurityLog\tDeviceVendor\tstring\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	extra, err := ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	set := Defender().With(extra)
	csl, ok := set.Lookup("CommonSecurityLog")
	if !ok || len(csl.Columns) != 1 {
		t.Errorf("CommonSecurityLog = %+v, %v", csl, ok)
	}
	dpe, _ := set.Lookup("DeviceProcessEvents")
	if i := dpe.Column("MyTag"); i != len(dpe.Columns)-1 {
		t.Errorf("MyTag at %d, want appended last", i)
	}
	if i := dpe.Column("FileName"); dpe.Columns[i].Type != types.String {
		t.Errorf("an extra declaration changed FileName's type to %s", dpe.Columns[i].Type)
	}
	// The built-in set is unchanged.
	orig, _ := Defender().Lookup("DeviceProcessEvents")
	if orig.Column("MyTag") >= 0 {
		t.Error("With changed the set it was called on")
	}
}

package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// runCheckCommand runs `quarry check` with args and returns the exit
// status, standard output and standard error.
func runCheckCommand(stdin string, args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := Main(append([]string{"check"}, args...), Env{Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr})
	return code, stdout.String(), stderr.String()
}

func checkFile(name string) string { return filepath.Join("testdata", "check", name) }

func TestCheckValidText(t *testing.T) {
	code, out, errOut := runCheckCommand("", checkFile("valid.kql"))
	if code != 0 {
		t.Fatalf("exit status %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	want := "valid.kql: ok, 0 warnings; result (DeviceName:string, Timestamp:datetime, Installs:long, Services:dynamic)"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}

func TestCheckUnknownColumnText(t *testing.T) {
	code, out, _ := runCheckCommand("", checkFile("unknown_column.kql"))
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	wantLines := []string{
		"unknown_column.kql:2:9: error[KQL2002]: unknown column 'FileNme'; did you mean 'FileName'?",
		`| where FileNme =~ "sc.exe"`,
		"        ^^^^^^^",
		"unknown_column.kql: 1 error, 0 warnings",
	}
	for _, w := range wantLines {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks line %q:\n%s", w, out)
		}
	}
}

func TestCheckSyntaxErrorText(t *testing.T) {
	code, out, _ := runCheckCommand("", checkFile("syntax_error.kql"))
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if !strings.Contains(out, "syntax_error.kql: 1 syntax error") {
		t.Errorf("output lacks the syntax error summary:\n%s", out)
	}
}

func TestCheckWarningsExitZero(t *testing.T) {
	code, out, _ := runCheckCommand("", checkFile("warnings.kql"))
	if code != 0 {
		t.Errorf("exit status %d, want 0: warnings are not errors", code)
	}
	for _, w := range []string{"warning[KQL2501]: 'unused' is declared but never used", "warning[KQL2502]"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	code, out, _ = runCheckCommand("", "--no-warnings", checkFile("warnings.kql"))
	if code != 0 || strings.Contains(out, "warning[") {
		t.Errorf("--no-warnings: exit status %d, output:\n%s", code, out)
	}
}

func decodeReports(t *testing.T, out string) []checkReport {
	t.Helper()
	var reports []checkReport
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r checkReport
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("invalid JSON line %q: %v", line, err)
		}
		reports = append(reports, r)
	}
	return reports
}

func TestCheckJSON(t *testing.T) {
	code, out, _ := runCheckCommand("", "--json", checkFile("valid.kql"), checkFile("unknown_column.kql"), checkFile("syntax_error.kql"))
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	reports := decodeReports(t, out)
	if len(reports) != 3 {
		t.Fatalf("%d JSON lines, want 3:\n%s", len(reports), out)
	}
	// Each object has exactly the keys of the documented contract.
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatal(err)
		}
		var keys []string
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if got := strings.Join(keys, ","); got != "file,result_columns,semantic_errors,syntax_errors" {
			t.Errorf("JSON keys %s, want file, result_columns, semantic_errors, syntax_errors", got)
		}
	}

	valid := reports[0]
	if len(valid.SyntaxErrors) != 0 || len(valid.SemanticErrors) != 0 {
		t.Errorf("valid.kql has errors: %+v", valid)
	}
	wantCols := []checkColumn{{"DeviceName", "string"}, {"Timestamp", "datetime"}, {"Installs", "long"}, {"Services", "dynamic"}}
	if len(valid.ResultColumns) != len(wantCols) {
		t.Fatalf("valid.kql result_columns = %+v, want %+v", valid.ResultColumns, wantCols)
	}
	for i, c := range wantCols {
		if valid.ResultColumns[i] != c {
			t.Errorf("valid.kql column %d = %+v, want %+v", i, valid.ResultColumns[i], c)
		}
	}

	unknown := reports[1]
	if unknown.ResultColumns != nil {
		t.Errorf("unknown_column.kql: result_columns = %+v, want null", unknown.ResultColumns)
	}
	if len(unknown.SemanticErrors) != 1 {
		t.Fatalf("unknown_column.kql: semantic_errors = %+v, want one", unknown.SemanticErrors)
	}
	e := unknown.SemanticErrors[0]
	if e.Code != "KQL2002" || e.Line != 2 || e.Col != 9 || e.Offset != 28 || e.Length != 7 {
		t.Errorf("unknown_column.kql error = %+v, want KQL2002 at line 2, col 9, offset 28, length 7", e)
	}

	syn := reports[2]
	if len(syn.SyntaxErrors) == 0 {
		t.Errorf("syntax_error.kql: no syntax errors reported")
	}
	if len(syn.SemanticErrors) != 0 || syn.ResultColumns != nil {
		t.Errorf("syntax_error.kql: semantic_errors %+v and result_columns %+v, want [] and null", syn.SemanticErrors, syn.ResultColumns)
	}
}

func TestCheckJSONNullResultColumns(t *testing.T) {
	_, out, _ := runCheckCommand("", "--json", checkFile("unknown_column.kql"))
	if !strings.Contains(out, `"result_columns":null`) {
		t.Errorf("result_columns must be null when the file has an error:\n%s", out)
	}
	if !strings.Contains(out, `"syntax_errors":[]`) {
		t.Errorf("syntax_errors must be an empty list, not null:\n%s", out)
	}
}

func TestCheckFolderAndStdin(t *testing.T) {
	code, out, _ := runCheckCommand("", "--json", filepath.Join("testdata", "check"))
	if code != 1 {
		t.Errorf("exit status %d, want 1 (the folder holds invalid files)", code)
	}
	if n := len(decodeReports(t, out)); n != 4 {
		t.Errorf("%d reports for the folder, want 4:\n%s", n, out)
	}
	code, out, _ = runCheckCommand("print x = 1", "-")
	if code != 0 || !strings.Contains(out, "<stdin>: ok, 0 warnings; result (x:long)") {
		t.Errorf("standard input: exit status %d, output:\n%s", code, out)
	}
}

func TestCheckUsageErrors(t *testing.T) {
	cases := [][]string{
		{},
		{"--bogus", checkFile("valid.kql")},
		{"--tables", "azure", checkFile("valid.kql")},
	}
	for _, args := range cases {
		if code, _, _ := runCheckCommand("", args...); code != 2 {
			t.Errorf("check %v: exit status %d, want 2", args, code)
		}
	}
}

func TestCheckMissingFile(t *testing.T) {
	code, _, errOut := runCheckCommand("", checkFile("no_such_file.kql"))
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if !strings.Contains(errOut, "cannot read") {
		t.Errorf("stderr lacks the reason:\n%s", errOut)
	}
}

func TestCheckTablesFlavour(t *testing.T) {
	code, out, _ := runCheckCommand("DeviceEvents | project TimeGenerated", "--tables", "defender", "-")
	if code != 1 || !strings.Contains(out, "unknown column 'TimeGenerated'") {
		t.Errorf("Defender tables have no TimeGenerated: exit status %d, output:\n%s", code, out)
	}
}

func TestCheckRuleFilePositions(t *testing.T) {
	path := filepath.Join("testdata", "check-rules", "typo.yaml")
	code, out, _ := runCheckCommand("", path)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	// The misspelt column is on line 9 of the rule file, after the two
	// spaces of the YAML block's indentation.
	want := path + ":9:11: error[KQL2002]: unknown column 'InitiatingProcesFileName'"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}

func TestCheckNotRunnableWarning(t *testing.T) {
	path := filepath.Join("testdata", "check-rules", "reduce.yaml")
	code, out, _ := runCheckCommand("", path)
	if code != 0 {
		t.Errorf("exit status %d, want 0: the query is valid KQL", code)
	}
	if !strings.Contains(out, path+":6:5: warning[KQL2601]: valid KQL, but quarry cannot run it: operator reduce is not supported") {
		t.Errorf("no KQL2601 warning at the operator:\n%s", out)
	}
	code, out, _ = runCheckCommand("", "--no-warnings", path)
	if code != 0 || strings.Contains(out, "KQL2601") {
		t.Errorf("--no-warnings: exit status %d, output:\n%s", code, out)
	}
}

func TestCheckRuleFolder(t *testing.T) {
	code, out, errOut := runCheckCommand("", filepath.Join("testdata", "check-rules"))
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if !strings.Contains(errOut, `broken.yaml: invalid severity "Severe"`) {
		t.Errorf("the invalid rule is not reported:\n%s", errOut)
	}
	for _, name := range []string{"reduce.yaml: ok", "typo.yaml: 1 error"} {
		if !strings.Contains(out, name) {
			t.Errorf("output lacks %q:\n%s", name, out)
		}
	}
}

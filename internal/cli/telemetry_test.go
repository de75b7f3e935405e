package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/dataset"
	"github.com/quarry-kql/quarry/internal/sharedtest"
	"github.com/quarry-kql/quarry/report"
	"github.com/quarry-kql/quarry/rules/builtin"
)

// sharedDir returns a folder of the shared test material that sits beside
// the repository, or skips the test when it is absent.
func sharedDir(t *testing.T, name string) string {
	t.Helper()
	return sharedtest.Dir(t, name)
}

// run runs the command line and returns its exit status, output and
// standard error.
func run(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Main(args, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut})
	return code, out.String(), errOut.String()
}

// detectionTypes returns the distinct DetectionType values of JSON-lines
// output, whether the lines are alerts (with a "row") or query rows.
func detectionTypes(t *testing.T, out string) []string {
	t.Helper()
	set := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("invalid JSON line %q: %v", sc.Text(), err)
		}
		row := line
		if r, ok := line["row"].(map[string]any); ok {
			row = r
		}
		dt, _ := row["DetectionType"].(string)
		if dt == "" {
			t.Errorf("line without a DetectionType: %s", sc.Text())
		}
		set[dt] = true
	}
	var out2 []string
	for dt := range set {
		out2 = append(out2, dt)
	}
	sort.Strings(out2)
	return out2
}

type expectation struct {
	path   string
	alerts int
	types  []string
}

func readExpectations(t *testing.T) []expectation {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "telemetry-detections.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var out []expectation
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 3 {
			t.Fatalf("bad expectation line %q: want path, alert count and types", line)
		}
		n, err := strconv.Atoi(fields[1])
		if err != nil {
			t.Fatalf("bad alert count in %q", line)
		}
		e := expectation{path: fields[0], alerts: n}
		if fields[2] != "-" {
			e.types = strings.Fields(fields[2])
		}
		out = append(out, e)
	}
	return out
}

func TestTelemetryDetections(t *testing.T) {
	dir := sharedDir(t, "telemetry")
	want := readExpectations(t)

	// Every telemetry file must have an expectation, so a file added to
	// the folder is not silently left out.
	listed := map[string]bool{}
	for _, e := range want {
		listed[e.path] = true
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel != "README.md" && rel != "MANIFEST.tsv" && !listed[rel] {
			t.Errorf("%s has no expectation in testdata/telemetry-detections.tsv", rel)
		}
		return nil
	})

	for _, e := range want {
		t.Run(e.path, func(t *testing.T) {
			code, out, errOut := run("detect", "--input", filepath.Join(dir, e.path), "--format", "json")
			if code != 0 {
				t.Fatalf("exit status %d:\n%s", code, errOut)
			}
			got := detectionTypes(t, out)
			if strings.Join(got, " ") != strings.Join(e.types, " ") {
				t.Errorf("DetectionType values %v, want %v", got, e.types)
			}
			if n := strings.Count(out, "\n"); n != e.alerts {
				t.Errorf("%d alerts, want %d", n, e.alerts)
			}
		})
	}
}

// lastEventTime returns the time of the newest row read from a file.
func lastEventTime(t *testing.T, path string) time.Time {
	t.Helper()
	ds, err := dataset.Load(context.Background(), dataset.Options{}, path)
	if err != nil {
		t.Fatal(err)
	}
	times := ds.EventTimes()
	if len(times) == 0 {
		t.Fatalf("%s has no timed rows", path)
	}
	return times[len(times)-1]
}

// TestSeedQueryDropsRegistryBranches runs the published query and the
// shipped rule's query at the same instant over recordings that hold both
// process and registry evidence: the published one returns only its first
// and third branches.
func TestSeedQueryDropsRegistryBranches(t *testing.T) {
	seed := filepath.Join(sharedDir(t, "seed"), "T1543-seed-query.kql")
	dir := sharedDir(t, "telemetry")
	rs, err := builtin.Rules()
	if err != nil {
		t.Fatal(err)
	}
	shipped := filepath.Join(t.TempDir(), "shipped.kql")
	if err := os.WriteFile(shipped, []byte(rs[0].Query), 0o600); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		path          string
		seed, shipped string
	}{
		{"otrf-security-datasets/cmd_service_mod_fax.filtered.json", "NewServiceCreation", "NewServiceCreation SuspiciousServiceBinaryPath"},
		{"evtx/sbousseaden/sb_sysmon_13_1_meterpreter_getsystem.evtx", "", "SuspiciousServiceBinaryPath"},
		{"evtx/sbousseaden/sb_LM_sysmon_psexec_smb_meterpreter.evtx", "", "SuspiciousServiceBinaryPath"},
		{"evtx/mdecrevoisier/md_4688_sc_create_local.evtx", "NewServiceCreation", "NewServiceCreation"},
		{"otrf-security-datasets/empire_smbexec_dcerpc_smb_svcctl.filtered.json", "", "SuspiciousServiceBinaryPath"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			input := filepath.Join(dir, c.path)
			now := report.FormatDateTime(lastEventTime(t, input).Add(time.Minute))
			for _, q := range []struct{ file, want string }{{seed, c.seed}, {shipped, c.shipped}} {
				code, out, errOut := run("query", "--file", q.file, "--input", input, "--now", now, "--format", "json")
				if code != 0 {
					t.Fatalf("%s: exit status %d:\n%s", q.file, code, errOut)
				}
				if got := strings.Join(detectionTypes(t, out), " "); got != q.want {
					t.Errorf("%s: DetectionType values %q, want %q", filepath.Base(q.file), got, q.want)
				}
			}
		})
	}
}

package mapping

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/source"
	"github.com/quarry-kql/quarry/source/winevent"
)

// Helpers shared by the event families: Windows paths, accounts, hashes and
// the spellings Sysmon and the Security log use for values Defender spells
// differently.

const (
	channelSecurity = "Security"
	channelSysmon   = "Microsoft-Windows-Sysmon/Operational"
	providerSysmon  = "Microsoft-Windows-Sysmon"
	providerSCM     = "Service Control Manager"
	providerAudit   = "Microsoft-Windows-Security-Auditing"
)

func isSysmon(e *winevent.Event) bool {
	return strings.EqualFold(e.Provider, providerSysmon) || strings.EqualFold(e.Channel, channelSysmon)
}

// isSecurity reports whether the event comes from the Security log. Some
// exports spell the channel in lower case.
func isSecurity(e *winevent.Event) bool {
	return strings.EqualFold(e.Channel, channelSecurity) || e.Channel == "" && strings.EqualFold(e.Provider, providerAudit)
}

func isServiceControlManager(e *winevent.Event) bool {
	return strings.EqualFold(e.Provider, providerSCM) || e.Provider == "" && strings.EqualFold(e.Channel, "System")
}

// eventFields reads payload fields of one event. For Sysmon events it undoes
// the doubling of percent signs: Sysmon writes "%%COMSPEC%%" where the
// command or registry value held "%COMSPEC%", while the Security and System
// logs keep a single "%".
type eventFields struct {
	e      *winevent.Event
	sysmon bool
	used   map[string]bool
}

func fieldsOf(e *winevent.Event) *eventFields {
	return &eventFields{e: e, sysmon: isSysmon(e), used: map[string]bool{}}
}

// get returns the named field's value, "" when absent, and marks the field
// as used.
func (f *eventFields) get(name string) string {
	f.used[name] = true
	v, _ := f.e.Get(name)
	if f.sysmon {
		v = undoPercentDoubling(v)
	}
	return strings.TrimSpace(v)
}

// present returns the named field's value, treating Windows' placeholder
// "-" as absent.
func (f *eventFields) present(name string) string {
	v := f.get(name)
	if v == "-" {
		return ""
	}
	return v
}

// additional collects the fields not used for any column into an
// AdditionalFields object, skipping the names in skip and empty values.
func (f *eventFields) additional(skip ...string) map[string]any {
	m := map[string]any{}
	for _, name := range skip {
		f.used[name] = true
	}
	for _, field := range f.e.Data {
		if field.Name == "" || f.used[field.Name] {
			continue
		}
		v := field.Value
		if f.sysmon {
			v = undoPercentDoubling(v)
		}
		if v = strings.TrimSpace(v); v != "" && v != "-" {
			m[field.Name] = v
		}
	}
	return m
}

func undoPercentDoubling(s string) string {
	if !strings.Contains(s, "%%") {
		return s
	}
	return strings.ReplaceAll(s, "%%", "%")
}

// jsonObject renders an AdditionalFields object as JSON text with sorted
// keys, or "" when it is empty, because AdditionalFields is a string column
// in the Defender schema.
func jsonObject(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(k)
		value, _ := json.Marshal(m[k])
		b.Write(key)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.String()
}

// splitPath splits a Windows path into its folder and file name. A path
// without a separator, such as Sysmon's "System", is all file name.
func splitPath(p string) (folder, file string) {
	i := strings.LastIndexAny(p, `\/`)
	if i < 0 {
		return "", p
	}
	return p[:i], p[i+1:]
}

// splitAccount splits "DOMAIN\user" into domain and name.
func splitAccount(s string) (domain, name string) {
	if i := strings.Index(s, `\`); i >= 0 {
		return s[:i], s[i+1:]
	}
	return "", s
}

// parseHashes reads Sysmon's "SHA1=...,MD5=...,SHA256=...,IMPHASH=..." into
// lower-case hex digits by algorithm, as Defender writes hashes.
func parseHashes(s string) map[string]string {
	m := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		algo, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && value != "" {
			m[strings.ToUpper(algo)] = strings.ToLower(value)
		}
	}
	return m
}

// eventTime returns Sysmon's UtcTime when it parses, else the event's
// TimeCreated. UtcTime is when the action happened; TimeCreated is when
// Sysmon wrote the event, a few milliseconds later.
func eventTime(f *eventFields) time.Time {
	if t, _, ok := source.ParseTime(f.get("UtcTime")); ok {
		return t
	}
	return f.e.TimeCreated
}

// integrityFromLabel names the integrity level of a mandatory label SID, as
// Security 4688 records it, with the words Sysmon and Defender use.
func integrityFromLabel(sid string) string {
	switch strings.ToUpper(sid) {
	case "S-1-16-0":
		return "Untrusted"
	case "S-1-16-4096":
		return "Low"
	case "S-1-16-8192":
		return "Medium"
	case "S-1-16-8448":
		return "MediumPlus"
	case "S-1-16-12288":
		return "High"
	case "S-1-16-16384":
		return "System"
	case "S-1-16-20480":
		return "Protected"
	}
	return ""
}

// tokenElevation names the token elevation type of Security 4688's
// TokenElevationType message reference, as Defender's ProcessTokenElevation
// names it.
func tokenElevation(ref string) string {
	switch ref {
	case "%%1936":
		return "TokenElevationTypeDefault"
	case "%%1937":
		return "TokenElevationTypeFull"
	case "%%1938":
		return "TokenElevationTypeLimited"
	}
	return ""
}

// hiveNames maps the hive abbreviations Sysmon writes to the names Defender
// writes.
var hiveNames = []struct{ short, long string }{
	{`HKLM`, `HKEY_LOCAL_MACHINE`},
	{`HKU`, `HKEY_USERS`},
	{`HKCU`, `HKEY_CURRENT_USER`},
	{`HKCR`, `HKEY_CLASSES_ROOT`},
	{`HKCC`, `HKEY_CURRENT_CONFIG`},
	{`\REGISTRY\MACHINE`, `HKEY_LOCAL_MACHINE`},
	{`\REGISTRY\USER`, `HKEY_USERS`},
}

// expandHive spells the hive of a registry path the way Defender does and
// keeps the rest of the path as recorded: "HKLM\System\CurrentControlSet"
// becomes "HKEY_LOCAL_MACHINE\System\CurrentControlSet". KQL's has operator
// ignores case, so a query for "HKEY_LOCAL_MACHINE\SYSTEM\..." matches.
//
// NOTE: Defender is reported to show per-user keys as
// HKEY_CURRENT_USER\<SID>\...; this keeps Sysmon's HKU\<SID> as HKEY_USERS.
func expandHive(key string) string {
	for _, h := range hiveNames {
		if len(key) >= len(h.short) && strings.EqualFold(key[:len(h.short)], h.short) &&
			(len(key) == len(h.short) || key[len(h.short)] == '\\') {
			return h.long + key[len(h.short):]
		}
	}
	return key
}

// registryValue converts Sysmon's rendering of registry data into
// Defender's: "DWORD (0x00000002)" becomes "2", and "QWORD (0x00000001-0x00000002)",
// which Sysmon writes as high and low halves, becomes the decimal of the
// 64-bit value. It also returns the value type when the rendering shows it.
func registryValue(details string) (data, valueType string) {
	switch {
	case strings.HasPrefix(details, "DWORD (") && strings.HasSuffix(details, ")"):
		hex := details[len("DWORD (") : len(details)-1]
		if n, err := strconv.ParseUint(strings.TrimPrefix(hex, "0x"), 16, 32); err == nil {
			return strconv.FormatUint(n, 10), "Dword"
		}
	case strings.HasPrefix(details, "QWORD (") && strings.HasSuffix(details, ")"):
		inner := details[len("QWORD (") : len(details)-1]
		high, low, ok := strings.Cut(inner, "-")
		if !ok {
			high, low = "0x0", inner
		}
		h, err1 := strconv.ParseUint(strings.TrimPrefix(high, "0x"), 16, 32)
		l, err2 := strconv.ParseUint(strings.TrimPrefix(low, "0x"), 16, 32)
		if err1 == nil && err2 == nil {
			return strconv.FormatUint(h<<32|l, 10), "Qword"
		}
	case details == "Binary Data":
		return details, "Binary"
	}
	return details, ""
}

// wellKnownAccounts names the service accounts by SID, as Sentinel's Event
// table shows them in UserName.
var wellKnownAccounts = map[string]string{
	"S-1-5-18": `NT AUTHORITY\SYSTEM`,
	"S-1-5-19": `NT AUTHORITY\LOCAL SERVICE`,
	"S-1-5-20": `NT AUTHORITY\NETWORK SERVICE`,
}

func accountForSID(sid string) string {
	if name, ok := wellKnownAccounts[strings.ToUpper(sid)]; ok {
		return name
	}
	return sid
}

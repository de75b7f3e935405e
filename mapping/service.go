package mapping

import (
	"strings"

	"github.com/quarry-kql/quarry/source/winevent"
)

// Service installation: System 7045 ("A service was installed in the
// system") and Security 4697 ("A service was installed in the system")
// become DeviceEvents rows with ActionType ServiceInstalled, as Defender
// records them: the service binary in FileName and FolderPath, the service
// details in AdditionalFields.

const tableDeviceEvents = "DeviceEvents"

// serviceTypes maps 7045's rendered ServiceType to the numeric value 4697 and
// Defender use. 7045 renders both own-process (0x10) and shared-process
// (0x20) services as "user mode service"; the first is assumed.
var serviceTypes = map[string]int64{
	"kernel mode driver":       0x1,
	"file system driver":       0x2,
	"user mode service":        0x10,
	"interactive service":      0x110,
	"win32 own process":        0x10,
	"win32 share process":      0x20,
	"user own process":         0x50,
	"user share process":       0x60,
	"user own process (ipc)":   0x50,
	"user share process (ipc)": 0x60,
}

// startTypes maps 7045's rendered StartType to the numeric value.
var startTypes = map[string]int64{
	"boot start":   0,
	"system start": 1,
	"auto start":   2,
	"demand start": 3,
	"disabled":     4,
}

// serviceFromSCM maps System event 7045.
func serviceFromSCM(e *winevent.Event) Row {
	f := fieldsOf(e)
	b := newRow(tableDeviceEvents)
	b.time("Timestamp", e.TimeCreated)
	b.str("DeviceName", e.Computer)
	b.str("ActionType", "ServiceInstalled")

	imagePath := f.get("ImagePath")
	folder, file := serviceBinary(imagePath)
	b.str("FolderPath", folder)
	b.str("FileName", file)

	// The System log records who installed the service as the event's user.
	b.str("InitiatingProcessAccountSid", e.UserID)
	b.reportID(e)

	name, account := f.get("ServiceName"), f.get("AccountName")
	serviceType, startType := f.get("ServiceType"), f.get("StartType")
	extra := f.additional()
	putService(extra, "ServiceName", name)
	putService(extra, "ServiceFileName", imagePath)
	putService(extra, "ServiceAccount", account)
	putNumber(extra, "ServiceType", serviceType, serviceTypes)
	putNumber(extra, "ServiceStartType", startType, startTypes)
	b.str("AdditionalFields", jsonObject(extra))
	return b.done()
}

// serviceFromSecurity maps Security event 4697, whose Subject is the account
// that installed the service.
func serviceFromSecurity(e *winevent.Event) Row {
	f := fieldsOf(e)
	b := newRow(tableDeviceEvents)
	b.time("Timestamp", e.TimeCreated)
	b.str("DeviceName", e.Computer)
	b.str("ActionType", "ServiceInstalled")

	fileName := f.get("ServiceFileName")
	folder, file := serviceBinary(fileName)
	b.str("FolderPath", folder)
	b.str("FileName", file)

	b.str("InitiatingProcessAccountDomain", f.present("SubjectDomainName"))
	b.str("InitiatingProcessAccountName", f.present("SubjectUserName"))
	b.str("InitiatingProcessAccountSid", f.present("SubjectUserSid"))
	b.longText("InitiatingProcessLogonId", f.get("SubjectLogonId"))
	// Windows 10 and later add the calling process.
	b.longText("InitiatingProcessId", f.get("ClientProcessId"))
	b.longText("InitiatingProcessParentId", f.get("ParentProcessId"))
	b.reportID(e)

	name, account := f.get("ServiceName"), f.get("ServiceAccount")
	serviceType, startType := f.get("ServiceType"), f.get("ServiceStartType")
	extra := f.additional()
	putService(extra, "ServiceName", name)
	putService(extra, "ServiceFileName", fileName)
	putService(extra, "ServiceAccount", account)
	putNumber(extra, "ServiceType", serviceType, nil)
	putNumber(extra, "ServiceStartType", startType, nil)
	b.str("AdditionalFields", jsonObject(extra))
	return b.done()
}

func putService(m map[string]any, key, value string) {
	if value != "" {
		m[key] = value
	}
}

// putNumber stores a service or start type as a number, as Defender does,
// from decimal or hexadecimal text or from 7045's rendered name. Text it
// cannot read is stored as it is.
func putNumber(m map[string]any, key, value string, names map[string]int64) {
	if value == "" {
		return
	}
	if n, ok := parseNumber(value); ok {
		m[key] = n
		return
	}
	if n, ok := names[strings.ToLower(value)]; ok {
		m[key] = n
		return
	}
	m[key] = value
}

// executableExtensions end the binary path of an unquoted ImagePath, whose
// arguments follow after a space.
var executableExtensions = []string{".exe", ".sys", ".dll", ".com", ".bat", ".cmd", ".ps1", ".scr"}

// serviceBinary finds the binary in a service's ImagePath and splits it into
// folder and file name: a quoted path, or an unquoted path up to the first
// executable extension that a space or the end follows, or the first word.
// The kernel's "\??\" prefix is removed and environment variables are kept.
func serviceBinary(imagePath string) (folder, file string) {
	p := strings.TrimSpace(imagePath)
	switch {
	case strings.HasPrefix(p, `"`):
		if end := strings.Index(p[1:], `"`); end >= 0 {
			p = p[1 : end+1]
		} else {
			p = p[1:]
		}
	default:
		lower := strings.ToLower(p)
		cut := -1
		for _, ext := range executableExtensions {
			for from := 0; ; {
				i := strings.Index(lower[from:], ext)
				if i < 0 {
					break
				}
				end := from + i + len(ext)
				if end == len(p) || p[end] == ' ' {
					if cut < 0 || end < cut {
						cut = end
					}
					break
				}
				from = end
			}
		}
		if cut >= 0 {
			p = p[:cut]
		} else if i := strings.IndexByte(p, ' '); i >= 0 {
			p = p[:i]
		}
	}
	p = strings.TrimPrefix(p, `\??\`)
	return splitPath(p)
}

package mapping

import (
	"github.com/quarry-kql/quarry/source/winevent"
)

// File creation: Sysmon 11, "File created", becomes a DeviceFileEvents row
// with ActionType FileCreated.

const tableFile = "DeviceFileEvents"

func fileFromSysmon(e *winevent.Event) (Row, *fieldProblem) {
	f := fieldsOf(e)
	b := newRow(tableFile)
	var bad *fieldProblem

	b.time("Timestamp", eventTime(f))
	b.str("DeviceName", e.Computer)
	b.str("ActionType", "FileCreated")

	target := f.get("TargetFilename")
	_, name := splitPath(target)
	b.str("FolderPath", target)
	b.str("FileName", name)

	image := f.get("Image")
	_, imageName := splitPath(image)
	b.str("InitiatingProcessFolderPath", image)
	b.str("InitiatingProcessFileName", imageName)
	if !b.longText("InitiatingProcessId", f.get("ProcessId")) {
		bad = badField("ProcessId", f.get("ProcessId"))
	}
	domain, user := splitAccount(f.present("User"))
	b.str("InitiatingProcessAccountDomain", domain)
	b.str("InitiatingProcessAccountName", user)

	b.reportID(e)
	b.str("AdditionalFields", jsonObject(f.additional("RuleName")))
	return b.done(), bad
}

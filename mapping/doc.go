// Package mapping turns source records into rows of the Defender and
// Sentinel tables, so a detection written for Defender runs unchanged on
// Sysmon and Windows event logs.
//
// Windows events are mapped by event family, one file per family:
//
//	process.go   Sysmon 1, Security 4688        → DeviceProcessEvents (ProcessCreated)
//	registry.go  Sysmon 12, 13, 14              → DeviceRegistryEvents
//	service.go   System 7045, Security 4697     → DeviceEvents (ServiceInstalled)
//	file.go      Sysmon 11                      → DeviceFileEvents (FileCreated)
//
// Every Windows event also becomes one Sentinel row: SecurityEvent for the
// Security channel (securityevent.go), Event for any other channel
// (event.go). Defender and Sentinel table rows read from exports pass through
// to their own table with their values converted to the schema's types
// (passthrough.go). docs/mapping.md lists every field each family keeps and
// drops.
//
// # Output contract
//
// A [Row] names its table and holds one value per column of [Schema] for that
// table, in the schema's column order. Schema is the Defender flavour
// (schema.Defender) for the tables Defender has, which are the Device*
// tables, and the Sentinel flavour (schema.Sentinel) for the others,
// SecurityEvent and Event. Values have these Go types by column kind:
//
//	bool                → bool
//	int, long           → int64
//	real, decimal       → float64
//	string              → string, "" when missing, never nil
//	datetime            → time.Time in UTC
//	timespan            → time.Duration
//	guid                → string
//	dynamic             → decoded JSON: map[string]any, []any, string, float64, bool or nil
//
// and nil is null for every kind but string. A pass-through row may also
// carry [Extra] columns that its table's schema lacks; see [Row.Extra].
//
// Start with [NewMapper] and [Mapper.Map].
package mapping

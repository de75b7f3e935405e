// Package source opens telemetry inputs and yields their records: Windows
// events and rows of Defender or Sentinel tables.
//
// An input is a file, a folder (read recursively in sorted order) or "-" for
// standard input. The format of each file is detected from its content, never
// from its name:
//
//   - gzip: decompressed transparently, and the format inside is detected again;
//   - EVTX: the binary Windows event log, recognised by its "ElfFile\x00" magic
//     or, when the file header is damaged, by its first chunk's "ElfChnk\x00";
//   - JSON: newline-delimited records, a top-level array, a single object, or
//     concatenated pretty-printed objects, in UTF-8 or UTF-16 with a byte order mark;
//   - CSV: a header row of column names, as Defender advanced hunting exports it.
//
// Each JSON record is recognised by its shape (see [Shape]): the nested
// {"Event": {"System": ..., "EventData": ...}} shape that EVTX-to-JSON
// converters write, the flat shape of public datasets such as OTRF
// Security-Datasets, or a Defender or Sentinel table row. Windows events become
// a [winevent.Event]; table rows become a [Row] whose table is decided by the
// rule documented on [DecideTable].
//
// Bad input never stops a run. Every record either becomes a [Record] or is
// counted as a [Problem] with its file, offset or line and reason, and a
// [Summary] describes per file what was read. Start with [NewReader] and
// [Reader.Records].
package source

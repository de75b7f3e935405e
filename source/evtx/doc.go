// Package evtx reads Windows XML Event Log (EVTX) files, the binary format
// that Windows Vista and later write under System32\winevt\Logs, and turns
// each event record into a winevent.Event.
//
// # File layout
//
// An EVTX file is a 4096-byte file header followed by 65536-byte chunks.
// Each chunk has a 512-byte header and a run of event records. A record
// holds one event as binary XML (BinXML). Most events are a template
// instance: the chunk stores each template definition once, and every record
// that uses it refers to it by offset and carries only the substitution
// values. Element and attribute names are stored once per chunk in the same
// way.
//
// The reader follows the public description of the format in the libevtx
// project's document "Windows XML Event Log (EVTX)".
//
// # Damage
//
// The reader reads every chunk slot physically present in the file, whatever
// chunk count the file header gives, and reads chunks even when the file
// header is damaged. A chunk without its signature is reported as a
// [Problem] and skipped. Within a chunk, a record that does not parse is
// reported and skipped, and reading resumes at the next well-framed record,
// so the records after a torn record or a stretch of zero bytes are still
// read. A record whose size field and size copy disagree is kept and marked
// Recovered when its event parses. A checksum mismatch on a chunk whose
// records still parse is reported as a warning, and the records are kept.
//
// Sizes read from the file are checked against the chunk or record that
// contains them before any use, so a damaged size never causes a large
// allocation, and the work of rendering one record is bounded.
//
// # Rendering of values
//
// Field values are the text of the event's XML as Windows renders it, with
// XML entities already decoded:
//
//   - signed and unsigned integers in decimal;
//   - HexInt32, HexInt64 and size_t values as "0x" and lower-case hex digits
//     without zero padding, such as "0x3e7";
//   - GUIDs as upper-case "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"; a GUID
//     stored as a string keeps the case it was recorded in;
//   - SIDs as "S-1-5-21-...";
//   - FILETIME and SYSTEMTIME values as ISO 8601 UTC with seven fractional
//     digits, such as "2019-03-03T09:20:28.6214897Z";
//   - booleans as "true" or "false", where any non-zero value is true;
//   - binary data as upper-case hex digits;
//   - floating point values in the shortest decimal form that reads back to
//     the same value;
//   - strings without their trailing NUL characters;
//   - arrays as repeated elements: when an array value is the whole content
//     of an element, the element is repeated once per array item, as Windows
//     renders it, so an EventData Data element gives one field per item.
//     Anywhere else, such as in an attribute, the items are joined with ",".
//
// Data gets the EventData children in document order: the Name attribute of a
// Data element becomes the field name, an unnamed Data element gets an empty
// name and any other child, such as Binary, is named after its element. An
// event with UserData or ProcessingErrorData instead of EventData gets, in
// document order, the leaf elements of that section, each named after its
// element, and the attributes of its elements, each named after its
// attribute. Namespace declarations are left out, and so is a leaf element
// that has attributes but no text.
package evtx

package evtx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"time"

	"github.com/quarry-kql/quarry/source/winevent"
)

// Sizes fixed by the format.
const (
	fileHeaderSize   = 4096  // file header block, chunks start after it
	fileHeaderUsed   = 128   // bytes of the file header that carry fields
	chunkSize        = 65536 // every chunk, header included
	chunkHeaderSize  = 512   // chunk header with its string and template tables
	recordHeaderSize = 24    // signature, size, record ID and written time
	recordMinSize    = recordHeaderSize + 4
)

// File flags from the file header.
const (
	flagDirty = 0x1 // the log was not closed cleanly
	flagFull  = 0x2 // the log reached its maximum size
	// flagNoCRC marks files whose checksums are left 0, as in the format 3.2
	// files that set it in the file and chunk headers. The public format
	// description does not list it, and no checksum is checked where it is set.
	flagNoCRC = 0x4
)

var (
	fileSignature   = []byte("ElfFile\x00")
	chunkSignature  = []byte("ElfChnk\x00")
	recordSignature = []byte("\x2a\x2a\x00\x00")
)

// ErrNotEVTX is the cause of the error that Open returns for input that has
// neither an EVTX file header nor any EVTX chunk.
var ErrNotEVTX = errors.New("not an EVTX file")

// Error is the error type that Open and Next return when reading cannot go
// on: input that is not EVTX, or a failed read from the underlying
// io.ReaderAt. Damage inside a file is not an Error but a Problem.
type Error struct {
	Offset int64  // file offset of the failed read or check
	Reason string // what failed
	Err    error  // underlying cause, such as ErrNotEVTX or an I/O error
}

// Error formats the failure with its offset and cause.
func (e *Error) Error() string {
	msg := fmt.Sprintf("evtx: %s at offset %d", e.Reason, e.Offset)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Problem is damage found in a file: a chunk or record that was skipped, or a
// check that failed on data that was still read. Problems do not stop
// reading.
type Problem struct {
	Offset  int64  // file offset of the damaged structure
	Chunk   int    // chunk slot index, -1 for the file header
	Record  uint64 // event record ID, 0 when not known
	Reason  string // what is wrong
	Warning bool   // true when the data was read anyway, as for a checksum mismatch
}

// String formats the problem on one line.
func (p Problem) String() string {
	kind := "damage"
	if p.Warning {
		kind = "warning"
	}
	where := "file header"
	if p.Chunk >= 0 {
		where = fmt.Sprintf("chunk %d", p.Chunk)
	}
	if p.Record != 0 {
		where += fmt.Sprintf(" record %d", p.Record)
	}
	return fmt.Sprintf("%s at offset %d (%s): %s", kind, p.Offset, where, p.Reason)
}

// Header holds the fields of the file header.
type Header struct {
	Valid        bool // the signature is present, and the other fields are zero when it is not
	FirstChunk   uint64
	LastChunk    uint64
	NextRecordID uint64
	MinorVersion uint16
	MajorVersion uint16
	ChunkCount   uint16 // chunks in use according to the header
	Flags        uint32
}

// Dirty reports whether the log was not closed cleanly.
func (h Header) Dirty() bool { return h.Flags&flagDirty != 0 }

// Full reports whether the log reached its maximum size.
func (h Header) Full() bool { return h.Flags&flagFull != 0 }

// Record is one event record read from a file.
type Record struct {
	Event winevent.Event
	// RecordID is the event record ID from the record header. Logs saved
	// from Event Viewer number their records from 1 here, while
	// Event.RecordID keeps the original System/EventRecordID.
	RecordID uint64
	Written  time.Time // time the record was written, from the record header
	Offset   int64     // file offset of the record
	Chunk    int       // index of the chunk slot that holds the record, from 0
	// Recovered is true for a record whose size field and size copy
	// disagree but whose event parsed. Such a record was often cut short
	// while being written, so its event may be incomplete. A Problem
	// describes it.
	Recovered bool
}

// ChunkSummary counts the records of one chunk slot that has been read.
type ChunkSummary struct {
	Chunk   int   // chunk slot index, from 0
	Offset  int64 // file offset of the chunk
	Read    int   // records returned, Recovered ones included
	Lost    int   // records that could not be read, counted or estimated
	Skipped bool  // the whole chunk was skipped as damaged
	// Estimated is true when Lost is an estimate rather than a count of
	// damaged records: the shortfall against the record numbers in the chunk
	// header, or the well-framed records in a skipped chunk.
	Estimated bool
}

// File reads the records of one EVTX file, chunk by chunk. Records come in
// file order, which for a log that wrapped around is not time order. A File
// is not safe for concurrent use.
type File struct {
	r      io.ReaderAt
	size   int64
	header Header
	slots  int // chunk slots present in the file, a trailing partial one included

	nextSlot int
	chunk    chunkReader
	inChunk  bool
	err      error

	problems []Problem
	chunks   []ChunkSummary
}

// Open reads the file header of the EVTX file in r, which holds size bytes,
// and prepares to read its records. It returns an *Error when the input has
// neither an EVTX file header nor an EVTX chunk at any chunk position, or
// when reading r fails. A damaged file header is reported as a Problem.
func Open(r io.ReaderAt, size int64) (*File, error) {
	if size < 0 {
		return nil, &Error{Reason: fmt.Sprintf("invalid file size %d, expected 0 or more", size)}
	}
	f := &File{r: r, size: size}
	f.chunk.init(f)

	head := make([]byte, min(size, fileHeaderSize))
	if err := f.readAt(head, 0); err != nil {
		return nil, err
	}
	f.parseHeader(head)

	if size > fileHeaderSize {
		f.slots = int((size - fileHeaderSize + chunkSize - 1) / chunkSize)
	}
	if !f.header.Valid {
		found, err := f.anyChunkSignature()
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, &Error{Reason: "no file header signature and no chunk signature", Err: ErrNotEVTX}
		}
	}
	if size < fileHeaderSize {
		f.problem(Problem{Offset: size, Chunk: -1, Reason: fmt.Sprintf("file truncated: %d bytes, shorter than the %d-byte file header", size, fileHeaderSize)})
	}
	if count := int(f.header.ChunkCount); f.header.Valid && count > f.slots {
		f.problem(Problem{Offset: size, Chunk: -1, Reason: fmt.Sprintf("file truncated: the file header counts %d chunks but the file has room for %d", count, f.slots)})
	}
	return f, nil
}

// parseHeader fills f.header from the file header and reports damage.
func (f *File) parseHeader(head []byte) {
	if len(head) < fileHeaderUsed || !bytes.Equal(head[:8], fileSignature) {
		f.problem(Problem{Chunk: -1, Reason: "file header signature missing, so chunks are found by their own signature"})
		return
	}
	h := Header{
		Valid:        true,
		FirstChunk:   binary.LittleEndian.Uint64(head[8:]),
		LastChunk:    binary.LittleEndian.Uint64(head[16:]),
		NextRecordID: binary.LittleEndian.Uint64(head[24:]),
		MinorVersion: binary.LittleEndian.Uint16(head[36:]),
		MajorVersion: binary.LittleEndian.Uint16(head[38:]),
		ChunkCount:   binary.LittleEndian.Uint16(head[42:]),
		Flags:        binary.LittleEndian.Uint32(head[120:]),
	}
	f.header = h

	stored := binary.LittleEndian.Uint32(head[124:])
	if h.Flags&flagNoCRC == 0 && stored != crc32.ChecksumIEEE(head[:120]) {
		f.problem(Problem{Offset: 124, Chunk: -1, Warning: true, Reason: fmt.Sprintf("file header checksum mismatch: stored 0x%08x, computed 0x%08x", stored, crc32.ChecksumIEEE(head[:120]))})
	}
	if blockSize := binary.LittleEndian.Uint16(head[40:]); blockSize != fileHeaderSize {
		f.problem(Problem{Offset: 40, Chunk: -1, Warning: true, Reason: fmt.Sprintf("file header block size is %d, expected %d, so chunks are read from offset %d", blockSize, fileHeaderSize, fileHeaderSize)})
	}
}

// anyChunkSignature reports whether any chunk slot starts with the chunk
// signature.
func (f *File) anyChunkSignature() (bool, error) {
	sig := make([]byte, len(chunkSignature))
	for slot := 0; slot < f.slots; slot++ {
		off := chunkOffset(slot)
		if off+int64(len(sig)) > f.size {
			break
		}
		if err := f.readAt(sig, off); err != nil {
			return false, err
		}
		if bytes.Equal(sig, chunkSignature) {
			return true, nil
		}
	}
	return false, nil
}

// Header returns the fields of the file header. Header.Valid is false when
// the header was damaged.
func (f *File) Header() Header { return f.header }

// Problems returns the damage found so far, in the order it was found.
func (f *File) Problems() []Problem { return append([]Problem(nil), f.problems...) }

// Chunks returns a summary of every chunk slot read so far that was not
// empty.
func (f *File) Chunks() []ChunkSummary { return append([]ChunkSummary(nil), f.chunks...) }

// Next returns the next record. It returns io.EOF after the last record, and
// an *Error when reading the underlying io.ReaderAt fails. Every later call
// returns the same error.
func (f *File) Next() (Record, error) {
	for {
		if f.err != nil {
			return Record{}, f.err
		}
		if f.inChunk {
			rec, ok := f.chunk.next()
			if ok {
				return rec, nil
			}
			f.chunks = append(f.chunks, f.chunk.summary())
			f.inChunk = false
			continue
		}
		if f.nextSlot >= f.slots {
			f.chunk.release()
			return Record{}, io.EOF
		}
		slot := f.nextSlot
		f.nextSlot++
		f.inChunk, f.err = f.chunk.load(slot)
		if f.err != nil {
			f.chunk.release()
		}
		if !f.inChunk && f.err == nil && f.chunk.used {
			f.chunks = append(f.chunks, f.chunk.summary())
		}
	}
}

// Records calls fn for every remaining record in file order. It stops at
// the first error from fn or from reading, and returns that error.
func (f *File) Records(fn func(Record) error) error {
	for {
		rec, err := f.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
}

func (f *File) problem(p Problem) { f.problems = append(f.problems, p) }

// readAt fills buf from offset off and turns a failure into an *Error.
func (f *File) readAt(buf []byte, off int64) error {
	n, err := f.r.ReadAt(buf, off)
	if n == len(buf) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return &Error{Offset: off, Reason: fmt.Sprintf("reading %d bytes failed", len(buf)), Err: err}
}

func chunkOffset(slot int) int64 { return fileHeaderSize + int64(slot)*chunkSize }

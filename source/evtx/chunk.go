package evtx

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"sync"
)

// maxRecordsPerChunk bounds the record count that a chunk header can
// plausibly claim: the smallest record takes recordMinSize bytes.
const maxRecordsPerChunk = (chunkSize - chunkHeaderSize) / recordMinSize

// chunkReader holds one chunk in memory and walks its records. Its buffer,
// parser and builder are reused from chunk to chunk.
type chunkReader struct {
	f      *File
	buf    []byte // the chunk as read; shorter than chunkSize only at a truncated file end
	slot   int
	offset int64 // file offset of the chunk

	used      bool // the slot held something other than zero bytes
	pos       int  // chunk offset of the next record
	end       int  // chunk offset where the record area ends
	firstNum  uint64
	lastNum   uint64
	numsValid bool // firstNum and lastNum look plausible
	read      int
	lost      int
	skipped   bool
	estimated bool

	parser  parser
	builder builder
}

// chunkBuffers reuses chunk buffers across files, because a reader of many
// small files would otherwise allocate one 64 KiB buffer per file.
var chunkBuffers = sync.Pool{New: func() any { return new([chunkSize]byte) }}

func (c *chunkReader) init(f *File) {
	c.f = f
	c.parser.init()
	c.builder.init()
}

// release returns the chunk buffer for reuse once the file is read to the end.
func (c *chunkReader) release() {
	if c.buf != nil {
		chunkBuffers.Put((*[chunkSize]byte)(c.buf[:chunkSize]))
		c.buf = nil
	}
}

// load reads chunk slot and checks its header. It reports whether the chunk
// has records to walk. A nil error with false means the slot was empty or
// skipped as damaged.
func (c *chunkReader) load(slot int) (bool, error) {
	f := c.f
	c.slot = slot
	c.offset = chunkOffset(slot)
	c.used, c.read, c.lost, c.skipped, c.estimated, c.numsValid = false, 0, 0, false, false, false

	n := int(min(chunkSize, f.size-c.offset))
	if c.buf == nil {
		c.buf = chunkBuffers.Get().(*[chunkSize]byte)[:]
	}
	c.buf = c.buf[:n]
	if err := f.readAt(c.buf, c.offset); err != nil {
		return false, err
	}
	buf := c.buf

	if !bytes.HasPrefix(buf, chunkSignature) {
		if allZero(buf) {
			if f.header.Valid && slot < int(f.header.ChunkCount) {
				c.report(0, 0, true, fmt.Sprintf("chunk slot is empty although the file header counts %d chunks", f.header.ChunkCount))
			}
			return false, nil
		}
		c.used, c.skipped = true, true
		framed := c.countFramedRecords()
		if framed == 0 && f.header.Valid && slot >= int(f.header.ChunkCount) {
			c.report(0, 0, true, fmt.Sprintf("slot past the %d chunks that the file header counts holds data without a chunk signature or records, so it is ignored", f.header.ChunkCount))
			return false, nil
		}
		c.lost, c.estimated = framed, true
		c.readRecordNumbers()
		c.estimateLost()
		c.report(0, 0, false, fmt.Sprintf("chunk signature missing, so the chunk is skipped with an estimated %d records in it", c.lost))
		return false, nil
	}
	c.used = true
	if n < chunkHeaderSize {
		c.skipped = true
		c.report(0, 0, false, fmt.Sprintf("chunk truncated by the end of the file, with %d of %d bytes present and the header incomplete, so the chunk is skipped", n, chunkSize))
		return false, nil
	}
	c.readRecordNumbers()
	checkCRC := f.header.Flags&flagNoCRC == 0 && binary.LittleEndian.Uint32(buf[120:])&flagNoCRC == 0

	if checkCRC {
		stored := binary.LittleEndian.Uint32(buf[124:])
		crc := crc32.Update(crc32.ChecksumIEEE(buf[:120]), crc32.IEEETable, buf[128:chunkHeaderSize])
		if stored != crc {
			c.report(124, 0, true, fmt.Sprintf("chunk header checksum mismatch: stored 0x%08x, computed 0x%08x", stored, crc))
		}
	}

	c.end = n
	free := int(binary.LittleEndian.Uint32(buf[48:]))
	switch {
	case free < chunkHeaderSize || free > chunkSize:
		c.report(48, 0, true, fmt.Sprintf("free space offset 0x%x is outside the chunk, so records are read up to the chunk end", free))
	case free > n:
		// The truncation problem below covers this case.
	default:
		c.end = free
		if checkCRC {
			stored := binary.LittleEndian.Uint32(buf[52:])
			crc := crc32.ChecksumIEEE(buf[chunkHeaderSize:free])
			if stored != crc {
				which := "its records"
				if c.numsValid {
					which = fmt.Sprintf("records %d to %d", c.firstNum, c.lastNum)
				}
				c.report(52, 0, true, fmt.Sprintf("event records checksum mismatch: stored 0x%08x, computed 0x%08x; values of %s may be damaged", stored, crc, which))
			}
		}
	}
	if n < chunkSize {
		c.report(int64(n), 0, false, fmt.Sprintf("chunk truncated by the end of the file, with %d of %d bytes present, and records past the end are lost", n, chunkSize))
	}

	c.parser.reset(buf)
	c.pos = chunkHeaderSize
	return true, nil
}

// readRecordNumbers takes the first and last event record numbers from the
// chunk header and keeps them when they describe a plausible record count.
func (c *chunkReader) readRecordNumbers() {
	if len(c.buf) < 24 {
		return
	}
	c.firstNum = binary.LittleEndian.Uint64(c.buf[8:])
	c.lastNum = binary.LittleEndian.Uint64(c.buf[16:])
	c.numsValid = c.lastNum >= c.firstNum && c.lastNum-c.firstNum < maxRecordsPerChunk
}

// estimateLost raises the lost count to the shortfall between the records
// the chunk header claims and the records read, when the header is plausible.
func (c *chunkReader) estimateLost() {
	if !c.numsValid {
		return
	}
	expected := int(c.lastNum-c.firstNum) + 1
	if c.read+c.lost < expected {
		c.lost = expected - c.read
		c.estimated = true
	}
}

// next returns the next record of the chunk that parses, reporting and
// skipping damaged ones. It returns false at the end of the chunk.
func (c *chunkReader) next() (Record, bool) {
	buf := c.buf
	for c.pos+recordMinSize <= c.end {
		pos := c.pos
		if !bytes.HasPrefix(buf[pos:], recordSignature) {
			if allZero(buf[pos:c.end]) {
				break
			}
			c.pos = c.findRecord(pos + 1)
			c.lost++
			c.report(int64(pos), 0, false, fmt.Sprintf("record signature missing, so %d bytes were skipped to the next record", c.pos-pos))
			continue
		}

		size := int(binary.LittleEndian.Uint32(buf[pos+4:]))
		id := binary.LittleEndian.Uint64(buf[pos+8:])
		sizeFits := size >= recordMinSize && size <= len(buf)-pos
		copySize := 0
		if sizeFits {
			copySize = int(binary.LittleEndian.Uint32(buf[pos+size-4:]))
		}
		if sizeFits && copySize == size {
			c.pos = pos + size
			rec, err := c.parseRecord(pos, size, id)
			if err != nil {
				c.lost++
				c.report(int64(pos), id, false, err.Error())
				continue
			}
			c.read++
			return rec, true
		}
		if rec, ok := c.recoverRecord(pos, size, sizeFits, copySize, id); ok {
			c.read++
			return rec, true
		}
	}
	c.estimateLost()
	return Record{}, false
}

// recoverRecord handles a record whose size field and size copy disagree.
// A record whose size field fits the chunk is kept when its event parses,
// because the size copy at the end is written last and a record cut short
// while being written can still hold its event. A record whose size field
// does not fit is read up to the next well-framed record when the size copy
// in front of that record matches the distance or is 0. Otherwise the record
// is reported as lost and reading resumes at the next well-framed record.
func (c *chunkReader) recoverRecord(pos, size int, sizeFits bool, copySize int, id uint64) (Record, bool) {
	var reason string
	if sizeFits {
		reason = fmt.Sprintf("record size %d does not match the size copy %d at the record end", size, copySize)
		rec, err := c.parseRecord(pos, size, id)
		if err == nil {
			rec.Recovered = true
			c.pos = pos + size
			c.report(int64(pos), id, true, reason+", but its event parses, so the record is kept")
			return rec, true
		}
		reason += ", and its " + err.Error()
	} else {
		reason = fmt.Sprintf("record size %d is invalid with %d bytes left in the chunk", size, len(c.buf)-pos)
		next := c.findRecord(pos + 1)
		span := next - pos
		if span >= recordMinSize {
			// A size copy of 0 is accepted too: records whose size and size
			// copy are both 0 occur, and the event must still parse.
			if copySize := int(binary.LittleEndian.Uint32(c.buf[next-4:])); copySize == span || copySize == 0 {
				rec, err := c.parseRecord(pos, span, id)
				if err == nil {
					rec.Recovered = true
					c.pos = next
					c.report(int64(pos), id, true, fmt.Sprintf("%s, so the record was read up to the next record, %d bytes on", reason, span))
					return rec, true
				}
				reason += ", and its " + err.Error()
			}
		}
	}
	c.pos = c.findRecord(pos + 1)
	c.lost++
	c.report(int64(pos), id, false, reason)
	return Record{}, false
}

// parseRecord renders the record at chunk offset pos.
func (c *chunkReader) parseRecord(pos, size int, id uint64) (Record, error) {
	rec := Record{
		RecordID: id,
		Written:  filetimeToTime(binary.LittleEndian.Uint64(c.buf[pos+16:])),
		Offset:   c.offset + int64(pos),
		Chunk:    c.slot,
	}
	c.builder.reset(&rec.Event)
	c.parser.work = maxRenderWork
	if err := c.parser.renderDocument(pos+recordHeaderSize, pos+size-4, &c.builder, 0); err != nil {
		return Record{}, err
	}
	c.builder.finish()
	if !c.builder.haveRecordID {
		rec.Event.RecordID = id
	}
	return rec, nil
}

// findRecord returns the chunk offset of the first well-framed record at or
// after from, or c.end when there is none. A well-framed record has the
// signature, a size that fits the chunk and a matching size copy.
func (c *chunkReader) findRecord(from int) int {
	buf := c.buf
	for from+recordMinSize <= c.end {
		i := bytes.Index(buf[from:c.end], recordSignature)
		if i < 0 {
			break
		}
		pos := from + i
		if pos+recordMinSize > c.end {
			break
		}
		size := int(binary.LittleEndian.Uint32(buf[pos+4:]))
		if size >= recordMinSize && size <= len(buf)-pos && int(binary.LittleEndian.Uint32(buf[pos+size-4:])) == size {
			return pos
		}
		from = pos + 1
	}
	return c.end
}

// countFramedRecords counts the well-framed records anywhere in the chunk,
// an estimate of the records lost with a chunk that cannot be read.
func (c *chunkReader) countFramedRecords() int {
	c.end = len(c.buf)
	n := 0
	for pos := c.findRecord(0); pos < c.end; pos = c.findRecord(pos + 1) {
		n++
	}
	return n
}

func (c *chunkReader) summary() ChunkSummary {
	return ChunkSummary{
		Chunk:     c.slot,
		Offset:    c.offset,
		Read:      c.read,
		Lost:      c.lost,
		Skipped:   c.skipped,
		Estimated: c.estimated,
	}
}

// report records a problem at chunk offset off.
func (c *chunkReader) report(off int64, record uint64, warning bool, reason string) {
	c.f.problem(Problem{Offset: c.offset + off, Chunk: c.slot, Record: record, Reason: reason, Warning: warning})
}

// zeroChunk is the all-zero chunk that allZero compares with, because
// bytes.Equal is much faster than a loop over the bytes.
var zeroChunk [chunkSize]byte

// allZero reports whether b, at most a chunk long, holds only zero bytes.
func allZero(b []byte) bool { return bytes.Equal(b, zeroChunk[:len(b)]) }

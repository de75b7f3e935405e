package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
)

// peekSize is how much of a file format detection may look at. It is also
// the buffer size of every reader.
const peekSize = 64 << 10

// maxGzipLayers bounds gzip-inside-gzip nesting.
const maxGzipLayers = 4

type contentKind int

const (
	kindUnknown contentKind = iota
	kindEmpty
	kindGzip
	kindEVTX
	kindUTF16LE
	kindUTF16BE
	kindJSON
	kindCSV
)

var (
	gzipMagic  = []byte{0x1f, 0x8b}
	evtxMagic  = []byte("ElfFile\x00")
	chunkMagic = []byte("ElfChnk\x00")
	utf8BOM    = []byte{0xef, 0xbb, 0xbf}
	utf16LEBOM = []byte{0xff, 0xfe}
	utf16BEBOM = []byte{0xfe, 0xff}
)

// evtxHeaderBlock is the size of the EVTX file header block, after which
// the first chunk starts.
const evtxHeaderBlock = 4096

// detect looks at the start of br, without consuming it, and names the
// content. It also returns the length of a UTF-8 byte order mark to skip.
func detect(br *bufio.Reader) (contentKind, int) {
	head, _ := br.Peek(peekSize)

	switch {
	case len(head) == 0:
		return kindEmpty, 0
	case bytes.HasPrefix(head, gzipMagic):
		return kindGzip, 0
	case bytes.HasPrefix(head, evtxMagic):
		return kindEVTX, 0
	case len(head) >= evtxHeaderBlock+len(chunkMagic) && bytes.HasPrefix(head[evtxHeaderBlock:], chunkMagic):
		// The file header is damaged, but the first chunk is where an
		// EVTX file keeps it, and the EVTX reader recovers the chunks.
		return kindEVTX, 0
	case bytes.HasPrefix(head, utf16LEBOM):
		return kindUTF16LE, 0
	case bytes.HasPrefix(head, utf16BEBOM):
		return kindUTF16BE, 0
	}

	bom := 0
	if bytes.HasPrefix(head, utf8BOM) {
		bom = len(utf8BOM)
	}
	text := bytes.TrimLeft(head[bom:], " \t\r\n")
	if len(text) == 0 {
		if len(head) < peekSize {
			return kindEmpty, bom
		}
		// More than a buffer of white space: let the JSON reader look further.
		return kindJSON, bom
	}
	switch text[0] {
	case '{', '[':
		return kindJSON, bom
	}

	// UTF-16 without a byte order mark starts with an ASCII character
	// followed by a zero byte (little-endian) or the reverse.
	if len(head) >= 4 && head[1] == 0 && head[3] == 0 && head[0] != 0 && head[2] != 0 {
		return kindUTF16LE, 0
	}
	if len(head) >= 4 && head[0] == 0 && head[2] == 0 && head[1] != 0 && head[3] != 0 {
		return kindUTF16BE, 0
	}
	if isCSVHeader(firstLine(head[bom:])) {
		return kindCSV, bom
	}
	return kindUnknown, bom
}

// firstLine returns the bytes before the first line break.
func firstLine(b []byte) []byte {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		return b[:i]
	}
	return b
}

// streamError wraps a reader so that the first read error ends the stream
// as if it were the end of the data. The format readers see a clean end, and
// the file reader reports the error afterwards with its offset.
type streamError struct {
	r      io.Reader
	reason Reason
	n      int64 // bytes delivered before the error
	err    error
}

func (s *streamError) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, io.EOF
	}
	n, err := s.r.Read(p)
	s.n += int64(n)
	if err != nil && err != io.EOF {
		s.err = err
		err = io.EOF
	}
	return n, err
}

func (f *fileReader) reportStreamError(s *streamError) {
	if s.err == nil {
		return
	}
	f.problem(Problem{Origin: Origin{Offset: s.n}, Reason: s.reason, Detail: s.err.Error()})
}

// readStream detects the format of one file and reads it. ra and size give
// random access for EVTX when the file has it; ra may be nil.
func (f *fileReader) readStream(r io.Reader, ra io.ReaderAt, size int64) {
	f.readLayer(r, ra, size, 0, ReasonReadFailed)
}

func (f *fileReader) readLayer(r io.Reader, ra io.ReaderAt, size int64, layer int, reason Reason) {
	errs := &streamError{r: r, reason: reason}
	br := bufio.NewReaderSize(errs, peekSize)
	kind, bom := detect(br)

	switch kind {
	case kindEmpty:
		f.sum.Format = FormatEmpty
	case kindGzip:
		f.sum.Compressed = true
		if layer >= maxGzipLayers {
			f.sum.Format = FormatUnknown
			f.problem(Problem{Reason: ReasonUnknownFormat, Detail: fmt.Sprintf("gzip nested more than %d levels", maxGzipLayers)})
			break
		}
		gz, err := gzip.NewReader(br)
		if err != nil {
			f.problem(Problem{Reason: ReasonDamagedGzip, Detail: err.Error()})
			break
		}
		f.readLayer(gz, nil, -1, layer+1, ReasonDamagedGzip)
		gz.Close()
	case kindEVTX:
		f.sum.Format = FormatEVTX
		if ra == nil || size < 0 {
			f.readEVTXStream(br)
		} else {
			f.readEVTX(ra, size)
		}
	case kindUTF16LE, kindUTF16BE:
		f.sum.UTF16 = true
		f.readText(newUTF16Reader(br, kind == kindUTF16BE))
	case kindJSON:
		f.sum.Format = FormatJSON
		br.Discard(bom)
		f.readJSON(br, int64(bom))
	case kindCSV:
		f.sum.Format = FormatCSV
		br.Discard(bom)
		f.readCSV(br, int64(bom))
	default:
		f.sum.Format = FormatUnknown
		f.problem(Problem{Reason: ReasonUnknownFormat, Detail: describeStart(br)})
	}
	f.reportStreamError(errs)
}

// readText reads decoded UTF-16 text, which may hold JSON or CSV only.
func (f *fileReader) readText(r io.Reader) {
	br := bufio.NewReaderSize(r, peekSize)
	kind, bom := detect(br)
	switch kind {
	case kindEmpty:
		f.sum.Format = FormatEmpty
	case kindJSON:
		f.sum.Format = FormatJSON
		br.Discard(bom)
		f.readJSON(br, int64(bom))
	case kindCSV:
		f.sum.Format = FormatCSV
		br.Discard(bom)
		f.readCSV(br, int64(bom))
	default:
		f.sum.Format = FormatUnknown
		f.problem(Problem{Reason: ReasonUnknownFormat, Detail: "UTF-16 text that is neither JSON nor CSV"})
	}
}

// describeStart quotes the first bytes of unrecognised content for the
// problem detail.
func describeStart(br *bufio.Reader) string {
	head, _ := br.Peek(16)
	return fmt.Sprintf("content starts with %q", head)
}

// spoolToTemp copies r into a temporary file that the caller must close and
// remove.
func spoolToTemp(dir string, r io.Reader) (*os.File, int64, error) {
	tmp, err := os.CreateTemp(dir, "quarry-*.evtx")
	if err != nil {
		return nil, 0, err
	}
	n, err := io.Copy(tmp, r)
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, 0, err
	}
	return tmp, n, nil
}

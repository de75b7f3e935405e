package source

import (
	"bufio"
	"io"
	"os"
)

// readEVTX reads an EVTX file with random access.
func (f *fileReader) readEVTX(ra io.ReaderAt, size int64) {
	f.problem(Problem{Reason: ReasonDamagedEVTX, Detail: errEVTXUnavailable.Error()})
}

// readEVTXStream copies an EVTX stream to a temporary file first, because
// EVTX needs random access.
func (f *fileReader) readEVTXStream(br *bufio.Reader) {
	tmp, size, err := spoolToTemp(f.opts.TempDir, br)
	if err != nil {
		f.problem(Problem{Reason: ReasonReadFailed, Detail: "copying EVTX to a temporary file: " + err.Error()})
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	f.readEVTX(tmp, size)
}

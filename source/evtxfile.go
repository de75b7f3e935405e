package source

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/quarry-kql/quarry/source/evtx"
)

// readEVTX reads an EVTX file with random access. Damage the EVTX reader
// reports becomes ReasonDamagedEVTX problems after the file's records, and
// its estimate of lost records is added to FileSummary.Dropped.
func (f *fileReader) readEVTX(ra io.ReaderAt, size int64) {
	file, err := evtx.Open(ra, size)
	if err != nil {
		f.evtxError(err)
		return
	}
	for !f.stopped {
		rec, err := file.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			f.evtxError(err)
			break
		}
		event := rec.Event
		if event.Provider == "" && event.EventID == 0 && event.Channel == "" {
			// A record whose header survived but whose event lost its
			// System fields, as in a torn or overwritten record, would
			// become a row from no log, dated 1601.
			f.problem(Problem{
				Origin: Origin{Offset: rec.Offset, RecordID: rec.RecordID},
				Reason: ReasonDamagedEVTX,
				Detail: fmt.Sprintf("chunk %d: record %d has no provider, event ID or channel, so it is skipped", rec.Chunk, rec.RecordID),
			})
			f.sum.Dropped++
			continue
		}
		f.emit(&Record{
			Origin: Origin{Offset: rec.Offset, RecordID: rec.RecordID},
			Shape:  ShapeEVTX,
			Event:  &event,
		})
	}

	for _, p := range file.Problems() {
		where := "file header"
		if p.Chunk >= 0 {
			where = fmt.Sprintf("chunk %d", p.Chunk)
		}
		f.problem(Problem{
			Origin: Origin{Offset: p.Offset, RecordID: p.Record},
			Reason: ReasonDamagedEVTX,
			Detail: where + ": " + p.Reason,
			Kept:   p.Warning,
		})
	}
	for _, c := range file.Chunks() {
		f.sum.Dropped += c.Lost
	}
}

// evtxError reports an error that ended the reading of an EVTX file.
func (f *fileReader) evtxError(err error) {
	p := Problem{Reason: ReasonDamagedEVTX, Detail: err.Error()}
	var e *evtx.Error
	if errors.As(err, &e) {
		p.Origin.Offset = e.Offset
		if !errors.Is(err, evtx.ErrNotEVTX) {
			p.Reason = ReasonReadFailed
		}
	}
	f.problem(p)
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

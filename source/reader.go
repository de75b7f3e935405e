package source

import (
	"errors"
	"io"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Default limits. They bound the memory one record can take, whatever the
// input: a longer record is skipped without being held in memory.
const (
	// DefaultMaxRecordBytes bounds one JSON record or CSV row. Real records
	// are a few kilobytes; Defender rows with raw event data reach a few
	// hundred kilobytes.
	DefaultMaxRecordBytes = 16 << 20
	// DefaultMaxFieldBytes bounds one string value. Windows caps a command
	// line at 32,767 characters, so a longer value is almost always damage.
	DefaultMaxFieldBytes = 1 << 20
	// DefaultMaxProblemDetails bounds the problems kept with their location
	// per file; all of them are counted.
	DefaultMaxProblemDetails = 100
)

// Options configures a Reader. The zero value uses the defaults.
type Options struct {
	// MaxRecordBytes bounds one JSON record or CSV row; a longer one is
	// skipped and counted as ReasonRecordTooLarge. 0 means
	// DefaultMaxRecordBytes.
	MaxRecordBytes int
	// MaxFieldBytes bounds one string value; a longer one is truncated and
	// counted as ReasonFieldTooLarge. 0 means DefaultMaxFieldBytes.
	MaxFieldBytes int
	// MaxProblemDetails bounds FileSummary.Details. 0 means
	// DefaultMaxProblemDetails; a negative value keeps none.
	MaxProblemDetails int
	// Stdin is read for the input "-". Nil means os.Stdin.
	Stdin io.Reader
	// TempDir receives the temporary copy made of an EVTX file that arrives
	// compressed or on standard input, because EVTX needs random access.
	// "" means os.TempDir().
	TempDir string
	// OnProblem, if set, is called for every problem as it is found, for
	// callers that log them.
	OnProblem func(Problem)
}

// Reader reads inputs and keeps a summary of what it read.
type Reader struct {
	opts    Options
	summary Summary
}

// NewReader returns a Reader with the given options.
func NewReader(opts Options) *Reader {
	if opts.MaxRecordBytes <= 0 {
		opts.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if opts.MaxFieldBytes <= 0 {
		opts.MaxFieldBytes = DefaultMaxFieldBytes
	}
	if opts.MaxProblemDetails == 0 {
		opts.MaxProblemDetails = DefaultMaxProblemDetails
	}
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	return &Reader{opts: opts}
}

// Summary returns what the reader has read so far, one entry per file in
// reading order.
func (r *Reader) Summary() *Summary { return &r.summary }

// Records returns the records of the given inputs in order: files, folders
// (every file below them, in lexical order, skipping names that start with a
// dot) and "-" for standard input. A path that cannot be opened is counted as
// a problem and reading goes on with the next one.
func (r *Reader) Records(inputs ...string) iter.Seq[*Record] {
	return func(yield func(*Record) bool) {
		for _, input := range inputs {
			if !r.readInput(input, yield) {
				return
			}
		}
	}
}

// RecordsFS is Records over a file system such as an embed.FS. Paths are
// slash-separated and relative to its root; "." names the whole file system.
func (r *Reader) RecordsFS(fsys fs.FS, inputs ...string) iter.Seq[*Record] {
	return func(yield func(*Record) bool) {
		for _, input := range inputs {
			if !r.readFSInput(fsys, input, yield) {
				return
			}
		}
	}
}

// readInput reads one command-line input and reports whether the caller
// still wants records.
func (r *Reader) readInput(input string, yield func(*Record) bool) bool {
	if input == "-" {
		f := r.newFile("-", yield)
		f.readStream(r.opts.Stdin, nil, 0)
		return !f.stopped
	}
	info, err := os.Stat(input)
	if err != nil {
		f := r.newFile(input, yield)
		f.openFailed(err)
		return true
	}
	if !info.IsDir() {
		return r.readOSFile(input, yield)
	}
	keepGoing := true
	walkErr := filepath.WalkDir(input, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			f := r.newFile(p, yield)
			f.openFailed(err)
			return nil
		}
		if p != input && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		if !r.readOSFile(p, yield) {
			keepGoing = false
			return filepath.SkipAll
		}
		return nil
	})
	if walkErr != nil {
		f := r.newFile(input, yield)
		f.openFailed(walkErr)
	}
	return keepGoing
}

func (r *Reader) readOSFile(name string, yield func(*Record) bool) bool {
	f := r.newFile(name, yield)
	file, err := os.Open(name)
	if err != nil {
		f.openFailed(err)
		return true
	}
	defer file.Close()
	size := int64(-1)
	if info, err := file.Stat(); err == nil {
		size = info.Size()
	}
	f.readStream(file, file, size)
	return !f.stopped
}

func (r *Reader) readFSInput(fsys fs.FS, input string, yield func(*Record) bool) bool {
	info, err := fs.Stat(fsys, input)
	if err != nil {
		f := r.newFile(input, yield)
		f.openFailed(err)
		return true
	}
	if !info.IsDir() {
		return r.readFSFile(fsys, input, yield)
	}
	keepGoing := true
	walkErr := fs.WalkDir(fsys, input, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			f := r.newFile(p, yield)
			f.openFailed(err)
			return nil
		}
		if p != input && strings.HasPrefix(path.Base(p), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !r.readFSFile(fsys, p, yield) {
			keepGoing = false
			return fs.SkipAll
		}
		return nil
	})
	if walkErr != nil {
		f := r.newFile(input, yield)
		f.openFailed(walkErr)
	}
	return keepGoing
}

func (r *Reader) readFSFile(fsys fs.FS, name string, yield func(*Record) bool) bool {
	f := r.newFile(name, yield)
	file, err := fsys.Open(name)
	if err != nil {
		f.openFailed(err)
		return true
	}
	defer file.Close()
	size := int64(-1)
	if info, err := file.Stat(); err == nil {
		size = info.Size()
	}
	ra, _ := file.(io.ReaderAt)
	f.readStream(file, ra, size)
	return !f.stopped
}

// fileReader reads one file and records what it found in its summary.
type fileReader struct {
	opts    *Options
	sum     *FileSummary
	yield   func(*Record) bool
	stopped bool // the consumer stopped the iteration
}

func (r *Reader) newFile(name string, yield func(*Record) bool) *fileReader {
	sum := &FileSummary{
		Path:     name,
		Format:   FormatUnknown,
		Shapes:   map[Shape]int{},
		Problems: map[Reason]int{},
	}
	r.summary.Files = append(r.summary.Files, sum)
	return &fileReader{opts: &r.opts, sum: sum, yield: yield}
}

// emit hands a record to the consumer and reports whether to go on.
func (f *fileReader) emit(rec *Record) bool {
	if f.stopped {
		return false
	}
	rec.Origin.Path = f.sum.Path
	f.sum.Records++
	f.sum.Shapes[rec.Shape]++
	if !f.yield(rec) {
		f.stopped = true
	}
	return !f.stopped
}

// problem counts a problem, keeps its details if there is room and passes
// it to Options.OnProblem.
func (f *fileReader) problem(p Problem) {
	p.Origin.Path = f.sum.Path
	f.sum.Problems[p.Reason]++
	if !p.Kept && droppingReason(p.Reason) {
		f.sum.Dropped++
	}
	if len(f.sum.Details) < f.opts.MaxProblemDetails {
		f.sum.Details = append(f.sum.Details, p)
	}
	if f.opts.OnProblem != nil {
		f.opts.OnProblem(p)
	}
}

// droppingReason reports whether a problem of this reason represents one
// lost record. Whole-file problems (a file that cannot be opened, an unknown
// format, a damaged stream) are not counted as dropped records, because the
// number of records they hid is unknown. EVTX damage is counted from the
// EVTX reader's estimate instead.
func droppingReason(r Reason) bool {
	switch r {
	case ReasonOpenFailed, ReasonReadFailed, ReasonUnknownFormat, ReasonDamagedGzip, ReasonDamagedEVTX:
		return false
	}
	return true
}

func (f *fileReader) openFailed(err error) {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		err = pathErr.Err
	}
	f.problem(Problem{Origin: Origin{Offset: -1}, Reason: ReasonOpenFailed, Detail: err.Error()})
}

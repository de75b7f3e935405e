package source

import (
	"bufio"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16Reader decodes UTF-16 text into UTF-8, as Windows PowerShell 5.1
// writes files by default. A byte order mark is dropped; an unpaired
// surrogate becomes U+FFFD, which the JSON and CSV readers then keep as text.
type utf16Reader struct {
	src       *bufio.Reader
	bigEndian bool
	started   bool
	pending   []byte // encoded UTF-8 not yet returned
	err       error
}

func newUTF16Reader(src *bufio.Reader, bigEndian bool) *utf16Reader {
	return &utf16Reader{src: src, bigEndian: bigEndian}
}

func (u *utf16Reader) unit() (uint16, error) {
	var b [2]byte
	if _, err := io.ReadFull(u.src, b[:]); err != nil {
		if err == io.ErrUnexpectedEOF {
			err = io.EOF // an odd trailing byte is dropped
		}
		return 0, err
	}
	if u.bigEndian {
		return uint16(b[0])<<8 | uint16(b[1]), nil
	}
	return uint16(b[1])<<8 | uint16(b[0]), nil
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.pending) < len(p) && u.err == nil {
		c, err := u.unit()
		if err != nil {
			u.err = err
			break
		}
		if !u.started {
			u.started = true
			if c == 0xfeff {
				continue
			}
		}
		r := rune(c)
		if utf16.IsSurrogate(r) {
			c2, err := u.unit()
			if err != nil {
				u.err = err
				r = utf8.RuneError
			} else if d := utf16.DecodeRune(r, rune(c2)); d != utf8.RuneError {
				r = d
			} else {
				u.pending = utf8.AppendRune(u.pending, utf8.RuneError)
				r = rune(c2)
				if utf16.IsSurrogate(r) {
					r = utf8.RuneError
				}
			}
		}
		u.pending = utf8.AppendRune(u.pending, r)
	}
	n := copy(p, u.pending)
	u.pending = u.pending[n:]
	if n == 0 && u.err != nil {
		return 0, u.err
	}
	return n, nil
}

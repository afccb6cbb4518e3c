// This file is lvzhi's, not upstream's: the limits that bound the reading
// of one file (see VENDORED.md).

package pdf

import (
	"errors"
	"fmt"
)

// Limits bound the reading of one file. The zero value (and a nil
// *Limits) bounds nothing but the structure caps' defaults.
type Limits struct {
	// Check is called whenever the reader fetches more input (every few
	// kilobytes); an error stops the reading.
	Check func() error
	// Charge is called with the bytes every stream yields after its
	// filters (content streams, CMaps, object streams); an error stops
	// the reading.
	Charge func(n int64) error
	// MaxToken bounds one string, name or number, in bytes (default
	// 4 MiB); MaxElements one array's elements or one dictionary's entries
	// (default 1,000,000); MaxStack the operands waiting for an operator
	// in Interpret (default 100,000).
	MaxToken    int
	MaxElements int
	MaxStack    int
}

// Errors of the structure caps, wrapped in a *StopError.
var (
	ErrTokenTooLong    = errors.New("pdf: token too long")
	ErrTooManyElements = errors.New("pdf: array or dictionary too long")
	ErrTooManyOperands = errors.New("pdf: too many operands without an operator")
)

// A StopError is why a reading stopped: what a Limits function returned,
// or a structure cap. The functions of this package that return errors
// return it as it is; the others (the Value accessors, Interpret) panic
// with it, and the caller's recover finds it with errors.As. Unlike the
// panics of malformed input, nothing in this package recovers from it.
type StopError struct{ Err error }

func (e *StopError) Error() string { return e.Err.Error() }
func (e *StopError) Unwrap() error { return e.Err }

func (l *Limits) check() {
	if l != nil && l.Check != nil {
		if err := l.Check(); err != nil {
			panic(&StopError{err})
		}
	}
}

func (l *Limits) charge(n int) {
	if l != nil && l.Charge != nil && n > 0 {
		if err := l.Charge(int64(n)); err != nil {
			panic(&StopError{err})
		}
	}
}

func (l *Limits) maxToken() int {
	if l == nil || l.MaxToken <= 0 {
		return 4 << 20
	}
	return l.MaxToken
}

func (l *Limits) maxElements() int {
	if l == nil || l.MaxElements <= 0 {
		return 1_000_000
	}
	return l.MaxElements
}

func (l *Limits) maxStack() int {
	if l == nil || l.MaxStack <= 0 {
		return 100_000
	}
	return l.MaxStack
}

func stop(err error, format string, args ...any) {
	panic(&StopError{fmt.Errorf("%w: "+format, append([]any{err}, args...)...)})
}

// chargedReader charges what it reads to the limits.
type chargedReader struct {
	r   interface{ Read([]byte) (int, error) }
	lim *Limits
}

func (c chargedReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.lim.charge(n)
	return n, err
}

package corpus

import (
	"errors"
	"fmt"
)

// Error codes shared by every package. They say what kind of failure it was;
// the message says, in Chinese, what the user should know.
const (
	EINVALID     = "invalid"     // bad input from the user
	ENOTFOUND    = "not_found"   // no such document
	ECONFLICT    = "conflict"    // e.g. an ID prefix matching several documents
	ELOCKED      = "locked"      // the data directory is held by another process
	EUNSUPPORTED = "unsupported" // a file format lvzhi does not read
	EINTERNAL    = "internal"
)

// Error is an application error: a code for programs and a message for people.
type Error struct {
	Code    string
	Message string
	Err     error // the underlying cause, if any
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an application error, EINTERNAL for any other
// error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

//go:build !linux

package generator

import "errors"

// exchange is unsupported outside Linux; Commit falls back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }

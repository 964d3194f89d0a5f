//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package generator

import "os"

// tryLock is a no-op where flock(2) is missing: concurrent builds into one
// folder are not detected there (README, "Output folders").
func tryLock(*os.File) (bool, error) { return true, nil }

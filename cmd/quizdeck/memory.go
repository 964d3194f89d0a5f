package main

import "runtime/debug"

// memoryLimit is the soft memory limit quizdeck sets for itself (see tuneGC).
const memoryLimit = 384 << 20

// tuneGC sets a soft memory limit of 384 MiB and leaves GOGC at Go's 100.
// With no limit a 100,000-fact build peaked at 520-580 MB resident for its
// 200 MB live heap; the limit holds it near 400 MB at the same speed
// (2.2-2.7 s). A 256 MiB limit kept it under 300 MiB but made it collect
// forty times, nearly back to back: 3.9 s. GOGC=200, tried for small
// builds, gained nothing measurable on a 50-question quiz and put a
// 10,000-note package at 108-117 MiB against 90-96 MiB. GOMEMLIMIT in the
// environment wins, as Go documents (GOMEMLIMIT=256MiB trades that time
// for memory); a deck whose live data outgrow the limit still builds, the
// collector then working harder. It returns the limit it set, or -1.
func tuneGC(getenv func(string) string) (limit int64) {
	if getenv("GOMEMLIMIT") != "" {
		return -1
	}
	debug.SetMemoryLimit(memoryLimit)
	return memoryLimit
}

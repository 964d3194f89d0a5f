package main

import "runtime/debug"

// Garbage collector settings quizdeck chooses for itself (see tuneGC).
const (
	gcPercent   = 200       // collect when the heap has grown by twice its live size…
	memoryLimit = 384 << 20 // …or when it reaches 384 MiB, whichever comes first
)

// tuneGC sets the collector for a short batch program: with Go's default
// (GOGC=100, no limit) a 100,000-fact build peaked at 520-580 MB resident
// for its 200 MB live heap; small builds collected several times for a
// 10 MB heap. GOGC=200 collects rarely while the heap is small (a
// 50-question quiz builds 10-20% faster than at 100) and the 384 MiB soft
// limit holds a large one near 400 MB. A 256 MiB limit kept that build
// under 300 MiB but made it collect forty times, nearly back to back:
// 3.9 s against 2.3 s. GOGC or GOMEMLIMIT in the environment win, as Go
// documents (GOMEMLIMIT=256MiB trades that time for memory); a deck whose
// live data outgrow the limit still builds, the collector then working
// harder. It returns what it set.
func tuneGC(getenv func(string) string) (percent int, limit int64) {
	percent, limit = -1, -1
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
		percent = gcPercent
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
		limit = memoryLimit
	}
	return percent, limit
}

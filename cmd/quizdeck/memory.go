package main

import "runtime/debug"

// Garbage collector settings quizdeck chooses for itself (see tuneGC).
const (
	gcPercent   = 200       // collect when the heap has grown by twice its live size…
	memoryLimit = 256 << 20 // …or when it reaches 256 MiB, whichever comes first
)

// tuneGC sets the collector for a short batch program: with Go's default
// (GOGC=100, no limit) a 100,000-fact build's heap swung to 2.5 times its
// 170 MB live size (430 MB resident); small builds collected several times
// for a 10 MB heap. GOGC=200 with a 256 MiB soft limit collects rarely
// while the heap is small and keeps a large one near the limit. GOGC or
// GOMEMLIMIT in the environment win, as Go documents; a deck whose live
// data outgrow the limit still builds, the collector then working harder
// (set GOMEMLIMIT higher for such decks). It returns what it set.
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

package main

import (
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, tc := range []struct {
		name           string
		env            map[string]string
		percent, limit int64
	}{
		{"defaults", nil, gcPercent, memoryLimit},
		{"GOGC set", map[string]string{"GOGC": "50"}, -1, memoryLimit},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, gcPercent, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(1 << 40)
			p, l := tuneGC(func(k string) string { return tc.env[k] })
			if int64(p) != tc.percent || l != tc.limit {
				t.Errorf("tuneGC = %d, %d; want %d, %d", p, l, tc.percent, tc.limit)
			}
			if tc.limit > 0 {
				if got := debug.SetMemoryLimit(-1); got != tc.limit {
					t.Errorf("memory limit %d, want %d", got, tc.limit)
				}
			} else if got := debug.SetMemoryLimit(-1); got != 1<<40 {
				t.Errorf("memory limit changed to %d though GOMEMLIMIT is set", got)
			}
		})
	}
}

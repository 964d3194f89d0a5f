package main

import (
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, tc := range []struct {
		name  string
		env   map[string]string
		limit int64
	}{
		{"default", nil, memoryLimit},
		{"GOGC set", map[string]string{"GOGC": "50"}, memoryLimit},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debug.SetMemoryLimit(1 << 40)
			if l := tuneGC(func(k string) string { return tc.env[k] }); l != tc.limit {
				t.Errorf("tuneGC = %d, want %d", l, tc.limit)
			}
			want := tc.limit
			if want < 0 {
				want = 1 << 40 // left as it was
			}
			if got := debug.SetMemoryLimit(-1); got != want {
				t.Errorf("memory limit %d, want %d", got, want)
			}
		})
	}
}

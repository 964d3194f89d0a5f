package generator

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// ForChunks calls fn for the ranges [lo, hi) that split [0, n) into pieces
// of size chunk, on up to GOMAXPROCS goroutines. It hands out no more
// ranges once one has failed or ctx is done, and returns ctx's error or
// else the error of the lowest failing range. Callers write each range's
// results into their own slots, so output order never depends on scheduling.
func ForChunks(ctx context.Context, n, chunk int, fn func(lo, hi int) error) error {
	if n <= 0 {
		return nil
	}
	chunks := (n + chunk - 1) / chunk
	errs := make([]error, chunks)
	next := make(chan int)
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), chunks) {
		wg.Go(func() {
			for c := range next {
				lo := c * chunk
				if errs[c] = fn(lo, min(n, lo+chunk)); errs[c] != nil {
					failed.Store(true)
				}
			}
		})
	}
	for c := range chunks {
		if ctx.Err() != nil || failed.Load() {
			break
		}
		next <- c
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

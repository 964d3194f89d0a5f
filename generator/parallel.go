package generator

import (
	"runtime"
	"sync"
)

// ForChunks calls fn for the ranges [lo, hi) that split [0, n) into pieces
// of size chunk, on up to GOMAXPROCS goroutines, and returns the error of
// the lowest failing range. Callers write each range's results into their
// own slots, so output order never depends on scheduling.
func ForChunks(n, chunk int, fn func(lo, hi int) error) error {
	if n <= 0 {
		return nil
	}
	chunks := (n + chunk - 1) / chunk
	workers := min(runtime.GOMAXPROCS(0), chunks)
	if workers <= 1 {
		for lo := 0; lo < n; lo += chunk {
			if err := fn(lo, min(n, lo+chunk)); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, chunks)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				lo := c * chunk
				errs[c] = fn(lo, min(n, lo+chunk))
			}
		}()
	}
	for c := range chunks {
		next <- c
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

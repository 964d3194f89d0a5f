package generator

// A Cache keeps derived data between runs, keyed by a hash of everything
// it was derived from (filecache.Dir is one). The spec loader keeps decoded
// spec files in it and the quiz formats their compressed font subsets. A
// Get that misses, or a Put that fails, only costs the time to derive the
// data again.
type Cache interface {
	Get(key [32]byte) ([]byte, bool)
	Put(key [32]byte, data []byte) error
}

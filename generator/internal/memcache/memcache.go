// Package memcache is a generator.Cache in memory that counts its hits and
// entries, for tests of what goes through a cache.
package memcache

import "sync"

// Cache is safe for concurrent use; its zero value is empty.
type Cache struct {
	mu   sync.Mutex
	m    map[[32]byte][]byte
	hits int
	puts int
}

func (c *Cache) Get(k [32]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[k]
	if ok {
		c.hits++
	}
	return b, ok
}

func (c *Cache) Put(k [32]byte, b []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[[32]byte][]byte{}
	}
	c.m[k] = b
	c.puts++
	return nil
}

// Counts returns how many Gets hit and how many Puts were made.
func (c *Cache) Counts() (hits, puts int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.puts
}

package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/quizdeck/quizdeck/generator/filecache"
	"github.com/quizdeck/quizdeck/generator/spec"
)

// specLoader returns the loader of spec files with the cache that
// QUIZDECK_CACHE names: a folder, "off" for none, or unset for quizdeck's
// folder in the user's cache directory (~/.cache/quizdeck on Linux). A
// default folder that cannot be made only costs time; one the user named
// is an error.
func specLoader(getenv func(string) string) (spec.Loader, error) {
	dir := getenv("QUIZDECK_CACHE")
	switch dir {
	case "off":
		return spec.Loader{}, nil
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return spec.Loader{}, nil
		}
		c, err := filecache.Open(filepath.Join(base, "quizdeck"))
		if err != nil {
			return spec.Loader{}, nil
		}
		return spec.Loader{Cache: c, Salt: binaryStamp()}, nil
	}
	c, err := filecache.Open(dir)
	if err != nil {
		return spec.Loader{}, fmt.Errorf("environment QUIZDECK_CACHE=%q: %w", dir, err)
	}
	return spec.Loader{Cache: c, Salt: binaryStamp()}, nil
}

// binaryStamp identifies this build of quizdeck cheaply (hashing the
// binary would cost more than the cache saves on a small deck): its size
// and modification time, which every rebuild changes.
func binaryStamp() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%d %d", st.Size(), st.ModTime().UnixNano())
}

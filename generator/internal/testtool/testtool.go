// Package testtool finds the outside programs some tests need (qpdf,
// pdftotext, node, a Python with Anki's own library). Under CI (the CI environment variable set) a missing
// tool fails the test; elsewhere the test is skipped with the tool's name,
// so no test passes silently without the tool it checks with.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Require returns the path of the program name, or fails (under CI) or
// skips the test when it is not installed.
func Require(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is required under CI but not installed: %v", name, err)
	}
	t.Skipf("skipping: %s is not installed (CI installs it)", name)
	return ""
}

// RequireEnv returns the program named by the environment variable key (one
// .ci/run installs, such as a Python with pinned packages), or fails (under
// CI) or skips the test when the variable is unset or names no program.
func RequireEnv(t testing.TB, key, what string) string {
	t.Helper()
	p := os.Getenv(key)
	if p != "" {
		if lp, err := exec.LookPath(p); err == nil {
			return lp
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (%s) is required under CI but %s=%q names no program", what, key, key, p)
	}
	t.Skipf("skipping: set %s to %s (CI installs it)", key, what)
	return ""
}

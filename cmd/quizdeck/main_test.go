package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grade/simclass"
)

var update = flag.Bool("update", false, "rewrite testscript files with actual output")

func TestMain(m *testing.M) {
	if os.Getenv("QUIZDECK_CACHE") == "" {
		os.Setenv("QUIZDECK_CACHE", "off") // the tests that call run directly leave the user's cache alone
	}
	testscript.Main(m, map[string]func(){
		"quizdeck": func() { os.Exit(runMain(os.Args[1:])) },
		// simclass is examples/simclass: a simulated class for the grade scripts.
		"simclass": func() {
			if err := simclass.Run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
				fmt.Fprintln(os.Stderr, "simclass:", err)
				os.Exit(1)
			}
			os.Exit(0)
		},
	})
}

// TestScripts runs the CLI scripts in testdata/script: one behaviour each.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			// Scripts must not see the developer's or CI's settings.
			for _, k := range []string{"QUIZDECK_OUT", "QUIZDECK_SEED", "QUIZDECK_DECKS_DIR", "QUIZDECK_TEMPLATES", "QUIZDECK_EPOCH", "SOURCE_DATE_EPOCH"} {
				env.Setenv(k, "")
			}
			// Each script has a spec cache of its own, so the scripts run
			// through it (a second build is a warm one) and never share one.
			env.Setenv("QUIZDECK_CACHE", filepath.Join(env.Getenv("TMPDIR"), "quizdeck-cache"))
			return nil
		},
	})
}

// TestPrecedence proves flag > environment > config file > default for
// every top-level key, through `quizdeck config`.
func TestPrecedence(t *testing.T) {
	type layer int
	const (
		def layer = iota
		file
		env
		flagSet
	)
	keys := []struct {
		key, env, flag string
		value          func(layer) string
		got            func(generator.Options) string
	}{
		{"out", "QUIZDECK_OUT", "--out", func(l layer) string { return []string{"", "from-file", "from-env", "from-flag"}[l] },
			func(o generator.Options) string { return o.Out }},
		{"seed", "QUIZDECK_SEED", "--seed", func(l layer) string { return []string{"", "11", "22", "33"}[l] },
			func(o generator.Options) string { return jsonString(o.Seed) }},
		{"decks_dir", "QUIZDECK_DECKS_DIR", "--decks", func(l layer) string { return []string{"", "file-decks", "env-decks", "flag-decks"}[l] },
			func(o generator.Options) string { return o.DecksDir }},
		{"epoch", "QUIZDECK_EPOCH", "--epoch", func(l layer) string { return []string{"", "1000", "2000", "3000"}[l] },
			func(o generator.Options) string { return jsonString(o.Epoch) }},
	}
	defaults := generator.DefaultOptions()
	defaultOf := map[string]string{"out": defaults.Out, "seed": jsonString(defaults.Seed), "decks_dir": defaults.DecksDir, "epoch": jsonString(defaults.Epoch)}
	for _, k := range keys {
		for top := def; top <= flagSet; top++ {
			t.Run(k.key+"/"+[]string{"default", "file", "env", "flag"}[top], func(t *testing.T) {
				dir := t.TempDir()
				t.Chdir(dir)
				for _, e := range []string{"QUIZDECK_OUT", "QUIZDECK_SEED", "QUIZDECK_DECKS_DIR", "QUIZDECK_EPOCH", "SOURCE_DATE_EPOCH"} {
					t.Setenv(e, "")
					os.Unsetenv(e)
				}
				args := []string{"config"}
				if top >= file {
					writeFile(t, filepath.Join(dir, "quizdeck.yaml"), k.key+": "+k.value(file)+"\n")
				}
				if top >= env {
					t.Setenv(k.env, k.value(env))
				}
				if top >= flagSet {
					args = append(args, k.flag, k.value(flagSet))
				}
				var stdout, stderr bytes.Buffer
				if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
					t.Fatalf("exit %d: %s", code, stderr.String())
				}
				var opts generator.Options
				if err := json.Unmarshal(stdout.Bytes(), &opts); err != nil {
					t.Fatal(err)
				}
				want := defaultOf[k.key]
				if top > def {
					want = k.value(top)
				}
				if got := k.got(opts); got != want {
					t.Errorf("%s = %q, want %q (from %s)", k.key, got, want, []string{"default", "file", "env", "flag"}[top])
				}
			})
		}
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestSourceDateEpoch(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("QUIZDECK_EPOCH", "")
	os.Unsetenv("QUIZDECK_EPOCH")
	t.Setenv("SOURCE_DATE_EPOCH", "1234567890")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"config"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var opts generator.Options
	if err := json.Unmarshal(stdout.Bytes(), &opts); err != nil {
		t.Fatal(err)
	}
	if opts.Epoch != 1234567890 {
		t.Errorf("epoch = %d, want SOURCE_DATE_EPOCH", opts.Epoch)
	}
}

func TestExitCodes(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "bad.yaml", "seeed: 1\n")
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"--help"}, 0},
		{[]string{"frobnicate"}, 2},
		{[]string{"build", "extra"}, 2},
		{[]string{"build", "--seed", "minus"}, 2},
		{[]string{"export", "--format", "xml"}, 2},
		{[]string{"build", "--config", "bad.yaml"}, 1},
		{[]string{"build", "--config", "missing.yaml"}, 1},
		{[]string{"check", "no-such-path"}, 1},
	}
	for _, tc := range tests {
		var out, errOut bytes.Buffer
		if got := run(context.Background(), tc.args, &out, &errOut); got != tc.want {
			t.Errorf("quizdeck %q exited %d, want %d; stderr:\n%s", tc.args, got, tc.want, errOut.String())
		}
	}
}

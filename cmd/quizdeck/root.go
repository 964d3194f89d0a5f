package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/inputfile"
	"github.com/quizdeck/quizdeck/generator/spec"
	"github.com/quizdeck/quizdeck/generator/yamlpos"
)

// app carries what every command shares: where output and diagnostics go.
type app struct {
	stdout, stderr io.Writer
}

// usageError marks a bad command line: exit status 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// run executes the command line args and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		// Every phase checks the context and the output folder is swapped
		// in only after a last check, so nothing was replaced.
		fmt.Fprintln(stderr, "quizdeck: interrupted; no output was changed")
		return 1
	}
	var pe *generator.PosError
	if errs := unjoin(err); len(errs) > 1 || errors.As(err, &pe) {
		// Input problems: each on its own line, file:line:col first, then one summary.
		for _, e := range errs {
			fmt.Fprintln(stderr, e)
		}
		if len(errs) == 1 {
			fmt.Fprintln(stderr, "quizdeck: 1 problem")
		} else {
			fmt.Fprintf(stderr, "quizdeck: %d problems\n", len(errs))
		}
	} else {
		fmt.Fprintf(stderr, "quizdeck: %v\n", err)
	}
	var ue *usageError
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command") {
		fmt.Fprintln(stderr, "Run 'quizdeck --help' for usage.")
		return 2
	}
	return 1
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "quizdeck",
		Short: "Build Anki decks and printable quizzes from curated question specs",
		Long: `quizdeck turns curated question specs (who said what, which year, which
base) into Anki-importable decks, a JSON question bank and printable quizzes.

With no config file and no decks/ folder in the working directory, 'quizdeck
build' writes the embedded Eurasian Union deck into ./out in every format.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionString(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	pf := root.PersistentFlags()
	pf.String("config", "", "config file (default: quizdeck.yaml in the working directory, if present)")
	pf.String("decks", "", "folder of deck specs, one sub-folder per deck (config decks_dir)")
	pf.String("templates", "", "folder of *.tmpl files overriding built-in templates (config templates)")
	setsConfig(pf, "decks", "decks_dir")
	setsConfig(pf, "templates", "templates")
	root.AddCommand(
		newBuildCmd(a),
		newCheckCmd(a),
		newListCmd(a),
		newExportCmd(a),
		newInitCmd(a),
		newConfigCmd(a),
		newTemplatesCmd(a),
		newGradeCmd(a),
		newVersionCmd(a),
	)
	return root
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return &usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), args)}
	}
	return nil
}

func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return &usageError{fmt.Errorf("%s takes %d argument(s), got %d", cmd.CommandPath(), n, len(args))}
		}
		return nil
	}
}

// configKey is the flag annotation naming the config key a flag sets; a
// flag without it (export's --out, a file path) is not config.
const configKey = "quizdeck/config-key"

// setsConfig marks flag name of fs as setting config key.
func setsConfig(fs *pflag.FlagSet, name, key string) {
	if err := fs.SetAnnotation(name, configKey, []string{key}); err != nil {
		panic(err) // a flag defined just above: a programming error
	}
}

// config is a run's resolved options and the config file they came from
// (nil without one), to place errors about builds at their keys.
type config struct {
	opts generator.Options
	doc  *yamlNode
	// gitEpoch is set when nothing gives the epoch: the commands that stamp
	// outputs take it from git (withGitEpoch), the others spawn no git.
	gitEpoch bool
	path     string // the config file read, if any
	// loader loads the decks, through the spec cache (QUIZDECK_CACHE).
	loader spec.Loader
}

// withGitEpoch sets the default epoch from git when nothing else gave one
// (see gitEpoch); build and config call it.
func (c *config) withGitEpoch(ctx context.Context) {
	if c.gitEpoch {
		c.opts.Epoch = gitEpoch(ctx, c.opts, c.path)
	}
}

// loadConfig resolves options: flag > environment > config file > default.
// It is the only place viper is used. An explicit --config must exist; the
// default quizdeck.yaml may be absent. Unknown keys and invalid values are
// reported as file:line:col where the file holds them.
func loadConfig(cmd *cobra.Command) (*config, error) {
	path, _ := cmd.Flags().GetString("config")
	v := viper.New()
	d := generator.DefaultOptions()
	v.SetDefault("decks_dir", d.DecksDir)
	v.SetDefault("out", d.Out)
	v.SetDefault("seed", d.Seed)
	v.SetDefault("templates", d.Templates)
	v.SetDefault("epoch", d.Epoch)
	v.SetDefault("anki.multiple_choice", d.Anki.MultipleChoice)
	v.SetDefault("anki.cloze", d.Anki.Cloze)
	v.SetDefault("anki.reversed", d.Anki.Reversed)
	v.SetDefault("builds", []any{})
	v.SetEnvPrefix("QUIZDECK")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	v.AutomaticEnv()
	if err := v.BindEnv("epoch", "QUIZDECK_EPOCH", "SOURCE_DATE_EPOCH"); err != nil {
		return nil, err
	}
	if err := checkEnv(); err != nil {
		return nil, err
	}
	var bindErr error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if keys := f.Annotations[configKey]; len(keys) == 1 && bindErr == nil {
			bindErr = v.BindPFlag(keys[0], f)
		}
	})
	if bindErr != nil {
		return nil, bindErr
	}
	cfg := &config{}
	loader, err := specLoader(os.Getenv)
	if err != nil {
		return nil, err
	}
	cfg.loader = loader
	if path == "" {
		if _, err := os.Stat("quizdeck.yaml"); err == nil {
			path = "quizdeck.yaml"
		}
	}
	var doc *yamlNode
	if path != "" {
		data, err := inputfile.Read(path, inputfile.MaxSpec)
		if err != nil {
			return nil, fmt.Errorf("read config: %w", err)
		}
		n, err := yamlpos.Parse(path, data)
		if err != nil {
			return nil, err
		}
		doc = &yamlNode{file: path, node: n}
		cfg.doc = doc
		if errs := yamlpos.DecodeTag(path, n, &generator.Options{}, "mapstructure"); len(errs) > 0 {
			return nil, generator.JoinErrors(errs)
		}
		v.SetConfigType("yaml")
		if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("read config: %w", err)
		}
	}
	// Decode once into options pre-filled with defaults, so a key that is
	// absent keeps its default and an explicit value (0 included) is kept
	// and validated. viper's defaults do not reach into list elements, so
	// each build starts from the default quiz settings here.
	if raw, ok := v.Get("builds").([]any); ok {
		cfg.opts.Builds = make([]generator.BuildOptions, len(raw))
		for i := range cfg.opts.Builds {
			cfg.opts.Builds[i].Quiz = generator.DefaultQuizOptions()
		}
	}
	if err := v.UnmarshalExact(&cfg.opts); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if len(cfg.opts.Builds) == 0 {
		cfg.opts.Builds = generator.DefaultBuilds()
	}
	if doc != nil {
		cfg.resolvePaths(cmd, filepath.Dir(path))
	}
	cfg.gitEpoch, cfg.path = !epochSet(cmd, doc), path
	if err := cfg.opts.Validate(); err != nil {
		return nil, doc.locate(err)
	}
	return cfg, nil
}

// epochSet reports whether a flag, an environment variable or the config
// file gives the epoch.
func epochSet(cmd *cobra.Command, doc *yamlNode) bool {
	if f := cmd.Flags().Lookup("epoch"); f != nil && f.Changed {
		return true
	}
	if os.Getenv("QUIZDECK_EPOCH") != "" || os.Getenv("SOURCE_DATE_EPOCH") != "" {
		return true
	}
	return doc != nil && yamlpos.Find(doc.node, "epoch") != nil
}

// gitEpoch is the default epoch: the time of the last git commit touching
// the decks folder, the templates folder or the config file, as static-site
// generators date pages. A changed deck, once committed, stamps later times
// into a build made in an empty folder (Anki then updates the notes), and
// an unchanged one stays byte-identical. Without git, a repository or a
// decks folder (the embedded decks) it is generator.DefaultEpoch.
func gitEpoch(ctx context.Context, opts generator.Options, configPath string) int64 {
	var paths []string
	dir := opts.DecksDir
	if dir == "" && isDir("decks") {
		dir = "decks" // as deckSource picks it
	}
	if dir != "" {
		paths = append(paths, dir)
	}
	if opts.Templates != "" {
		paths = append(paths, opts.Templates)
	}
	if configPath != "" {
		paths = append(paths, configPath)
	}
	// One git process per repository (none outside one): the newest commit
	// touching any of a repository's paths is the newest touching each.
	var roots []string
	byRoot := map[string][]string{}
	for _, p := range paths {
		root, rel := gitRoot(p)
		if root == "" {
			continue
		}
		if _, ok := byRoot[root]; !ok {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], rel)
	}
	best := int64(0)
	for _, root := range roots {
		args := append([]string{"--literal-pathspecs", "-C", root, "log", "-1", "--format=%ct", "--"}, byRoot[root]...)
		out, err := exec.CommandContext(ctx, "git", args...).Output()
		if err != nil {
			continue // no git, or not a repository
		}
		if t, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64); err == nil && t > best && t <= generator.MaxEpoch {
			best = t
		}
	}
	if best == 0 {
		return generator.DefaultEpoch
	}
	return best
}

// gitRoot returns the work tree holding path (the nearest folder at or
// above it with a .git entry) and path relative to it, or "" when there is
// none: then no git process need start. With GIT_DIR or GIT_WORK_TREE set,
// git decides, from path's folder.
func gitRoot(path string) (root, rel string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", ""
	}
	if os.Getenv("GIT_DIR") != "" || os.Getenv("GIT_WORK_TREE") != "" {
		if isDir(abs) {
			return abs, "."
		}
		return filepath.Dir(abs), filepath.Base(abs)
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			rel, err := filepath.Rel(d, abs)
			if err != nil {
				return "", ""
			}
			return d, rel
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", ""
		}
		d = parent
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// resolvePaths makes the paths the config file gives (decks_dir, out,
// templates, each build's quiz.roster and quiz.font) relative to the file's
// folder, as most tools do; a path from a flag or an environment variable
// stays relative to the working directory.
func (c *config) resolvePaths(cmd *cobra.Command, dir string) {
	if dir == "." {
		return
	}
	join := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	for _, k := range []struct {
		key, flag, env string
		value          *string
	}{
		{"decks_dir", "decks", "QUIZDECK_DECKS_DIR", &c.opts.DecksDir},
		{"out", "out", "QUIZDECK_OUT", &c.opts.Out},
		{"templates", "templates", "QUIZDECK_TEMPLATES", &c.opts.Templates},
	} {
		if yamlpos.Find(c.doc.node, k.key) == nil {
			continue // a default, not the file's
		}
		if f := cmd.Flags().Lookup(k.flag); f != nil && f.Changed {
			continue
		}
		if os.Getenv(k.env) != "" {
			continue
		}
		*k.value = join(*k.value)
	}
	for i := range c.opts.Builds {
		q := &c.opts.Builds[i].Quiz
		q.Roster, q.Font = join(q.Roster), join(q.Font)
	}
}

// checkEnv checks the environment variables with a number type, so an error
// names the variable and its value rather than viper's key.
func checkEnv() error {
	var errs []error
	for _, v := range []struct {
		name  string
		parse func(string) error
		want  string
	}{
		{"QUIZDECK_SEED", func(s string) error { _, err := strconv.ParseUint(s, 10, 64); return err }, "a whole number from 0 to 18446744073709551615"},
		{"QUIZDECK_EPOCH", func(s string) error { _, err := strconv.ParseInt(s, 10, 64); return err }, "a Unix time in seconds"},
		{"SOURCE_DATE_EPOCH", func(s string) error { _, err := strconv.ParseInt(s, 10, 64); return err }, "a Unix time in seconds"},
	} {
		if s, ok := os.LookupEnv(v.name); ok && s != "" && v.parse(s) != nil {
			errs = append(errs, fmt.Errorf("environment %s=%q: must be %s", v.name, s, v.want))
		}
	}
	return errors.Join(errs...)
}

// yamlNode is a parsed config file, for locating keys in errors.
type yamlNode struct {
	file string
	node *yamlpos.Node
}

// locate turns the *generator.FieldError values joined in err into
// file:line:col errors where the config file holds the key (or the nearest
// enclosing key it holds), and prefixes "config: " to those it cannot
// place. Other errors pass unchanged.
func (d *yamlNode) locate(err error) error {
	var errs []error
	for _, e := range unjoin(err) {
		var fe *generator.FieldError
		if !errors.As(e, &fe) {
			errs = append(errs, e)
			continue
		}
		if d != nil {
			if n := d.find(fe.Key); n != nil {
				errs = append(errs, generator.Errorf(generator.Pos{File: d.file, Line: n.Line, Col: n.Column}, "%s: %v", fe.Key, fe.Err))
				continue
			}
		}
		errs = append(errs, fmt.Errorf("config: %w", e))
	}
	return generator.JoinErrors(errs)
}

// find returns the node of key, or of its nearest enclosing key that the
// file holds ("builds.0.quiz.roster" set by default: the build's item).
func (d *yamlNode) find(key string) *yamlpos.Node {
	for k := key; k != ""; {
		if n := yamlpos.Find(d.node, k); n != nil {
			return n
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 || !strings.HasPrefix(key, "builds.") {
			return nil
		}
		k = k[:i]
		if k == "builds" {
			return nil
		}
	}
	return nil
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

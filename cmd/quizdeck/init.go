package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quizdeck/quizdeck/decks"
	"github.com/quizdeck/quizdeck/generator"
)

func newInitCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Scaffold a config and an example deck that builds as is",
		Long: `Init writes DIR/quizdeck.yaml and DIR/decks/ holding a copy of the embedded
Eurasian Union deck, so 'cd DIR && quizdeck build' works at once and the
deck files show the spec format by example. It never overwrites a file.

With --blank it writes DIR/decks/my-deck/deck.yaml instead: an empty deck
for your own text, every key explained in comments. Rename the folder and
its id together, fill in the source, add facts, and run
'quizdeck check --source TEXT' as you go.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			blank, _ := cmd.Flags().GetBool("blank")
			files := map[string][]byte{"quizdeck.yaml": []byte(initConfig(blank))}
			if blank {
				files[filepath.Join("decks", "my-deck", "deck.yaml")] = []byte(blankDeck)
				return writeNewFiles(a.stdout, dir, files, "init writes only into an empty place")
			}
			err := fs.WalkDir(decks.FS, ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := fs.ReadFile(decks.FS, p)
				files[filepath.Join("decks", filepath.FromSlash(p))] = b
				return err
			})
			if err != nil {
				return err
			}
			return writeNewFiles(a.stdout, dir, files, "init writes only into an empty place")
		},
	}
	cmd.Flags().Bool("blank", false, "write an empty, commented deck for your own text instead of the example deck")
	return cmd
}

// initConfig is the config init writes. For a blank deck the quiz takes
// every question: a new deck has too few facts for a 20-question sample.
func initConfig(blank bool) string {
	var b strings.Builder
	b.WriteString(`# quizdeck config: every key, with its environment variable.
decks_dir: decks   # QUIZDECK_DECKS_DIR: one sub-folder per deck
out: out           # QUIZDECK_OUT
seed: 1            # QUIZDECK_SEED: drives every shuffle and sample
# templates: my-templates   # QUIZDECK_TEMPLATES: *.tmpl files overriding built-ins by name
# epoch: 1704067200         # QUIZDECK_EPOCH or SOURCE_DATE_EPOCH: time stamped into outputs
# anki:                     # the Anki formats' switches, all off by default
#   multiple_choice: true   # QUIZDECK_ANKI_MULTIPLE_CHOICE: lettered options on each card's front
#   cloze: true             # QUIZDECK_ANKI_CLOZE: a cloze note per quotation (not a sibling)
#   reversed: true          # QUIZDECK_ANKI_REVERSED: base facts asked both ways
builds:
  - name: deck               # output folder out/deck/
    formats: [` + strings.Join(generator.DeckFormats(), ", ") + `]
    # decks: [eurasian-union]   # default: every deck
    # tags: [caucasus]          # keep questions with any of these tags
    # kinds: [who-said]         # who-said, which-year, which-base, base-country, which-month, which-date
`)
	if q := generator.QuizFormats(); len(q) > 0 {
		b.WriteString(`  - name: quiz
    title: Quiz
    ` + initCount(blank) + `
    formats: [` + strings.Join(q, ", ") + `]
    quiz:
      versions: 2
      paper: a4              # or letter
`)
	}
	return b.String()
}

func initCount(blank bool) string {
	if blank {
		return "count: 0                 # every question; a number samples that many, one per fact"
	}
	return "count: 20                # one question per fact, balanced across kinds and tags"
}

// writeNewFiles writes files (paths relative to dir) and prints each path,
// but only if none exists yet: otherwise it writes nothing and says why
// ("<path> exists; " + refusal).
func writeNewFiles(stdout io.Writer, dir string, files map[string][]byte, refusal string) error {
	names := slices.Sorted(maps.Keys(files))
	for _, name := range names {
		dst := filepath.Join(dir, name)
		if _, err := os.Stat(dst); err == nil {
			return fmt.Errorf("%s exists; %s", dst, refusal)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	for _, name := range names {
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		b := files[name]
		if err := writeFileAtomic(dst, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
			return err
		}
		fmt.Fprintln(stdout, dst)
	}
	return nil
}

// Quizdeck turns curated question specs (who said what, which year, which
// base) into Anki-importable decks, a JSON question bank and, with the
// formats that build on them, printable quizzes and Anki packages.
//
// Usage:
//
//	quizdeck build [NAME...] [--config FILE] [--out DIR] [--seed N]   run the config's builds (or those named)
//	quizdeck check [PATH...] [--source FILE] [--strict] [--flagged F]  validate specs and config
//	quizdeck list                                           decks and question counts
//	quizdeck export --format json [--out FILE]              the whole question bank
//	quizdeck init DIR [--blank]                             scaffold a config and a deck
//	quizdeck config                                         print the resolved options
//	quizdeck templates export DIR                           copy the built-in templates
//	quizdeck grade --build DIR --responses FILE [--out DIR] score a class, analyse every question
//	quizdeck version (or --version)                         tool, module and commit versions
//
// With no config file and no decks/ folder in the working directory, build
// writes the embedded Eurasian Union deck into ./out in every format.
//
// Config keys (quizdeck.yaml in the working directory, or --config FILE):
//
//	decks_dir   folder of deck specs, one sub-folder per deck  QUIZDECK_DECKS_DIR  --decks
//	            (or one deck's own folder)
//	out         output folder (default "out")                  QUIZDECK_OUT        --out
//	seed        seed of every shuffle and sample (default 1)   QUIZDECK_SEED       --seed
//	templates   folder of *.tmpl overriding built-ins by name  QUIZDECK_TEMPLATES  --templates
//	epoch       Unix time stamped into outputs                 QUIZDECK_EPOCH or SOURCE_DATE_EPOCH  --epoch
//	anki.multiple_choice  lettered options on each Anki card (false)  QUIZDECK_ANKI_MULTIPLE_CHOICE
//	anki.cloze            a cloze note per quotation (false)          QUIZDECK_ANKI_CLOZE
//	anki.reversed         base facts asked both ways (false)          QUIZDECK_ANKI_REVERSED
//	builds      list of named builds: name, title, decks, tags, kinds, questions, count, formats, quiz
//
// A flag beats an environment variable, which beats the config file, which
// beats the default. Unknown keys are errors. Problems in specs and config
// are all reported at once as file:line:col: message.
//
// Memory: quizdeck sets a soft memory limit of 384 MiB (GOMEMLIMIT), so a
// 100,000-fact build peaks near 400 MB resident; GOMEMLIMIT in the
// environment overrides it (256MiB: under 300 MiB, at nearly twice the
// time), and GOGC works as in any Go program.
//
// Cache: decoded spec files are kept in QUIZDECK_CACHE (default: quizdeck
// in the user cache folder, ~/.cache/quizdeck on Linux; "off" for none),
// keyed by their bytes, so an unchanged deck is not parsed again. Entries
// unused for a week are removed.
//
// Exit status: 0 success, 1 failure (bad specs, config or a failed build,
// or an interrupt: SIGINT or SIGTERM cancels every phase and leaves the
// output folder as it was), 2 usage error.
//
// Example:
//
//	quizdeck build --config course.yaml --seed 7
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	tuneGC(os.Getenv)
	os.Exit(runMain(os.Args[1:]))
}

// runMain is run with SIGINT and SIGTERM wired to its context: the first
// signal cancels the run, a second one kills the process at once.
func runMain(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)
	return run(ctx, args, os.Stdout, os.Stderr)
}

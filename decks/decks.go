// Package decks embeds the curated deck specs that ship with quizdeck. Each
// folder is one deck; the files are data, reviewed like code.
package decks

import "embed"

// FS holds every deck folder; quizdeck builds them when no decks_dir is set.
//
//go:embed */*.yaml
var FS embed.FS

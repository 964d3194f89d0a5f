// Package templates embeds quizdeck's built-in templates. A user overrides
// one by putting a file of the same base name in the folder named by the
// templates config key.
//
// Files ending in .html.tmpl are html/template (escaped for Anki's HTML
// fields); every other .tmpl file is text/template (question prompts, quiz
// layout text, card CSS).
package templates

import "embed"

// FS holds the built-in templates.
//
//go:embed *.tmpl
var FS embed.FS

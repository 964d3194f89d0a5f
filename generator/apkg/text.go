package apkg

import (
	"crypto/sha1"
	"encoding/binary"
	"html"
	"regexp"
	"strings"
)

// Anki's rules for a note's sort field and checksum (rslib text.rs):
// comments, <style> and <script> elements and tags are removed, media tags
// leave their file names, then entities are decoded and no-break spaces
// become spaces.
var (
	commentRE = regexp.MustCompile(`(?s)<!--.*?-->`)
	styleRE   = regexp.MustCompile(`(?si)<style.*?>.*?</style>`)
	scriptRE  = regexp.MustCompile(`(?si)<script.*?>.*?</script>`)
	mediaRE   = regexp.MustCompile(`(?i)<(?:img|audio|video|object|source)\b[^>]*?\bsrc=["']?([^"'>]+)["']?[^>]*>`)
	tagRE     = regexp.MustCompile(`(?s)<.*?>`)
)

// StripHTML returns a field's text as Anki compares and sorts it: tags
// removed (media tags replaced by their file names) and entities decoded.
func StripHTML(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	if strings.Contains(s, "<") {
		lower := strings.ToLower(s)
		if strings.Contains(lower, "<!--") {
			s = commentRE.ReplaceAllString(s, "")
		}
		if strings.Contains(lower, "<style") {
			s = styleRE.ReplaceAllString(s, "")
		}
		if strings.Contains(lower, "<script") {
			s = scriptRE.ReplaceAllString(s, "")
		}
		if strings.Contains(lower, "src=") {
			s = mediaRE.ReplaceAllString(s, " ${1} ")
		}
		s = tagRE.ReplaceAllString(s, "")
	}
	if strings.Contains(s, "&") {
		s = strings.ReplaceAll(html.UnescapeString(s), "\u00a0", " ")
	}
	return s
}

// Checksum is Anki's note checksum (notes.csum) of a first field: the first
// four bytes of the SHA-1 of its stripped text, big-endian.
func Checksum(field string) uint32 { return checksumText(StripHTML(field)) }

// checksumText is Checksum of a field already stripped.
func checksumText(text string) uint32 {
	sum := sha1.Sum([]byte(text))
	return binary.BigEndian.Uint32(sum[:4])
}

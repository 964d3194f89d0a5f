package grounding

import (
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name is a person's name split the way sources shorten it: "Arthur M.
// Schlesinger Jr." has Given [Arthur M.], Surname "Schlesinger" and
// Suffix "Jr."; "Charles de Gaulle" has Surname "de Gaulle".
type Name struct {
	Given   []string
	Surname string
	Suffix  string
}

// nameSuffixes end a name without being part of its surname.
var nameSuffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}

// nameParticles belong to the surname that follows them.
var nameParticles = map[string]bool{
	"de": true, "du": true, "des": true, "da": true, "di": true, "del": true, "della": true, "van": true,
	"von": true, "der": true, "den": true, "ter": true, "ten": true, "la": true, "le": true, "bin": true,
	"ibn": true, "al": true, "el": true, "dos": true, "das": true, "zu": true, "af": true, "y": true,
}

// ParseName splits a person's name. A name whose last word is not
// capitalised ("Turkish officials", "Yeltsin's government") is not a
// person's name and has no Surname.
func ParseName(s string) Name {
	words := strings.Fields(strings.ReplaceAll(s, ",", " "))
	var n Name
	for len(words) > 1 && nameSuffixes[strings.ToLower(strings.TrimSuffix(words[len(words)-1], "."))] {
		n.Suffix = words[len(words)-1]
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return n
	}
	last := strings.TrimSuffix(strings.TrimSuffix(words[len(words)-1], "'s"), "’s")
	if r, _ := utf8.DecodeRuneInString(last); !unicode.IsUpper(r) {
		return n
	}
	i := len(words) - 1
	// A particle joins the surname ("de Gaulle"), but a capitalised first
	// word stays a first name ("Al Gore").
	for i > 0 && nameParticles[strings.ToLower(words[i-1])] && (i-1 > 0 || !unicode.IsUpper(firstRune(words[0]))) {
		i--
	}
	n.Surname = strings.Join(append(append([]string{}, words[i:len(words)-1]...), last), " ")
	n.Given = words[:i]
	return n
}

// Forms returns the ways a source may print the name, longest first: as
// given, without its suffix, first given name and surname ("John
// Kennedy"), and the surname alone when withSurname.
func (n Name) Forms(full string, withSurname bool) []string {
	forms := []string{full}
	add := func(s string) {
		for _, f := range forms {
			if f == s {
				return
			}
		}
		forms = append(forms, s)
	}
	if n.Surname == "" {
		return forms
	}
	if len(n.Given) > 0 {
		add(strings.Join(n.Given, " ") + " " + n.Surname)
		if !isInitial(n.Given[0]) {
			add(n.Given[0] + " " + n.Surname)
		}
	}
	if withSurname || len(n.Given) == 0 {
		add(n.Surname)
	}
	return forms
}

// isInitial reports whether w is an initial such as "F." or "F".
func isInitial(w string) bool {
	w = strings.TrimSuffix(w, ".")
	return utf8.RuneCountInString(w) == 1
}

// sameFirstName reports whether two first names may name the same person:
// equal, one an initial of the other, or two spellings of one name
// (Alexey, Alexei; Dmitri, Dmitry: the same first two letters and at
// most two letters apart).
func sameFirstName(a, b string) bool {
	a, b = strings.ToLower(strings.TrimSuffix(a, ".")), strings.ToLower(strings.TrimSuffix(b, "."))
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 || ra[0] != rb[0] {
		return false
	}
	if len(ra) == 1 || len(rb) == 1 {
		return true
	}
	return len(ra) >= 4 && len(rb) >= 4 && ra[1] == rb[1] && editDistance(ra, rb) <= 2
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// nameTitles are words that stand before a surname without being a first
// name: "President Kennedy" names no other Kennedy.
var nameTitles = map[string]bool{
	"president": true, "pres": true, "premier": true, "chairman": true, "secretary": true, "minister": true,
	"senator": true, "sen": true, "general": true, "gen": true, "admiral": true, "adm": true, "ambassador": true,
	"amb": true, "mr": true, "mrs": true, "ms": true, "dr": true, "professor": true, "prof": true, "governor": true,
	"gov": true, "representative": true, "rep": true, "colonel": true, "col": true, "major": true, "maj": true,
	"captain": true, "capt": true, "lieutenant": true, "lt": true, "commander": true, "cmdr": true, "king": true,
	"queen": true, "prince": true, "pope": true, "chancellor": true, "marshal": true, "comrade": true, "sir": true,
	"lord": true, "lady": true, "judge": true, "justice": true, "director": true, "attorney": true, "vice": true,
	"deputy": true, "foreign": true, "prime": true, "first": true, "leader": true, "brother": true,
}

// otherFirstNames returns the first names the text gives people surnamed
// surname ("John" of "John F. Kennedy"), skipping titles and capitalised
// words the text also prints in lower case (a sentence's first word).
func otherFirstNames(v *view, surname string) []string {
	term := lowerSameLen(Normalize(surname))
	var out []string
	for off := 0; off < len(v.lower); {
		i := strings.Index(v.lower[off:], term)
		if i < 0 {
			break
		}
		i += off
		off = i + len(term)
		if !containsWord(v.lower[max(0, i-1):min(len(v.lower), off+1)], term) {
			continue
		}
		words := strings.Fields(v.text[max(0, i-80):i])
		if i-80 > 0 && len(words) > 0 {
			words = words[1:] // may be cut
		}
		// Walk back over initials and particles, stopping at punctuation.
		for len(words) > 0 {
			w := words[len(words)-1]
			if isInitial(w) && unicode.IsUpper(firstRune(w)) || nameParticles[strings.ToLower(w)] {
				words = words[:len(words)-1]
				continue
			}
			break
		}
		if len(words) == 0 {
			continue
		}
		w := words[len(words)-1]
		if !isNameWord(w) || nameTitles[strings.ToLower(strings.TrimSuffix(w, "."))] || containsWord(v.text, strings.ToLower(w)) {
			continue
		}
		out = append(out, w)
	}
	return out
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// isNameWord reports whether w could be a first name: capitalised letters
// (and hyphens or apostrophes), no closing punctuation.
func isNameWord(w string) bool {
	if !unicode.IsUpper(firstRune(w)) {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' {
			return false
		}
	}
	return true
}

// roleAbbreviations are the short forms sources print for roles.
var roleAbbreviations = map[string][]string{
	"senator": {"sen"}, "general": {"gen"}, "admiral": {"adm"}, "ambassador": {"amb"},
	"president": {"pres"}, "governor": {"gov"}, "representative": {"rep"}, "secretary": {"sec", "secy"},
	"lieutenant": {"lt"}, "colonel": {"col"}, "major": {"maj"}, "captain": {"capt"}, "commander": {"cmdr"},
	"brigadier": {"brig"}, "professor": {"prof"}, "sergeant": {"sgt"}, "doctor": {"dr"},
}

// roleForms returns, for each word of role, the word and its other
// forms: "Senator" also "Sen"; "Gen." also "General".
func roleForms(role string) [][]string {
	words := strings.Fields(role)
	alts := make([][]string, len(words))
	for i, w := range words {
		key := strings.ToLower(strings.TrimSuffix(w, "."))
		alts[i] = []string{w}
		if abbrs, ok := roleAbbreviations[key]; ok {
			alts[i] = append(alts[i], abbrs...)
			continue
		}
		for _, full := range slices.Sorted(maps.Keys(roleAbbreviations)) {
			if slices.Contains(roleAbbreviations[full], key) {
				alts[i] = append(alts[i], full)
			}
		}
	}
	return alts
}

// expandForms returns every combination of alts, capped so a long role
// cannot explode.
func expandForms(alts [][]string) []string {
	out := []string{""}
	for _, a := range alts {
		var next []string
		for _, prefix := range out {
			for _, w := range a {
				if len(next) >= 64 {
					break
				}
				if prefix == "" {
					next = append(next, w)
				} else {
					next = append(next, prefix+" "+w)
				}
			}
		}
		out = next
	}
	return out
}

// RoleForms returns the ways a source may print role, as given first.
func RoleForms(role string) []string {
	if strings.TrimSpace(role) == "" {
		return nil
	}
	return expandForms(roleForms(role))
}

// countryAdjectives are the adjective and short forms of countries whose
// adjective is not the name plus "n" ("Cuba", "Cuban").
var countryAdjectives = map[string][]string{
	"united states":  {"U.S.", "US", "USA", "U.S.A.", "American", "America"},
	"soviet union":   {"Soviet", "USSR", "U.S.S.R."},
	"united kingdom": {"UK", "U.K.", "British", "Britain"},
	"great britain":  {"British", "Britain"},
	"turkey":         {"Turkish"}, "france": {"French"}, "germany": {"German"}, "china": {"Chinese"},
	"japan": {"Japanese"}, "spain": {"Spanish"}, "netherlands": {"Dutch"}, "vietnam": {"Vietnamese"},
	"iraq": {"Iraqi"}, "iran": {"Iranian"}, "israel": {"Israeli"}, "egypt": {"Egyptian"}, "poland": {"Polish"},
	"pakistan": {"Pakistani"}, "afghanistan": {"Afghan"}, "kazakhstan": {"Kazakh", "Kazakhstani"},
	"uzbekistan": {"Uzbek"}, "kyrgyzstan": {"Kyrgyz"}, "tajikistan": {"Tajik"}, "turkmenistan": {"Turkmen"},
	"belarus": {"Belarusian"}, "ukraine": {"Ukrainian"}, "azerbaijan": {"Azerbaijani"}, "greece": {"Greek"},
	"sweden": {"Swedish"}, "finland": {"Finnish"}, "norway": {"Norwegian"}, "denmark": {"Danish"},
	"ireland": {"Irish"}, "switzerland": {"Swiss"}, "portugal": {"Portuguese"}, "canada": {"Canadian"},
	"mexico": {"Mexican"}, "brazil": {"Brazilian"}, "chile": {"Chilean"}, "peru": {"Peruvian"},
	"philippines": {"Filipino", "Philippine"}, "thailand": {"Thai"}, "lebanon": {"Lebanese"},
	"saudi arabia": {"Saudi"}, "yemen": {"Yemeni"}, "italy": {"Italian"}, "hungary": {"Hungarian"},
	"czechoslovakia": {"Czechoslovak"}, "yugoslavia": {"Yugoslav"}, "east germany": {"East German", "GDR"},
	"west germany": {"West German", "FRG"}, "north korea": {"North Korean"}, "south korea": {"South Korean"},
	"russia": {"Russian"}, "cuba": {"Cuban"}, "armenia": {"Armenian"}, "georgia": {"Georgian"},
	"moldova": {"Moldovan"}, "syria": {"Syrian"}, "libya": {"Libyan"}, "bulgaria": {"Bulgarian"},
	"romania": {"Romanian"}, "serbia": {"Serbian"}, "india": {"Indian"}, "korea": {"Korean"},
	"mongolia": {"Mongolian"}, "tunisia": {"Tunisian"}, "algeria": {"Algerian"}, "ethiopia": {"Ethiopian"},
	"nicaragua": {"Nicaraguan"}, "venezuela": {"Venezuelan"}, "colombia": {"Colombian"}, "bolivia": {"Bolivian"},
	"estonia": {"Estonian"}, "latvia": {"Latvian"}, "lithuania": {"Lithuanian"}, "austria": {"Austrian"},
	"australia": {"Australian"}, "indonesia": {"Indonesian"}, "malaysia": {"Malaysian"}, "panama": {"Panamanian"},
	"argentina": {"Argentine", "Argentinian"}, "belgium": {"Belgian"}, "iceland": {"Icelandic"},
}

// CountryForms returns the ways a source may print country: the name, the
// name without a leading "the", and its adjective and short forms
// ("Cuban" for Cuba, "Soviet" for the Soviet Union); a name ending in "a"
// not in the table gets "-n" ("Kenya", "Kenyan").
func CountryForms(country string) []string {
	c := strings.TrimSpace(country)
	if c == "" {
		return nil
	}
	forms := []string{c}
	bare := c
	if strings.HasPrefix(strings.ToLower(c), "the ") {
		bare = strings.TrimSpace(c[4:])
		forms = append(forms, bare)
	}
	if adj, ok := countryAdjectives[strings.ToLower(bare)]; ok {
		return append(forms, adj...)
	}
	if strings.HasSuffix(bare, "a") && !strings.Contains(bare, " ") {
		forms = append(forms, bare+"n")
	}
	return forms
}

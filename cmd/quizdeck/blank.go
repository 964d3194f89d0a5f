package main

// blankDeck is the deck `quizdeck init --blank` writes: every key of the
// spec format, commented, and no facts yet.
const blankDeck = `# A deck: the facts of one text, each with a short verbatim excerpt.
# Fill in the source, then add facts under quotes, events and bases.
# 'quizdeck check' lists every problem; 'quizdeck check --source TEXT'
# also checks each excerpt, answer and footnote against the text itself.
id: my-deck                  # must equal this folder's name
title: My deck
# anki_deck: Course::My deck # optional; default quizdeck::<title>
source:
  title: The title of the text
  # author: Its Author       # optional (leave out for many authors)
  # kind: article            # essay, article, book, report, chapter ...:
  #                          # prompts say "according to the article"
  # year: 2020               # optional: when the text was written

# The longest excerpt, in words (default 50, at most 200): an excerpt
# quotes the evidence, not the page. An answer printed far from it can
# be confirmed with grounded_by instead (see below).
# excerpt_words: 50

# Extra wrong options, each named in the text.
# pools:
#   speakers: [Another Person]
#   years: [1961]
#   bases: [Another Place]
#   countries: [Another Country]

quotes: []
# quotes:                    # who said what
#   - id: smith-on-trade     # unique: lower-case letters, digits, -
#     speaker: Jane Smith
#     role: Senator          # optional; "Sen." in the text counts
#     year: 1962             # optional: only when the text dates it
#     said: trade follows the flag
#     form: direct           # direct (the quoted words) or paraphrase
#     tags: [trade]
#     source:
#       footnote: 12         # the marker after the passage: ¹², [12], ^12, (12);
#                            # leave out when the text prints none, or write
#                            # none when a later sentence's marker is not its own
#       excerpt: As Senator Jane Smith put it, "trade follows the flag."

events: []
# events:                    # which year
#   - id: treaty-signed
#     event: the treaty is signed
#     year: 1962             # month: and day: optional
#     source: {footnote: 3, excerpt: "The treaty was signed on 5 May"}
#     grounded_by:           # the year stands a page earlier: quote it too
#       - {footnote: 2, excerpt: "In the spring of 1962"}

bases: []
# bases:                     # which base, in which country
#   - id: naval-station
#     base: Port Arthur
#     country: Cuba          # "Cuban" in the text counts
#     detail: a naval station leased in 1903
#     source: {excerpt: "the naval station at Port Arthur on the Cuban coast"}
`

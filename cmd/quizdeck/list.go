package main

import (
	"fmt"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/quizdeck/quizdeck/generator"
)

func newListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List decks with fact and question counts by kind and tag",
		Long: `List prints each deck a build would read: its facts by kind (quote, event,
base), its questions by kind (who-said, which-year, which-base,
base-country, which-month, which-date) and its questions by tag.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, l, err := a.loadAll(cmd)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 2, 8, 2, ' ', 0)
			for _, d := range l.bank.Decks {
				facts := map[generator.FactKind]int{}
				for _, f := range d.Facts {
					facts[f.Kind]++
				}
				kinds := map[generator.Kind]int{}
				tags := map[string]int{}
				total := 0
				for _, q := range l.bank.Questions {
					if q.Deck != d.ID {
						continue
					}
					total++
					kinds[q.Kind]++
					for _, t := range q.Tags {
						tags[t]++
					}
				}
				fmt.Fprintf(tw, "deck\t%s\t%s\n", d.ID, d.Title)
				fmt.Fprintf(tw, "facts\t%d\tquote %d, event %d, base %d\n", len(d.Facts), facts[generator.Quote], facts[generator.Event], facts[generator.Base])
				fmt.Fprintf(tw, "questions\t%d\t", total)
				for i, k := range generator.Kinds() {
					if i > 0 {
						fmt.Fprint(tw, ", ")
					}
					fmt.Fprintf(tw, "%s %d", k, kinds[k])
				}
				fmt.Fprintln(tw)
				for _, t := range slices.Sorted(mapKeys(tags)) {
					fmt.Fprintf(tw, "  tag\t%s\t%d\n", t, tags[t])
				}
			}
			return tw.Flush()
		},
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

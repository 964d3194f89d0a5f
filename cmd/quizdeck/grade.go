package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/quizdeck/quizdeck/generator"
	"github.com/quizdeck/quizdeck/generator/grade"
	"github.com/quizdeck/quizdeck/generator/inputfile"
	"github.com/quizdeck/quizdeck/generator/pdfquiz"
)

func newGradeCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "grade --build DIR --responses FILE [--out DIR]",
		Short: "Score a class's responses and analyse every question across versions",
		Long: `Grade scores the responses CSV of a class that sat a quiz of the build in
DIR (the output folder holding manifest.json) and analyses every question
by its id, whichever version and letter it was printed under.

It writes to --out (default ./grades), staged like a build:

  grades.csv         student, name, version, score, max, percent, multiple
                     marks, then the points earned per question id
  items.csv          per question id: difficulty, corrected point-biserial,
                     flags, and how often each option was chosen, by text
  summary.csv        mean, SD, median, range, KR-20 and SEM
  report.pdf         score histogram, items sorted by flag, flagged items
                     with prompt, options, shares and source excerpt
  flagged-facts.txt  file:line:col of the fact behind every flagged item

The responses CSV has a header row and one row per student: a student id
column, optionally name and version, and one column per printed question
(1, Q1, Question 1 …) holding the letter marked; blank is no answer, two
letters are a multiple mark (scored wrong). Short-answer items take the
points awarded. When the build printed per-student copies, the version
comes from its roster key (DIR/BUILD/roster-key.csv) and an unknown
student is an error. Every problem is reported as file:line:col at once,
and nothing is written.

Prompts, sources and spec positions come from the decks (as for build, with
the build's seed).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			buildDir, _ := cmd.Flags().GetString("build")
			respPath, _ := cmd.Flags().GetString("responses")
			outDir, _ := cmd.Flags().GetString("out")
			name, _ := cmd.Flags().GetString("quiz")
			rosterPath, _ := cmd.Flags().GetString("roster")
			if buildDir == "" || respPath == "" {
				return &usageError{errors.New("grade needs --build DIR and --responses FILE")}
			}
			return a.grade(cmd, buildDir, respPath, outDir, name, rosterPath)
		},
	}
	cmd.Flags().String("build", "", "output folder of the build (holding manifest.json)")
	cmd.Flags().String("responses", "", "responses CSV, one row per student")
	cmd.Flags().String("out", "grades", "folder for grades.csv, items.csv, summary.csv, report.pdf and flagged-facts.txt")
	cmd.Flags().String("quiz", "", "the build whose quiz was sat, when the manifest holds several")
	cmd.Flags().String("roster", "", "roster key CSV (id,name,version); default BUILD/roster-key.csv when present")
	return cmd
}

func (a *app) grade(cmd *cobra.Command, buildDir, respPath, outDir, name, rosterPath string) error {
	raw, err := inputfile.Read(filepath.Join(buildDir, generator.ManifestName), inputfile.MaxManifest)
	if err != nil {
		return fmt.Errorf("read manifest: %w", err)
	}
	var m generator.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("read manifest %s: %w", filepath.Join(buildDir, generator.ManifestName), err)
	}
	k, err := grade.FromManifest(&m, name)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(buildDir, generator.ManifestName), err)
	}
	inputs := sha256.New()
	inputs.Write(raw)
	if rosterPath == "" {
		p := grade.RosterKeyPath(buildDir, k.Build)
		if _, err := os.Stat(p); err == nil {
			rosterPath = p
		}
	}
	if rosterPath != "" {
		data, err := inputfile.Read(rosterPath, inputfile.MaxRoster)
		if err != nil {
			return fmt.Errorf("read roster key: %w", err)
		}
		inputs.Write(data)
		if err := k.ReadRosterKey(bytes.NewReader(data), rosterPath); err != nil {
			return err
		}
	}
	respData, err := inputfile.Read(respPath, inputfile.MaxResponses)
	if err != nil {
		return fmt.Errorf("read responses: %w", err)
	}
	inputs.Write(respData)
	resp, err := grade.ParseResponsesData(respData, respPath, k)
	if err != nil {
		return err
	}
	for _, l := range resp.Ignored {
		fmt.Fprintln(a.stderr, l)
	}
	if absent := len(k.Students) - len(resp.Rows); len(k.Students) > 0 && absent > 0 {
		fmt.Fprintf(a.stderr, "%s: %d student(s) of the roster have no responses\n", respPath, absent)
	}

	cfg, err := loadConfig(cmd)
	if err != nil {
		return err
	}
	cfg.opts.Seed = m.Seed
	l, err := load(cmd.Context(), cfg)
	if err != nil {
		return err
	}
	k.Describe(l.bank)
	// The report quotes the specs through the templates: both are inputs.
	for _, d := range l.bank.Decks {
		fmt.Fprintf(inputs, "deck %s %s\n", d.ID, d.Digest)
	}
	fmt.Fprintf(inputs, "templates %s\n", l.tmpl.Digest())
	res, err := grade.Grade(cmd.Context(), k, resp)
	if err != nil {
		return err
	}

	out, err := generator.NewOutput(outDir)
	if err != nil {
		return err
	}
	epoch := time.Unix(m.Epoch, 0).UTC()
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{grade.GradesFile, func(w io.Writer) error { return grade.WriteGrades(w, res) }},
		{grade.ItemsFile, func(w io.Writer) error { return grade.WriteItems(w, res) }},
		{grade.SummaryFile, func(w io.Writer) error { return grade.WriteSummary(w, res) }},
		{grade.FactsFile, func(w io.Writer) error { return grade.WriteFlaggedFacts(w, res) }},
		{grade.ReportFile, func(w io.Writer) error {
			return pdfquiz.Report(l.tmpl, res, pdfquiz.ReportOptions{Paper: paperOf(cfg.opts, k.Build), Epoch: epoch}, w)
		}},
	}
	for _, f := range files {
		if err := out.WriteFile(k.Build, f.name, "grade", f.write); err != nil {
			out.Abort()
			return err
		}
	}
	gm, err := out.Commit(generator.Manifest{Tool: "quizdeck grade", Version: generator.Version, Seed: m.Seed, Epoch: m.Epoch,
		Inputs: "sha256:" + hex.EncodeToString(inputs.Sum(nil)), Builds: []string{k.Build}})
	if err != nil {
		return err
	}
	for _, f := range gm.Files {
		fmt.Fprintln(a.stdout, f.Path)
	}
	fmt.Fprintln(a.stdout, generator.ManifestName)
	flagged := 0
	for _, r := range res.Items {
		if r.Flagged() {
			flagged++
		}
	}
	t := res.Test
	if t.Students < grade.SmallClass {
		fmt.Fprintf(a.stderr, "%s: only %d students: the item flags are noisy below %d\n", respPath, t.Students, grade.SmallClass)
	}
	fmt.Fprintf(a.stderr, "graded %d students on %d questions: mean %.1f of %d, SD %.2f, KR-20 %s; %d flagged item(s)\n",
		t.Students, t.Items, t.Mean, t.MaxPoints, t.SD, grade.Fixed(t.KR20, 2), flagged)
	return nil
}

// paperOf is the paper size the build printed on, when the config names it.
func paperOf(opts generator.Options, build string) string {
	for _, b := range opts.Builds {
		if b.Name == build {
			return b.Quiz.Paper
		}
	}
	return "a4"
}

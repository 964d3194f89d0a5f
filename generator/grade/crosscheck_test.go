package grade_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quizdeck/quizdeck/generator/grade/simclass"
	"github.com/quizdeck/quizdeck/generator/internal/testtool"
)

// TestAgainstSciPy compares every statistic with numpy and scipy
// (scipy.stats.pointbiserialr on the corrected total, KR-20 from numpy) on
// the same simulated class. QUIZDECK_PYTHON names a Python with pinned
// numpy and scipy; .ci/run makes one.
func TestAgainstSciPy(t *testing.T) {
	py := testtool.RequireEnv(t, "QUIZDECK_PYTHON", "a Python with numpy and scipy")
	k := key(t, 25, 3, nil)
	m := simclass.DefaultModel()
	m.Students, m.Miskey, m.Dead, m.Ambiguous = 300, 2, 5, 9
	_, data := simulate(t, k, m)
	res := gradeCSV(t, k, data)

	var matrix bytes.Buffer
	for _, s := range res.Students {
		cells := make([]string, len(s.Points))
		for i, p := range s.Points {
			cells[i] = fmt.Sprint(p)
		}
		matrix.WriteString(strings.Join(cells, ",") + "\n")
	}
	path := filepath.Join(t.TempDir(), "scores.csv")
	if err := os.WriteFile(path, matrix.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(context.Background(), py, filepath.Join("testdata", "crosscheck.py"), path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("crosscheck.py: %v\n%s", err, stderr.String())
	}
	var want struct {
		Items []struct {
			Difficulty     float64
			Discrimination *float64
		}
		Mean, SD, KR20, SEM float64
	}
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(want.Items) != len(res.Items) {
		t.Fatalf("python saw %d items, grade %d", len(want.Items), len(res.Items))
	}
	const tol = 1e-9
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s: grade %.12f, numpy/scipy %.12f", what, got, want)
		}
	}
	for i, w := range want.Items {
		r := res.Items[i]
		near(r.Item.ID+" difficulty", r.Difficulty, w.Difficulty)
		if w.Discrimination == nil {
			if !math.IsNaN(r.Discrimination) {
				t.Errorf("%s: discrimination %.3f, scipy has none", r.Item.ID, r.Discrimination)
			}
			continue
		}
		near(r.Item.ID+" point-biserial", r.Discrimination, *w.Discrimination)
	}
	near("mean", res.Test.Mean, want.Mean)
	near("SD", res.Test.SD, want.SD)
	near("KR-20", res.Test.KR20, want.KR20)
	near("SEM", res.Test.SEM, want.SEM)
}

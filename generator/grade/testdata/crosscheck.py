"""Independent statistics for grade's cross-check test.

Reads a CSV of item scores (one row per student, one 0/1 column per item,
no header) and prints JSON: per item the share correct and scipy's
point-biserial correlation with the total of the other items; for the test
the mean, SD (ddof=0), KR-20 and SEM computed with numpy.
"""
import json
import sys

import numpy as np
from scipy import stats

x = np.loadtxt(sys.argv[1], delimiter=",", ndmin=2)
total = x.sum(axis=1)
k = x.shape[1]
items = []
for i in range(k):
    rest = total - x[:, i]
    if x[:, i].std() == 0 or rest.std() == 0:
        r = None
    else:
        r = float(stats.pointbiserialr(x[:, i], rest).statistic)
    items.append({"difficulty": float(x[:, i].mean()), "discrimination": r})
p = x.mean(axis=0)
var = total.var(ddof=0)
kr20 = k / (k - 1) * (1 - float((p * (1 - p)).sum()) / var)
out = {
    "items": items,
    "mean": float(total.mean()),
    "sd": float(np.sqrt(var)),
    "kr20": kr20,
    "sem": float(np.sqrt(var) * np.sqrt(1 - kr20)),
}
json.dump(out, sys.stdout)

"""The sensitivity baseline for benches/sensitivity.sh: ovop's weight draws (docs/methods.md,
"Sensitivity to the weights") in vectorised numpy on the same products, with the same
definitions. The normalised criteria and weights are read from a run's marts (a SAW study
without missing values). Per draw: Dirichlet(κ·w₀) weights, the SAW scores as one
matrix-vector product, the regency ranks (score, then sales value and product id), each
village's ranks and pick, rank-acceptability counters; then each product's mean rank and
nearest-rank 5th and 95th percentiles over the draws. numpy's random numbers are not ovop's,
so the numbers differ draw by draw; the work is the same. Timed from reading the marts to the
last percentile.

Usage: python3 benches/sensitivity_numpy.py MARTS_DIR DRAWS
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

marts, draws = Path(sys.argv[1]), int(sys.argv[2])
start = time.perf_counter()
summary = json.loads((marts / "_summary.json").read_text())
scores = pl.read_parquet(marts / "product_scores.parquet")
R = np.column_stack([scores[f"norm_{c}"].to_numpy() for c in summary["criteria"]])
w0 = np.array(summary["weights"])
kappa = summary["sensitivity_concentration"]
n = len(R)
# Tie-break order: sales value descending, then product id.
tiebreak = np.empty(n, dtype=np.int64)
order = np.lexsort((scores["product_id"].to_numpy(), -scores["sales_value"].fill_null(0).to_numpy()))
tiebreak[order] = np.arange(n)
_, village = np.unique(scores["village_code"].to_numpy(), return_inverse=True)
rng = np.random.default_rng(42)
W = rng.dirichlet(kappa * w0, size=draws)
ranks = np.empty((draws, n), dtype=np.uint32)
held = np.zeros(n * 100, dtype=np.int64)
picks = np.zeros(n, dtype=np.uint32)
by_tiebreak = np.argsort(tiebreak)
for d in range(draws):
    s = R @ W[d]
    # Stable sorts from the tie-break order: score, then tie-break.
    regency = by_tiebreak[np.argsort(-s[by_tiebreak], kind="stable")]
    ranks[d, regency] = np.arange(1, n + 1, dtype=np.uint32)
    within = regency[np.argsort(village[regency], kind="stable")]
    v = village[within]
    first = np.r_[True, v[1:] != v[:-1]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    rank_in_village = np.arange(n) - group_start
    # Each product appears once per draw, so its slot index is unique.
    held[within * 100 + np.minimum(rank_in_village, 99)] += 1
    picks[within[first]] += 1
mean_rank = ranks.mean(axis=0)
k05 = max(int(np.ceil(0.05 * draws)), 1) - 1
k95 = max(int(np.ceil(0.95 * draws)), 1) - 1
p05 = np.partition(ranks, k05, axis=0)[k05]
p95 = np.partition(ranks, k95, axis=0)[k95]
elapsed = time.perf_counter() - start
print(f"{elapsed:.2f} {n} {draws}")

"""The relatedness baseline for benches/relatedness.sh: the same matrix and definitions as ovop
(docs/methods.md §12) in vectorised numpy, timed from reading the products to the last COG, then
checked against ovop's marts (density, PCI, ECI within 1e-9) so the baseline computes the same
thing. ecomplexity itself cannot run at national scale: it forms the villages × villages matrix
(83,762² doubles, 56 GB).

Usage: python3 benches/relatedness_numpy.py LAKE_DIR REFERENCE [MARTS_DIR]
(MARTS_DIR: default LAKE_DIR/marts; a lake shared by studies keeps each study's in marts/<study>/)
"""
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

lake, reference = Path(sys.argv[1]), sys.argv[2]
marts = Path(sys.argv[3]) if len(sys.argv) > 3 else lake / "marts"
start = time.perf_counter()
products = pl.read_parquet(lake / "products" / "**" / "*.parquet", columns=["village_code", "category", "producers"])
if reference != "ID":
    products = products.filter(pl.col("village_code").str.starts_with(reference + "."))
cells = (
    products.with_columns(pl.when(pl.col("producers") > 0).then(pl.col("producers")).otherwise(0.0).alias("x"))
    .group_by("village_code", "category")
    .agg(pl.col("x").sum())
)
villages = cells.group_by("village_code").agg(pl.col("x").sum()).filter(pl.col("x") > 0)["village_code"].sort()
cats = cells.group_by("category").agg(pl.col("x").sum()).filter(pl.col("x") > 0)["category"].sort()
vi = {v: i for i, v in enumerate(villages)}
ci = {c: j for j, c in enumerate(cats)}
X = np.zeros((len(villages), len(cats)))
for v, c, x in cells.iter_rows():
    if v in vi and c in ci:
        X[vi[v], ci[c]] += x
rca = (X / X.sum(1, keepdims=True)) / (X.sum(0) / X.sum())
M = (rca >= 1).astype(float)
kc, kp = M.sum(1), M.sum(0)
co = M.T @ M
phi = co / np.maximum.outer(kp, kp)
density = (M @ phi.T) / phi.sum(1)
S = (M.T / kc) @ M / np.sqrt(np.outer(kp, kp))
vals, vecs = np.linalg.eigh(S)
u = vecs[:, -2] / np.sqrt(kp)
u /= np.linalg.norm(u)
eci_raw = (M @ u) / kc
sign = np.sign(np.corrcoef(kc, eci_raw)[0, 1])
eci_raw, pci_raw = sign * eci_raw, sign * u
mean, sd = eci_raw.mean(), eci_raw.std()
eci, pci = (eci_raw - mean) / sd, (pci_raw - mean) / sd
coi = (density * (1 - M) * pci_raw).sum(1)
coi = (coi - coi.mean()) / coi.std()
cog = (1 - M) * ((1 - M) @ (phi * (pci_raw / phi.sum(1))[:, None])) / sd
elapsed = time.perf_counter() - start

ours = pl.read_parquet(marts / "relatedness.parquet")
rows = np.array([vi[v] for v in ours["village_code"]]), np.array([ci[c] for c in ours["category"]])
worst = max(
    np.abs(ours["density"].to_numpy() - density[rows]).max(),
    np.abs(ours["pci"].to_numpy() - pci[rows[1]]).max(),
)
vc = pl.read_parquet(marts / "village_complexity.parquet").drop_nulls("eci")
worst = max(worst, np.abs(vc["eci"].to_numpy() - eci[[vi[v] for v in vc["village_code"]]]).max())
if worst > 1e-9:
    sys.exit(f"numpy and ovop differ by {worst}")
print(f"{elapsed:.3f} {len(villages)} {len(cats)} {worst:.1e}")

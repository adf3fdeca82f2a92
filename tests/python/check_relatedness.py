"""Checks ovop's relatedness and village_complexity marts against the Harvard Growth Lab's
`ecomplexity` package (PyPI) on the same villages × categories matrix.

The matrix is rebuilt here from the lake's products, independently of ovop: the products of the
reference region (a code prefix, or ID for all), the measure summed per village and category
(producers or workers; a missing or non-positive value counts 0). ecomplexity then computes RCA,
M (RCA >= 1), diversity, ubiquity, density, ECI, PCI, COI and COG, and every value of ovop's
marts must equal its value within 1e-6. Where ovop leaves ECI and PCI null (a sign tie or a
repeated eigenvalue, docs/methods.md §12), the script says so and requires ecomplexity's ECI to be
a tie too (|corr(diversity, ECI)| < 1e-6), then checks the rest.

Usage: python3 tests/python/check_relatedness.py LAKE_DIR REFERENCE [MEASURE]
"""
import contextlib
import io
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
from ecomplexity import ecomplexity

TOL = 1e-6


def matrix(lake: Path, reference: str, measure: str) -> pd.DataFrame:
    products = pl.read_parquet(lake / "products" / "**" / "*.parquet")
    if reference != "ID":
        products = products.filter(
            (pl.col("village_code") == reference) | pl.col("village_code").str.starts_with(reference + ".")
        )
    value = pl.col(measure).cast(pl.Float64)
    cells = (
        products.with_columns(pl.when(value.is_finite() & (value > 0)).then(value).otherwise(0.0).alias("val"))
        .group_by("village_code", "category")
        .agg(pl.col("val").sum())
    )
    return cells.rename({"village_code": "loc", "category": "prod"}).with_columns(time=pl.lit(2024)).to_pandas()


def main() -> int:
    lake, reference = Path(sys.argv[1]), sys.argv[2]
    measure = sys.argv[3] if len(sys.argv) > 3 else "producers"
    data = matrix(lake, reference, measure)
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        theirs = ecomplexity(
            data,
            {"time": "time", "loc": "loc", "prod": "prod", "val": "val"},
            verbose=False,
            check_logsupermodularity=False,
        )
    theirs = theirs.dropna(subset=["rca"])  # locations and products with a zero total
    theirs = theirs.rename(columns={c: "ec_" + c for c in theirs.columns if c not in ("loc", "prod")})
    ours = pl.read_parquet(lake / "marts" / "relatedness.parquet").to_pandas()
    villages = pl.read_parquet(lake / "marts" / "village_complexity.parquet").to_pandas()
    problems = []
    merged = ours.merge(
        theirs, left_on=["village_code", "category"], right_on=["loc", "prod"], how="left", indicator=True
    )
    if (missing := merged[merged["_merge"] != "both"]).shape[0]:
        problems.append(f"{len(missing)} ovop rows have no ecomplexity cell, e.g. {missing.iloc[0][['village_code', 'category']].tolist()}")
    undefined = ours["pci"].isna().all()
    pairs = [("rca", "ec_rca"), ("m", "ec_mcp"), ("ubiquity", "ec_ubiquity"), ("density", "ec_density")]
    if not undefined:
        pairs += [("pci", "ec_pci"), ("cog", "ec_cog")]
    else:
        eci = theirs.groupby("loc")[["ec_eci", "ec_diversity"]].first()
        r = np.corrcoef(eci["ec_diversity"], eci["ec_eci"])[0, 1] if eci["ec_eci"].notna().all() else 0.0
        print(f"check_relatedness: ovop leaves ECI/PCI null; ecomplexity's corr(diversity, ECI) = {r:.2e}")
        if abs(r) > TOL and np.isfinite(r):
            problems.append(f"ovop's ECI is null but ecomplexity's correlates with diversity (r = {r})")
    if merged.empty:
        problems.append("the relatedness mart has no rows")
    for o, t in pairs:
        a, b = merged[o].astype(float), merged[t].astype(float)
        # A null on one side only is a difference too (NaN compares false).
        diff = (a - b).abs().where(a.notna() & b.notna(), 0.0)
        diff[a.isna() != b.isna()] = np.inf
        if (bad := merged[diff > TOL]).shape[0]:
            row = bad.iloc[0]
            problems.append(f"relatedness.{o}: {len(bad)} values differ, e.g. {row['village_code']} {row['category']}: {row[o]} vs {row[t]}")
    per_village = theirs.groupby("loc")[["ec_diversity", "ec_eci", "ec_coi"]].first()
    vmerged = villages.merge(per_village, left_on="village_code", right_index=True, how="inner")
    checks = [("diversity", "ec_diversity")] + ([] if undefined else [("eci", "ec_eci"), ("coi", "ec_coi")])
    for o, t in checks:
        a, b = vmerged[o].astype(float), vmerged[t].astype(float)
        diff = (a - b).abs().where(a.notna() & b.notna(), 0.0)
        diff[a.isna() != b.isna()] = np.inf
        if (bad := vmerged[diff > TOL]).shape[0]:
            row = bad.iloc[0]
            problems.append(f"village_complexity.{o}: {len(bad)} values differ, e.g. {row['village_code']}: {row[o]} vs {row[t]}")
    outside = villages[villages["diversity"].isna()]
    if outside["note"].isna().any():
        problems.append("a village outside the matrix has no note saying why")
    if problems:
        print("ovop's relatedness marts differ from ecomplexity:")
        for p in problems:
            print("  " + p)
        return 1
    checked = ", ".join(o for o, _ in pairs)
    print(
        f"check_relatedness: {len(merged)} village×category rows ({checked}) and {len(vmerged)} villages"
        f" ({', '.join(o for o, _ in checks)}) equal to ecomplexity within {TOL}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

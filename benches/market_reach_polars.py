"""The scoring baseline for benches/score_vs_polars.sh: the market_reach mart (docs/methods.md §1,
the same definitions as docs/sql/market_reach.sql) in polars' Python lazy API, collected with the
streaming engine and written to Parquet, as an analyst who knows polars would write it. Then,
untimed, every column is checked against ovop's MARTS/market_reach.parquet (default LAKE/marts) (numbers within
relative or absolute 1e-9, nulls equal), so the two sides are known to do the same work.

Usage: python3 benches/market_reach_polars.py LAKE FIRST_YEAR LAST_YEAR OUT.parquet [MARTS]
Prints the seconds from reading the lake to the written file.
"""
import sys
import time

import numpy as np
import polars as pl

lake, first, last, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
marts = sys.argv[5] if len(sys.argv) > 5 else f"{lake}/marts"
start = time.perf_counter()
products = pl.scan_parquet(f"{lake}/products/**/*.parquet").select("product_id", "village_code", "capacity")
b, vc = pl.col("buyer_region"), pl.col("village_code")


def same_prefix(n: int) -> pl.Expr:
    return ((b.str.slice(0, n) == vc.str.slice(0, n)) & (b.str.len_bytes() >= n)).cast(pl.Int32)


sales = (
    pl.scan_parquet(f"{lake}/sales/**/*.parquet", hive_partitioning=True)
    .filter(pl.col("year").is_between(first, last))
    .select("product_id", "year", "buyer_region", pl.col("value_idr").alias("v"), pl.col("quantity").alias("q"), "channel")
    .join(products.select("product_id", "village_code"), on="product_id")
    .with_columns(
        tier=pl.when(b == "ID").then(4).when(b >= "A").then(5)
        .otherwise(4 - same_prefix(2) - same_prefix(5) - same_prefix(8) - same_prefix(13))
    )
    .with_columns(
        destination=pl.when(pl.col("tier") <= 2).then(vc.str.slice(0, 5))
        .when((pl.col("tier") == 5) | (b.str.len_bytes() <= 2)).then(b)
        .otherwise(b.str.slice(0, 5))
    )
)
v = pl.col("v")
sums = [v.filter(pl.col("tier") == t).sum().alias(f"v{t}") for t in range(6)]
channels = ["direct", "reseller", "marketplace", "exhibition", "export_agent"]
sums += [v.filter(pl.col("channel") == c).sum().alias(f"c_{c}") for c in channels]
sums += [v.filter(pl.col("channel").is_null()).sum().alias("c_unknown")]
sums += [v.filter(pl.col("year") == y).sum().alias(n) for n, y in (("v_first", first), ("v_last", last), ("v_before_last", last - 1))]
agg = sales.group_by("product_id").agg(
    v.sum().alias("sales_value"), pl.col("q").sum().alias("sales_quantity"), pl.len().alias("sales_rows"), *sums
)
dest = (
    sales.group_by("product_id", "destination").agg(dv=v.sum()).filter(pl.col("dv") > 0)
    .with_columns(p=pl.col("dv") / pl.col("dv").sum().over("product_id"))
    .group_by("product_id")
    .agg(destinations=pl.len(), destination_hhi=(pl.col("p") ** 2).sum(), h=-(pl.col("p") * pl.col("p").log()).sum())
)
s = pl.col("sales_value")


def share(col: str) -> pl.Expr:
    return pl.when(s > 0).then(pl.col(col) / s)


years = last - first + 1
mart = (
    products.join(agg, on="product_id", how="left").join(dest, on="product_id", how="left")
    .select(
        "product_id",
        s.fill_null(0).alias("sales_value"),
        pl.col("sales_quantity").fill_null(0),
        pl.col("sales_rows").fill_null(0),
        *[share(f"v{t}").alias(f"share_{n}") for t, n in enumerate(["village", "district", "regency", "province", "national", "export"])],
        *[share(f"c_{c}").alias(f"share_channel_{c}") for c in channels + ["unknown"]],
        pl.when(s > 0).then(sum(pl.col(f"v{t}") / s * (t / 5) for t in range(6))).alias("reach_index"),
        pl.when(s > 0).then((pl.col("v3") + pl.col("v4") + pl.col("v5")) / s).alias("outside_regency_share"),
        pl.col("destinations").fill_null(0),
        "destination_hhi",
        pl.when(pl.col("destinations") > 1).then(pl.col("h") / pl.col("destinations").log())
        .when(pl.col("destinations") == 1).then(0.0).alias("destination_entropy"),
        (pl.when(pl.col("v_first") > 0).then((pl.col("v_last") / pl.col("v_first")) ** (1 / (last - first)) - 1)
         if last > first else pl.lit(None, pl.Float64)).alias("cagr"),
        pl.when(pl.col("v_before_last") > 0).then(pl.col("v_last") / pl.col("v_before_last") - 1).alias("yoy_growth"),
        pl.when(pl.col("capacity") > 0).then(pl.col("sales_quantity").fill_null(0) / (pl.col("capacity") * years))
        .alias("capacity_utilisation"),
    )
    .sort("product_id")
)
mart.collect(engine="streaming").write_parquet(out)
print(f"{time.perf_counter() - start:.2f}")

# Untimed: the same numbers as ovop's mart, column by column.
ours = pl.read_parquet(f"{marts}/market_reach.parquet").sort("product_id")
theirs = pl.read_parquet(out)
assert ours["product_id"].equals(theirs["product_id"]), "product ids differ"
for col in theirs.columns[1:]:
    a, d = ours[col].cast(pl.Float64).to_numpy(), theirs[col].cast(pl.Float64).to_numpy()
    bad = ~(np.isclose(a, d, rtol=1e-9, atol=1e-9) | (np.isnan(a) & np.isnan(d)))
    if bad.any():
        i = int(np.argmax(bad))
        sys.exit(f"market_reach.{col} differs at {ours['product_id'][i]}: ovop {a[i]}, polars {d[i]}")

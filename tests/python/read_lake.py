"""Reads an ovop lake with pyarrow, polars and DuckDB and checks each sees the
same rows as the manifest records: the lake is plain Parquet in one folder per
batch, sales with a `year` column.

Usage: python3 tests/python/read_lake.py LAKE_DIR
Exits non-zero with a message on the first mismatch.
"""
import json
import sys
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.dataset as ds
import pyarrow.parquet as pq


def main(lake: Path) -> None:
    manifest = json.loads((lake / "_manifest.json").read_text())
    expected = {}
    for batch in manifest["batches"]:
        expected[batch["dataset"]] = expected.get(batch["dataset"], 0) + batch["rows_accepted"]
    checked = 0
    for dataset, rows in sorted(expected.items()):
        folder = lake / dataset
        pattern = str(folder / "**" / "*.parquet")
        hive = dataset == "sales"
        counts = {
            "pyarrow": ds.dataset(folder, format="parquet", partitioning="hive" if hive else None).count_rows(),
            "polars": pl.scan_parquet(pattern, hive_partitioning=hive).select(pl.len()).collect().item(),
            "duckdb": duckdb.sql(
                f"SELECT count(*) FROM read_parquet('{pattern}', hive_partitioning = {str(hive).lower()})"
            ).fetchall()[0][0],
        }
        for engine, n in counts.items():
            if n != rows:
                sys.exit(f"{dataset}: {engine} reads {n} rows, the manifest says {rows}")
        if hive:
            years = duckdb.sql(f"SELECT DISTINCT year FROM read_parquet('{pattern}', hive_partitioning = true)").fetchall()
            if not years or any(not isinstance(y[0], int) for y in years):
                sys.exit(f"sales: hive year column not readable: {years}")
        checked += 1
    for mart in sorted((lake / "marts").glob("*.parquet")):
        table = pq.read_table(mart)
        frame = pl.read_parquet(mart)
        rows = duckdb.sql(f"SELECT count(*) FROM '{mart}'").fetchall()[0][0]
        if not (table.num_rows == frame.height == rows):
            sys.exit(f"{mart.name}: pyarrow {table.num_rows}, polars {frame.height}, duckdb {rows}")
        meta = pq.ParquetFile(mart).metadata
        column = meta.row_group(0).column(0)
        if column.compression != "ZSTD" or column.statistics is None:
            sys.exit(f"{mart.name}: expected zstd with statistics, got {column.compression}")
        checked += 1
    print(f"read_lake: {checked} datasets and marts read identically by pyarrow, polars and duckdb")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

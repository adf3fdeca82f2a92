"""Runs docs/spark/ovop_marts.py on Spark in local mode over a lake and checks that its marts
equal ovop's (LAKE/marts, or $OVOP_MARTS) column by column, with the comparison of
check_marts.py: same columns, same rows by key, numbers within 1e-9, the rest exactly.

Usage: python3 tests/python/check_spark.py LAKE_DIR FIRST_YEAR LAST_YEAR
Needs pyspark (PyPI) and a Java runtime (17+). Prints the Spark time per mart.
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from check_marts import compare

ROOT = Path(__file__).resolve().parents[2]
JOB = ROOT / "docs" / "spark" / "ovop_marts.py"
MARTS = ("market_reach", "market_reach_by_year", "product_scores", "village_selection")


def main(lake: str, first: str, last: str) -> None:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
        done = subprocess.run(
            ["spark-submit", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
             "--conf", "spark.sql.shuffle.partitions=4", "--driver-memory", "2g", str(JOB),
             "--lake", str(Path(lake).resolve()), "--first", first, "--last", last, "--out", out],
            env=env, capture_output=True, text=True,
        )
        if done.returncode != 0:
            errors = [l for l in done.stderr.splitlines() if " INFO " not in l]
            sys.exit("check_spark: the Spark job failed:\n" + "\n".join(errors[-60:]))
        took = time.perf_counter() - started
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        problems = []
        for mart in MARTS:
            con.execute(f"CREATE TEMP TABLE duck_{mart} AS SELECT * FROM read_parquet('{out}/{mart}/*.parquet')")
            found, ok = compare(con, mart, lake, other="spark")
            problems += found
            if not found:
                print("check_spark: " + ok.replace("the DuckDB SQL", "Spark's"))
        for line in done.stdout.splitlines():
            if line.startswith("ovop_marts:"):
                print("check_spark: " + line)
        print(f"check_spark: spark-submit in local mode, {took:.1f} s in all (JVM start included)")
        if problems:
            sys.exit("ovop's marts differ from Spark's:\n" + "\n".join(problems[:40]))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])

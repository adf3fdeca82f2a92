"""ovop's marts on Apache Spark, from an ovop lake on a local disk or on object storage.

    spark-submit docs/spark/ovop_marts.py --lake LAKE --first 2020 --last 2024 --out OUT \
        [--marts market_reach,market_reach_by_year]

LAKE is the lake folder (`/data/lake`, `s3a://bucket/lake`, `gs://…`, `abfss://…`); OUT gets one
Parquet folder per mart (`OUT/market_reach/part-*.parquet`). FIRST and LAST are the study years.
The job reads `_manifest.json` and only the files it lists (the committed batches: see
docs/data-contracts.md §5), then runs the mart's SQL, which is docs/sql/<mart>.sql (the DuckDB SQL
that CI checks against ovop) turned into Spark SQL by `spark_sql` below, so the formulas live in
one place. docs/spark/README.md walks through a cluster run; tests/python/check_spark.py runs this
in local mode and compares every column with ovop's marts.

Marts: market_reach and market_reach_by_year. product_scores and village_selection are not yet
translated (their SQL uses PIVOT, QUALIFY, list functions and the manifest's batch order).
"""
import argparse
import json
import re
import time
from pathlib import Path

from pyspark.sql import SparkSession, functions as F

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
MARTS = ("market_reach", "market_reach_by_year")


def manifest_files(spark: SparkSession, lake: str) -> dict[str, list[str]]:
    """Every committed data file per dataset, as absolute paths (the quarantine left out).
    Read through Hadoop's file system API, so any store Spark reaches works (Spark's own readers
    skip files whose names start with `_`)."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(f"{lake}/_manifest.json")
    stream = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).open(path)
    try:
        text = jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8")
    finally:
        stream.close()
    files: dict[str, list[str]] = {}
    for batch in json.loads(text)["batches"]:
        data = [f"{lake}/{f}" for f in batch["files"] if not f.startswith("_quarantine/")]
        files.setdefault(batch["dataset"], []).extend(data)
    return files


def register_lake(spark: SparkSession, lake: str) -> None:
    """The datasets as temporary views: `products`, `sales` (with `year`)."""
    files = manifest_files(spark, lake)
    for name in ("products", "sales"):
        if not files.get(name):
            raise SystemExit(f"ovop_marts: the lake {lake} has no {name} batch")
        frame = spark.read.parquet(*files[name])
        if name == "sales" and "year" not in frame.columns:
            # Lakes written before batch folders keep the year only in the folder name (year=2024).
            frame = frame.withColumn(
                "year", F.regexp_extract(F.input_file_name(), r"year=(\d+)", 1).cast("int")
            )
        frame.createOrReplaceTempView(name)


def spark_sql(mart: str, first: int, last: int) -> str:
    """docs/sql/<mart>.sql in Spark SQL: the lake's files become the registered views, and
    DuckDB's `agg FILTER (cond)` becomes the standard `FILTER (WHERE cond)`."""
    # Comments go first: they name the placeholders too.
    sql = re.sub(r"--[^\n]*", "", (SQL_DIR / f"{mart}.sql").read_text())
    sql = re.sub(r"read_parquet\('\{lake\}/(\w+)/\*\*/\*\.parquet'(, hive_partitioning = true)?\)", r"\1", sql)
    sql = re.sub(r"FILTER \((?!WHERE)", "FILTER (WHERE ", sql)
    if "{" in sql.replace("{first}", "").replace("{last}", ""):
        raise SystemExit(f"ovop_marts: {mart}.sql has a placeholder this job does not fill")
    return sql.replace("{first}", str(int(first))).replace("{last}", str(int(last)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lake", required=True)
    parser.add_argument("--first", type=int, required=True)
    parser.add_argument("--last", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--marts", default=",".join(MARTS))
    args = parser.parse_args()
    marts = [m for m in args.marts.split(",") if m]
    if unknown := [m for m in marts if m not in MARTS]:
        raise SystemExit(f"ovop_marts: not on Spark yet: {', '.join(unknown)}; known: {', '.join(MARTS)}")
    spark = SparkSession.builder.appName("ovop-marts").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    register_lake(spark, args.lake.rstrip("/"))
    for mart in marts:
        started = time.perf_counter()
        frame = spark.sql(spark_sql(mart, args.first, args.last))
        frame.write.mode("overwrite").parquet(f"{args.out.rstrip('/')}/{mart}")
        print(f"ovop_marts: {mart} written in {time.perf_counter() - started:.1f} s")
    spark.stop()


if __name__ == "__main__":
    main()

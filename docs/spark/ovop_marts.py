"""ovop's marts on Apache Spark, from an ovop lake on a local disk or on object storage.

    spark-submit docs/spark/ovop_marts.py --lake LAKE --first 2020 --last 2024 --out OUT \
        [--marts market_reach,market_reach_by_year,product_scores,village_selection] [--marts-in OVOP_MARTS]

LAKE is the lake folder (`/data/lake`, `s3a://bucket/lake`, `gs://…`, `abfss://…`); OUT gets one
Parquet folder per mart (`OUT/market_reach/part-*.parquet`). FIRST and LAST are the study years.
The job reads `_manifest.json` and only the files it lists (the committed batches: see
docs/data-contracts.md §5), then runs the mart's SQL, which is docs/sql/<mart>.sql (the DuckDB SQL
that CI checks against ovop) turned into Spark SQL by `spark_sql` below, so the formulas live in
one place. docs/spark/README.md walks through a cluster run; tests/python/check_spark.py runs this
in local mode and compares every column with ovop's marts.

Marts: market_reach, market_reach_by_year, product_scores and village_selection, for the default
scoring settings (as docs/sql/). product_scores reads this job's market_reach, and ovop's
relatedness mart for category_complexity, which SQL cannot compute (--marts-in);
village_selection reads this job's product_scores and follows the manifest's product order for
its tie rule. Not computed: village_selection's p_stays_pick (ovop's seeded weight draws) and the
sensitivity marts.
"""
import argparse
import json
import re
import time
from pathlib import Path

from pyspark.sql import SparkSession, functions as F

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
MARTS = ("market_reach", "market_reach_by_year", "product_scores", "village_selection")
REFERENCE = Path(__file__).resolve().parents[2] / "notebooks-data" / "reference"
# The optional datasets when the lake has none: empty views of the columns the SQL reads.
EMPTY = {
    "villages": "village_code STRING, population DOUBLE",
    "assessments": "product_id STRING, criterion STRING, score DOUBLE",
    "economy": "region_code STRING, sector STRING, year INT, value DOUBLE, measure STRING",
}


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


def register_lake(spark: SparkSession, lake: str, marts: str, reference: str) -> None:
    """The datasets as temporary views (`products`, `sales` with `year`, `villages`,
    `assessments`, `economy`, empty when the lake has none), ovop's `relatedness` mart (only its
    pci, which SQL cannot compute, is read) and the national reference (`ref_villages`,
    `ref_districts`)."""
    files = manifest_files(spark, lake)
    for name, schema in EMPTY.items():
        if files.get(name):
            spark.read.parquet(*files[name]).createOrReplaceTempView(name)
        else:
            spark.createDataFrame([], schema).createOrReplaceTempView(name)
    for name in ("villages", "districts"):
        # RFC 4180 quoting (`""` inside a quoted name); Spark escapes with a backslash by default.
        frame = spark.read.option("header", True).option("escape", '"').csv(f"{reference}/{name}.csv")
        frame.createOrReplaceTempView(f"ref_{name}")
    try:
        spark.read.parquet(f"{marts}/relatedness.parquet").createOrReplaceTempView("relatedness")
    except Exception:  # no relatedness mart: category_complexity stays null
        spark.createDataFrame([], "category STRING, pci DOUBLE").createOrReplaceTempView("relatedness")
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


def register_flip_order(spark: SparkSession, lake: str) -> None:
    """`flip_order(product_id, lake_pos)`: the products in the order the lake holds them (batches
    in manifest order, files in batch order, rows in file order), which village_selection's tie
    rule follows."""
    files = manifest_files(spark, lake)["products"]
    position = spark.createDataFrame(
        [(f.rsplit("/", 1)[-1], i) for i, f in enumerate(files)], "file STRING, file_pos INT"
    )
    rows = spark.read.parquet(*files).select(
        "product_id",
        F.element_at(F.split("_metadata.file_path", "/"), -1).alias("file"),
        F.col("_metadata.row_index").alias("row_index"),
    )
    rows.join(position, "file").createOrReplaceTempView("flip_rows")
    spark.sql(
        "SELECT product_id, row_number() OVER (ORDER BY file_pos, row_index) AS lake_pos FROM flip_rows"
    ).createOrReplaceTempView("flip_order")


def outside_strings(sql: str, change) -> str:
    """`change` applied to the SQL between its string literals (a regex's `[…]` is not a list)."""
    parts = re.split(r"((?:r)?'[^']*')", sql)
    return "".join(part if i % 2 else change(part) for i, part in enumerate(parts))


def subscripts(sql: str) -> str:
    """DuckDB's list literals `[a, b]` → `array(a, b)`, and its 1-based `x[i]` → `element_at`."""
    sql = re.sub(r"(?<![\w\])])\[([^\[\]]+)\]", r"array(\1)", sql)
    index = lambda m: f"element_at({m[1]}, CAST({m[2].replace('//', ' div ')} AS INT))"
    sql = re.sub(r"(array\([^()]*\))\[([^\]]+)\]", index, sql)
    return re.sub(r"([\w.]+)\[([^\]]+)\]", index, sql)


def call_args(sql: str, name: str):
    """Each `name(…)` call in `sql` as (start, end, argument text), parentheses balanced."""
    for match in re.finditer(rf"\b{name}\(", sql):
        depth, i = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            i += 1
        yield match.start(), i, sql[match.end():i - 1]


def spark_sql(spark: SparkSession, mart: str, first: int, last: int) -> str:
    """docs/sql/<mart>.sql in Spark SQL. The lake's files and the placeholders become the
    registered views, and DuckDB's dialect becomes Spark's: `agg FILTER (cond)` → `FILTER (WHERE
    cond)`, `isfinite(x)` → `abs(x) < double('inf')` (false for NaN, null for null, as in DuckDB),
    backslashed regex literals → raw literals without DuckDB's 'g' flag (Java replaces every
    match), `list_sort(list(x))[i]` → `element_at(array_sort(collect_list(x)), i)`, `* EXCLUDE` →
    `* EXCEPT`, `VARCHAR` → `STRING`, and `PIVOT … ON name` → Spark's PIVOT over the names found."""
    # Comments go first: they name the placeholders too.
    sql = re.sub(r"--[^\n]*", "", (SQL_DIR / f"{mart}.sql").read_text())
    sql = re.sub(r"read_parquet\('\{lake\}/(\w+)/\*\*/\*\.parquet'(, hive_partitioning = true)?\)", r"\1", sql)
    for name in ("villages", "assessments", "economy", "relatedness", "market_reach"):
        sql = sql.replace("{" + name + "}", name)
    sql = re.sub(r"read_csv\('\{reference\}/(\w+)\.csv'[^)]*\)", r"ref_\1", sql)
    sql = re.sub(r"FILTER \((?!WHERE)", "FILTER (WHERE ", sql)
    while "isfinite(" in sql:
        start, end, arg = next(call_args(sql, "isfinite"))
        sql = f"{sql[:start]}(abs({arg}) < double('inf')){sql[end:]}"
    sql = re.sub(r"'([^'\n]*\\[^'\n]*)'", r"r'\1'", sql)
    sql = sql.replace(", 'g')", ")")
    sql = re.sub(r"list_sort\(list\(([^()]*(?:\([^()]*\))?[^()]*)\)\)", r"array_sort(collect_list(\1))", sql)
    sql = outside_strings(sql, subscripts)
    # QUALIFY (not in Spark): the window as a column of a sub-query, filtered outside.
    sql = re.sub(
        r"SELECT ((?:(?!SELECT).)*?) FROM ((?:(?!SELECT).)*?) QUALIFY (.*?) = 1\s*\)",
        r"SELECT * FROM (SELECT \1, \3 AS qualify_ FROM \2) WHERE qualify_ = 1\n)",
        sql,
        flags=re.S,
    )
    sql = sql.replace("::UINTEGER", "::INT").replace("{product_scores}", "product_scores")
    # The lake order of the products (ovop's tie rule for flips) comes from the manifest: the
    # driver registers it as `flip_order` (see register_flip_order) in place of the two CTEs.
    if "product_files AS (" in sql:
        sql = sql[: sql.index("product_files AS (")] + sql[sql.index("saw AS ("):]
    sql = sql.replace("* EXCLUDE (", "* EXCEPT (").replace("::VARCHAR", "::STRING")
    pivot = re.search(r"PIVOT (\w+) ON (\w+) USING (\w+)\((\w+)\) GROUP BY (\w+)", sql)
    if pivot:
        source, on, agg, value, key = pivot.groups()
        # The values to pivot on: the query up to the pivoted CTE, asked for its distinct names.
        head = sql[: sql.rindex(",", 0, sql.rindex("AS (", 0, pivot.start()))]
        names = sorted(r[0] for r in spark.sql(f"{head} SELECT DISTINCT {on} FROM {source}").collect())
        listed = ", ".join(f"'{n}' AS `{n}`" for n in names)
        spark_pivot = (
            f"SELECT * FROM (SELECT {key}, {on}, {value} FROM {source}) PIVOT ({agg}({value}) FOR {on} IN ({listed}))"
            if names else f"SELECT {key} FROM {source} GROUP BY {key}"
        )
        sql = sql[: pivot.start()] + spark_pivot + sql[pivot.end():]
    left = set(re.findall(r"(?<![xp])\{([a-z_]+)\}", sql)) - {"first", "last"}
    if left:
        raise SystemExit(f"ovop_marts: {mart}.sql has placeholders this job does not fill: {sorted(left)}")
    return sql.replace("{first}", str(int(first))).replace("{last}", str(int(last)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lake", required=True)
    parser.add_argument("--first", type=int, required=True)
    parser.add_argument("--last", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--marts", default=",".join(MARTS))
    parser.add_argument("--marts-in", help="ovop's marts folder, for relatedness (default LAKE/marts)")
    parser.add_argument("--reference", default=str(REFERENCE), help="the national reference CSVs")
    args = parser.parse_args()
    marts = [m for m in args.marts.split(",") if m]
    if unknown := [m for m in marts if m not in MARTS]:
        raise SystemExit(f"ovop_marts: not on Spark yet: {', '.join(unknown)}; known: {', '.join(MARTS)}")
    spark = SparkSession.builder.appName("ovop-marts").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    # Spark 4's ANSI mode raises on x / 0; the SQL expects DuckDB's null or non-finite result,
    # which it then treats as missing (isfinite, CASE WHEN … > 0).
    spark.conf.set("spark.sql.ansi.enabled", "false")
    lake = args.lake.rstrip("/")
    register_lake(spark, lake, args.marts_in or f"{lake}/marts", args.reference)
    # Each mart reads the one before it: village_selection product_scores, which reads market_reach.
    for needs, needed in (("village_selection", "product_scores"), ("product_scores", "market_reach")):
        if needs in marts and needed not in marts:
            marts.insert(0, needed)
    marts.sort(key=MARTS.index)
    if "village_selection" in marts:
        register_flip_order(spark, lake)
    for mart in marts:
        started = time.perf_counter()
        frame = spark.sql(spark_sql(spark, mart, args.first, args.last))
        frame.write.mode("overwrite").parquet(f"{args.out.rstrip('/')}/{mart}")
        # product_scores reads market_reach: Spark's own, read back, not ovop's.
        spark.read.parquet(f"{args.out.rstrip('/')}/{mart}").createOrReplaceTempView(mart)
        print(f"ovop_marts: {mart} written in {time.perf_counter() - started:.1f} s")
    spark.stop()


if __name__ == "__main__":
    main()

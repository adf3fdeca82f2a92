"""Runs the DuckDB SQL versions of ovop's marts (docs/sql/*.sql) over a lake.

`render` fills a file's placeholders; `build` creates one DuckDB table per mart (market_reach,
market_reach_by_year, product_scores, village_selection), product_scores reading the market_reach
table and village_selection the product_scores table, and can write each to Parquet. Used by
tests/python/check_marts.py and benches/score_vs_duckdb.sh.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = ROOT / "docs" / "sql"
REFERENCE = ROOT / "notebooks-data" / "reference"
MARTS = ("market_reach", "market_reach_by_year", "product_scores", "village_selection")
# Marts that a later mart reads (through its {placeholder}): always built as tables.
INPUTS = ("market_reach", "product_scores")

# Optional datasets: read from the lake when it has them, else an empty relation of the same shape.
OPTIONAL = {
    "villages": "(SELECT NULL::VARCHAR AS village_code, NULL::DOUBLE AS population WHERE false)",
    "assessments": "(SELECT NULL::VARCHAR AS product_id, NULL::VARCHAR AS criterion, "
    "NULL::DOUBLE AS score WHERE false)",
    "economy": "(SELECT NULL::VARCHAR AS region_code, NULL::VARCHAR AS sector, NULL::INT AS year, "
    "NULL::DOUBLE AS value, NULL::VARCHAR AS measure WHERE false)",
}


def marts_dir(lake) -> str:
    """Where ovop wrote the marts: LAKE/marts, or $OVOP_MARTS (a shared lake keeps each study's
    marts in LAKE/marts/<study>)."""
    return os.environ.get("OVOP_MARTS") or f"{Path(lake).resolve()}/marts"


def render(
    mart: str, lake, first, last, market_reach: str = "market_reach", product_scores: str = "product_scores"
) -> str:
    """The SQL of one mart with its placeholders filled. `market_reach` is the relation that
    product_scores reads the market_reach mart from, `product_scores` the one village_selection
    reads product_scores from (table names by default)."""
    lake = Path(lake).resolve()
    sql = (SQL_DIR / f"{mart}.sql").read_text()
    for name, empty in OPTIONAL.items():
        present = any((lake / name).rglob("*.parquet"))
        sql = sql.replace("{" + name + "}", f"read_parquet('{lake}/{name}/**/*.parquet')" if present else empty)
    return (
        sql.replace("{market_reach}", market_reach)
        .replace("{product_scores}", product_scores)
        .replace("{relatedness}", f"read_parquet('{marts_dir(lake)}/relatedness.parquet')")
        .replace("{reference}", str(REFERENCE))
        .replace("{lake}", str(lake))
        .replace("{first}", str(int(first)))
        .replace("{last}", str(int(last)))
    )


def build(con, lake, first, last, out_dir=None, keep: bool = True, prefix: str = "duck_", marts=MARTS) -> None:
    """Computes every mart in MARTS order (product_scores reads market_reach, village_selection
    reads product_scores) into a table <prefix><mart> and, with out_dir, writes each to
    out_dir/<mart>.parquet. With keep=False (needs out_dir) only the INPUTS (market_reach and
    product_scores) become tables; the others go straight to Parquet."""
    if out_dir is not None:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    for mart in marts:
        table = prefix + mart
        sql = render(
            mart, lake, first, last, market_reach=prefix + "market_reach", product_scores=prefix + "product_scores"
        )
        if keep or mart in INPUTS:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}")
            source = table
        else:
            source = f"({sql})"
        if out_dir is not None:
            con.execute(f"COPY {source} TO '{Path(out_dir) / mart}.parquet' (FORMAT parquet)")

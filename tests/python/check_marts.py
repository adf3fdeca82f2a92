"""Recomputes market_reach, market_reach_by_year, product_scores and village_selection with the
DuckDB SQL in docs/sql/ and checks that ovop's LAKE/marts/<mart>.parquet (or $OVOP_MARTS/<mart>.parquet) have the same columns,
the same rows (by product_id, year as well for market_reach_by_year, village_code for
village_selection) and the same values: numbers within relative or absolute 1e-9, nulls equal,
everything else (ranks, stars, quadrant, names, picks) exactly. product_scores.sql and the flip
columns of village_selection.sql cover the default scoring settings only (see their headers).
village_selection: p_stays_pick (from ovop's random weight draws) is not in the SQL and is not
checked; the flip_ columns are checked when ovop wrote them (sensitivity.draws > 0).

Usage: python3 tests/python/check_marts.py LAKE_DIR FIRST_YEAR LAST_YEAR [MART ...]
Prints one line per mart and exits non-zero with the first differences found.
"""
import sys

import duckdb

from marts_sql import MARTS, build, marts_dir

KEYS = {
    "market_reach": ["product_id"],
    "market_reach_by_year": ["product_id", "year"],
    "product_scores": ["product_id"],
    "village_selection": ["village_code"],
}
# Columns one side may lack without a difference being reported: ovop's columns that the SQL leaves
# out, and the SQL's columns that ovop writes only with sensitivity draws. Both are named in the
# line printed for the mart.
UNCHECKED_OVOP = {"village_selection": {"p_stays_pick"}}
ONLY_WITH_DRAWS = {"village_selection": {"flip_criterion", "flip_weight_change", "flip_challenger_id"}}
FLOAT_TYPES = {"DOUBLE", "FLOAT"}


def columns(con, table: str) -> dict[str, str]:
    return {name: kind for name, kind, *_ in con.execute(f"DESCRIBE {table}").fetchall()}


def compare(con, mart: str, lake: str, other: str = "duckdb") -> tuple[list[str], str]:
    theirs, ours = f"duck_{mart}", f"ovop_{mart}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {ours} AS SELECT * FROM read_parquet('{marts_dir(lake)}/{mart}.parquet')")
    keys = KEYS[mart]
    ours_cols, theirs_cols = columns(con, ours), columns(con, theirs)
    problems = []
    unchecked = [c for c in ours_cols if c not in theirs_cols and c in UNCHECKED_OVOP.get(mart, ())]
    absent = [c for c in theirs_cols if c not in ours_cols and c in ONLY_WITH_DRAWS.get(mart, ())]
    if missing := [c for c in ours_cols if c not in theirs_cols and c not in unchecked]:
        problems.append(f"{mart}: columns of ovop missing from the SQL: {', '.join(missing)}")
    if extra := [c for c in theirs_cols if c not in ours_cols and c not in absent]:
        problems.append(f"{mart}: columns of the SQL missing from ovop: {', '.join(extra)}")
    key_list = ", ".join(keys)
    for table in (ours, theirs):
        rows, distinct = con.execute(f"SELECT count(*), count(DISTINCT ({key_list})) FROM {table}").fetchone()
        if rows != distinct:
            problems.append(f"{mart}: {table} has {rows - distinct} duplicate keys ({key_list})")
    on = " AND ".join(f"o.{k} = d.{k}" for k in keys)
    only = con.execute(
        f"SELECT count(*) FILTER (d.{keys[0]} IS NULL), count(*) FILTER (o.{keys[0]} IS NULL) "
        f"FROM {ours} o FULL JOIN {theirs} d ON {on}"
    ).fetchone()
    if any(only):
        problems.append(f"{mart}: row sets differ: {only[0]} rows only in ovop, {only[1]} only in the SQL")
    rows = con.execute(f"SELECT count(*) FROM {ours}").fetchone()[0]
    same = {}
    for c in (c for c in ours_cols if c in theirs_cols and c not in keys):
        a, b = f'o."{c}"', f'd."{c}"'
        if ours_cols[c] in FLOAT_TYPES or theirs_cols[c] in FLOAT_TYPES:
            same[c] = (
                f"coalesce({a} IS NOT DISTINCT FROM {b} OR (isfinite({a}) AND isfinite({b}) AND "
                f"abs({a} - {b}) <= greatest(1e-9 * greatest(abs({a}), abs({b})), 1e-9)), false)"
            )
        else:
            same[c] = f"{a} IS NOT DISTINCT FROM {b}"
    joined = f"FROM {ours} o JOIN {theirs} d ON {on}"
    counts = con.execute(
        "SELECT " + ", ".join(f"count(*) FILTER (WHERE NOT {cond})" for cond in same.values()) + f" {joined}"
    ).fetchone() if same else []
    key_text = " || ', ' || ".join(f"o.{k}::VARCHAR" for k in keys)
    for (c, cond), n in zip(same.items(), counts):
        if n:
            examples = con.execute(
                f"SELECT {key_text}, o.\"{c}\"::VARCHAR, d.\"{c}\"::VARCHAR {joined} WHERE NOT {cond} LIMIT 5"
            ).fetchall()
            shown = "; ".join(f"[{k}]: ovop {a} vs {other} {b}" for k, a, b in examples)
            problems.append(f"{mart}.{c}: {n} rows differ, e.g. {shown}")
    checked = len([c for c in ours_cols if c in theirs_cols])
    ok = f"{mart}: {rows} rows x {checked} columns equal to the DuckDB SQL"
    if unchecked:
        ok += f" (not checked, not in the SQL: {', '.join(unchecked)})"
    if absent:
        ok += f" (not in ovop's mart, sensitivity draws off: {', '.join(absent)})"
    return problems, ok


def main(lake: str, first: str, last: str, marts=MARTS) -> None:
    if unknown := [m for m in marts if m not in MARTS]:
        sys.exit(f"check_marts: unknown mart {', '.join(unknown)}; known: {', '.join(MARTS)}")
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    build(con, lake, first, last)
    problems = []
    for mart in marts:
        found, ok = compare(con, mart, lake)
        problems += found
        if not found:
            print(f"check_marts: {ok}")
    if problems:
        sys.exit("ovop's marts differ from the DuckDB SQL (docs/sql/):\n" + "\n".join(problems[:40]))


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:] or MARTS)

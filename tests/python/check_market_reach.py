"""Recomputes market_reach with the DuckDB SQL in docs/sql/market_reach.sql and checks that
ovop's marts/market_reach.parquet has the same rows and numbers (relative 1e-9, nulls equal).

Usage: python3 tests/python/check_market_reach.py LAKE_DIR FIRST_YEAR LAST_YEAR
Prints one line and exits non-zero with the first differences found.
"""
import math
import sys
from pathlib import Path

import duckdb

SQL = Path(__file__).resolve().parents[2] / "docs" / "sql" / "market_reach.sql"


def main(lake: str, first: str, last: str) -> None:
    sql = SQL.read_text().replace("{lake}", lake).replace("{first}", first).replace("{last}", last)
    con = duckdb.connect()
    theirs = con.sql(sql)
    columns = theirs.columns
    theirs = {row[0]: row for row in theirs.fetchall()}
    ours_rel = con.sql(f"SELECT {', '.join(columns)} FROM '{lake}/marts/market_reach.parquet'")
    ours = {row[0]: row for row in ours_rel.fetchall()}
    if set(ours) != set(theirs):
        sys.exit(f"market_reach: product sets differ ({len(ours)} vs {len(theirs)})")
    problems = []
    for pid, row in ours.items():
        for name, a, b in zip(columns, row, theirs[pid]):
            if a is None or b is None:
                if a is not b and not (a is None and b is None):
                    problems.append(f"{pid}.{name}: ovop {a} vs duckdb {b}")
            elif isinstance(a, float) or isinstance(b, float):
                if not math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9):
                    problems.append(f"{pid}.{name}: ovop {a} vs duckdb {b}")
            elif a != b:
                problems.append(f"{pid}.{name}: ovop {a} vs duckdb {b}")
    if problems:
        sys.exit("market_reach differs from the DuckDB SQL:\n" + "\n".join(problems[:20]))
    print(f"check_market_reach: {len(ours)} products x {len(columns)} columns equal to the DuckDB SQL")


if __name__ == "__main__":
    main(*sys.argv[1:4])

"""Checks ovop's marts/market_reach.parquet against docs/sql/market_reach.sql: the market_reach
part of check_marts.py (which also checks market_reach_by_year, product_scores and village_selection).

Usage: python3 tests/python/check_market_reach.py LAKE_DIR FIRST_YEAR LAST_YEAR
"""
import sys

from check_marts import main

if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], ["market_reach"])

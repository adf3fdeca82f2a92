#!/usr/bin/env bash
# Scoring benchmark: `ovop score` (market_reach, market_reach_by_year, product_scores,
# village_selection; sensitivity off) against DuckDB computing the same marts with
# docs/sql/market_reach.sql, market_reach_by_year.sql, product_scores.sql and
# village_selection.sql in one Python process, each written to Parquet, on the same lake side by
# side in one run; then tests/python/check_marts.py checks ovop's four marts equal the SQL's.
# The timed DuckDB side computes market_reach, market_reach_by_year and product_scores; its
# village_selection.sql always computes the smallest flipping weight change, which ovop skips
# with sensitivity off, so it is left out of the timing (check_marts.py still builds and
# checks it afterwards). ovop's timing includes its village_selection.
# Then polars-py (benches/market_reach_polars.py: the market_reach mart alone, lazy with the
# streaming engine, written to Parquet, then checked against ovop's mart to 1e-9): the baseline
# of issue 17, which asks ovop's four marts to take at most 0.7 of polars' one.
#
#   benches/score_vs_duckdb.sh [SALES_ROWS] [WORK_DIR]      (default 10000000, /var/tmp/ovop-bench)
#
# Reuses the lake that benches/ingest_vs_duckdb.sh leaves in WORK_DIR (run that first).
# OVOP_BIN=/path/to/ovop uses that binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000000}"
work="${2:-/var/tmp/ovop-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/ovop-target}"
ovop="${OVOP_BIN:-}"
if [ -z "$ovop" ]; then
  cargo build --release --quiet
  ovop="$CARGO_TARGET_DIR/release/ovop"
fi
[ -f "$work/lake/_manifest.json" ] || benches/ingest_vs_duckdb.sh "$rows" "$work"

cat > "$work/study.toml" <<TOML
[study]
name = "bench"
years = [2015, 2024]
synthetic = true
lake = "lake"
[sensitivity]
draws = 0
TOML

# The study names its lake, so ovop keeps its marts in lake/marts/bench (a shared lake).
export OVOP_MARTS="$work/lake/marts/bench"
/usr/bin/time -f "%e %M" -o "$work/score.time" "$ovop" -q score "$work/study.toml" --out "$work/out"
/usr/bin/time -f "%e %M" -o "$work/duck.time" python3 - "$work" <<'PY'
import sys
import duckdb
sys.path.insert(0, "tests/python")
from marts_sql import build
work = sys.argv[1]
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
build(con, f"{work}/lake", 2015, 2024, out_dir=f"{work}/duckdb_marts", keep=False,
      marts=("market_reach", "market_reach_by_year", "product_scores"))
PY
/usr/bin/time -f "%e %M" -o "$work/polars.time" \
  python3 benches/market_reach_polars.py "$work/lake" 2015 2024 "$work/polars_market_reach.parquet" "$OVOP_MARTS" >/dev/null
python3 tests/python/check_marts.py "$work/lake" 2015 2024
read -r o_s o_k < "$work/score.time"
read -r d_s d_k < "$work/duck.time"
read -r p_s p_k < "$work/polars.time"
python3 - "$o_s" "$o_k" "$d_s" "$d_k" "$p_s" "$p_k" <<'PY'
import sys
o_s, o_k, d_s, d_k, p_s, p_k = (float(a) for a in sys.argv[1:7])
print(f"{'':30} {'wall s':>8} {'peak RSS MiB':>13}")
print(f"{'ovop score (4 marts)':30} {o_s:8.1f} {o_k / 1024:13.0f}")
print(f"{'duckdb SQL (3 marts)':30} {d_s:8.1f} {d_k / 1024:13.0f}")
print(f"{'polars-py (market_reach only)':30} {p_s:8.1f} {p_k / 1024:13.0f}")
print(f"ratio score ovop/duckdb: wall {o_s / d_s:.2f}, peak RSS {o_k / d_k:.2f}")
print(f"ratio score ovop/polars-py: wall {o_s / p_s:.2f}, peak RSS {o_k / p_k:.2f}")
PY

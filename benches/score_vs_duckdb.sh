#!/usr/bin/env bash
# Scoring benchmark: `ovop score` (market_reach, market_reach_by_year, product_scores,
# village_selection; sensitivity off) against DuckDB running docs/sql/market_reach.sql on the
# same lake, side by side in one run; then checks both market_reach results are equal.
#
#   benches/score_vs_duckdb.sh [SALES_ROWS] [WORK_DIR]      (default 10000000, /var/tmp/ovop-bench)
#
# Reuses the lake that benches/ingest_vs_duckdb.sh leaves in WORK_DIR (run that first).
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000000}"
work="${2:-/var/tmp/ovop-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/ovop-target}"
cargo build --release --quiet
ovop="$CARGO_TARGET_DIR/release/ovop"
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
sql="$(sed -e "s|{lake}|$work/lake|g" -e "s|{first}|2015|g" -e "s|{last}|2024|g" docs/sql/market_reach.sql)"
printf '%s' "COPY ($sql) TO '$work/duckdb_market_reach.parquet' (FORMAT parquet)" > "$work/market_reach.copy.sql"

/usr/bin/time -f "%e %M" -o "$work/score.time" "$ovop" -q score "$work/study.toml" --out "$work/out"
/usr/bin/time -f "%e %M" -o "$work/duck.time" python3 -c "
import duckdb, sys
duckdb.sql('SET enable_progress_bar = false')
duckdb.sql(open('$work/market_reach.copy.sql').read())
"
python3 tests/python/check_market_reach.py "$work/lake" 2015 2024
read -r o_s o_k < "$work/score.time"
read -r d_s d_k < "$work/duck.time"
python3 - "$o_s" "$o_k" "$d_s" "$d_k" <<'PY'
import sys
o_s, o_k, d_s, d_k = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print(f"{'':22} {'wall s':>8} {'peak RSS MiB':>13}")
print(f"{'ovop score (4 marts)':22} {o_s:8.1f} {o_k / 1024:13.0f}")
print(f"{'duckdb market_reach':22} {d_s:8.1f} {d_k / 1024:13.0f}")
print(f"ratio ovop/duckdb: wall {o_s / d_s:.2f}, peak RSS {o_k / d_k:.2f}")
PY

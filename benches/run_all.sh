#!/usr/bin/env bash
# The whole benchmark in one run: for each size (default 1, 10 and 100 million sales rows),
# `ovop ingest` vs DuckDB CSV→Parquet (plain COPY, and with ovop's checks) and `ovop score` vs
# DuckDB SQL and polars-py (benches/ingest_vs_duckdb.sh, score_vs_duckdb.sh, which also check
# every side gives the same numbers); then the sensitivity draws against numpy at 100,000 and
# 236,000 products (benches/sensitivity.sh); then `ovop run` on the Tuban demo (three warm runs).
# Ends with every ratio in one table. Not run in CI.
#
#   benches/run_all.sh [ROWS ...]        e.g. benches/run_all.sh 1000000 10000000
#   SKIP_SENSITIVITY=1 benches/run_all.sh    leaves out the draws (numpy takes minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000 100000000)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/ovop-target}"
cargo build --release --quiet
ovop="$CARGO_TARGET_DIR/release/ovop"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "ovop $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (modified)'), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
for rows in "${sizes[@]}"; do
  work="/var/tmp/ovop-bench-$rows"
  rm -rf "$work/lake" "$work/out"
  echo "== $rows sales rows =="
  echo "-- ingest"; benches/ingest_vs_duckdb.sh "$rows" "$work" 2>&1 | grep -v -i "warning" | sed "s/^ratio/ratio [$rows rows]/" | tee -a "$log"
  echo "-- score";  benches/score_vs_duckdb.sh "$rows" "$work" 2>&1 | grep -v -i "warning" | sed "s/^ratio/ratio [$rows rows]/" | tee -a "$log"
done
if [ -z "${SKIP_SENSITIVITY:-}" ]; then
  echo "== sensitivity =="
  benches/sensitivity.sh 1000 | tee -a "$log"
fi
echo "== Tuban demo: ovop run (warm, 3 runs) =="
demo="$(mktemp -d)"
"$ovop" -q run --out "$demo/tuban"
for _ in 1 2 3; do
  /usr/bin/time -f "ovop run: %e s wall, %M KiB peak RSS" "$ovop" -q run --out "$demo/tuban"
done
rm -rf "$demo"
echo "== every ratio (ovop / baseline; below 1 is faster) =="
grep '^ratio' "$log" | sed 's/^ratio //'

#!/usr/bin/env bash
# The whole benchmark in one run: for each size (default 1, 10 and 100 million sales rows),
# `ovop ingest` vs DuckDB CSV→Parquet and `ovop score` vs DuckDB SQL (benches/*_vs_duckdb.sh,
# which also check both sides give the same numbers), then `ovop run` on the Tuban demo
# (three warm runs). Prints wall time, peak RSS and ratios. Not run in CI.
#
#   benches/run_all.sh [ROWS ...]        e.g. benches/run_all.sh 1000000 10000000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000 100000000)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/ovop-target}"
cargo build --release --quiet
ovop="$CARGO_TARGET_DIR/release/ovop"
for rows in "${sizes[@]}"; do
  work="/var/tmp/ovop-bench-$rows"
  rm -rf "$work/lake" "$work/out"
  echo "== $rows sales rows =="
  echo "-- ingest"; benches/ingest_vs_duckdb.sh "$rows" "$work" 2>&1 | grep -v -i "warning"
  echo "-- score";  benches/score_vs_duckdb.sh "$rows" "$work" 2>&1 | grep -v -i "warning"
done
echo "== Tuban demo: ovop run (warm, 3 runs) =="
demo="$(mktemp -d)"
"$ovop" -q run --out "$demo/tuban"
for _ in 1 2 3; do
  /usr/bin/time -f "ovop run: %e s wall, %M KiB peak RSS" "$ovop" -q run --out "$demo/tuban"
done
rm -rf "$demo"

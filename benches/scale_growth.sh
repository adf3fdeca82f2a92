#!/usr/bin/env bash
# How ovop's cost grows with villages and with sensitivity draws (docs/scale.md), on generated
# (synthetic) national data. Rows are covered by run_all.sh (1, 10, 100 million).
#   villages: 10 M sales rows over the first 8,000 / 25,000 / 83,762 villages (about 3
#             candidate products each): ingest (products + sales) and score, draws 0.
#   draws:    1 M sales rows over all villages (236,335 products): score with 0, 100, 1000
#             Dirichlet weight draws.
# Prints wall time and peak RSS per step.
#
#   benches/scale_growth.sh [WORK_DIR]          (default /var/tmp/ovop-scale)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/var/tmp/ovop-scale}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/ovop-target}"
cargo build --release --quiet
ovop="${OVOP_BIN:-$CARGO_TARGET_DIR/release/ovop}"
mkdir -p "$work"

timed() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1
  read -r secs kib < "$work/t"
  printf '%-44s %8.1f s %8.0f MiB\n' "$label" "$secs" "$((kib / 1024))"
}

study() { # dir draws
  cat > "$1/study.toml" <<TOML
[study]
name = "scale"
years = [2015, 2024]
synthetic = true
lake = "lake"
[sensitivity]
draws = $2
TOML
}

echo "== villages (10,000,000 sales rows) =="
for villages in 8000 25000 83762; do
  dir="$work/villages-$villages"
  [ -f "$dir/data/sales.csv" ] || "$ovop" -q generate --region ID --villages "$villages" \
      --sales-rows 10000000 --years 10 --seed 1 --out "$dir/data"
  rm -rf "$dir/lake" "$dir/out"
  products=$(($(wc -l < "$dir/data/products.csv") - 1))
  timed "ingest products ($villages villages, $products products)" \
      "$ovop" -q ingest products "$dir/data/products.csv" --lake "$dir/lake"
  timed "ingest sales ($villages villages)" "$ovop" -q ingest sales "$dir/data/sales.csv" --lake "$dir/lake"
  study "$dir" 0
  timed "score ($villages villages, draws 0)" "$ovop" -q score "$dir/study.toml" --out "$dir/out"
done

echo "== sensitivity draws (1,000,000 sales rows, all villages) =="
dir="$work/draws"
[ -f "$dir/data/sales.csv" ] || "$ovop" -q generate --region ID --sales-rows 1000000 \
    --years 10 --seed 1 --out "$dir/data"
if [ ! -f "$dir/lake/_manifest.json" ]; then
  "$ovop" -q ingest products "$dir/data/products.csv" --lake "$dir/lake"
  "$ovop" -q ingest sales "$dir/data/sales.csv" --lake "$dir/lake"
fi
for draws in 0 100 1000; do
  study "$dir" "$draws"
  timed "score (236,335 products, draws $draws)" "$ovop" -q score "$dir/study.toml" --out "$dir/out"
done

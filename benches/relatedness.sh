#!/usr/bin/env bash
# Relatedness benchmark (issue 16), in one run, on generated products of every Indonesian village
# (83,762 villages × 12 categories, about 250,000 products):
#  1. `ovop score` of the national study with relatedness as configured by default (the whole
#     lake is the reference), and with `[relatedness] reference = "99"` (a region with no products:
#     an empty matrix), three runs each; the difference is what relatedness costs;
#  2. the baseline: the same matrix and definitions in vectorised numpy (benches/relatedness_numpy.py,
#     reading the products from the lake; checked against ovop's marts to 1e-9).
# Prints medians, peak RSS and the ratio of ovop's relatedness cost to numpy's time.
#
#   benches/relatedness.sh [WORK_DIR]        (default /var/tmp/ovop-bench/relatedness)
#
# Not run in CI. Needs: a release build (built here if missing), python3 with numpy and polars,
# GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/var/tmp/ovop-bench/relatedness}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/ovop-target}"
cargo build --release --quiet
ovop="${OVOP_BIN:-$CARGO_TARGET_DIR/release/ovop}"
repo="$PWD"
mkdir -p "$work"
. benches/lib.sh

study() {  # study() NAME EXTRA: a national study over the generated files
  cat > "$work/$1.toml" <<TOML
[study]
name = "national-$1"
synthetic = true
source = "ovop generate --region ID (synthetic)"
lake = "$work/lake"
[inputs]
villages = ["$work/data/villages.csv"]
products = ["$work/data/products.csv"]
sales = ["$work/data/sales.csv"]
[sensitivity]
draws = 0
$2
TOML
}

if [ ! -f "$work/data/products.csv" ]; then
  "$ovop" -q generate --region ID --sales-rows 200000 --out "$work/data"
fi
study default ""
study empty $'[relatedness]\nreference = "99"'
"$ovop" -q run "$work/default.toml" --out "$work/out" --replace >/dev/null
echo "== national: $(python3 -c "import polars as pl; print(pl.read_parquet('$work/lake/products/**/*.parquet').height)") products"
read -r t1 m1 <<<"$(measure 3 "$ovop" -q score "$work/default.toml")"
read -r t0 m0 <<<"$(measure 3 "$ovop" -q score "$work/empty.toml")"
"$ovop" -q score "$work/default.toml"
read -r tn villages cats worst <<<"$(python3 "$repo/benches/relatedness_numpy.py" "$work/lake" ID "$work/lake/marts/national-default")"
python3 - "$t1" "$m1" "$t0" "$m0" "$tn" "$villages" "$cats" "$worst" <<'PY'
import sys
t1, m1, t0, m0, tn = map(float, sys.argv[1:6])
villages, cats, worst = sys.argv[6], sys.argv[7], sys.argv[8]
cost = max(t1 - t0, 0.0)
print(f"ovop score with relatedness ({villages} villages x {cats} categories): {t1:.2f} s, peak {m1:.0f} MiB")
print(f"ovop score with an empty relatedness matrix: {t0:.2f} s, peak {m0:.0f} MiB")
print(f"relatedness costs ovop {cost:.2f} s; numpy (same definitions, max difference {worst}): {tn:.2f} s")
print(f"ratio ovop / numpy: {cost / tn:.2f}")
PY

#!/usr/bin/env bash
# Sensitivity benchmark (issue 17): the weight draws at two sizes, on the lake that
# benches/relatedness.sh generates (every Indonesian village, about 236,000 products; built here
# if missing), and on its first 100,000 products (by village code: Aceh to Jawa Barat, with their
# sales). For each: `ovop score` with 0 and with DRAWS Dirichlet draws, median of three runs each
# (the difference is what the draws cost), against the same draws in vectorised numpy
# (benches/sensitivity_numpy.py: the same definitions on the same normalised criteria), one run.
# Prints both, peak RSS and the ratio; the last lines start with "ratio" (benches/run_all.sh
# collects them).
#
#   benches/sensitivity.sh [DRAWS] [WORK_DIR]        (default 1000, /var/tmp/ovop-bench/relatedness)
#
# Not run in CI. Needs: a release build, python3 with numpy and polars, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
draws="${1:-1000}"
work="${2:-/var/tmp/ovop-bench/relatedness}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/ovop-target}"
cargo build --release --quiet
ovop="${OVOP_BIN:-$CARGO_TARGET_DIR/release/ovop}"
. benches/lib.sh
[ -f "$work/default.toml" ] || benches/relatedness.sh "$work" >/dev/null

# The 100,000-product study: the first products by id (ids follow village codes) and their sales.
sub="$work/first-100k"
if [ ! -f "$sub/products.csv" ]; then
  mkdir -p "$sub"
  python3 - "$work/data" "$sub" <<'PY'
import sys, polars as pl
data, sub = sys.argv[1:3]
products = pl.read_csv(f"{data}/products.csv", infer_schema=False).sort("product_id").head(100_000)
products.write_csv(f"{sub}/products.csv")
sales = pl.read_csv(f"{data}/sales.csv", infer_schema=False)
sales.join(products.select("product_id"), on="product_id", how="semi").write_csv(f"{sub}/sales.csv")
PY
fi
sed -e "s|^name = .*|name = \"first-100k\"|" -e "s|^lake = .*|lake = \"$sub/lake\"|" \
  -e "s|$work/data/products.csv|$sub/products.csv|" -e "s|$work/data/sales.csv|$sub/sales.csv|" \
  "$work/default.toml" > "$sub/default.toml"

bench() {  # bench LABEL STUDY_TOML LAKE
  local label="$1" toml="$2" lake="$3"
  for d in 0 "$draws"; do
    sed -e "s/^draws = .*/draws = $d/" -e "s/^name = \"\(.*\)\"/name = \"\1-draws-$d\"/" "$toml" > "${toml%.toml}-draws-$d.toml"
  done
  local name; name="$(sed -n 's/^name = "\(.*\)"/\1/p' "${toml%.toml}-draws-$draws.toml")"
  read -r t0 m0 <<<"$(measure 3 "$ovop" -q score "${toml%.toml}-draws-0.toml")"
  read -r t1 m1 <<<"$(measure 3 "$ovop" -q score "${toml%.toml}-draws-$draws.toml")"
  read -r tn n _ <<<"$(python3 benches/sensitivity_numpy.py "$lake/marts/$name" "$draws")"
  python3 - "$t0" "$m0" "$t1" "$m1" "$tn" "$n" "$draws" "$label" <<'PY'
import sys
t0, m0, t1, m1, tn = map(float, sys.argv[1:6]); n, draws, label = sys.argv[6:9]
cost = t1 - t0
print(f"{label}: ovop score, {int(n):,} products: draws 0 {t0:.2f} s ({m0:.0f} MiB), draws {draws} {t1:.2f} s ({m1:.0f} MiB)")
print(f"{label}: the draws cost ovop {cost:.2f} s; numpy, the same work: {tn:.2f} s")
print(f"ratio sensitivity ovop/numpy, {int(n):,} products x {draws} draws: {cost / tn:.2f} (draws {cost:.2f} s, peak {m1:.0f} MiB)")
PY
}
"$ovop" -q run "$sub/default.toml" --out "$sub/out" --replace >/dev/null
bench "first 100,000" "$sub/default.toml" "$sub/lake"
bench national "$work/default.toml" "$work/lake"

#!/usr/bin/env bash
# Economic-base benchmark: `ovop economy` on the shipped BPS PDRB of Jawa Timur and its 38
# kab/kota (17 sectors, 2010–2022: 9,044 values) against DuckDB computing the same static LQ
# per region, sector and year and Dunn's shift-share per region and sector over 2010–2022
# (benches/sql/economy.sql), in one run. ovop's time is the whole command: a process start, the
# lake sync (nothing to do after the first run), both marts, their CSV and XLSX tables. Five
# runs each; prints the median wall time and the ratio, and checks both sides' SLQ of every
# region, sector and year agree.
#
#   benches/economy_vs_duckdb.sh [WORK_DIR]        (default /var/tmp/ovop-bench/economy)
#
# Not run in CI. Needs: a release build (built here if missing), python3, pip.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/var/tmp/ovop-bench/economy}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/ovop-target}"
cargo build --release --quiet
ovop="${OVOP_BIN:-$CARGO_TARGET_DIR/release/ovop}"
python3 -m pip install --quiet --disable-pip-version-check duckdb polars
mkdir -p "$work"
csv="$PWD/notebooks-data/jatim-pdrb/pdrb_adhk_jatim_2010_2022.csv"
cat > "$work/study.toml" <<TOML
[study]
name = "jatim-economy"
region = "35.23"
[inputs.economy]
files = ["$csv"]
source = "BPS, via Bappenas SIMREG (Data Dasar), diolah"
synthetic = false
TOML
"$ovop" -q economy "$work/study.toml" --out "$work/out"   # the first run ingests

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_runs() { # command...
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "%e" -o "$work/t" "$@" >/dev/null 2>&1
    cat "$work/t"
  done | median
}
ovop_s=$(time_runs "$ovop" -q economy "$work/study.toml" --out "$work/out")
duck_s=$(time_runs python3 - "$csv" "$work/duckdb.parquet" <<'PY'
import sys, duckdb
sql = open("benches/sql/economy.sql").read().replace("{csv}", sys.argv[1]).replace("{out}", sys.argv[2])
duckdb.sql(sql)
PY
)
python3 - "$work" <<'PY'
import sys, polars as pl
work = sys.argv[1]
ovop = pl.read_parquet(f"{work}/out/lake/marts/economic_base.parquet").select("region_code", "sector", "year", "slq")
duck = pl.read_parquet(f"{work}/duckdb.parquet").select("region_code", "sector", "year", "slq")
joined = ovop.join(duck, on=["region_code", "sector", "year"], how="full", coalesce=True)
assert joined.height == ovop.height == duck.height, (joined.height, ovop.height, duck.height)
worst = (joined["slq"] - joined["slq_right"]).abs().max()
assert worst < 1e-9, worst
print(f"both sides: {ovop.height} region-sector-year SLQs, largest difference {worst:.1e}")
PY
printf '%-28s %8s\n' "" "wall s"
printf '%-28s %8s\n' "ovop economy (whole command)" "$ovop_s" "duckdb SLQ + shift-share" "$duck_s"
python3 -c "print(f'ratio ovop/duckdb: wall {$ovop_s / $duck_s:.2f}')"

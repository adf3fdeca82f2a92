#!/usr/bin/env bash
# Ingest benchmark: `ovop ingest sales` against DuckDB on the same generated file, side by
# side in one run: DuckDB's plain CSV → Parquet COPY (no checks), and DuckDB doing the row
# checks ovop does (benches/sql/ingest_checked.sql: known product, known code, no negative
# value, no future date, listed channel; partitioned by year; a quarantine). Prints wall
# time, peak RSS and the ratios ovop/DuckDB, and checks all outputs hold the same rows and
# value total.
#
#   benches/ingest_vs_duckdb.sh [SALES_ROWS] [WORK_DIR]     (default 10000000, /var/tmp/ovop-bench)
#
# Not run in CI. Needs: a release build (built here if missing), python3, pip.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000000}"
work="${2:-/var/tmp/ovop-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/ovop-target}"
cargo build --release --quiet
ovop="${OVOP_BIN:-$CARGO_TARGET_DIR/release/ovop}"
python3 -m pip install --quiet --disable-pip-version-check duckdb

data="$work/data-$rows"
if [ ! -f "$data/sales.csv" ]; then
  echo "generating $rows sales rows over all 83,762 villages (synthetic) …" >&2
  /usr/bin/time -f "generate: %e s wall, %M KiB peak RSS" \
    "$ovop" -q generate --region ID --sales-rows "$rows" --years 10 --seed 1 --out "$data"
fi
rm -rf "$work/lake" "$work/duckdb.parquet"
"$ovop" -q ingest products "$data/products.csv" --lake "$work/lake"

measure() { # name, command...
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >/dev/null
  read -r secs kib < "$work/$name.time"
  echo "$name $secs $kib"
}

ovop_line=$(measure ovop "$ovop" -q ingest sales "$data/sales.csv" --lake "$work/lake")
duck_line=$(measure duckdb python3 -c "
import duckdb
duckdb.sql(\"COPY (SELECT * FROM read_csv('$data/sales.csv')) TO '$work/duckdb.parquet' (FORMAT parquet, COMPRESSION zstd)\")
")
rm -rf "$work/duckdb-checked"; mkdir -p "$work/duckdb-checked"
sed -e "s|{csv}|$data/sales.csv|g" -e "s|{out}|$work/duckdb-checked|g" \
    -e "s|{reference}|$PWD/notebooks-data/reference|g" -e "s|{products}|$data/products.csv|g" \
    benches/sql/ingest_checked.sql > "$work/ingest_checked.sql"
checked_line=$(measure duckdb+checks python3 -c "
import duckdb
duckdb.sql('SET enable_progress_bar = false')
duckdb.execute(open('$work/ingest_checked.sql').read())
")

python3 - "$work" "$ovop_line" "$duck_line" "$rows" "$checked_line" <<'PY'
import sys, duckdb
work, ovop, duck, rows = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), int(sys.argv[4])
checked = sys.argv[5].split()
o = duckdb.sql(f"SELECT count(*), sum(value_idr) FROM read_parquet('{work}/lake/sales/**/*.parquet', hive_partitioning = true)").fetchall()[0]
d = duckdb.sql(f"SELECT count(*), sum(value_idr) FROM '{work}/duckdb.parquet'").fetchall()[0]
c = duckdb.sql(f"SELECT count(*), sum(value_idr) FROM read_parquet('{work}/duckdb-checked/sales/**/*.parquet', hive_partitioning = true)").fetchall()[0]
assert o[0] == d[0] == c[0] == rows, f"row counts differ: ovop {o[0]}, duckdb {d[0]}, duckdb+checks {c[0]}, generated {rows}"
for other in (d[1], c[1]):
    assert abs(o[1] - other) <= 1e-6 * abs(other), f"value totals differ: {o[1]} vs {other}"
print(f"{'':14} {'wall s':>8} {'peak RSS MiB':>13}")
for name, secs, kib in (ovop, duck, checked):
    print(f"{name:14} {float(secs):8.1f} {int(kib) / 1024:13.0f}")
for name, secs, kib in (duck, checked):
    print(f"ratio ingest ovop/{name}: wall {float(ovop[1]) / float(secs):.2f}, peak RSS {int(ovop[2]) / int(kib):.2f}")
print(f"all outputs: {o[0]:,} rows, value total {o[1]:,.0f} (same)")
PY

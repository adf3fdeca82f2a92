#!/usr/bin/env bash
# Ingest benchmark: `ovop ingest sales` against DuckDB's CSV → Parquet COPY on the
# same generated file, side by side in one run. Prints wall time, peak RSS and the
# ratio ovop/DuckDB, and checks both Parquet outputs hold the same rows and value total.
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
ovop="$CARGO_TARGET_DIR/release/ovop"
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

python3 - "$work" "$ovop_line" "$duck_line" "$rows" <<'PY'
import sys, duckdb
work, ovop, duck, rows = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), int(sys.argv[4])
o = duckdb.sql(f"SELECT count(*), sum(value_idr) FROM read_parquet('{work}/lake/sales/**/*.parquet', hive_partitioning = true)").fetchall()[0]
d = duckdb.sql(f"SELECT count(*), sum(value_idr) FROM '{work}/duckdb.parquet'").fetchall()[0]
assert o[0] == d[0] == rows, f"row counts differ: ovop {o[0]}, duckdb {d[0]}, generated {rows}"
assert abs(o[1] - d[1]) <= 1e-6 * abs(d[1]), f"value totals differ: {o[1]} vs {d[1]}"
print(f"{'':8} {'wall s':>8} {'peak RSS MiB':>13}")
for name, secs, kib in (ovop, duck):
    print(f"{name:8} {float(secs):8.1f} {int(kib) / 1024:13.0f}")
print(f"ratio ovop/duckdb: wall {float(ovop[1]) / float(duck[1]):.2f}, peak RSS {int(ovop[2]) / int(duck[2]):.2f}")
print(f"both outputs: {o[0]:,} rows, value total {o[1]:,.0f} (same)")
PY

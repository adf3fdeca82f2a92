#!/usr/bin/env bash
# Workbook benchmark (issue 11: a 1,048,576-row XLSX took over two minutes): `ovop ingest sales`
# of a full-height XLSX sheet against two baselines on the same rows in the same run:
# polars.read_excel with the calamine engine (fastexcel: the sheet into a DataFrame, no checks,
# nothing written), and `ovop ingest sales` of the same rows as CSV (what the workbook path
# costs over ovop's fastest reader). Prints wall time, peak RSS, the ratios, and checks that
# the XLSX and CSV batches hold the same rows and value total.
#
#   benches/xlsx_ingest.sh [SALES_ROWS] [WORK_DIR]     (default 1048575, /var/tmp/ovop-bench)
#
# Not run in CI. Needs: a release build (built here if missing), python3, pip.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-1048575}"
work="${2:-/var/tmp/ovop-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/ovop-target}"
cargo build --release --quiet
ovop="${OVOP_BIN:-$CARGO_TARGET_DIR/release/ovop}"
python3 -m pip install --quiet --disable-pip-version-check duckdb polars fastexcel openpyxl

data="$work/xlsx-$rows"
if [ ! -f "$data/sales.xlsx" ]; then
  echo "generating $rows sales rows (synthetic) and writing them as XLSX …" >&2
  "$ovop" -q generate --villages 328 --sales-rows "$rows" --years 5 --seed 1 --out "$data"
  # openpyxl's write-only mode streams the sheet; the CSV keeps the same rows.
  python3 - "$data" <<'PY'
import csv, sys, openpyxl
data = sys.argv[1]
book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet("Penjualan")
with open(f"{data}/sales.csv", newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    header = next(reader)
    numeric = {i for i, h in enumerate(header) if h in ("value_idr", "quantity")}
    sheet.append(header)
    for row in reader:
        sheet.append([float(v) if i in numeric and v else v for i, v in enumerate(row)])
book.save(f"{data}/sales.xlsx")
PY
fi

measure() { # name, command...
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >/dev/null
  read -r secs kib < "$work/$name.time"
  echo "$name $secs $kib"
}

for side in xlsx csv; do
  rm -rf "$work/lake-$side"
  "$ovop" -q ingest products "$data/products.csv" --lake "$work/lake-$side"
done
xlsx_line=$(measure ovop-xlsx "$ovop" -q ingest sales "$data/sales.xlsx" --lake "$work/lake-xlsx")
csv_line=$(measure ovop-csv "$ovop" -q ingest sales "$data/sales.csv" --lake "$work/lake-csv")
polars_line=$(measure polars-calamine python3 -c "
import polars as pl
df = pl.read_excel('$data/sales.xlsx', engine='calamine')
assert df.height == $rows, df.height
")

python3 - "$work" "$rows" "$xlsx_line" "$csv_line" "$polars_line" <<'PY'
import sys, duckdb
work, rows = sys.argv[1], int(sys.argv[2])
xlsx, csv_, polars = (a.split() for a in sys.argv[3:6])
def totals(side):
    return duckdb.sql(f"SELECT count(*), sum(value_idr) FROM read_parquet('{work}/lake-{side}/sales/**/*.parquet', hive_partitioning = true)").fetchall()[0]
x, c = totals("xlsx"), totals("csv")
assert x[0] == c[0] == rows, f"row counts differ: xlsx {x[0]}, csv {c[0]}, generated {rows}"
assert abs(x[1] - c[1]) <= 1e-6 * abs(c[1]), f"value totals differ: {x[1]} vs {c[1]}"
print(f"{'':16} {'wall s':>8} {'peak RSS MiB':>13}")
for name, secs, kib in (xlsx, csv_, polars):
    print(f"{name:16} {float(secs):8.1f} {int(kib) / 1024:13.0f}")
for name, secs, kib in (polars, csv_):
    print(f"ratio ovop-xlsx/{name}: wall {float(xlsx[1]) / float(secs):.2f}, peak RSS {int(xlsx[2]) / int(kib):.2f}")
print(f"both lakes: {x[0]:,} rows, value total {x[1]:,.0f} (same)")
PY

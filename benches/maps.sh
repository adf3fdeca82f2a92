#!/usr/bin/env bash
# Map benchmark (issue 14), in one run:
#  1. the Tuban demo's charts (`ovop charts`: all charts, the two maps from 328 real polygons);
#  2. a generated study of all Jawa Timur (8,494 villages, point maps from the bundled centroids):
#     `ovop charts` wall time and peak RSS;
#  3. a national boundary file (every village of the bundled centroids as a 90-vertex polygon,
#     Tuban's real polygons among them, about 200 MB) read for the Tuban demo's maps, against the
#     baseline of CPython parsing the same file with `json.load` (what any script would do first).
# Five runs each (three for the 200 MB file); prints medians, peak RSS and the ratio.
#
#   benches/maps.sh [WORK_DIR]        (default /var/tmp/ovop-bench/maps)
#
# Not run in CI. Needs: a release build (built here if missing), python3, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/var/tmp/ovop-bench/maps}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/ovop-target}"
cargo build --release --quiet
ovop="${OVOP_BIN:-$CARGO_TARGET_DIR/release/ovop}"
repo="$PWD"
mkdir -p "$work"

. benches/lib.sh

echo "== 1. Tuban demo: ovop charts (328 polygons, 20 kecamatan)"
"$ovop" -q run "$repo/notebooks-data/tuban/study.toml" --out "$work/tuban" --replace
read -r t m <<<"$(measure 5 "$ovop" -q charts "$repo/notebooks-data/tuban/study.toml" --out "$work/tuban")"
echo "ovop charts: ${t} s, peak ${m} MiB"

echo "== 2. Jawa Timur, generated (8,494 villages, point maps)"
if [ ! -f "$work/jatim/study.toml" ]; then
  "$ovop" -q generate --region 35 --out "$work/jatim"
  cat > "$work/jatim/study.toml" <<'TOML'
[study]
name = "jatim-generated"
region = "35"
synthetic = true
source = "ovop generate --region 35 (synthetic)"
[inputs]
villages = ["villages.csv"]
products = ["products.csv"]
sales = ["sales.csv"]
assessments = ["assessments.csv"]
TOML
fi
"$ovop" -q run "$work/jatim/study.toml" --out "$work/jatim/out" --replace
read -r t m <<<"$(measure 5 "$ovop" -q charts "$work/jatim/study.toml" --out "$work/jatim/out")"
echo "ovop charts: ${t} s, peak ${m} MiB"

echo "== 3. National boundary file for the Tuban maps"
big="$work/national_big.geojson"
if [ ! -f "$big" ]; then
  python3 - "$repo" "$big" <<'PY'
import csv, gzip, io, json, math, sys
repo, out = sys.argv[1], sys.argv[2]
rows = csv.DictReader(io.TextIOWrapper(gzip.open(f"{repo}/notebooks-data/geo/village_centroids.csv.gz"), "utf-8"))
tuban = json.load(open(f"{repo}/notebooks-data/geo/tuban_villages.geojson"))["features"]
with open(out, "w") as f:
    f.write('{"type":"FeatureCollection","features":[')
    first = True
    for r in rows:
        code = r["code"]
        if code.startswith("3523"):
            continue
        lat, lon = int(r["lat_e5"]) / 1e5, int(r["lon_e5"]) / 1e5
        ring = [[round(lon + 0.01 * math.cos(2 * math.pi * k / 90), 6),
                 round(lat + 0.01 * math.sin(2 * math.pi * k / 90), 6)] for k in range(90)]
        ring.append(ring[0])
        dotted = f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
        feat = {"type": "Feature", "properties": {"code": dotted, "note": "x" * 200},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}
        f.write(("" if first else ",") + json.dumps(feat, separators=(",", ":")))
        first = False
    for t in tuban:
        f.write("," + json.dumps(t, separators=(",", ":")))
    f.write("]}")
PY
fi
echo "file: $(du -m "$big" | cut -f1) MB"
mkdir -p "$work/bigmap"
sed -e "s|villages = \"../geo/tuban_villages.geojson\"|villages = \"$big\"\ncredit = \"Batas desa: cahyadsn/wilayah_boundaries (MIT), dari data BIG; indikatif\"|" \
    -e "s|\"data/|\"$repo/notebooks-data/tuban/data/|g" \
    -e "s|\"../geo/|\"$repo/notebooks-data/geo/|g" -e "s|\"../jatim-pdrb/|\"$repo/notebooks-data/jatim-pdrb/|g" \
    "$repo/notebooks-data/tuban/study.toml" > "$work/bigmap/study.toml"
"$ovop" -q run "$work/bigmap/study.toml" --out "$work/bigmap/out" --replace
read -r t m <<<"$(measure 3 "$ovop" -q charts "$work/bigmap/study.toml" --out "$work/bigmap/out")"
read -r bt bm <<<"$(measure 3 python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$big")"
echo "ovop charts with the national file: ${t} s, peak ${m} MiB"
echo "python json.load of the same file:  ${bt} s, peak ${bm} MiB"
python3 -c "print(f'ratio ovop charts / json.load: wall {$t/$bt:.2f}, memory {$m/$bm:.2f}')"
if cmp -s "$work/bigmap/out/charts/map.png" "$work/tuban/charts/map.png"; then
  echo "map.png is byte-identical to the one drawn from the Tuban file"
else
  echo "map.png DIFFERS from the one drawn from the Tuban file"
fi

"""Writes village_centroids.csv.gz (compiled into ovop for point maps) from
national_village_centroids.csv of the shared reference data (cahyadsn/wilayah_boundaries,
MIT; see README.md). Codes lose their dots; lat/lon become integers of 1e-5 degree (~1 m).
gzip with mtime 0, so the same input gives the same bytes."""
import csv, gzip, sys

src = sys.argv[1] if len(sys.argv) > 1 else "national_village_centroids.csv"
rows = list(csv.DictReader(open(src, encoding="utf-8")))
lines = ["code,lat_e5,lon_e5"] + [
    "%s,%d,%d" % (r["code"].replace(".", ""), round(float(r["lat"]) * 1e5), round(float(r["lon"]) * 1e5))
    for r in rows
]
with gzip.GzipFile("village_centroids.csv.gz", "wb", compresslevel=9, mtime=0) as f:
    f.write(("\n".join(lines) + "\n").encode())
print(len(rows), "villages")

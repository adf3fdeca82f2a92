#!/usr/bin/env bash
# Sensitivity benchmark (issue 17): the weight draws at national scale, on the lake that
# benches/relatedness.sh generates (every Indonesian village, about 236,000 products; built here
# if missing). `ovop score` with 0 and with DRAWS Dirichlet draws (the difference is what the draws
# cost), against the same draws in vectorised numpy (benches/sensitivity_numpy.py: the same
# definitions on the same normalised criteria). One run each; prints both, peak RSS and the ratio.
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
[ -f "$work/default.toml" ] || benches/relatedness.sh "$work" >/dev/null
for d in 0 "$draws"; do
  sed -e "s/^draws = .*/draws = $d/" -e "s/^name = .*/name = \"national-draws-$d\"/" \
    "$work/default.toml" > "$work/draws-$d.toml"
done
timed() {
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1
  read -r secs kib < "$work/t"
  echo "$secs $((kib / 1024))"
}
read -r t0 m0 <<<"$(timed "$ovop" -q score "$work/draws-0.toml")"
read -r t1 m1 <<<"$(timed "$ovop" -q score "$work/draws-$draws.toml")"
read -r tn n _ <<<"$(python3 benches/sensitivity_numpy.py "$work/lake/marts/national-draws-$draws" "$draws")"
python3 - "$t0" "$m0" "$t1" "$m1" "$tn" "$n" "$draws" <<'PY'
import sys
t0, m0, t1, m1, tn = map(float, sys.argv[1:6]); n, draws = sys.argv[6], sys.argv[7]
cost = t1 - t0
print(f"ovop score, {n} products: draws 0 {t0:.2f} s ({m0:.0f} MiB), draws {draws} {t1:.2f} s ({m1:.0f} MiB)")
print(f"the draws cost ovop {cost:.2f} s; numpy, the same work: {tn:.2f} s; ratio ovop / numpy {cost / tn:.2f}")
PY

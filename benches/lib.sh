# Shared by the benchmark scripts: `measure N COMMAND...` prints the median wall seconds and the
# peak RSS (MiB) of N runs of COMMAND (GNU time); a failing run stops the script.
measure() {
  local n="$1"; shift
  python3 - "$n" "$@" <<'PY'
import subprocess, sys, statistics
n = int(sys.argv[1]); cmd = sys.argv[2:]
walls, rss = [], []
for _ in range(n):
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    wall, kb = r.stderr.strip().splitlines()[-1].split()
    walls.append(float(wall)); rss.append(int(kb) / 1024)
print(f"{statistics.median(walls):.2f} {max(rss):.0f}")
PY
}

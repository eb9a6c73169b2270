#!/usr/bin/env bash
# Start-up benchmark (docs/performance.md, "Start-up"): two builds of bordersim, interleaved, each timed as a
# whole process.
#   1. `bordersim --version`, STARTUP_RUNS times each: the median wall time of each build and their ratio;
#   2. a simulating run (the M/M/3 of run_bench.sh, --jobs 1), STARTUP_PAIRS alternating pairs: each pair's
#      ratio after/before and their median, to show that simulating got no slower.
#
# Usage: tests/bench/run_startup_bench.sh BORDERSIM_BEFORE BORDERSIM_AFTER
#   STARTUP_RUNS=30   runs of --version per build
#   STARTUP_PAIRS=5   pairs of simulating runs (0: none)
# Builds nothing. Wall times on a shared machine move with its load: compare the ratios, and see
# docs/performance.md for the instruction counts (callgrind), which do not.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
die() { echo "run_startup_bench.sh: $*" >&2; exit 2; }
[[ $# -eq 2 ]] || die "usage: run_startup_bench.sh BORDERSIM_BEFORE BORDERSIM_AFTER"
BEFORE=$1 AFTER=$2
RUNS="${STARTUP_RUNS:-30}"
PAIRS="${STARTUP_PAIRS:-5}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ && "$PAIRS" =~ ^[0-9]+$ ]] || die "STARTUP_RUNS must be positive, STARTUP_PAIRS at least 0"
for b in "$BEFORE" "$AFTER"; do [[ -x "$b" ]] || die "$b is not an executable: build first"; done

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Microseconds the command took, as a whole process (bash's EPOCHREALTIME: no subshell between the stamps).
elapsed_us() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>"$TMP/stderr" || { cat "$TMP/stderr" >&2; die "failed: $*"; }
  local end=$EPOCHREALTIME
  echo $((${end/./} - ${start/./}))
}

for ((i = 0; i < RUNS; i++)); do
  echo "$(elapsed_us "$BEFORE" --version) $(elapsed_us "$AFTER" --version)"
done >"$TMP/version"

run=(run tests/bench/mm3-1m.yaml --out "$TMP/out" --force --quiet --no-report --jobs 1)
for ((i = 0; i < PAIRS; i++)); do
  echo "$(elapsed_us "$BEFORE" "${run[@]}") $(elapsed_us "$AFTER" "${run[@]}")"
done >"$TMP/run"

python3 - "$TMP/version" "$TMP/run" <<'EOF'
import statistics as st
import sys

def pairs(path):
    with open(path) as f:
        return [tuple(int(x) / 1000 for x in line.split()) for line in f]

version = pairs(sys.argv[1])
before, after = [p[0] for p in version], [p[1] for p in version]
print(f"--version, {len(version)} runs each: median before {st.median(before):.1f} ms ({min(before):.1f}-{max(before):.1f}), "
      f"after {st.median(after):.1f} ms ({min(after):.1f}-{max(after):.1f}); ratio of medians {st.median(after) / st.median(before):.3f}")
run = pairs(sys.argv[2])
if run:
    ratios = [a / b for b, a in run]
    print(f"run mm3-1m --jobs 1, {len(run)} pairs: median before {st.median(p[0] for p in run) / 1000:.3f} s, "
          f"after {st.median(p[1] for p in run) / 1000:.3f} s; median ratio after/before {st.median(ratios):.3f} "
          f"({min(ratios):.3f}-{max(ratios):.3f})")
EOF

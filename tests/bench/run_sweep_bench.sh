#!/usr/bin/env bash
# Sweep benchmark (issue 10): a 20-point sweep of the whole Kazakhstan–Kyrgyzstan network (28 days, 3 replications
# each). Targets: --jobs 2 at least 1.8 times as fast as --jobs 1; two concurrent shards (--jobs 1 each) and the merge
# at most 1.1 times the time of --jobs 2.
#
# Usage: tests/bench/run_sweep_bench.sh [build-dir=build]    (build first)
#   BENCH_ROUNDS=3   rounds; each round runs the three commands one after the other
# Wall times are whole processes (bash's monotonic clock around each); the ratios are taken within each round and
# their medians reported, so that a machine whose speed drifts between rounds does not move them.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
BUILD="${1:-build}"
ROUNDS="${BENCH_ROUNDS:-3}"
B="$BUILD/bordersim"
[[ -x "$B" ]] || { echo "run_sweep_bench.sh: $B not found: build first" >&2; exit 2; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
# --no-report: the runner's scaling is measured, not the page drawn once at the end (the same in every command).
SWEEP=(sweep configs/kz-kg/current.yaml --vary simulation.demand_scale=0.8..1.2 --levels 20 --replications 3
       --set simulation.horizon=28d --no-report --quiet)

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>"$TMP/stderr.txt"; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}'; }
sharded() {
  rm -rf "$TMP/work"
  "$B" "${SWEEP[@]}" --jobs 1 --shard 1/2 --work "$TMP/work" & local first=$!
  "$B" "${SWEEP[@]}" --jobs 1 --shard 2/2 --work "$TMP/work"
  wait "$first"
  "$B" merge "$TMP/work" --out "$TMP/merged" --force --quiet
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
echo "sweep:   ${SWEEP[*]}"
speedups=(); shard_ratios=()
for (( r = 1; r <= ROUNDS; r++ )); do
  j1=$(seconds "$B" "${SWEEP[@]}" --jobs 1 --out "$TMP/j1" --force)
  j2=$(seconds "$B" "${SWEEP[@]}" --jobs 2 --out "$TMP/j2" --force)
  sh=$(seconds sharded)
  cmp -s "$TMP/j1/sweep.csv" "$TMP/merged/sweep.csv" || { echo "the merged sweep.csv differs from --jobs 1's" >&2; exit 1; }
  s=$(awk -v a="$j1" -v b="$j2" 'BEGIN {printf "%.3f", a / b}'); q=$(awk -v a="$sh" -v b="$j2" 'BEGIN {printf "%.3f", a / b}')
  speedups+=("$s"); shard_ratios+=("$q")
  echo "round $r: --jobs 1 ${j1} s, --jobs 2 ${j2} s, 2 shards + merge ${sh} s; speed-up ${s}, shards / --jobs 2 ${q}"
done
s=$(median "${speedups[@]}"); q=$(median "${shard_ratios[@]}")
echo "median speed-up of --jobs 2 over --jobs 1: ${s}   target >= 1.8   $(awk -v x="$s" 'BEGIN {print (x >= 1.8 ? "PASS" : "FAIL")}')"
echo "median 2 shards + merge / --jobs 2:        ${q}   target <= 1.1   $(awk -v x="$q" 'BEGIN {print (x <= 1.1 ? "PASS" : "FAIL")}')"
awk -v s="$s" -v q="$q" 'BEGIN {exit (s >= 1.8 && q <= 1.1) ? 0 : 1}'

#!/usr/bin/env bash
# Performance benchmark: the same M/M/3 model (utilisation 0.9, one million vehicles) run by bordersim, by a
# plain C++ event-heap program and by SimPy 2.3.1, interleaved, each timed as a whole process.
#
# Usage: tests/bench/run_bench.sh [build-dir=build]
#   Builds nothing: build first (cmake -S . -B build && cmake --build build -j2).
#   BENCH_ROUNDS=5          rounds of bordersim and of the heap program
#   BENCH_SIMPY_ROUNDS=3    rounds of SimPy (it is slow)
#   BENCH_CUSTOMERS=1000000 customers of the heap and SimPy programs (bordersim's scenario fixes its horizon)
#   BENCH_SEED=11
#   BENCH_SKIP_BORDERSIM=1  time only the heap and SimPy programs (no targets checked)
# bordersim runs with --no-report: it writes its CSV files, but no HTML report, which neither other program draws.
# Targets: median per-round ratio bordersim/heap <= 6 and bordersim/simpy <= 0.1. Exits 1 if one fails.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
BUILD="${1:-build}"
ROUNDS="${BENCH_ROUNDS:-5}"
SIMPY_ROUNDS="${BENCH_SIMPY_ROUNDS:-3}"
CUSTOMERS="${BENCH_CUSTOMERS:-1000000}"
SEED="${BENCH_SEED:-11}"
SKIP_BORDERSIM="${BENCH_SKIP_BORDERSIM:-0}"
PY=/usr/bin/python3

BORDERSIM="$BUILD/bordersim"
HEAP="$BUILD/tests/bench/bench_mm3_heap"
SCENARIO=tests/bench/mm3-1m.yaml
SIMPY=tests/bench/mm3_simpy.py

die() { echo "run_bench.sh: $*" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ && "$SIMPY_ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "round counts must be positive integers"
[[ -x "$HEAP" ]] || die "$HEAP not found: build first"
[[ -x "$PY" ]] || die "$PY not found"
"$PY" -c 'import SimPy.Simulation' 2>/dev/null || die "SimPy 2 not importable by $PY (apt install python3-simpy)"
if [[ "$SKIP_BORDERSIM" != 1 ]]; then
  [[ -x "$BORDERSIM" ]] || die "$BORDERSIM not found: build first (or BENCH_SKIP_BORDERSIM=1)"
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Wall seconds of one command, measured with time.perf_counter around subprocess (the helper's own start-up
# is outside the timed region). The command's stdout goes to $1, its stderr to $1.err.
timed() {
  local out="$1"; shift
  "$PY" - "$out" "$@" <<'EOF'
import subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
with open(out, "w") as o, open(out + ".err", "w") as e:
    start = time.perf_counter()
    rc = subprocess.run(cmd, stdout=o, stderr=e).returncode
    elapsed = time.perf_counter() - start
if rc != 0:
    sys.stderr.write("command failed with exit code %d: %s\n" % (rc, " ".join(cmd)))
    sys.stderr.write(open(out + ".err").read())
    sys.exit(1)
print("%.4f" % elapsed)
EOF
}

echo "== bordersim performance benchmark: M/M/3, utilisation 0.9, one million vehicles"
echo "date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine: $(nproc) CPUs available, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
if [[ -f "$BUILD/CMakeCache.txt" ]]; then
  echo "build:   $BUILD ($(grep -m1 '^CMAKE_BUILD_TYPE:' "$BUILD/CMakeCache.txt" | cut -d= -f2))"
fi
echo "rounds:  $ROUNDS bordersim and heap, $SIMPY_ROUNDS SimPy, interleaved"
echo

bordersim_s=(); heap_s=(); simpy_s=()
max_rounds=$(( ROUNDS > SIMPY_ROUNDS ? ROUNDS : SIMPY_ROUNDS ))
for (( r = 1; r <= max_rounds; r++ )); do
  line="round $r:"
  if (( r <= ROUNDS )); then
    if [[ "$SKIP_BORDERSIM" != 1 ]]; then
      t=$(timed "$TMP/bordersim.out" "$BORDERSIM" run "$SCENARIO" --out "$TMP/bordersim" --force --quiet --no-report)
      bordersim_s+=("$t"); line+=" bordersim ${t}s"
    fi
    t=$(timed "$TMP/heap.out" "$HEAP" "$CUSTOMERS" "$SEED")
    heap_s+=("$t"); line+=" heap ${t}s"
  fi
  if (( r <= SIMPY_ROUNDS )); then
    t=$(timed "$TMP/simpy.out" "$PY" "$SIMPY" "$CUSTOMERS" "$SEED")
    simpy_s+=("$t"); line+=" simpy ${t}s"
  fi
  echo "$line"
done

echo
echo "results of the last runs (Erlang C mean wait 2.7235 min):"
echo "  heap:      $(tail -n1 "$TMP/heap.out")"
echo "  simpy:     $(tail -n1 "$TMP/simpy.out")"
if [[ "$SKIP_BORDERSIM" != 1 && -f "$TMP/bordersim/summary.csv" ]]; then
  echo "  bordersim: $TMP/bordersim/summary.csv:"
  sed 's/^/    /' "$TMP/bordersim/summary.csv"
fi
echo

# Medians, per-round ratios and the verdict.
"$PY" - "$SKIP_BORDERSIM" "${bordersim_s[*]:-}" "${heap_s[*]}" "${simpy_s[*]}" <<'EOF'
import statistics, sys
skip = sys.argv[1] == "1"
bordersim, heap, simpy = ([float(x) for x in a.split()] for a in sys.argv[2:5])
print("median wall time:")
if not skip:
    print("  bordersim %8.3f s" % statistics.median(bordersim))
print("  heap      %8.3f s" % statistics.median(heap))
print("  simpy     %8.3f s" % statistics.median(simpy))
print("  (simpy/heap %.1fx)" % (statistics.median(simpy) / statistics.median(heap)))
if skip:
    print("bordersim skipped: targets not checked")
    sys.exit(0)
# Ratios within a round compare runs made close together in time, which cancels some machine noise.
vs_heap = statistics.median(b / h for b, h in zip(bordersim, heap))
vs_simpy = statistics.median(b / s for b, s in zip(bordersim, simpy))
ok_heap, ok_simpy = vs_heap <= 6, vs_simpy <= 0.1
print("median per-round ratio:")
print("  bordersim/heap  %7.3f  target <= 6    %s" % (vs_heap, "PASS" if ok_heap else "FAIL"))
print("  bordersim/simpy %7.3f  target <= 0.1  %s" % (vs_simpy, "PASS" if ok_simpy else "FAIL"))
sys.exit(0 if ok_heap and ok_simpy else 1)
EOF

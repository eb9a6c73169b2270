#!/usr/bin/env bash
# Performance benchmark: the same M/M/3 model (utilisation 0.9, one million vehicles) run by bordersim, by two
# plain C++ event-heap programs and by SimPy 2.3.1, interleaved, each timed as a whole process.
#   bare heap: a std::priority_queue and the mean wait only (mm3_bare_heap.cpp), the floor;
#   full heap: also every statistic bordersim reports (mm3_heap.cpp).
#
# Usage: tests/bench/run_bench.sh [build-dir=build]
#   Builds nothing: build first (cmake -S . -B build && cmake --build build -j2).
#   BENCH_ROUNDS=5          rounds of every program (SimPy takes about 7 s a round)
#   BENCH_SIMPY_ROUNDS      rounds of SimPy, if fewer (ratios to SimPy then use only the rounds that ran it)
#   BENCH_CUSTOMERS=1000000 customers of the heap and SimPy programs (bordersim's scenario fixes its horizon)
#   BENCH_SEED=11
#   BENCH_SKIP_BORDERSIM=1  time only the heap and SimPy programs (no targets checked)
#   BENCH_LOAD="stress-ng --cpu 2 --vm 1 --vm-bytes 256M"
#                           a command run in the background while the rounds run, stopped at the end: "a busy
#                           machine" (apt-get install stress-ng). Empty (the default): no load added.
# bordersim runs with --no-report: it writes its CSV files, but no HTML report, which no other program draws.
# Targets (issue 14): median per-round ratio bordersim/bare heap <= 4 and bordersim/simpy <= 0.05. The ratio to
# the full heap is printed beside them (the first release's target was <= 6). Exits 1 if a target fails.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
BUILD="${1:-build}"
ROUNDS="${BENCH_ROUNDS:-5}"
SIMPY_ROUNDS="${BENCH_SIMPY_ROUNDS:-$ROUNDS}"
LOAD="${BENCH_LOAD:-}"
CUSTOMERS="${BENCH_CUSTOMERS:-1000000}"
SEED="${BENCH_SEED:-11}"
SKIP_BORDERSIM="${BENCH_SKIP_BORDERSIM:-0}"
PY=/usr/bin/python3

BORDERSIM="$BUILD/bordersim"
HEAP="$BUILD/tests/bench/bench_mm3_heap"
BARE="$BUILD/tests/bench/bench_mm3_bare_heap"
SCENARIO=tests/bench/mm3-1m.yaml
SIMPY=tests/bench/mm3_simpy.py

die() { echo "run_bench.sh: $*" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ && "$SIMPY_ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "round counts must be positive integers"
[[ -x "$HEAP" ]] || die "$HEAP not found: build first"
[[ -x "$BARE" ]] || die "$BARE not found: build first"
[[ -x "$PY" ]] || die "$PY not found"
"$PY" -c 'import SimPy.Simulation' 2>/dev/null || die "SimPy 2 not importable by $PY (apt install python3-simpy)"
if [[ "$SKIP_BORDERSIM" != 1 ]]; then
  [[ -x "$BORDERSIM" ]] || die "$BORDERSIM not found: build first (or BENCH_SKIP_BORDERSIM=1)"
fi

TMP="$(mktemp -d)"
load_pid=""
stop_load() { if [[ -n "$load_pid" ]]; then kill -- -"$load_pid" 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true; fi; }
trap 'stop_load; rm -rf "$TMP"' EXIT
if [[ -n "$LOAD" ]]; then
  command -v "${LOAD%% *}" >/dev/null || die "${LOAD%% *} not found (BENCH_LOAD)"
  set -m # the load in its own process group, so that stopping it stops its children
  $LOAD >/dev/null 2>&1 &
  load_pid=$!
  set +m
  sleep 2 # let it reach full load
fi

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
echo "rounds:  $ROUNDS bordersim and heaps, $SIMPY_ROUNDS SimPy, interleaved"
echo "load:    ${LOAD:-none added}"
echo

bordersim_s=(); heap_s=(); bare_s=(); simpy_s=()
max_rounds=$(( ROUNDS > SIMPY_ROUNDS ? ROUNDS : SIMPY_ROUNDS ))
for (( r = 1; r <= max_rounds; r++ )); do
  line="round $r:"
  if (( r <= ROUNDS )); then
    if [[ "$SKIP_BORDERSIM" != 1 ]]; then
      t=$(timed "$TMP/bordersim.out" "$BORDERSIM" run "$SCENARIO" --out "$TMP/bordersim" --force --quiet --no-report)
      bordersim_s+=("$t"); line+=" bordersim ${t}s"
    fi
    t=$(timed "$TMP/heap.out" "$HEAP" "$CUSTOMERS" "$SEED")
    heap_s+=("$t"); line+=" full-heap ${t}s"
    t=$(timed "$TMP/bare.out" "$BARE" "$CUSTOMERS" "$SEED")
    bare_s+=("$t"); line+=" bare-heap ${t}s"
  fi
  if (( r <= SIMPY_ROUNDS )); then
    t=$(timed "$TMP/simpy.out" "$PY" "$SIMPY" "$CUSTOMERS" "$SEED")
    simpy_s+=("$t"); line+=" simpy ${t}s"
  fi
  echo "$line"
done

echo
echo "results of the last runs (Erlang C mean wait 2.7235 min):"
echo "  full heap: $(tail -n1 "$TMP/heap.out")"
echo "  bare heap: $(tail -n1 "$TMP/bare.out")"
echo "  simpy:     $(tail -n1 "$TMP/simpy.out")"
if [[ "$SKIP_BORDERSIM" != 1 && -f "$TMP/bordersim/summary.csv" ]]; then
  echo "  bordersim: $TMP/bordersim/summary.csv:"
  sed 's/^/    /' "$TMP/bordersim/summary.csv"
fi
echo

# Medians, per-round ratios and the verdict.
"$PY" - "$SKIP_BORDERSIM" "${bordersim_s[*]:-}" "${heap_s[*]}" "${bare_s[*]}" "${simpy_s[*]}" <<'EOF'
import statistics, sys
skip = sys.argv[1] == "1"
bordersim, heap, bare, simpy = ([float(x) for x in a.split()] for a in sys.argv[2:6])
print("median wall time:")
if not skip:
    print("  bordersim %8.3f s" % statistics.median(bordersim))
print("  full heap %8.3f s" % statistics.median(heap))
print("  bare heap %8.3f s" % statistics.median(bare))
print("  simpy     %8.3f s" % statistics.median(simpy))
print("  (simpy/bare heap %.1fx)" % (statistics.median(simpy) / statistics.median(bare)))
if skip:
    print("bordersim skipped: targets not checked")
    sys.exit(0)
# Ratios within a round compare runs made close together in time, which cancels some machine noise.
def per_round(others):
    ratios = [b / o for b, o in zip(bordersim, others)]
    return statistics.median(ratios), ratios
vs_bare, bare_rounds = per_round(bare)
vs_heap, heap_rounds = per_round(heap)
vs_simpy, simpy_rounds = per_round(simpy)
ok_bare, ok_simpy = vs_bare <= 4, vs_simpy <= 0.05
fmt = lambda rs: ", ".join("%.3f" % r for r in rs)
print("median per-round ratio (each round's ratio in brackets):")
print("  bordersim/bare heap %7.3f  target <= 4     %s  [%s]" % (vs_bare, "PASS" if ok_bare else "FAIL", fmt(bare_rounds)))
print("  bordersim/full heap %7.3f  (was <= 6)           [%s]" % (vs_heap, fmt(heap_rounds)))
print("  bordersim/simpy     %7.3f  target <= 0.05  %s  [%s]" % (vs_simpy, "PASS" if ok_simpy else "FAIL", fmt(simpy_rounds)))
sys.exit(0 if ok_bare and ok_simpy else 1)
EOF

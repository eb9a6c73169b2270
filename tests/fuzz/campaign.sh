#!/usr/bin/env bash
# A fuzzing campaign: every libFuzzer target of a -DBORDERSIM_FUZZ=ON build, for SECONDS each, one after another.
#   bash tests/fuzz/campaign.sh BUILD_DIR [SECONDS=1800] [TARGET...]
# Each target runs on a copy of its committed corpus (BUILD_DIR/fuzz-corpus/TARGET); findings go to
# BUILD_DIR/findings/TARGET/, the log to BUILD_DIR/findings/TARGET.log. FUZZ_JOBS=N runs N processes per target.
# An input running longer than FUZZ_TIMEOUT_S (10) seconds is a finding: raise it when more fuzzers than cores
# share the machine, or a slow input is taken for a hang.
# A summary line per target: runs, coverage, findings. Exit 1 if anything was found.
set -euo pipefail
cd "$(dirname "$0")/../.."
source_dir=$PWD
build=$(realpath "${1:?usage: campaign.sh BUILD_DIR [SECONDS] [TARGET...]}")
seconds=${2:-1800}
shift $(( $# > 1 ? 2 : 1 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario csv json baseline report)
jobs=${FUZZ_JOBS:-1}
parallel=()
# With -jobs, libFuzzer writes each job's log as fuzz-N.log in the current folder, the target's findings folder.
[ "$jobs" -le 1 ] || parallel=(-jobs="$jobs" -workers="$jobs")
found=0
for t in "${targets[@]}"; do
  program="$build/tests/fuzz/fuzz_$t"
  [ -x "$program" ] || { echo "campaign.sh: $program is not built (configure with -DBORDERSIM_FUZZ=ON)" >&2; exit 2; }
  corpus="$build/fuzz-corpus/$t"
  findings="$build/findings/$t"
  log="$build/findings/$t.log"
  mkdir -p "$corpus" "$findings"
  cp -n "$source_dir"/tests/fuzz/corpus/"$t"/* "$corpus"/
  (cd "$findings" && exec "$program" "$corpus" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT_S:-10}" -rss_limit_mb=2048 \
     -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 "${parallel[@]}") >"$log" 2>&1 || true
  runs=$(cat "$log" "$findings"/fuzz-*.log 2>/dev/null | grep -o 'stat::number_of_executed_units: *[0-9]*' |
    awk '{s+=$2} END {print s+0}' || true)
  cov=$(cat "$log" "$findings"/fuzz-*.log 2>/dev/null | grep -o 'cov: [0-9]*' | awk '$2>m {m=$2} END {print m+0}' || true)
  n=$(find "$findings" -type f ! -name 'fuzz-*.log' | wc -l)
  echo "fuzz_$t: ${seconds}s, $runs runs, coverage $cov edges, $(ls "$corpus" | wc -l) corpus files, $n findings"
  [ "$n" -eq 0 ] || found=1
done
exit $found

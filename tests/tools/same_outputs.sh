#!/usr/bin/env bash
# same_outputs.sh: prove that a refactoring changed no behaviour. Runs the same commands with two builds of
# bordersim and requires every output file, stdout, stderr and exit code to be byte-identical, apart from the
# few facts that legitimately differ between two runs (listed in the normalising section below).
#
#   bash tests/tools/same_outputs.sh [--keep] BIN_BEFORE BIN_AFTER [WORK_DIR]
#
# Exit codes: 0 every output identical; 1 some output differs (each file listed with a hint); 2 usage error.
# WORK_DIR defaults to a fresh mktemp -d folder, removed at the end unless --keep. A WORK_DIR given on the command
# line is kept. Layout: WORK/before and WORK/after (raw outputs and captured streams of each build), WORK/input
# (files both builds read), WORK/norm/{before,after} (what is actually compared).
#
# On 2 cores bordersim itself runs for 1.5-2 minutes per build; with the comparison the whole script takes 3.5-5
# minutes (measured on a shared machine). Needs bash, python3, cmp, diff; unzip if present.
set -uo pipefail # not -e: non-zero exit codes of bordersim are results to record, not reasons to stop

usage() {
  sed -n '5,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# ---------------------------------------------------------------------------------------------- arguments --
keep=0
positional=()
for arg in "$@"; do
  case $arg in
    --keep) keep=1 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "same_outputs.sh: unknown option $arg" >&2; usage >&2; exit 2 ;;
    *) positional+=("$arg") ;;
  esac
done
if (( ${#positional[@]} < 2 || ${#positional[@]} > 3 )); then
  usage >&2
  exit 2
fi

declare -A BIN
for side_arg in "before:${positional[0]}" "after:${positional[1]}"; do
  side=${side_arg%%:*}
  bin=${side_arg#*:}
  if [[ ! -f $bin || ! -x $bin ]]; then
    echo "same_outputs.sh: BIN_${side^^} '$bin' is not an executable file" >&2
    exit 2
  fi
  BIN[$side]=$(realpath "$bin") # absolute: the commands run from the repository root
done
for tool in python3 cmp diff realpath timeout sha256sum; do
  command -v "$tool" >/dev/null || { echo "same_outputs.sh: $tool is required" >&2; exit 2; }
done

# The repository root is two levels above this script; every command runs from there with relative config paths.
ROOT=$(realpath "$(dirname "${BASH_SOURCE[0]}")/../..")

# The work folder. A given one must be empty or a previous work folder of this script (marker file), so that
# nothing of the user's is ever deleted and no stale output takes part in the comparison.
if (( ${#positional[@]} == 3 )); then
  WORK=${positional[2]}
  mkdir -p "$WORK" || exit 2
  WORK=$(realpath "$WORK")
  if [[ -n $(ls -A "$WORK") && ! -e $WORK/.same_outputs ]]; then
    echo "same_outputs.sh: WORK_DIR $WORK is not empty (and not a work folder of this script)" >&2
    exit 2
  fi
  rm -rf "$WORK/before" "$WORK/after" "$WORK/norm" "$WORK/input"
  remove_work=0
else
  WORK=$(realpath "$(mktemp -d)")
  remove_work=$(( keep ? 0 : 1 ))
fi
touch "$WORK/.same_outputs"
cleanup() { if (( remove_work )); then rm -rf "$WORK"; fi; }
trap cleanup EXIT

cd "$ROOT" || exit 2
mkdir -p "$WORK/before/cmd" "$WORK/after/cmd" "$WORK/input"

# Other people may edit configs/ while this runs; both builds must read the same files, so this is checked at the end.
configs_digest() { find configs -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; }
configs_digest >"$WORK/configs-at-start.sha256"

echo "before: ${BIN[before]} ($("${BIN[before]}" --version 2>&1 | head -n1))"
echo "after:  ${BIN[after]} ($("${BIN[after]}" --version 2>&1 | head -n1))"
echo "work:   $WORK"

# ----------------------------------------------------------------------------------------------- running --
declare -A side_ns=([before]=0 [after]=0)
job_count=0

# both NAME ARG...: runs `bordersim ARG...` with each build in turn (interleaved, so that the two sides of a job run
# seconds apart, not minutes). @SIDE@ in an argument becomes that side's folder. stdout, stderr and the exit code go to
# SIDE/cmd/NAME.{stdout,stderr,exit}. argv[0] is set to plain "bordersim" for both builds, since it is echoed in
# run_info.json's command_line and the two binaries' paths differ. A hung command is stopped after 15 minutes
# (exit code 124 is then recorded and compared like any other).
both() {
  local name=$1 side dir t0 t1 rc line="" placeholder='@SIDE@'
  shift
  job_count=$((job_count + 1))
  for side in before after; do
    dir=$WORK/$side
    local args=("${@//"$placeholder"/$dir}")
    t0=$(date +%s%N)
    timeout 900 bash -c 'exec -a bordersim "$0" "$@"' "${BIN[$side]}" "${args[@]}" \
      </dev/null >"$dir/cmd/$name.stdout" 2>"$dir/cmd/$name.stderr"
    rc=$?
    t1=$(date +%s%N)
    echo "$rc" >"$dir/cmd/$name.exit"
    side_ns[$side]=$(( side_ns[$side] + t1 - t0 ))
    line+=$(printf '  %s %6.1f s exit %s' "$side" "$(( (t1 - t0) / 1000000 ))e-3" "$rc")
  done
  printf '[%2d] %-42s%s\n' "$job_count" "$name" "$line"
}

exit_of() { cat "$WORK/$1/cmd/$2.exit"; }

# Replications, seed and jobs are fixed and small; outputs are byte-identical whatever --jobs is, 2 uses both cores.
SHORT=(--replications 2 --seed 7 --jobs 2)

# horizon_of FILE: "HORIZON WARMUP" short enough for under 2 minutes per binary (with --trace and --xlsx, writing
# vehicles.csv into the workbook dominates: about 3 s per simulated day of the whole network), long enough for
# each scenario's own feature to happen.
horizon_of() {
  case $1 in
    configs/kz-kg/disruption-it-outage.yaml) echo "11d 12h" ;;          # the 24 h outage starts on day 10
    configs/kz-kg/disruption-karasu-inspections.yaml) echo "9d 12h" ;;  # the slower checks start on day 7
    configs/kz-kg/*) echo "3d 12h" ;;                                   # seven crossings, 65 stages: 6-9 s each
    configs/mmc-example.yaml) echo "500h 50h" ;;                        # one M/M/3 booth, 162 cars an hour
    *) echo "28d 3d" ;;                                                 # one crossing: about 1 s
  esac
}

job_name() { local n=${1#configs/}; n=${n%.yaml}; echo "${n//\//_}"; }

# 1. Every scenario file: validate (compared too), and run it when it is runnable. A file that both builds
#    reject with exit 2 (e.g. a base meant only to be extended) is skipped.
runnable=()
for file in configs/*.yaml configs/kz-kg/*.yaml; do
  [[ -f $file ]] || continue
  name=$(job_name "$file")
  both "validate-$name" validate "$file"
  if [[ $(exit_of before "validate-$name") == 2 && $(exit_of after "validate-$name") == 2 ]]; then
    echo "     skipped $file: both builds reject it (validate exit 2)"
  else
    runnable+=("$file")
  fi
done
for file in "${runnable[@]}"; do
  name=$(job_name "$file")
  read -r horizon warmup <<<"$(horizon_of "$file")"
  both "run-$name" run "$file" --out "@SIDE@/run/$name" "${SHORT[@]}" --trace --xlsx --force --quiet \
    --set "simulation.horizon=$horizon" --set "simulation.warmup=$warmup"
done

# 2. A comparison with common random numbers (compare takes no --trace); its table is on stdout.
both compare compare configs/kz-kg/current.yaml configs/kz-kg/reconstruction-2027.yaml --out @SIDE@/compare \
  "${SHORT[@]}" --xlsx --force --quiet --set simulation.horizon=3d --set simulation.warmup=12h

# 3. A capacity baseline and the check against it (check reruns with the options stored in the baseline).
both baseline baseline configs/karasu-ak-tilek.yaml -o @SIDE@/karasu-baseline.csv "${SHORT[@]}" \
  --set simulation.horizon=14d --set simulation.warmup=2d
both check check configs/karasu-ak-tilek.yaml --baseline @SIDE@/karasu-baseline.csv --jobs 2

# 4. A practical-capacity search (it logs every demand scale tried on stderr).
both capacity capacity configs/mmc-example.yaml --crossing test --target-p95-wait 10min "${SHORT[@]}" \
  --set simulation.horizon=300h --set simulation.warmup=30h

# 5. Text-only commands.
both validate-provenance validate --provenance configs/kz-kg/base.yaml
both schema schema
both help --help
both help-run run --help

# 6. Reports regenerated from a run folder and from a comparison folder.
both report-run report @SIDE@/run/karasu-ak-tilek -o @SIDE@/report-run.html
both report-compare report @SIDE@/compare -o @SIDE@/report-compare.html

# 7. Bad inputs: the messages and exit codes, and that no output folder appears.
printf 'scenario: broken\nsimulation:\n  horizon: [3d\n  warmup: 1d\n' >"$WORK/input/syntax-error.yaml"
both bad-missing-file run configs/no-such-scenario.yaml --out @SIDE@/bad/missing-file --quiet
both bad-horizon run configs/mmc-example.yaml --out @SIDE@/bad/horizon --set simulation.horizon=abc
both bad-yaml run "$WORK/input/syntax-error.yaml" --out @SIDE@/bad/yaml
both bad-yaml-validate validate "$WORK/input/syntax-error.yaml"

commands_done_at=$SECONDS

# ---------------------------------------------------------------------------------------------- normalising --
# Writes WORK/norm/{before,after}: a copy (or hard link, when nothing changes) of every file of each side, with
# these normalisations and no others:
#   - everywhere: the side's own folder (WORK/before, WORK/after; absolute, as given to --out and -o) becomes
#     @SIDE_DIR@, since the two sides must write to different folders;
#   - run_info.json: the values of started_utc and wall_time_s (when the run happened and how long it took) and
#     git_commit (the builds differ by definition) become "@VOLATILE@"; keys present in only one side's file are
#     dropped (a refactoring may add run facts) and listed in a note; a key that the after build dropped is
#     reported as a difference;
#   - report.html (any file with the report's data island, <script type="application/json" id="report-data">):
#     the island's generated_utc (when the page was written) becomes "@VOLATILE@", and in each runs[i].info object
#     (run_info.json's keys, embedded by viz/report_data.cpp) the same three values are masked and keys in only one
#     side dropped, exactly as for run_info.json. Everything else in the page, including the rest of the island,
#     stays byte for byte (report.js, report.css and Chart.js are inlined: a change to them is a difference);
#   - results.xlsx: not the zip container (compression, entry dates) but its parts: the ordered list of part names
#     and each part's bytes (unzip -p, or python's zipfile when unzip is missing), streamed into cmp by the
#     comparison below rather than unpacked (the vehicles sheets alone are gigabytes), with the side's folder
#     replaced as everywhere; in docProps/core.xml the dcterms:created and dcterms:modified timestamps (when the
#     workbook was written) become @VOLATILE@. A differing part is then written to norm/SIDE/...xlsx.parts/.
# Notes go to stdout; problems that are differences though no file differs go to WORK/norm/problems.txt.
python3 - "$WORK" <<'PY'
import json, os, shutil, sys
from json.decoder import scanstring

work = sys.argv[1]
SIDES = ("before", "after")
VOLATILE = ("started_utc", "wall_time_s", "git_commit")
MASK = '"@VOLATILE@"'
ISLAND_OPEN = '<script type="application/json" id="report-data">'
DEC = json.JSONDecoder()
notes = {}  # (what, key-set description) -> list of files
problems = []


def placeholders(side):
    folder = os.path.join(work, side)
    forms = {folder, os.path.realpath(folder)}
    return [f.encode() for f in sorted(forms, key=len, reverse=True)]


def unplace(data, side):
    for form in placeholders(side):
        data = data.replace(form, b"@SIDE_DIR@")
    return data


# -- a small JSON scanner that keeps the original bytes: only the spans it is told to change are touched --
def skip_ws(t, i):
    while i < len(t) and t[i] in " \t\r\n":
        i += 1
    return i


def members(t, i):
    """The object starting at t[i] == '{': ([(key, seg_start, seg_end, val_start, val_end)], close_index).
    A member's segment runs from after the previous ',' (or the '{') to its ',' (or its value's end when last)."""
    assert t[i] == "{", "expected a JSON object"
    out, j = [], i + 1
    if t[skip_ws(t, j)] == "}":
        return out, skip_ws(t, j)
    while True:
        k = skip_ws(t, j)
        key, k = scanstring(t, k + 1)
        k = skip_ws(t, k)
        assert t[k] == ":"
        v = skip_ws(t, k + 1)
        _, v_end = DEC.raw_decode(t, v)
        n = skip_ws(t, v_end)
        if t[n] == ",":
            out.append((key, j, n, v, v_end))
            j = n + 1
            continue
        assert t[n] == "}"
        out.append((key, j, v_end, v, v_end))
        return out, n


def elements(t, i):
    """The array starting at t[i] == '[': [(start, end)] of its elements."""
    assert t[i] == "["
    out, j = [], skip_ws(t, i + 1)
    if t[j] == "]":
        return out
    while True:
        _, e = DEC.raw_decode(t, j)
        out.append((j, e))
        j = skip_ws(t, e)
        if t[j] != ",":
            return out
        j = skip_ws(t, j + 1)


def rebuild(t, i, mems, close, keep, mask):
    """The object's text with only the members in `keep`, the values of keys in `mask` replaced by MASK."""
    segs = []
    for key, s, e, vs, ve in mems:
        if key not in keep:
            continue
        seg = t[s:e]
        if key in mask:
            seg = t[s:vs] + MASK + t[ve:e]
        segs.append(seg)
    tail = t[mems[-1][4]:close + 1] if mems else t[i + 1:close + 1]
    return "{" + ",".join(segs) + tail


def paired_object_edits(texts, starts, what, rel):
    """Normalises one object on both sides (either may be missing): masks VOLATILE, drops one-sided keys.
    Returns {side: (start, end, new_text)}."""
    scanned = {s: members(texts[s], starts[s]) for s in SIDES if texts.get(s) is not None}
    keys = {s: [m[0] for m in scanned[s][0]] for s in scanned}
    both = set.intersection(*(set(k) for k in keys.values())) if len(keys) == 2 else set(next(iter(keys.values()), []))
    if len(keys) == 2:
        added = [k for k in keys["after"] if k not in keys["before"]]
        removed = [k for k in keys["before"] if k not in keys["after"]]
        if added:
            notes.setdefault((what, "keys only in the after build (not compared)", ", ".join(added)), []).append(rel)
        if removed:
            problems.append(f"{rel}: {what}: the after build no longer writes {', '.join(removed)}")
    edits = {}
    for s, (mems, close) in scanned.items():
        edits[s] = (starts[s], close + 1, rebuild(texts[s], starts[s], mems, close, both, VOLATILE))
    return edits


def apply(t, edits):
    for start, end, new in sorted(edits, reverse=True):
        t = t[:start] + new + t[end:]
    return t


def normalise_run_info(texts, rel):
    starts = {s: skip_ws(t, 0) for s, t in texts.items() if t is not None}
    edits = paired_object_edits(texts, starts, "run_info.json", rel)
    return {s: apply(texts[s], [edits[s]]) for s in edits}


def island_span(t):
    i = t.find(ISLAND_OPEN)
    if i < 0:
        return None
    start = i + len(ISLAND_OPEN)
    return start, t.index("</script>", start)


def normalise_report(texts, rel):
    islands = {}
    for s, t in texts.items():
        if t is not None and island_span(t):
            a, b = island_span(t)
            islands[s] = t[a:b]
    edits = {s: [] for s in islands}
    runs = {}
    for s, isl in islands.items():
        mems, close = members(isl, skip_ws(isl, 0))
        for key, _, _, vs, ve in mems:
            if key == "generated_utc":
                edits[s].append((vs, ve, MASK))
            if key == "runs":
                runs[s] = elements(isl, vs)
    # runs[i].info of one side is paired with runs[i].info of the other.
    for r in range(max((len(v) for v in runs.values()), default=0)):
        texts_r, starts_r = {}, {}
        for s in runs:
            if r < len(runs[s]):
                isl = islands[s]
                info = [m for m in members(isl, runs[s][r][0])[0] if m[0] == "info"]
                if info:
                    texts_r[s], starts_r[s] = isl, info[0][3]
        if texts_r:
            for s, e in paired_object_edits(texts_r, starts_r, f"report data runs[{r}].info", rel).items():
                edits[s].append(e)
    out = dict(texts)
    for s, isl in islands.items():
        a, b = island_span(texts[s])
        out[s] = texts[s][:a] + apply(isl, edits[s]) + texts[s][b:]
    return out


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def link(src, dst):
    """An unchanged file: a hard link saves copying the large traces."""
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def files_of(root):
    out = set()
    for d, _, fs in os.walk(root):
        for f in fs:
            out.add(os.path.relpath(os.path.join(d, f), root))
    return out


raw = {s: os.path.join(work, s) for s in SIDES}
norm = {s: os.path.join(work, "norm", s) for s in SIDES}
shutil.rmtree(os.path.join(work, "norm"), ignore_errors=True)
for rel in sorted(files_of(raw["before"]) | files_of(raw["after"])):
    src = {s: os.path.join(raw[s], rel) for s in SIDES if os.path.isfile(os.path.join(raw[s], rel))}
    base = os.path.basename(rel)
    # Workbooks are compared part by part by the shell below; here they are only linked.
    if rel.endswith(".xlsx"):
        for s, p in src.items():
            link(p, os.path.join(norm[s], rel))
        continue
    data = {s: open(p, "rb").read() for s, p in src.items()}
    changed = {s: unplace(d, s) for s, d in data.items()}
    is_report = any(ISLAND_OPEN.encode() in d for d in changed.values())
    if base == "run_info.json" or is_report:
        texts = {s: changed.get(s, b"").decode("utf-8", "surrogateescape") if s in changed else None for s in SIDES}
        try:
            texts = normalise_run_info(texts, rel) if base == "run_info.json" else normalise_report(texts, rel)
        except (AssertionError, ValueError, IndexError) as e:
            problems.append(f"{rel}: cannot be read as expected ({e}); compared without masking")
        else:
            changed = {s: t.encode("utf-8", "surrogateescape") for s, t in texts.items() if t is not None}
    for s in src:
        dst = os.path.join(norm[s], rel)
        if changed[s] == data[s]:
            link(src[s], dst)
        else:
            write(dst, changed[s])

for (what, kind, keys), files in sorted(notes.items()):
    print(f"note: {what}: {kind}: {keys} ({len(files)} files, e.g. {files[0]})")
with open(os.path.join(work, "norm", "problems.txt"), "w") as f:
    f.writelines(p + "\n" for p in problems)
PY
normalise_rc=$?
normalised_at=$SECONDS
if (( normalise_rc != 0 )); then
  echo "same_outputs.sh: normalising the outputs failed (python exit $normalise_rc)" >&2
  exit 1
fi

# ---------------------------------------------------------------------------------------------- comparing --
A=$WORK/norm/before
B=$WORK/norm/after

# hint REL: where the two versions of a file first differ: a few lines of diff for ordinary text, otherwise
# (long lines: the report's data island, sheet XML; or files too large to diff quickly) cmp's position and the
# bytes around it on each side.
hint() {
  local rel=$1 where byte from side
  where=$(cmp "$A/$rel" "$B/$rel" 2>&1 | head -n1)
  echo "      ${where//"$WORK/norm/"/}"
  if (( $(stat -c %s "$A/$rel") + $(stat -c %s "$B/$rel") < 40000000 )) &&
    LC_ALL=C awk 'length > 300 { exit 1 }' "$A/$rel" && LC_ALL=C awk 'length > 300 { exit 1 }' "$B/$rel"; then
    diff -u --label before --label after "$A/$rel" "$B/$rel" | sed -n '3,14p' | sed 's/^/      /'
  else
    byte=$(sed -n 's/.*byte \([0-9]*\).*/\1/p' <<<"$where")
    from=$(( ${byte:-1} > 60 ? ${byte:-1} - 60 : 1 ))
    for side in before after; do
      printf '      %-6s …%s…\n' "$side" "$(tail -c "+$from" "$WORK/norm/$side/$rel" | head -c 160 | tr '\n\t' '  ' | cat -v)"
    done
  fi
}

# Workbooks: the part list and then every part, each side's part normalised on the fly (see the normalising section).
have_unzip=0
command -v unzip >/dev/null && have_unzip=1
parts_of() {
  if (( have_unzip )); then
    unzip -Z1 "$1"
  else
    python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"
  fi
}
sed_literal() { sed 's/[][\.*^$#]/\\&/g' <<<"$1"; } # a string as a sed pattern matching only itself
# part SIDE FILE NAME: one part of a workbook, normalised.
part() {
  local side=$1 file=$2 name=$3 core=()
  if [[ $name == docProps/core.xml ]]; then
    core=(-e 's#\(<dcterms:created[^>]*>\)[^<]*\(</dcterms:created>\)#\1@VOLATILE@\2#g'
          -e 's#\(<dcterms:modified[^>]*>\)[^<]*\(</dcterms:modified>\)#\1@VOLATILE@\2#g')
  fi
  if (( have_unzip )); then
    # unzip takes names as wildcards: '[Content_Types].xml' must be asked for as '[[]Content_Types].xml'.
    unzip -p "$file" "$(sed 's/[[*?]/[&]/g' <<<"$name")"
  else
    python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$file" "$name"
  fi | LC_ALL=C sed -e "s#$(sed_literal "$WORK/$side")#@SIDE_DIR@#g" "${core[@]}"
}
compare_workbook() {
  local rel=$1 name side
  local -a names
  if ! cmp -s <(parts_of "$WORK/before/$rel") <(parts_of "$WORK/after/$rel"); then
    for side in before after; do mkdir -p "$WORK/norm/$side/$rel.parts" && parts_of "$WORK/$side/$rel" >"$WORK/norm/$side/$rel.parts/@parts.txt"; done
    echo "DIFF $rel.parts/@parts.txt (the workbook's list of parts)"
    hint "$rel.parts/@parts.txt"
    differences=$((differences + 1))
  fi
  mapfile -t names < <(LC_ALL=C comm -12 <(parts_of "$WORK/before/$rel" | LC_ALL=C sort) <(parts_of "$WORK/after/$rel" | LC_ALL=C sort))
  for name in "${names[@]}"; do
    compared=$((compared + 1))
    if ! cmp -s <(part before "$WORK/before/$rel" "$name") <(part after "$WORK/after/$rel" "$name"); then
      for side in before after; do
        mkdir -p "$(dirname "$WORK/norm/$side/$rel.parts/$name")"
        part "$side" "$WORK/$side/$rel" "$name" >"$WORK/norm/$side/$rel.parts/$name"
      done
      echo "DIFF $rel.parts/$name"
      hint "$rel.parts/$name"
      differences=$((differences + 1))
    fi
  done
}

differences=0
compared=0
mapfile -t only < <(LC_ALL=C comm -3 <(cd "$A" && find . -type f | LC_ALL=C sort) <(cd "$B" && find . -type f | LC_ALL=C sort))
for line in "${only[@]}"; do
  if [[ $line == $'\t'* ]]; then echo "DIFF only in after:  ${line#$'\t'./}"; else echo "DIFF only in before: ${line#./}"; fi
  differences=$((differences + 1))
done
mapfile -d '' -t files < <(cd "$A" && find . -type f -print0 | LC_ALL=C sort -z)
for rel in "${files[@]}"; do
  rel=${rel#./}
  [[ -f $B/$rel ]] || continue
  if [[ $rel == *.xlsx ]]; then
    compare_workbook "$rel"
    continue
  fi
  compared=$((compared + 1))
  if ! cmp -s "$A/$rel" "$B/$rel"; then
    echo "DIFF $rel"
    hint "$rel"
    differences=$((differences + 1))
  fi
done
while IFS= read -r problem; do
  [[ -n $problem ]] || continue
  echo "DIFF $problem"
  differences=$((differences + 1))
done <"$WORK/norm/problems.txt"

changed_configs=$(diff "$WORK/configs-at-start.sha256" <(configs_digest) | sed -n 's/^[<>] [0-9a-f]*  //p' | LC_ALL=C sort -u)
if [[ -n $changed_configs ]]; then
  echo "WARNING: these files under configs/ changed while this ran; the two builds may have read different versions:"
  sed 's/^/  /' <<<"$changed_configs"
fi

printf 'time: %d s in all; bordersim before %.0f s, after %.0f s (%d commands each); normalising %d s, comparing %d s\n' \
  "$SECONDS" "$(( side_ns[before] / 1000000 ))e-3" "$(( side_ns[after] / 1000000 ))e-3" "$job_count" \
  "$(( normalised_at - commands_done_at ))" "$(( SECONDS - normalised_at ))"
if (( differences > 0 )); then
  echo "RESULT: $differences differences in $compared compared files$( (( remove_work )) && echo "; rerun with --keep to inspect")"
  (( remove_work )) || echo "outputs in $WORK/before and $WORK/after, compared forms in $WORK/norm"
  exit 1
fi
echo "RESULT: identical: $compared files (outputs, stdout, stderr, exit codes) after normalisation"
exit 0

#!/usr/bin/env bash
# The one-shot GPU check (issue 13): one command for a lent GPU machine (no .NET SDK, no network). It unpacks the bundle
# made by scripts/gpu-bundle.sh (it builds nothing), runs seven sections, each under its own `timeout`, and writes ONE
# Markdown report, re-assembled after every section, so a cut-off run still leaves the finished sections:
#   1 devices      gpubv devices (and nvidia-smi when present)
#   2 tests        the whole xUnit suite; the CUDA rows of tests/GpuBv.Tests/Kernels/Devices.cs run live
#   3 agree        device grid vs the managed CPU grid at 0.2 and 0.1 Å, percolation provider vs host (GpuBv.Bench agree)
#   4 bvse         BVSE kernel pairs/s against a plain exp+sqrt kernel on the same device (GpuBv.Bench bvse)
#   5 percolation  percolation voxels/s and agreement, synthetic 32³/64³/128³ grids and shipped structures
#   6 screen       gpubv screen structures/s over ≥ 2,000 names (a tar of renamed copies), with and without --coupling
#   7 coupling     gpubv coupling wall times for LiFePO4 and LGPS
# Sections run with --device cuda when `gpubv devices` lists a CUDA device. Without one (or with --cpu-smoke) each
# section says "no CUDA device" (skipped, not failed) and runs a small CPU smoke of the same code path instead
# (--device cpu / ilgpu-cpu), so the whole script is exercised on any machine.
#
# Usage (on the GPU machine, from the repository with publish/gpu-bundle.tar.xz, or from an unpacked bundle):
#   bash scripts/gpu-check.sh [--quick] [--cpu-smoke] [--budget SECONDS] [--bundle DIR|TAR.XZ]
#   tar xJf gpu-bundle.tar.xz && bash gpu-bundle/gpu-check.sh
# Report: $OUT/gpu-report.md when OUT is set, else ./gpu-report.md; beside it gpu-report.state (one line per section:
# name, status, mode, seconds), gpu-report.parts/ (each section's Markdown) and gpu-report.logs/ (full outputs).
# --quick reruns only the sections whose last state is not "pass" in the current mode (cuda or cpu-smoke) and keeps
# the others' parts. --budget caps the whole run (default 285 s with a GPU, 720 s for the CPU smoke); every section's
# timeout is cut to what is left. Exit status: 0 when no section failed, 1 otherwise. GPUBV_CHECK_PRETEND_CUDA=1 rehearses
# the CUDA branch (caps, budget, report) on a machine without a GPU.
set -uo pipefail
# The whole script is one compound command, read in full before it runs: editing (or replacing) this file while a check
# is under way cannot change what the running check does.
{

quick=0
smoke=0
budget=""
bundle_arg="${GPUBV_BUNDLE:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --cpu-smoke) smoke=1 ;;
    --budget) budget="$2"; shift ;;
    --bundle) bundle_arg="$2"; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

t0=$(date +%s)
here=$(cd "$(dirname "$0")" && pwd)

# ---- the report, its state file and the section parts ------------------------------------------------------------
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  report="$OUT/gpu-report.md"
else
  report="$PWD/gpu-report.md"
fi
base="${report%.md}"
state="$base.state"
parts="$base.parts"
logs="$base.logs"
mkdir -p "$parts" "$logs"
[ "$quick" = 1 ] || { rm -f "$state" "$parts"/*.md; }
touch "$state"

# ---- the bundle: this folder when the script runs from inside one, else the tarball unpacked under TMPDIR -----------
find_tarball() {
  for t in "$bundle_arg" "$here/../publish/gpu-bundle.tar.xz" "$PWD/publish/gpu-bundle.tar.xz" "$PWD/gpu-bundle.tar.xz" \
           "$here/gpu-bundle.tar.xz"; do
    [ -n "$t" ] && [ -f "$t" ] && { echo "$t"; return 0; }
  done
  return 1
}
unpack_s=0
if [ -n "$bundle_arg" ] && [ -d "$bundle_arg" ]; then
  B=$(cd "$bundle_arg" && pwd)
elif [ -x "$here/gpubv" ] && [ -x "$here/GpuBv.Tests" ]; then
  B="$here"
elif tarball=$(find_tarball); then
  dest="${TMPDIR:-/tmp}/gpubv-check"
  stamp="$(stat -c '%s %Y' "$tarball") $tarball"
  if [ ! -x "$dest/gpu-bundle/gpubv" ] || [ "$(cat "$dest/.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dest" && mkdir -p "$dest"
    u0=$(date +%s)
    tar -C "$dest" -xJf "$tarball" || { echo "gpu-check: cannot unpack $tarball" >&2; exit 2; }
    unpack_s=$(( $(date +%s) - u0 ))
    echo "$stamp" > "$dest/.stamp"
  fi
  B="$dest/gpu-bundle"
else
  echo "gpu-check: no bundle: run bash scripts/gpu-bundle.sh first, or pass --bundle DIR|TAR.XZ" >&2
  exit 2
fi
for f in gpubv GpuBv.Tests GpuBv.Bench; do
  [ -x "$B/$f" ] || { echo "gpu-check: $B/$f missing: not a gpu bundle" >&2; exit 2; }
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# ---- helpers -------------------------------------------------------------------------------------------------------
now() { date +%s; }
elapsed() { echo $(( $(now) - t0 )); }
left() { echo $(( deadline - $(now) )); }

# The previous status of a section in this mode ("" when none).
prev_status() { awk -F'\t' -v n="$1" -v m="$mode" '$1 == n && $3 == m { s = $2 } END { print s }' "$state"; }

record_state() { # name status mode seconds
  local tmp="$state.tmp"
  awk -F'\t' -v n="$1" '$1 != n' "$state" > "$tmp"
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$tmp"
  mv "$tmp" "$state"
}

# Runs a command under a timeout cut to the run's budget; its output goes to a log file. Sets rc (124 on timeout)
# and secs. $1: timeout (s), $2: log file, rest: the command.
run_timed() {
  local limit="$1" log="$2"; shift 2
  local l; l=$(left)
  [ "$l" -lt "$limit" ] && limit="$l"
  if [ "$limit" -lt 5 ]; then
    echo "not run: the run's budget is spent" > "$log"; rc=125; secs=0; return
  fi
  local s0; s0=$(date +%s.%N)
  timeout -k 5 "$limit" "$@" > "$log" 2>&1
  rc=$?
  secs=$(awk -v a="$s0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  [ "$rc" = 137 ] && rc=124
  return 0
}

fence() { echo '```'; cat "$@"; echo '```'; }

# Re-assembles the report from the header and every part written so far.
assemble() {
  local tmp="$report.tmp"
  {
    echo "# GPU check (issue 13)"
    echo
    echo "- updated: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); host: $(hostname); $(nproc) cores; bundle: \`$B\`"
    echo "- mode: **$mode**${mode_note:+ ($mode_note)}; budget ${budget} s; elapsed so far $(elapsed) s (unpacking ${unpack_s} s)"
    [ "$quick" = 1 ] && echo "- --quick: only sections not passed before in this mode were rerun"
    echo
    echo "| section | status | CUDA | seconds |"
    echo "|---|---|---|---|"
    for s in devices tests agree bvse percolation screen coupling; do
      awk -F'\t' -v n="$s" '$1 == n {
        cuda = $3 == "cuda" ? "ran with --device cuda" : "no device: skipped (status is the CPU smoke'"'"'s)"
        if (n == "devices") cuda = $3 == "cuda" ? "listed" : "not listed"
        printf "| %s | %s | %s | %s |\n", $1, $2, cuda, $4 }' "$state"
    done
    echo
    for p in "$parts"/*.md; do
      [ -f "$p" ] && { cat "$p"; echo; }
    done
  } > "$tmp"
  mv "$tmp" "$report"
}

# Starts a section: returns 1 (skip it) under --quick when it already passed in this mode.
begin() {
  num="$1"; sec="$2"; title="$3"
  part="$parts/$num-$sec.md"
  if [ "$quick" = 1 ] && [ "$(prev_status "$sec")" = pass ] && [ -f "$part" ]; then
    echo "gpu-check: $sec already passed in mode $mode, kept (--quick)"
    return 1
  fi
  echo "gpu-check: [$(elapsed) s] $sec: $title"
  if [ "$(left)" -lt 5 ]; then
    { heading; echo "- **not run**: the run's budget ($budget s) was spent before this section"; } > "$part"
    rc=125; secs=0
    finish
    return 1
  fi
  return 0
}

# Ends a section: status from rc (0 pass, 3 skipped-no-device, 124 timeout, 125 out of budget, else fail), unless given.
finish() {
  local status="${1:-}"
  if [ -z "$status" ]; then
    case "$rc" in
      0) status=pass ;;
      3) status="skipped (no device)" ;;
      124) status=timeout ;;
      125) status="not run (budget spent)" ;;
      *) status=fail ;;
    esac
  fi
  section_status="$status"
  record_state "$sec" "$status" "$mode" "$secs"
  assemble
  echo "gpu-check: [$(elapsed) s] $sec: $status ($secs s)"
}

# The heading of a section's part, with the CUDA line when there is no GPU.
heading() {
  echo "## $num. $sec: $title"
  echo
  if [ "$mode" = cpu-smoke ]; then
    echo "**CUDA: no device** ($no_device_reason): the CUDA run is skipped, not failed. CPU smoke of the same code path below."
    echo
  fi
}

status_line() { # what, rc, secs
  case "$2" in
    0) echo "- $1: exit 0 in $3 s" ;;
    124) echo "- $1: **TIMEOUT** after $3 s (output so far below)" ;;
    125) echo "- $1: **not run** (the run's budget was spent)" ;;
    *) echo "- $1: **exit $2** in $3 s" ;;
  esac
}

# A device that failed mid-run and left the work on the CPU says so in a note; that is a failure of the check.
fell_back() { grep -q "continuing on the CPU path" "$@"; }

# ---- section 1: devices (decides the mode) -----------------------------------------------------------------------------
deadline=$(( t0 + ${budget:-285} ))  # until the mode is known
num=1; sec=devices; title="gpubv devices"; part="$parts/1-devices.md"
echo "gpu-check: [$(elapsed) s] devices: $title"
run_timed 30 "$logs/devices.log" "$B/gpubv" devices
devices_rc=$rc; devices_secs=$secs
# GPUBV_CHECK_PRETEND_CUDA=1 takes the CUDA branch without a device, to rehearse this script's GPU run (time caps,
# budget, report) on any machine: the benches then report "no device" or a CPU fallback, which count as not passed.
if [ "${GPUBV_CHECK_PRETEND_CUDA:-0}" = 1 ] || { [ "$devices_rc" = 0 ] && grep -Eq '^cuda(:[0-9]+)?[[:space:]]' "$logs/devices.log"; }; then
  has_cuda=1
  no_device_reason=""
else
  has_cuda=0
  no_device_reason=$(grep -Eo 'no CUDA device found|GPU backends unavailable[^;]*' "$logs/devices.log" | head -1)
  no_device_reason=${no_device_reason:-"gpubv devices lists no cuda device"}
fi
mode_note=""
if [ "$has_cuda" = 1 ] && [ "$smoke" = 0 ]; then
  mode=cuda
  [ "${GPUBV_CHECK_PRETEND_CUDA:-0}" = 1 ] && mode_note="GPUBV_CHECK_PRETEND_CUDA=1: a rehearsal, no device behind it"
  : "${budget:=285}"
else
  mode=cpu-smoke
  if [ "$has_cuda" = 1 ]; then
    mode_note="--cpu-smoke given: CUDA present but not used"
    no_device_reason="--cpu-smoke"
  else
    mode_note="no CUDA device: CUDA runs skipped, CPU smoke of every section"
  fi
  : "${budget:=720}"
fi
deadline=$(( t0 + budget ))
rc=$devices_rc; secs=$devices_secs
if [ "$quick" = 1 ] && [ "$(prev_status devices)" = pass ] && [ -f "$part" ] && [ "$rc" = 0 ]; then
  echo "gpu-check: devices already passed in mode $mode, kept (--quick)"
else
  {
    echo "## 1. devices: gpubv devices"
    echo
    status_line "gpubv devices" "$rc" "$secs"
    [ -n "$mode_note" ] && echo "- $mode_note"
    [ "$has_cuda" = 1 ] && echo "- CUDA device listed: sections run with \`--device cuda\`" \
      || echo "- **no CUDA device** ($no_device_reason)"
    echo
    fence "$logs/devices.log"
    if command -v nvidia-smi > /dev/null 2>&1; then
      echo
      echo '```'
      timeout 15 nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv 2>&1 | head -10
      echo '```'
    fi
  } > "$part"
  finish
fi

# ---- section 2: the whole test suite ---------------------------------------------------------------------------------
if begin 2 tests "the whole test suite (CUDA rows live where a CUDA device is present)"; then
  # The suite finds its Data/ beside the executable; run it from the bundle so relative paths hold.
  run_timed "$([ "$mode" = cuda ] && echo 150 || echo 420)" "$logs/tests.log" \
    bash -c "cd '$B' && ./GpuBv.Tests -noColor -noLogo -longRunning 30"
  summary=$(grep -E 'Total: [0-9]+' "$logs/tests.log" | tail -1 | sed 's/^ *//')
  failed_n=$(grep -c '\[FAIL\]' "$logs/tests.log")
  cuda_skips=$(grep -c 'device: "cuda"[^[]*\[SKIP\]' "$logs/tests.log")
  {
    heading
    status_line "GpuBv.Tests" "$rc" "$secs"
    echo "- summary: ${summary:-"(none: the run did not finish)"}"
    echo "- failures seen: $failed_n; CUDA rows skipped: $cuda_skips"
    echo
    if [ "$failed_n" -gt 0 ]; then
      echo "Failures (each with the lines after it):"
      echo
      echo '```'
      # The [FAIL] line and its block (message and stack, indented deeper than the test lines), 15 lines at most.
      awk '/\[FAIL\]/ { print; n = 15; next } n > 0 && /^      / { print; n--; next } { n = 0 }' "$logs/tests.log" | head -300
      echo '```'
      echo
    fi
    if grep -q 'Long Running Test' "$logs/tests.log"; then
      echo "Tests that ran longer than 30 s (xUnit's -longRunning report: the last elapsed time seen for each):"
      echo
      echo '```'
      grep -o "\[Long Running Test\] '[^']*', Elapsed: [0-9:]*" "$logs/tests.log" \
        | awk -F"'" '{ e[$2] = $3 } END { for (t in e) { sub(/, Elapsed: /, "", e[t]); print e[t] "  " t } }' | sort -r
      echo '```'
      echo
    fi
    echo "Skipped (by reason):"
    echo
    echo '```'
    awk '/\[SKIP\]/ { getline r; sub(/^ +/, "", r); c[r]++ } END { for (k in c) printf "%4d  %s\n", c[k], k }' "$logs/tests.log" \
      | sort -rn | head -20
    echo '```'
  } > "$part"
  st=""
  if [ "$rc" = 0 ] && [ "$mode" = cuda ] && [ "$cuda_skips" -gt 0 ]; then
    st=fail  # with a CUDA device present, no CUDA row may skip
    echo "- **FAIL**: $cuda_skips CUDA rows skipped although a CUDA device is listed" >> "$part"
  fi
  finish "$st"
fi

# ---- section 3: device vs CPU agreement ------------------------------------------------------------------------------
if begin 3 agree "CUDA vs CPU agreement on the shipped structures (GpuBv.Bench agree)"; then
  if [ "$mode" = cuda ]; then
    args=(agree --device cuda --resolutions 0.2,0.1)
    limit=40
  else
    args=(agree --device ilgpu-cpu --resolutions 0.5 --max-points 20000)
    limit=120
  fi
  run_timed "$limit" "$logs/agree.log" "$B/GpuBv.Bench" "${args[@]}"
  {
    heading
    status_line "GpuBv.Bench ${args[*]}" "$rc" "$secs"
    echo
    echo "Energies: max |ΔE| over the points within 5 eV of the CPU grid's minimum must be < 1e-4 eV. Thresholds: the"
    echo "device's percolation provider and PercolationAnalysis.Compute on the SAME float grid must be bit-identical"
    echo "(prov=host); the CPU grid (double arithmetic, rounded to float) and the device grid (float arithmetic) differ in"
    echo "the last bits, so their thresholds may differ by up to 2·max|ΔE| (dThr cpu), not more."
    echo
    fence "$logs/agree.log"
  } > "$part"
  finish
fi

# ---- section 4: BVSE kernel throughput ---------------------------------------------------------------------------------
if begin 4 bvse "BVSE kernel pair evaluations/s against a plain exp+sqrt kernel (GpuBv.Bench bvse)"; then
  if [ "$mode" = cuda ]; then
    args=(bvse --device cuda --resolutions 0.2,0.1 --repeat 3)
    limit=30
  else
    args=(bvse --device ilgpu-cpu --resolutions 0.5 --repeat 2 --files LiF.cif,Li3N.cif,LiFePO4.cif --limit-points 16384)
    limit=90
  fi
  run_timed "$limit" "$logs/bvse.log" "$B/GpuBv.Bench" "${args[@]}"
  st=""
  [ "$rc" = 0 ] && fell_back "$logs/bvse.log" && st=fail
  {
    heading
    status_line "GpuBv.Bench ${args[*]}" "$rc" "$secs"
    [ "$st" = fail ] && echo "- **FAIL**: the device failed and the work moved to the CPU path (see the note)"
    echo
    fence "$logs/bvse.log"
  } > "$part"
  finish "$st"
fi

# ---- section 5: percolation --------------------------------------------------------------------------------------------
if begin 5 percolation "percolation voxels/s and agreement (GpuBv.Bench percolation)"; then
  if [ "$mode" = cuda ]; then
    args=(percolation --device cuda --count 256 --sizes 32,64,128 --budget 10 --resolution 0.2)
    limit=45
  else
    args=(percolation --device ilgpu-cpu --count 16 --sizes 16,32,64 --budget 3 --resolution 0.5 --max-points 20000)
    limit=90
  fi
  run_timed "$limit" "$logs/percolation.log" "$B/GpuBv.Bench" "${args[@]}"
  {
    heading
    status_line "GpuBv.Bench ${args[*]}" "$rc" "$secs"
    echo
    echo "Every provider result is checked against PercolationAnalysis.Compute on the host on the same float grid:"
    echo "thresholds and E_min bit for bit, saddles bit for bit or at exactly the same energy (a tie, counted apart)."
    echo "The provider's name is printed: 'managed' means percolation still runs on the host (before branch perc)."
    echo
    fence "$logs/percolation.log"
  } > "$part"
  finish
fi

# ---- section 7: coupling (runs before the screen, whose time caps take what is left) ------------------------------
if begin 7 coupling "gpubv coupling wall times for LiFePO4 and LGPS"; then
  dev=$([ "$mode" = cuda ] && echo cuda || echo cpu)
  st=pass
  rows=()
  for f in LiFePO4.cif Li10GeP2S12_ordered_P1.cif; do
    run_timed "$([ "$mode" = cuda ] && echo 30 || echo 90)" "$logs/coupling-$f.log" \
      "$B/gpubv" coupling "$B/examples/$f" --cation Li1+ --device "$dev" --json
    case "$rc" in
      0) ;;
      124) st=timeout ;;
      125) st="not run (budget spent)" ;;
      *) st=fail ;;
    esac
    fell_back "$logs/coupling-$f.log" && st=fail
    key=$(grep -E '^  "(anion|E_mig|E_rot|E_rot_global|ratio|mode|erot_spacing|resolution)"' "$logs/coupling-$f.log" \
      | tr -d ' \n' | sed 's/,$//')
    rows+=("| $f | $rc | $secs | ${key:-"(no JSON)"} |")
  done
  secs=$(awk -F'|' '{ s += $4 } END { printf "%.1f", s }' <<< "$(printf '%s\n' "${rows[@]}")")
  {
    heading
    echo "gpubv coupling FILE --cation Li1+ --device $dev --json (defaults: local E_rot grids at 0.03 Å, cation map 0.2 Å);"
    echo "wall time of the whole command, process start included."
    echo
    echo "| file | exit | seconds | result |"
    echo "|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    for f in LiFePO4.cif Li10GeP2S12_ordered_P1.cif; do
      grep -q '^{' "$logs/coupling-$f.log" || { echo; echo "$f output:"; fence "$logs/coupling-$f.log"; }
    done
  } > "$part"
  finish "$st"
fi

# ---- section 6: screen ------------------------------------------------------------------------------------------------
# The shipped structures (examples/, Data/structures/*.cif, Data/paper/*.cif|*.vasp), one copy of each content.
shipped_files() {
  local f
  for f in "$B"/examples/*.cif "$B"/Data/structures/*.cif "$B"/Data/paper/*.cif "$B"/Data/paper/*.vasp; do
    [ -f "$f" ] && printf '%s\t%s\n' "$(md5sum < "$f" | cut -c1-32)" "$f"
  done | sort -u -k1,1 | cut -f2
}

# Structures/s of one screen: from its summary line when it finished, else from the journal's rows.
screen_rate() { # log out secs
  local line rows
  line=$(grep -E 'structures/s' "$1" | tail -1)
  if [ -n "$line" ]; then
    echo "${line#gpubv: }"
  else
    rows=$(cat "$2.journal" 2>/dev/null | wc -l)
    awk -v r="$rows" -v s="$3" 'BEGIN {
      printf "stopped at the time cap: %d rows in the journal after %s s = %.2f structures/s\n", r, s, (s > 0 ? r / s : 0) }'
  fi
}

if begin 6 screen "gpubv screen structures/s over renamed copies, with and without --coupling"; then
  work="${TMPDIR:-/tmp}/gpubv-check-screen"
  rm -rf "$work" && mkdir -p "$work/in" "$work/unique"
  mapfile -t uniq < <(shipped_files)
  if [ "$mode" = cuda ]; then
    names=2000; dev=cuda; res=0.2
    # The two screens share what is left of the budget (after 25 s for the stage fractions), at most 40 s each.
    cap_plain=$(( ($(left) - 25) / 2 )); [ "$cap_plain" -gt 40 ] && cap_plain=40
    cap_coupling=$cap_plain
  else
    names=48; dev=cpu; res=0.4; cap_plain=90; cap_coupling=90
  fi
  for f in "${uniq[@]}"; do cp "$f" "$work/unique/"; done
  i=0
  while [ "$i" -lt "$names" ]; do
    for f in "${uniq[@]}"; do
      [ "$i" -ge "$names" ] && break
      cp "$f" "$work/in/$(printf 'c%05d' "$i")_$(basename "$f")"
      i=$((i + 1))
    done
  done
  tar -C "$work/in" -cf "$work/structures.tar" .
  s0=$(now)
  run_timed "$cap_plain" "$logs/screen-plain.log" "$B/gpubv" screen "$work/structures.tar" --ion Li1+ --device "$dev" \
    --resolution "$res" --out "$work/plain.csv"
  rc_plain=$rc; secs_plain=$secs
  run_timed "$cap_coupling" "$logs/screen-coupling.log" "$B/gpubv" screen "$work/structures.tar" --ion Li1+ --device "$dev" \
    --resolution "$res" --coupling --out "$work/coupling.csv"
  rc_coupling=$rc; secs_coupling=$secs
  # Where a structure's time goes, one structure at a time, on the unique shipped structures.
  run_timed 25 "$logs/screen-stages.log" "$B/GpuBv.Bench" screen --device "$dev" --repeat 1 "$work/unique"
  rc_stages=$rc; secs_stages=$secs
  secs=$(( $(now) - s0 ))
  {
    heading
    echo "- input: a tar of $names distinct names (renamed copies of ${#uniq[@]} shipped structures), --ion Li1+,"
    echo "  --resolution $res, --device $dev; each screen is capped at its time slot (${cap_plain} s / ${cap_coupling} s) and"
    echo "  then measured from its journal (rows are committed as each structure finishes)"
    status_line "screen (no coupling)" "$rc_plain" "$secs_plain"
    echo "  - $(screen_rate "$logs/screen-plain.log" "$work/plain.csv" "$secs_plain")"
    status_line "screen --coupling" "$rc_coupling" "$secs_coupling"
    echo "  - $(screen_rate "$logs/screen-coupling.log" "$work/coupling.csv" "$secs_coupling")"
    status_line "GpuBv.Bench screen (stage fractions, unique shipped structures)" "$rc_stages" "$secs_stages"
    echo
    echo '```'
    for l in screen-plain screen-coupling; do
      echo "--- $l (last lines)"
      tr '\r' '\n' < "$logs/$l.log" | grep -v '^\s*$' | tail -6
    done
    echo "--- stages"
    cat "$logs/screen-stages.log"
    echo '```'
  } > "$part"
  st=pass
  for r in "$rc_plain" "$rc_coupling"; do
    case "$r" in
      0|124) ;;  # a screen stopped at its time cap is the plan: it is measured from its journal
      125) [ "$st" = pass ] && st="not run (budget spent)" ;;
      *) st=fail ;;
    esac
  done
  case "$rc_stages" in
    0) ;;
    124) [ "$st" = pass ] && st=timeout ;;
    125) [ "$st" = pass ] && st="not run (budget spent)" ;;
    *) st=fail ;;
  esac
  [ "$st" = pass ] && fell_back "$logs"/screen-*.log && st=fail
  finish "$st"
fi

assemble
echo "gpu-check: done in $(elapsed) s; report $report"
grep -Eq $'\t(fail|timeout|not run[^\t]*)\t' "$state" && exit 1
exit 0
}

#!/usr/bin/env bash
# Fuzzes every decoder target with AFL++ through SharpFuzz: publishes EmrAuth.Fuzz, instruments EmrAuth.Domain.dll,
# seeds each target from the committed corpus plus seeds made fresh from a real run (so a changed message format is
# seeded too), then runs afl-fuzz for the given seconds per target, two targets at a time.
# Usage: EmrAuth.Fuzz/run.sh [seconds-per-target (default 30)] [target...]   (targets: all, see `list`)
# Exits non-zero, printing each crashing input's path, hex and exception, if any target crashed or hung.
# Needs afl-fuzz (Debian package afl++); FUZZ_WORK keeps the findings in a chosen folder.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
shift || true
work=${FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/emrauth-fuzz.XXXXXX")}
bin="$work/bin"
plain="$work/plain"
mkdir -p "$work/findings"
dotnet=$(command -v dotnet)
harness=("$dotnet" "$bin/EmrAuth.Fuzz.dll")
# Instrumented code runs only under SharpFuzz's runner: listing, seeding and replaying use an uninstrumented copy.
uninstrumented=("$dotnet" "$plain/EmrAuth.Fuzz.dll")

command -v afl-fuzz >/dev/null 2>&1 || { echo "run.sh: afl-fuzz not found (apt-get install afl++)." >&2; exit 1; }
dotnet tool restore >/dev/null
dotnet publish EmrAuth.Fuzz -c Release -o "$bin" --nologo -v quiet
rm -rf "$plain" && cp -r "$bin" "$plain"
dotnet tool run sharpfuzz "$bin/EmrAuth.Domain.dll" >/dev/null
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <("${uninstrumented[@]}" list); fi
"${uninstrumented[@]}" corpus "$work/seeds" >/dev/null

# Containers: no CPU governor to read, core dumps piped elsewhere, no CPU binding; the target is dotnet, not an AFL-built binary.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1
export AFL_FORKSRV_INIT_TMOUT=60000

fuzz_one() {
  local target=$1 input="$work/input/$1"
  mkdir -p "$input"
  cp "$work/seeds/$target"/* "$input"/ 2>/dev/null || true
  cp EmrAuth.Fuzz/corpus/"$target"/* "$input"/ 2>/dev/null || true
  # afl-fuzz skips a seed that crashes; a crashing seed (a regression) must fail the pass instead.
  "${uninstrumented[@]}" replay "$target" "$input"/* >"$work/$target.seeds.log" || { echo "A seed of $target crashes:"; grep -v ': no crash$' "$work/$target.seeds.log"; return 1; }
  afl-fuzz -i "$input" -o "$work/findings/$target" -x EmrAuth.Fuzz/afl.dict -V "$seconds" -t 5000 -m none -- "${harness[@]}" "$target" \
    >"$work/$target.log" 2>&1 || { echo "afl-fuzz failed for $target:"; tail -n 30 "$work/$target.log"; return 1; }
}

status=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pids=()
  for target in "${targets[@]:i:2}"; do
    fuzz_one "$target" & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
done

stat() { sed -n "s/^$2 *: *//p" "$work/findings/$1/default/fuzzer_stats" 2>/dev/null || echo "?"; }
printf '%-16s %12s %10s %8s %6s\n' target executions execs/s crashes hangs
for target in "${targets[@]}"; do
  found="$work/findings/$target/default"
  printf '%-16s %12s %10s %8s %6s\n' "$target" "$(stat "$target" execs_done)" "$(stat "$target" execs_per_sec)" \
    "$(stat "$target" saved_crashes)" "$(stat "$target" saved_hangs)"
  for crash in "$found"/crashes/id:*; do
    [ -e "$crash" ] || continue
    status=1
    echo "CRASH in $target: $crash"
    od -An -tx1 -v "$crash" | tr -d ' \n' | fold -w 128; echo
    "${uninstrumented[@]}" replay "$target" "$crash" || true
  done
  # A hang under a loaded machine may be AFL's timeout only: it counts when the input also hangs on its own.
  for hang in "$found"/hangs/id:*; do
    [ -e "$hang" ] || continue
    if ! timeout 20 "${uninstrumented[@]}" replay "$target" "$hang" >/dev/null 2>&1; then
      status=1
      echo "HANG in $target: $hang"
      od -An -tx1 -v "$hang" | tr -d ' \n' | fold -w 128; echo
    fi
  done
done
if [ $status -eq 0 ] && [ -z "${FUZZ_WORK:-}" ]; then rm -rf "$work"; else echo "fuzz findings: $work"; fi
exit $status

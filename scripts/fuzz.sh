#!/usr/bin/env bash
# Fuzzes every reader for SECONDS per target (default 60), one target after
# another (tests/fuzz/*_fuzz.cpp, libFuzzer, built by the asan preset: clang
# with ASan + UBSan):
#   scenario       scenario text with --set overrides (inputs up to 1 MiB and more)
#   set            --set assignments on the built-in scenario
#   sweep_spec     sweep files
#   journal        sweep journals (OUT.h5.journal)
#   transactions   transaction files (events CSV, CDNOW columns, ISO dates)
#   opportunities  recency/frequency tables
#   results        omnisim's HDF5 files as `omnisim report` reads them,
#                  structure-aware: edits through the HDF5 API of files this
#                  build writes (a compare, an explain and a sweep)
# Seeds: the committed corpus (tests/fuzz/corpus/TARGET) and what is made
# afresh from the sources each run (the shipped scenarios and sweeps, each
# schema setting, the regression cases' overrides, journals of the current
# format). The dictionary is TOML's tokens (tests/fuzz/toml.dict) and the
# schema's key names. The working corpora stay in build/asan/fuzz/corpus-*,
# so later runs go on from what earlier ones found. Exits non-zero when a
# fuzzer found anything (a crash, a sanitizer report, an unexpected
# exception, a hang, a leak, memory over the limit), naming the reproducer:
# it then goes into tests/fuzz/corpus/TARGET and becomes a test.
#   scripts/fuzz.sh [SECONDS [TARGET...]]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds == 0)); then
  echo "usage: scripts/fuzz.sh [SECONDS [TARGET...]]   (default 60 s, every target)" >&2
  exit 2
fi
shift $(($# > 0 ? 1 : 0))
all_targets=(scenario set sweep_spec journal transactions opportunities results)
targets=("${@:-${all_targets[@]}}")

build=build/asan
fuzz=$build/fuzz
start=$SECONDS
cmake --preset asan >/dev/null
cmake --build --preset asan --target omnisim omnisim_schema_keys omnisim_fuzz_seeds \
  $(printf 'omnisim_%s_fuzz ' "${targets[@]}")
echo "fuzz: built in $((SECONDS - start)) s" >&2

# The dictionary: TOML tokens and the schema's names.
mkdir -p "$fuzz"
dictionary=$fuzz/fuzz.dict
{
  cat tests/fuzz/toml.dict
  "$build/tests/fuzz/omnisim_schema_keys" dict
} >"$dictionary"

# Seeds made afresh each run. Scenario target: every shipped scenario, and
# the built-in one followed by the --set overrides of each regression case
# (it reads NUL-separated overrides after the text). --set target: each
# setting with its built-in value, and each regression case's overrides.
seeds=$fuzz/seeds
rm -rf "$seeds"
mkdir -p "${all_targets[@]/#/$seeds/}"
for scenario in scenarios/*.toml tests/regression/*/scenario.toml; do
  [[ -e $scenario ]] && cp "$scenario" "$seeds/scenario/$(echo "$scenario" | tr / _)"
done
for command in tests/regression/*/command; do
  if grep -q '^--set=' "$command"; then
    case=$(basename "$(dirname "$command")")
    {
      cat scenarios/retail.toml
      grep '^--set=' "$command" | sed 's/^--set=//' | while IFS= read -r assignment; do
        printf '\0%s' "$assignment"
      done
    } >"$seeds/scenario/overrides_$case"
    grep '^--set=' "$command" | sed 's/^--set=//' | tr '\n' '\0' >"$seeds/set/$case"
  fi
done
n=0
while IFS= read -r setting; do
  printf '%s' "$setting" >"$seeds/set/setting_$((n += 1))"
done < <("$build/tests/fuzz/omnisim_schema_keys" sets)
cp scenarios/sweeps/*.toml "$seeds/sweep_spec/"
"$build/tests/fuzz/omnisim_fuzz_seeds" "$seeds/journal"
# The files the results target edits, written by this build.
bases=$fuzz/bases
tests/fuzz/make_bases.sh "$build/omnisim" "$bases"
export OMNISIM_FUZZ_BASES=$bases

status=0
total_executions=0
run_target() {
  local target=$1 max_len=$2
  local fuzzer=$build/tests/fuzz/omnisim_${target}_fuzz corpus=$fuzz/corpus-$target
  local findings
  findings=$fuzz/findings/$target-$(date +%Y%m%d-%H%M%S)
  mkdir -p "$findings" "$corpus"
  local log=$fuzz/$target.log
  echo "fuzz: $target: running for $seconds s (log: $log)" >&2
  local target_status=0 dict=
  # TOML's tokens and the schema's names help the targets that read TOML.
  [[ $target == scenario || $target == set || $target == sweep_spec ]] && dict=$dictionary
  UBSAN_OPTIONS=print_stacktrace=1 "$fuzzer" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -max_len="$max_len" ${dict:+-dict="$dict"} -artifact_prefix="$findings/" -print_final_stats=1 \
    "$corpus" "$seeds/$target" "tests/fuzz/corpus/$target" >"$log" 2>&1 || target_status=$?

  local executions
  executions=$(grep -oE '^stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$' || true)
  if [[ -z $executions ]]; then
    executions=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
  fi
  total_executions=$((total_executions + ${executions:-0}))
  echo "fuzz: $target: ${executions:-0} executions in $seconds s," \
    "corpus of $(find "$corpus" -type f | wc -l) inputs" >&2

  local artifacts
  mapfile -t artifacts < <(find "$findings" -type f | sort)
  if ((target_status != 0)) || ((${#artifacts[@]} > 0)); then
    grep -E 'ERROR|SUMMARY|^fuzz: |runtime error|Test unit written|ALARM|Timeout|out-of-memory' "$log" |
      head -40 >&2 || true
    echo "fuzz: $target: FOUND A PROBLEM (fuzzer exit status $target_status); full log: $log" >&2
    local artifact
    for artifact in "${artifacts[@]}"; do
      echo "fuzz: reproducer: $artifact" >&2
      echo "fuzz:   rerun it with: $fuzzer $artifact" >&2
    done
    status=1
  else
    rmdir "$findings" 2>/dev/null || true
  fi
}

# Scenario text up to the loader's 1 MiB limit and past it; --set values
# up to 64 KiB; the other files up to 64 KiB, the HDF5 edits 4 KiB.
max_length() {
  case $1 in
    scenario) echo 1100000 ;;
    results) echo 4096 ;;
    *) echo 65536 ;;
  esac
}
for target in "${targets[@]}"; do
  run_target "$target" "$(max_length "$target")"
done

if ((status != 0)); then
  echo "fuzz: copy each reproducer into tests/fuzz/corpus/TARGET, make it a test (a clean" \
    "InputError), then fix the cause" >&2
  exit 1
fi
echo "fuzz: nothing found ($total_executions executions)" >&2

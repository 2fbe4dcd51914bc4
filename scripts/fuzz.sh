#!/usr/bin/env bash
# Fuzzes the scenario loader for SECONDS per target (default 60): first
# tests/fuzz/scenario_fuzz.cpp (scenario text, inputs up to 1 MiB and a bit
# more, seeded with the shipped scenarios), then tests/fuzz/set_fuzz.cpp
# (--set assignments on the built-in scenario, seeded with every setting).
# Builds the fuzz preset (clang, libFuzzer, ASan + UBSan); the dictionary is
# TOML's tokens (tests/fuzz/toml.dict) and the schema's key names, printed by
# omnisim_schema_keys. The working corpora stay in build/fuzz/corpus-*, so
# later runs go on from what earlier ones found. Exits
# non-zero when the fuzzer found anything (a crash, a sanitizer report, an
# unexpected exception, a hang, a leak, memory over the limit), naming the
# reproducer: that input then becomes a test in tests/scenario/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds == 0)); then
  echo "usage: scripts/fuzz.sh [SECONDS]   (default 60)" >&2
  exit 2
fi

build=build/fuzz
start=$SECONDS
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
echo "fuzz: built in $((SECONDS - start)) s" >&2

# The dictionary: TOML tokens and the schema's names.
dictionary=$build/fuzz.dict
{
  cat tests/fuzz/toml.dict
  "$build/tests/fuzz/omnisim_schema_keys" dict
} >"$dictionary"

# Seeds, made afresh each run. Scenario target: every shipped scenario, and
# the built-in one followed by the --set overrides of each regression case
# (it reads NUL-separated overrides after the text). --set target: each
# setting with its built-in value, and each regression case's overrides.
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds/scenario" "$seeds/set"
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

status=0
total_executions=0
run_target() {
  local target=$1 max_len=$2
  local fuzzer=$build/tests/fuzz/omnisim_${target}_fuzz corpus=$build/corpus-$target
  local findings
  findings=$build/findings/$target-$(date +%Y%m%d-%H%M%S)
  mkdir -p "$findings" "$corpus"
  local log=$build/fuzz-$target.log
  echo "fuzz: $target: running for $seconds s (log: $log)" >&2
  local target_status=0
  UBSAN_OPTIONS=print_stacktrace=1 "$fuzzer" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -max_len="$max_len" -dict="$dictionary" -artifact_prefix="$findings/" -print_final_stats=1 \
    "$corpus" "$seeds/$target" >"$log" 2>&1 || target_status=$?

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
# up to 64 KiB.
run_target scenario 1100000
run_target set 65536

if ((status != 0)); then
  echo "fuzz: make each reproducer a test in tests/scenario/ (a clean InputError), then fix the cause" >&2
  exit 1
fi
echo "fuzz: nothing found ($total_executions executions)" >&2

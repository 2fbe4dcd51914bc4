#!/usr/bin/env bash
# Fuzzes the scenario loader (tests/fuzz/scenario_fuzz.cpp) for SECONDS
# (default 60): builds the fuzz preset (clang, libFuzzer, ASan + UBSan), seeds
# it with the shipped scenarios, and runs it. The working corpus stays in
# build/fuzz/corpus, so later runs go on from what earlier ones found. Exits
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
fuzzer=$build/tests/fuzz/omnisim_scenario_fuzz
start=$SECONDS
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
echo "fuzz: built in $((SECONDS - start)) s" >&2

# Seeds, made afresh each run: every shipped scenario, and the built-in one
# followed by the --set overrides of each regression case (the fuzzer reads
# NUL-separated overrides after the text).
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds" "$build/corpus"
for scenario in scenarios/*.toml tests/regression/*/scenario.toml; do
  [[ -e $scenario ]] && cp "$scenario" "$seeds/$(echo "$scenario" | tr / _)"
done
for command in tests/regression/*/command; do
  if grep -q '^--set=' "$command"; then
    {
      cat scenarios/retail.toml
      grep '^--set=' "$command" | sed 's/^--set=//' | while IFS= read -r assignment; do
        printf '\0%s' "$assignment"
      done
    } >"$seeds/overrides_$(basename "$(dirname "$command")")"
  fi
done

findings=$build/findings/$(date +%Y%m%d-%H%M%S)
mkdir -p "$findings"
log=$build/fuzz.log
echo "fuzz: running for $seconds s (log: $log)" >&2
status=0
UBSAN_OPTIONS=print_stacktrace=1 "$fuzzer" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
  -dict=tests/fuzz/toml.dict -artifact_prefix="$findings/" -print_final_stats=1 \
  "$build/corpus" "$seeds" >"$log" 2>&1 || status=$?

executions=$(grep -oE '^stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$' || true)
if [[ -z $executions ]]; then
  executions=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
fi
corpus_size=$(find "$build/corpus" -type f | wc -l)
echo "fuzz: ${executions:-0} executions in $seconds s, corpus of $corpus_size inputs" >&2

mapfile -t artifacts < <(find "$findings" -type f | sort)
if ((status != 0)) || ((${#artifacts[@]} > 0)); then
  grep -E 'ERROR|SUMMARY|scenario_fuzz:|runtime error|Test unit written|ALARM|Timeout|out-of-memory' "$log" |
    head -40 >&2 || true
  echo "fuzz: FOUND A PROBLEM (fuzzer exit status $status); full log: $log" >&2
  for artifact in "${artifacts[@]}"; do
    echo "fuzz: reproducer: $artifact" >&2
    echo "fuzz:   rerun it with: $fuzzer $artifact" >&2
  done
  echo "fuzz: make it a test in tests/scenario/ (a clean InputError), then fix the cause" >&2
  exit 1
fi
rmdir "$findings" 2>/dev/null || true
echo "fuzz: nothing found" >&2

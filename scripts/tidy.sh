#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) over every own .cpp of sim/, analysis/,
# bench/, the test helpers (tests/support) and the fuzz target, with the
# release build's compile_commands.json, one file per core at a time; with
# --all, over the test files too. Every finding is an error: exits non-zero
# on any, and lists the files that have them.
#
# CI (scripts/test.sh) runs it without --all, to stay well under 20 minutes on
# 2 cores: the 18 test files took 130 of tidy's 283 s (2026-12-02), and they
# are built with the same warnings as errors and run under ASan and UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/release
# Configuring writes compile_commands.json and the generated sources
# (version.hpp, builtin_scenario.cpp) the files include; it is cheap when the
# build is already configured.
cmake --preset release >/dev/null

# tests/fuzz/ is built only by the fuzz preset; clang-tidy infers its flags
# from its neighbours in the release database.
if [[ ${1:-} == --all ]]; then
  mapfile -t files < <(git ls-files -- 'sim/*.cpp' 'analysis/*.cpp' 'tests/*.cpp' 'bench/*.cpp')
else
  mapfile -t files < <(git ls-files -- 'sim/*.cpp' 'analysis/*.cpp' 'bench/*.cpp' \
    'tests/support/*.cpp' 'tests/fuzz/*.cpp')
fi
jobs=$(nproc)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# The test target precompiles GoogleTest's headers with gcc; clang cannot
# read gcc's precompiled header, so clang-tidy gets the commands without it
# (the header is included normally).
database="$logs/database"
mkdir -p "$database"
sed -E -e 's# -Winvalid-pch##g' -e 's# -include [^ ]*/cmake_pch\.hxx##g' \
  "$build/compile_commands.json" >"$database/compile_commands.json"

echo "tidy: clang-tidy on ${#files[@]} files, $jobs at a time" >&2
start=$SECONDS
export database logs
# One clang-tidy per file, its output kept in a log only when it found
# something, so parallel runs never interleave their reports.
printf '%s\n' "${files[@]}" | xargs -P "$jobs" -n 1 bash -c '
  log="$logs/${1//\//_}.log"
  if clang-tidy -p "$database" --quiet "$1" >"$log" 2>&1; then
    rm -f "$log"
  else
    echo "tidy: findings in $1" >&2
  fi' tidy-one

failed=("$logs"/*.log)
if [[ -e ${failed[0]} ]]; then
  # clang-tidy reports a finding in a header once per file that includes it.
  cat "${failed[@]}" | grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' |
    grep -v -E '^Suppressed [0-9]+ warnings|^Use -header-filter=|^Error while processing' || true
  echo >&2
  echo "tidy: findings (every one is an error):" >&2
  cat "${failed[@]}" | grep -oE '^[^ :]+:[0-9]+:[0-9]+: (warning|error): .*\[[^]]+\]$' |
    sed -e "s|^$PWD/||" | sort -u | sed 's/^/  /' >&2
  echo "tidy: FAILED after $((SECONDS - start)) s" >&2
  exit 1
fi
echo "tidy: ${#files[@]} files clean in $((SECONDS - start)) s" >&2

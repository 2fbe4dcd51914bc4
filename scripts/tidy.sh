#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) over every own .cpp -- sim/, analysis/,
# bench/, the fuzz targets and every test file -- with the release build's
# compile_commands.json, one translation unit per core at a time. Every
# finding is an error: exits non-zero on any, and lists the files that have
# them.
#
# The test files are checked through the unity batches the release build
# compiles them in (six per translation unit, tests/CMakeLists.txt), with
# the header filter widened to tests/*.cpp: GoogleTest's headers are parsed
# once per batch instead of once per file, so the test files cost a sixth
# of what they would one by one.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/release
# Configuring writes compile_commands.json and the generated sources
# (version.hpp, builtin_scenario.cpp) the files include; it is cheap when the
# build is already configured.
cmake --preset release >/dev/null

# The fuzz targets are in the release database as the corpus replays
# (tests/CMakeLists.txt).
mapfile -t files < <(git ls-files -- 'sim/*.cpp' 'analysis/*.cpp' 'bench/*.cpp' 'tests/fuzz/*.cpp')
# The test files: each unity batch of the database, and on its own each test
# file that is in no batch.
mapfile -t batches < <(find "$build/tests" -path '*/Unity/unity_*.cxx' | sort)
batched=$(cat "${batches[@]}" /dev/null | sed -nE "s|^#include \"$PWD/(.*)\"$|\1|p")
while IFS= read -r test_file; do
  grep -qxF "$test_file" <<<"$batched" || files+=("$test_file")
done < <(git ls-files -- 'tests/*.cpp' ':!tests/fuzz/*.cpp')
files+=("${batches[@]}")
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
# .clang-tidy's filter (own headers) and the test files a unity batch includes.
header_filter='/(sim|analysis|tests|bench)/.*\.hpp$|/tests/.*\.cpp$'
export database logs header_filter
# One clang-tidy per file, its output kept in a log only when it found
# something, so parallel runs never interleave their reports.
printf '%s\n' "${files[@]}" | xargs -P "$jobs" -n 1 bash -c '
  log="$logs/${1//\//_}.log"
  # A unity batch is nothing but #include "....cpp", by design.
  checks=
  [[ $1 == */Unity/* ]] && checks=-bugprone-suspicious-include
  if clang-tidy -p "$database" --quiet --header-filter="$header_filter" ${checks:+--checks="$checks"} "$1" >"$log" 2>&1; then
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
